package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a {@link VerifyQuery}: the decision, and the key when one was found; an allowed key as
 * it is after this use. Equal when decision and key are.
 *
 * <p>The key after the use is a copy of the key found, made when {@link #key()} is asked rather than on
 * every verification: most callers (a gateway's check, the routes that require a permission) read the
 * decision only.
 */
public final class Verification {

    private final AccessDecision decision;
    private final Optional<ApiKey> found;
    /** The instant of this use when the decision allowed it, which {@link #key()} shows; else null. */
    private final Instant usedAt;

    /** A verification answered with {@code decision} and that key, as it is. */
    public Verification(AccessDecision decision, Optional<ApiKey> key) {
        this(decision, key, null);
    }

    private Verification(AccessDecision decision, Optional<ApiKey> found, Instant usedAt) {
        this.decision = requireNonNull(decision, "decision is null");
        this.found = requireNonNull(found, "key is null");
        this.usedAt = usedAt;
    }

    /**
     * The verification of {@code found} at {@code now} with {@code decision}: when it allows, the key is
     * shown as used at {@code now}; when it denies, as found.
     */
    public static Verification of(AccessDecision decision, ApiKey found, Instant now) {
        requireNonNull(found, "found is null");
        requireNonNull(now, "now is null");
        return new Verification(decision, Optional.of(found), decision.isAllowed() ? now : null);
    }

    public AccessDecision decision() {
        return decision;
    }

    /** The key, when one was found: as it is after this use when the decision allowed it. */
    public Optional<ApiKey> key() {
        return usedAt == null ? found : Optional.of(found.orElseThrow().usedAt(usedAt));
    }

    /** The id of the key, when one was found: what recording the use needs, without copying the key. */
    public Optional<ApiKeyId> keyId() {
        return found.isPresent() ? Optional.of(found.get().id()) : Optional.empty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Verification that && decision.equals(that.decision) && key().equals(that.key());
    }

    @Override
    public int hashCode() {
        return Objects.hash(decision, key());
    }

    @Override
    public String toString() {
        return "Verification[decision=" + decision + ", key=" + key() + "]";
    }
}
