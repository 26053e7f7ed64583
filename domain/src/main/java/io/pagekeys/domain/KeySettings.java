package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * What a person chooses for a key, and what rotation copies to the replacement: name, scope, page rule,
 * allowed client blocks and expiry.
 */
public record KeySettings(KeyName name, KeyScope scope, PageRule pageRule, List<Cidr> allowedIps, Optional<Instant> expiresAt) {

    /**
     * The first instant an expiry cannot be: the start of the year 10000. Stores keep a bounded range of
     * instants (PostgreSQL's ends in the year 294276) and ISO-8601 writes four-digit years, so an expiry
     * is refused as a value here rather than failing in the store.
     */
    public static final Instant EXPIRY_LIMIT = LocalDate.of(10_000, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

    /**
     * @throws InvalidValueException (field {@code expires_at}) when the expiry is not before
     *     {@link #EXPIRY_LIMIT}
     */
    public KeySettings {
        requireNonNull(name, "name is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(pageRule, "page rule is null");
        allowedIps = List.copyOf(requireNonNull(allowedIps, "allowed ips is null"));
        requireNonNull(expiresAt, "expires at is null");
        if (expiresAt.filter(expiry -> !expiry.isBefore(EXPIRY_LIMIT)).isPresent()) {
            throw new InvalidValueException("expires_at", "must be before the year 10000");
        }
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
     * later than its own, and, when the ceiling admits only some client blocks, blocks of their own that
     * each lie in one of those (a key from anywhere is not within a fenced one). The name does not count.
     * This is the no-escalation test for a key that makes or rotates another.
     */
    public boolean within(KeySettings ceiling) {
        boolean expiryWithin = ceiling.expiresAt.isEmpty()
                || expiresAt.map(own -> !own.isAfter(ceiling.expiresAt.get())).orElse(false);
        return ceiling.scope.covers(scope) && ceiling.pageRule.covers(pageRule) && expiryWithin
                && addressesWithin(ceiling.allowedIps);
    }

    private boolean addressesWithin(List<Cidr> ceilingBlocks) {
        if (ceilingBlocks.isEmpty()) {
            return true;
        }
        return !allowedIps.isEmpty()
                && allowedIps.stream().allMatch(own -> ceilingBlocks.stream().anyMatch(own::within));
    }
}
