package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One entry of the audit trail of keys: a key issued, rotated (with its replacement) or revoked, by whom
 * and when. Holds no secret.
 */
public record KeyEvent(ApiKeyId key, OrganizationId organization, Type type, Actor actor, Instant at, Optional<ApiKeyId> relatedKey) {

    public enum Type {
        ISSUED,
        ROTATED,
        REVOKED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public KeyEvent {
        requireNonNull(key, "key is null");
        requireNonNull(organization, "organization is null");
        requireNonNull(type, "type is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(at, "at is null");
        requireNonNull(relatedKey, "related key is null");
    }

    public static KeyEvent issued(ApiKey key, Actor actor, Instant at) {
        return new KeyEvent(key.id(), key.organization(), Type.ISSUED, actor, at, Optional.empty());
    }

    public static KeyEvent rotated(ApiKey old, ApiKeyId replacement, Actor actor, Instant at) {
        return new KeyEvent(old.id(), old.organization(), Type.ROTATED, actor, at, Optional.of(replacement));
    }

    public static KeyEvent revoked(ApiKey key, Actor actor, Instant at) {
        return new KeyEvent(key.id(), key.organization(), Type.REVOKED, actor, at, Optional.empty());
    }
}
