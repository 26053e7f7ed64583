package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.DenialReason;

/** The outcome of presenting a credential: a usable key, or the first of access checks 1-4 that failed. */
public sealed interface Authentication {

    /** A usable key presented from an admitted address. */
    record Authenticated(Principal.ViaKey principal) implements Authentication {

        public Authenticated {
            requireNonNull(principal, "principal is null");
        }
    }

    /** No usable key: {@code reason} is one of malformed, unknown_key, revoked, expired, rotated, ip_not_allowed. */
    record Refused(DenialReason reason) implements Authentication {

        public Refused {
            requireNonNull(reason, "reason is null");
        }
    }
}
