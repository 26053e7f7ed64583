package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.ApiKey;
import java.util.Optional;

/** The answer to a {@link VerifyQuery}: the decision, and the key when one was found. */
public record Verification(AccessDecision decision, Optional<ApiKey> key) {

    public Verification {
        requireNonNull(decision, "decision is null");
        requireNonNull(key, "key is null");
    }
}
