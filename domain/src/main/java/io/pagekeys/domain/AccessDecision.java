package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

/** What the access rule answers: allowed, or denied with the first failing reason. */
public sealed interface AccessDecision {

    boolean isAllowed();

    static AccessDecision allowed() {
        return Allowed.INSTANCE;
    }

    static AccessDecision denied(DenialReason reason) {
        return new Denied(reason);
    }

    /** The request may go ahead. */
    enum Allowed implements AccessDecision {
        INSTANCE;

        @Override
        public boolean isAllowed() {
            return true;
        }
    }

    /** The request is refused, for {@code reason}. */
    record Denied(DenialReason reason) implements AccessDecision {

        public Denied {
            requireNonNull(reason, "reason is null");
        }

        @Override
        public boolean isAllowed() {
            return false;
        }
    }
}
