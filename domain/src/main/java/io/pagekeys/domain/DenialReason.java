package io.pagekeys.domain;

import java.util.Locale;

/** Why the access rule said no, in the order its checks run. */
public enum DenialReason {
    MALFORMED(Kind.AUTHENTICATION),
    UNKNOWN_KEY(Kind.AUTHENTICATION),
    REVOKED(Kind.AUTHENTICATION),
    EXPIRED(Kind.AUTHENTICATION),
    ROTATED(Kind.AUTHENTICATION),
    IP_NOT_ALLOWED(Kind.AUTHORIZATION),
    OUTSIDE_ORGANIZATION(Kind.AUTHORIZATION),
    SCOPE_EXCLUDES(Kind.AUTHORIZATION),
    PAGE_NOT_IN_KEY(Kind.AUTHORIZATION),
    NO_MEMBERSHIP(Kind.AUTHORIZATION),
    ROLE_EXCLUDES(Kind.AUTHORIZATION);

    /**
     * Whether the key itself failed (no usable key was presented: rules 1-3) or a usable key may not do
     * this (rules 4-8).
     */
    public enum Kind {
        AUTHENTICATION,
        AUTHORIZATION
    }

    private final Kind kind;

    DenialReason(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The stable lower-case wire name, such as {@code scope_excludes}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
