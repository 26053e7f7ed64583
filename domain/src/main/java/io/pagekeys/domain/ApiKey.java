package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An API key of either kind, without its secret (only the fingerprint and hint are kept). Immutable:
 * every change returns a new instance. Time is always passed in.
 */
public final class ApiKey {

    private final ApiKeyId id;
    private final KeyKind kind;
    private final OrganizationId organization;
    private final Optional<UserId> user;
    private final KeySettings settings;
    private final TokenFingerprint fingerprint;
    private final String hint;
    private final Instant createdAt;
    private final Actor createdBy;
    private final Optional<Instant> lastUsedAt;
    private final Optional<Revocation> revocation;
    private final Optional<Rotation> rotation;

    private ApiKey(
            ApiKeyId id,
            KeyKind kind,
            OrganizationId organization,
            Optional<UserId> user,
            KeySettings settings,
            TokenFingerprint fingerprint,
            String hint,
            Instant createdAt,
            Actor createdBy,
            Optional<Instant> lastUsedAt,
            Optional<Revocation> revocation,
            Optional<Rotation> rotation) {
        this.id = requireNonNull(id, "id is null");
        this.kind = requireNonNull(kind, "kind is null");
        this.organization = requireNonNull(organization, "organization is null");
        this.user = requireNonNull(user, "user is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.fingerprint = requireNonNull(fingerprint, "fingerprint is null");
        this.hint = requireNonNull(hint, "hint is null");
        this.createdAt = requireNonNull(createdAt, "created at is null");
        this.createdBy = requireNonNull(createdBy, "created by is null");
        this.lastUsedAt = requireNonNull(lastUsedAt, "last used at is null");
        this.revocation = requireNonNull(revocation, "revocation is null");
        this.rotation = requireNonNull(rotation, "rotation is null");
        if ((kind == KeyKind.USER) != user.isPresent()) {
            throw new IllegalArgumentException("a user key has a user, an organization key has none");
        }
    }

    /**
     * A new user key acting for {@code user} in {@code organization}.
     *
     * @throws InvalidValueException when the expiry is not after {@code now}
     */
    public static ApiKey issueUserKey(
            ApiKeyId id, OrganizationId organization, UserId user, KeySettings settings, Token token, Actor createdBy, Instant now) {
        return issue(id, KeyKind.USER, organization, Optional.of(requireNonNull(user, "user is null")), settings, token, createdBy, now);
    }

    /**
     * A new organization key of {@code organization}.
     *
     * @throws InvalidValueException when the expiry is not after {@code now}
     */
    public static ApiKey issueOrganizationKey(
            ApiKeyId id, OrganizationId organization, KeySettings settings, Token token, Actor createdBy, Instant now) {
        return issue(id, KeyKind.ORGANIZATION, organization, Optional.empty(), settings, token, createdBy, now);
    }

    private static ApiKey issue(
            ApiKeyId id,
            KeyKind kind,
            OrganizationId organization,
            Optional<UserId> user,
            KeySettings settings,
            Token token,
            Actor createdBy,
            Instant now) {
        requireNonNull(token, "token is null");
        requireNonNull(now, "now is null");
        if (token.kind() != kind) {
            throw new IllegalArgumentException("a " + kind.code() + " key needs a " + kind.prefix() + "_ token");
        }
        if (settings.expiresAt().filter(expiry -> !expiry.isAfter(now)).isPresent()) {
            throw new InvalidValueException("expires_at", "must be in the future");
        }
        return new ApiKey(id, kind, organization, user, settings, token.fingerprint(), token.hint(), now, createdBy,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A key as it was stored, for adapters that reload keys. */
    public static ApiKey restore(
            ApiKeyId id,
            KeyKind kind,
            OrganizationId organization,
            Optional<UserId> user,
            KeySettings settings,
            TokenFingerprint fingerprint,
            String hint,
            Instant createdAt,
            Actor createdBy,
            Optional<Instant> lastUsedAt,
            Optional<Revocation> revocation,
            Optional<Rotation> rotation) {
        return new ApiKey(id, kind, organization, user, settings, fingerprint, hint, createdAt, createdBy, lastUsedAt,
                revocation, rotation);
    }

    /** The state of this key at {@code now}. A revoked key stays revoked, even if it had expired before. */
    public KeyState state(Instant now) {
        requireNonNull(now, "now is null");
        if (revocation.isPresent()) {
            return KeyState.REVOKED;
        }
        Optional<Instant> expiry = settings.expiresAt();
        if (expiry.isPresent() && !now.isBefore(expiry.get())) {
            return KeyState.EXPIRED;
        }
        if (rotation.isPresent()) {
            return KeyState.ROTATED;
        }
        return KeyState.ACTIVE;
    }

    /**
     * Why this key cannot be used at {@code now} (rule 3 of the access rule), or empty when it can. An
     * expiry or grace deadline is the first instant at which the key no longer works.
     */
    public Optional<DenialReason> unusableBecause(Instant now) {
        return switch (state(now)) {
            case ACTIVE -> Optional.empty();
            case REVOKED -> Optional.of(DenialReason.REVOKED);
            case EXPIRED -> Optional.of(DenialReason.EXPIRED);
            case ROTATED -> now.isBefore(rotation.orElseThrow().graceUntil())
                    ? Optional.empty()
                    : Optional.of(DenialReason.ROTATED);
        };
    }

    /**
     * Revokes the key at {@code now}. Idempotent: a key already revoked is returned as it is. Revoking a
     * rotated key during its grace ends the grace at once.
     */
    public ApiKey revoke(Actor by, Instant now) {
        requireNonNull(by, "by is null");
        requireNonNull(now, "now is null");
        if (revocation.isPresent()) {
            return this;
        }
        return new ApiKey(id, kind, organization, user, settings, fingerprint, hint, createdAt, createdBy, lastUsedAt,
                Optional.of(new Revocation(now, by)), rotation);
    }

    /**
     * Rotates the key: a replacement with a new id and secret, copying the settings, and this key marked
     * rotated, working until {@code now + grace}.
     *
     * @throws KeyNotActiveException when this key is not active at {@code now}
     */
    public Rotated rotate(ApiKeyId newId, Token newToken, GracePeriod grace, Actor by, Instant now) {
        requireNonNull(newId, "new id is null");
        requireNonNull(grace, "grace is null");
        requireNonNull(by, "by is null");
        KeyState state = state(now);
        if (state != KeyState.ACTIVE) {
            throw new KeyNotActiveException(id, state);
        }
        ApiKey replacement = issue(newId, kind, organization, user, settings, newToken, by, now);
        ApiKey old = new ApiKey(id, kind, organization, user, settings, fingerprint, hint, createdAt, createdBy,
                lastUsedAt, revocation, Optional.of(new Rotation(now, by, newId, now.plus(grace.duration()))));
        return new Rotated(old, replacement);
    }

    /** The outcome of a rotation: the old key, now rotated, and its replacement. */
    public record Rotated(ApiKey old, ApiKey replacement) {

        public Rotated {
            requireNonNull(old, "old is null");
            requireNonNull(replacement, "replacement is null");
        }
    }

    /**
     * The settings that bound what this key may create or rotate (no escalation): its own, except that a
     * rotated key, which works only until its grace deadline, gives nothing that outlives that deadline.
     * Its expiry is the earlier of its own expiry and the grace deadline.
     */
    public KeySettings ceiling() {
        Optional<Instant> graceUntil = rotation.map(Rotation::graceUntil);
        if (graceUntil.isEmpty() || settings.expiresAt().filter(expiry -> !expiry.isAfter(graceUntil.get())).isPresent()) {
            return settings;
        }
        return settings.withExpiry(graceUntil.get());
    }

    /** This key after a successful use at {@code now}. */
    public ApiKey usedAt(Instant now) {
        requireNonNull(now, "now is null");
        if (lastUsedAt.isPresent() && !lastUsedAt.get().isBefore(now)) {
            return this;
        }
        return new ApiKey(id, kind, organization, user, settings, fingerprint, hint, createdAt, createdBy,
                Optional.of(now), revocation, rotation);
    }

    /** This key once {@code page} is deleted: the page leaves its selection. */
    public ApiKey withoutPage(Subdomain page) {
        PageRule remaining = settings.pageRule().without(page);
        if (remaining.equals(settings.pageRule())) {
            return this;
        }
        return new ApiKey(id, kind, organization, user, settings.withPageRule(remaining), fingerprint, hint, createdAt,
                createdBy, lastUsedAt, revocation, rotation);
    }

    public ApiKeyId id() {
        return id;
    }

    public KeyKind kind() {
        return kind;
    }

    public OrganizationId organization() {
        return organization;
    }

    /** The user a user key acts for; empty for an organization key. */
    public Optional<UserId> user() {
        return user;
    }

    public KeySettings settings() {
        return settings;
    }

    public KeyName name() {
        return settings.name();
    }

    public KeyScope scope() {
        return settings.scope();
    }

    public PageRule pageRule() {
        return settings.pageRule();
    }

    public List<Cidr> allowedIps() {
        return settings.allowedIps();
    }

    public Optional<Instant> expiresAt() {
        return settings.expiresAt();
    }

    public TokenFingerprint fingerprint() {
        return fingerprint;
    }

    public String hint() {
        return hint;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Actor createdBy() {
        return createdBy;
    }

    public Optional<Instant> lastUsedAt() {
        return lastUsedAt;
    }

    public Optional<Revocation> revocation() {
        return revocation;
    }

    public Optional<Rotation> rotation() {
        return rotation;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey that
                && id.equals(that.id)
                && kind == that.kind
                && organization.equals(that.organization)
                && user.equals(that.user)
                && settings.equals(that.settings)
                && fingerprint.equals(that.fingerprint)
                && hint.equals(that.hint)
                && createdAt.equals(that.createdAt)
                && createdBy.equals(that.createdBy)
                && lastUsedAt.equals(that.lastUsedAt)
                && revocation.equals(that.revocation)
                && rotation.equals(that.rotation);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "ApiKey[" + id + ", " + kind.code() + ", organization " + organization + user.map(u -> ", user " + u).orElse("")
                + ", " + hint + "]";
    }
}
