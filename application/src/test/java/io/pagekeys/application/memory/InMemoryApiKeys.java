package io.pagekeys.application.memory;

import static io.pagekeys.application.memory.InMemoryStore.stored;
import static java.util.Objects.requireNonNull;

import io.pagekeys.application.ConflictException;
import io.pagekeys.application.NotFoundException;
import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.PageRule;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.TokenFingerprint;
import io.pagekeys.domain.UserId;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@link ApiKeys} in an {@link InMemoryStore}. Like the database, {@link #update(ApiKey)} writes only what
 * can change after issue (settings, last use, revocation, rotation); the rest stays as added.
 */
public final class InMemoryApiKeys implements ApiKeys {

    /** Oldest first; keys created at the same instant by id, in code-point order. */
    private static final Comparator<ApiKey> OLDEST_FIRST =
            Comparator.comparing(ApiKey::createdAt).thenComparing(key -> key.id().value());

    private final InMemoryStore store;

    InMemoryApiKeys(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public void add(ApiKey key) {
        requireNonNull(key, "key is null");
        checkColumns(key);
        store.write(tables -> {
            if (tables.keys.containsKey(key.id()) || tables.keysByFingerprint.containsKey(key.fingerprint())) {
                throw new ConflictException(ConflictException.DUPLICATE, "a key with that id or fingerprint exists");
            }
            tables.requireOrganization(key.organization(), "key " + key.id());
            key.user().ifPresent(user -> tables.requireUser(user, "key " + key.id()));
            requireSelectedPages(tables, key);
            tables.keys.put(key.id(), key);
            tables.keysByFingerprint.put(key.fingerprint(), key.id());
            return null;
        });
    }

    @Override
    public void update(ApiKey key) {
        requireNonNull(key, "key is null");
        checkColumns(key);
        store.write(tables -> {
            ApiKey current = tables.keys.get(key.id());
            if (current == null) {
                throw new NotFoundException("no key " + key.id());
            }
            ApiKey updated = ApiKey.restore(current.id(), current.kind(), current.organization(), current.user(),
                    key.settings(), current.fingerprint(), current.hint(), current.createdAt(), current.createdBy(),
                    key.lastUsedAt(), key.revocation(), key.rotation());
            checkColumns(updated);
            requireSelectedPages(tables, updated);
            tables.keys.put(updated.id(), updated);
            return null;
        });
    }

    @Override
    public Optional<ApiKey> findById(ApiKeyId id) {
        requireNonNull(id, "id is null");
        return store.read(tables -> Optional.ofNullable(tables.keys.get(id)));
    }

    @Override
    public Optional<ApiKey> lockById(ApiKeyId id) {
        // Units of work run one at a time, so the key is locked by the unit that reads it.
        return findById(id);
    }

    @Override
    public Optional<ApiKey> findByFingerprint(TokenFingerprint fingerprint) {
        requireNonNull(fingerprint, "fingerprint is null");
        return store.read(tables -> Optional.ofNullable(tables.keysByFingerprint.get(fingerprint)).map(tables.keys::get));
    }

    @Override
    public List<ApiKey> organizationKeys(OrganizationId organization) {
        requireNonNull(organization, "organization is null");
        return select(key -> key.kind() == KeyKind.ORGANIZATION && key.organization().equals(organization));
    }

    @Override
    public List<ApiKey> userKeys(OrganizationId organization) {
        requireNonNull(organization, "organization is null");
        return select(key -> key.kind() == KeyKind.USER && key.organization().equals(organization));
    }

    @Override
    public List<ApiKey> userKeys(OrganizationId organization, UserId user) {
        requireNonNull(organization, "organization is null");
        requireNonNull(user, "user is null");
        return select(key -> key.kind() == KeyKind.USER
                && key.organization().equals(organization)
                && key.user().orElseThrow().equals(user));
    }

    @Override
    public void recordUse(ApiKeyId id, Instant at) {
        requireNonNull(id, "id is null");
        stored("use", at);
        store.write(tables -> tables.keys.computeIfPresent(id, (unused, key) ->
                key.lastUsedAt().filter(recorded -> !recorded.isBefore(at)).isPresent()
                        ? key
                        : ApiKey.restore(key.id(), key.kind(), key.organization(), key.user(), key.settings(),
                                key.fingerprint(), key.hint(), key.createdAt(), key.createdBy(), Optional.of(at),
                                key.revocation(), key.rotation())));
    }

    @Override
    public void forgetPage(Subdomain page) {
        requireNonNull(page, "page is null");
        store.write(tables -> {
            forget(tables.keys, page);
            return null;
        });
    }

    /** Takes {@code page} out of every selection, as deleting it does through the schema's cascade. */
    static void forget(Map<ApiKeyId, ApiKey> keys, Subdomain page) {
        keys.replaceAll((id, key) -> key.withoutPage(page));
    }

    private List<ApiKey> select(Predicate<ApiKey> filter) {
        return store.read(tables -> tables.keys.values().stream().filter(filter).sorted(OLDEST_FIRST).toList());
    }

    private static void requireSelectedPages(InMemoryStore.Tables tables, ApiKey key) {
        if (key.pageRule() instanceof PageRule.SelectedPages selected) {
            selected.pages().forEach(page -> tables.requirePageOf(key.organization(), page, "key " + key.id()));
        }
    }

    /** The check constraints of the api_keys table that the model does not already guarantee. */
    private static void checkColumns(ApiKey key) {
        stored("created at", key.createdAt());
        stored("expires at", key.expiresAt());
        stored("last used at", key.lastUsedAt());
        key.revocation().ifPresent(revocation -> stored("revoked at", revocation.revokedAt()));
        key.rotation().ifPresent(rotation -> {
            stored("rotated at", rotation.rotatedAt());
            stored("grace until", rotation.graceUntil());
            if (rotation.replacedBy().equals(key.id())) {
                throw new IllegalArgumentException("key " + key.id() + " cannot replace itself");
            }
            if (rotation.graceUntil().isAfter(rotation.rotatedAt().plus(GracePeriod.MAXIMUM))) {
                throw new IllegalArgumentException("the grace of key " + key.id() + " is longer than " + GracePeriod.MAXIMUM);
            }
        });
        if (key.expiresAt().filter(expiry -> !expiry.isAfter(key.createdAt())).isPresent()) {
            throw new IllegalArgumentException("key " + key.id() + " expires before it is created");
        }
    }
}
