package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Subdomain;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a person asks for when creating a key. {@code pages} empty means all pages of the organization
 * (also those created later); present, it must name at least one page of that organization.
 */
public record KeyRequest(
        KeyName name, KeyScope scope, Optional<Set<Subdomain>> pages, List<Cidr> allowedIps, Optional<Instant> expiresAt) {

    public KeyRequest {
        requireNonNull(name, "name is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(pages, "pages is null");
        pages = pages.map(Set::copyOf);
        allowedIps = List.copyOf(requireNonNull(allowedIps, "allowed ips is null"));
        requireNonNull(expiresAt, "expires at is null");
    }

    /** A key of that name and scope, on all pages, from anywhere, without expiry. */
    public static KeyRequest of(KeyName name, KeyScope scope) {
        return new KeyRequest(name, scope, Optional.empty(), List.of(), Optional.empty());
    }

    public KeyRequest onPages(Set<Subdomain> selected) {
        return new KeyRequest(name, scope, Optional.of(selected), allowedIps, expiresAt);
    }

    public KeyRequest fromAddresses(List<Cidr> blocks) {
        return new KeyRequest(name, scope, pages, blocks, expiresAt);
    }

    public KeyRequest expiringAt(Instant expiry) {
        return new KeyRequest(name, scope, pages, allowedIps, Optional.of(expiry));
    }
}
