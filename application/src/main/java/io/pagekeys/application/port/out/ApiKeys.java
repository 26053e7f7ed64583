package io.pagekeys.application.port.out;

import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.TokenFingerprint;
import io.pagekeys.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The stored keys, of both kinds. Holds fingerprints and hints only, never a token. Every method may
 * throw {@link io.pagekeys.application.StoreUnavailableException} when the store cannot answer, and never
 * returns null.
 */
public interface ApiKeys {

    /**
     * Stores a new key.
     *
     * @throws io.pagekeys.application.ConflictException {@code duplicate} when its id or fingerprint is taken
     */
    void add(ApiKey key);

    /**
     * Replaces the stored state of an existing key (settings, last use, revocation, rotation).
     *
     * @throws io.pagekeys.application.NotFoundException when no key has that id
     */
    void update(ApiKey key);

    /** The key of that id, or empty. */
    Optional<ApiKey> findById(ApiKeyId id);

    /**
     * The key of that id, locked against concurrent changes until the current unit of work ends (across
     * instances, not only in this JVM), or empty.
     */
    Optional<ApiKey> lockById(ApiKeyId id);

    /** The key whose token has that fingerprint, or empty. */
    Optional<ApiKey> findByFingerprint(TokenFingerprint fingerprint);

    /**
     * The key whose token has that fingerprint, or empty, as a decision on it needs it: the same key as
     * {@link #findByFingerprint}, except that its last use may be older than uses recorded and not yet
     * written, which no decision reads. A store that keeps uses aside until it writes them may then skip
     * putting them into a copy of the key on the path of every verification.
     */
    default Optional<ApiKey> findToDecide(TokenFingerprint fingerprint) {
        return findByFingerprint(fingerprint);
    }

    /** The organization keys of {@code organization}, in every state, oldest first. */
    List<ApiKey> organizationKeys(OrganizationId organization);

    /** The user keys of every member of {@code organization}, in every state, oldest first. */
    List<ApiKey> userKeys(OrganizationId organization);

    /** The user keys of {@code user} in {@code organization}, in every state, oldest first. */
    List<ApiKey> userKeys(OrganizationId organization, UserId user);

    /**
     * Records a successful use of the key at {@code at}; a later use already recorded is kept. Does
     * nothing when the key does not exist.
     */
    void recordUse(ApiKeyId id, Instant at);

    /** Takes {@code page}, which is being deleted, out of every key's selection. */
    void forgetPage(Subdomain page);
}
