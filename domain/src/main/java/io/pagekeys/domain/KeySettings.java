package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a person chooses for a key, and what rotation copies to the replacement: name, scope, page rule,
 * allowed client blocks and expiry.
 */
public record KeySettings(KeyName name, KeyScope scope, PageRule pageRule, List<Cidr> allowedIps, Optional<Instant> expiresAt) {

    public KeySettings {
        requireNonNull(name, "name is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(pageRule, "page rule is null");
        allowedIps = List.copyOf(requireNonNull(allowedIps, "allowed ips is null"));
        requireNonNull(expiresAt, "expires at is null");
    }

    /** A key of that name and scope on all pages, from anywhere, without expiry. */
    public static KeySettings of(KeyName name, KeyScope scope) {
        return new KeySettings(name, scope, PageRule.allPages(), List.of(), Optional.empty());
    }

    public KeySettings withPageRule(PageRule newPageRule) {
        return new KeySettings(name, scope, newPageRule, allowedIps, expiresAt);
    }

    public KeySettings withAllowedIps(List<Cidr> newAllowedIps) {
        return new KeySettings(name, scope, pageRule, newAllowedIps, expiresAt);
    }

    public KeySettings withExpiry(Instant newExpiresAt) {
        return new KeySettings(name, scope, pageRule, allowedIps, Optional.of(newExpiresAt));
    }

    /**
     * Whether these settings stay inside {@code ceiling}: scope and pages contained in its own, expiry no
     * later than its own. This is the no-escalation test for a key that makes or rotates another.
     */
    public boolean within(KeySettings ceiling) {
        boolean expiryWithin = ceiling.expiresAt.isEmpty()
                || expiresAt.map(own -> !own.isAfter(ceiling.expiresAt.get())).orElse(false);
        return ceiling.scope.covers(scope) && ceiling.pageRule.covers(pageRule) && expiryWithin;
    }
}
