package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.User;
import java.util.Optional;

/** The outcome of presenting a credential: a usable key, or the first of access checks 1-4 that failed. */
public sealed interface Authentication {

    /**
     * A usable key presented from an admitted address; {@code user} is a user key's user.
     */
    record Authenticated(Principal.ViaKey principal, Optional<User> user) implements Authentication {

        public Authenticated {
            requireNonNull(principal, "principal is null");
            requireNonNull(user, "user is null");
        }
    }

    /** No usable key: {@code reason} is one of malformed, unknown_key, revoked, expired, rotated, ip_not_allowed. */
    record Refused(DenialReason reason) implements Authentication {

        public Refused {
            requireNonNull(reason, "reason is null");
        }
    }
}
