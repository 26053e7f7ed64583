package io.pagekeys.domain;

import static io.pagekeys.domain.Fixtures.ACME;
import static io.pagekeys.domain.Fixtures.ALICE;
import static io.pagekeys.domain.Fixtures.API_STATUS;
import static io.pagekeys.domain.Fixtures.BOB;
import static io.pagekeys.domain.Fixtures.ISSUED_AT;
import static io.pagekeys.domain.Fixtures.NOW;
import static io.pagekeys.domain.Fixtures.STATUS;
import static io.pagekeys.domain.Fixtures.cidrs;
import static io.pagekeys.domain.Fixtures.fullOrganizationKey;
import static io.pagekeys.domain.Fixtures.fullUserKey;
import static io.pagekeys.domain.Fixtures.keyId;
import static io.pagekeys.domain.Fixtures.only;
import static io.pagekeys.domain.Fixtures.organizationToken;
import static io.pagekeys.domain.Fixtures.rotated;
import static io.pagekeys.domain.Fixtures.settings;
import static io.pagekeys.domain.Fixtures.userKey;
import static io.pagekeys.domain.Fixtures.userToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

    private static final Instant EXPIRY = NOW.plus(Duration.ofDays(30));

    private static KeySettings everything() {
        return settings(KeyScope.of(Permission.PAGES_READ, Permission.INCIDENTS_WRITE), only(STATUS, API_STATUS))
                .withAllowedIps(cidrs("10.0.0.0/8", "2001:db8::/32"))
                .withExpiry(EXPIRY);
    }

    @Nested
    class Issuing {

        @Test
        void userKeyActsForItsUserAndOrganizationKeyForNobody() {
            ApiKey user = fullUserKey();
            ApiKey organization = fullOrganizationKey();

            assertThat(user.kind()).isEqualTo(KeyKind.USER);
            assertThat(user.user()).contains(ALICE);
            assertThat(organization.kind()).isEqualTo(KeyKind.ORGANIZATION);
            assertThat(organization.user()).isEmpty();
            assertThat(user.organization()).isEqualTo(ACME);
        }

        @Test
        void newKeyIsActiveUnusedAndKeepsOnlyTheFingerprintAndHint() {
            Token token = organizationToken(2);
            ApiKey key = fullOrganizationKey();

            assertThat(key.state(NOW)).isEqualTo(KeyState.ACTIVE);
            assertThat(key.unusableBecause(NOW)).isEmpty();
            assertThat(key.lastUsedAt()).isEmpty();
            assertThat(key.revocation()).isEmpty();
            assertThat(key.rotation()).isEmpty();
            assertThat(key.createdAt()).isEqualTo(ISSUED_AT);
            assertThat(key.fingerprint()).isEqualTo(token.fingerprint());
            assertThat(key.hint()).isEqualTo(token.hint());
            assertThat(key.toString()).doesNotContain(token.reveal()).doesNotContain(token.reveal().substring(7, 45));
        }

        @Test
        void tokenMustBeOfTheKeysKind() {
            assertThatThrownBy(() -> ApiKey.issueUserKey(
                            keyId(1), ACME, ALICE, Fixtures.fullOnAllPages(), organizationToken(1), Actor.user(ALICE), NOW))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ApiKey.issueOrganizationKey(
                            keyId(1), ACME, Fixtures.fullOnAllPages(), userToken(1), Actor.user(ALICE), NOW))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void expiryMustBeInTheFuture() {
            assertThatThrownBy(() -> issueExpiringAt(NOW))
                    .isInstanceOf(InvalidValueException.class)
                    .extracting(e -> ((InvalidValueException) e).field())
                    .isEqualTo("expires_at");
            assertThatThrownBy(() -> issueExpiringAt(NOW.minusSeconds(1))).isInstanceOf(InvalidValueException.class);
            assertThat(issueExpiringAt(NOW.plusNanos(1)).expiresAt()).contains(NOW.plusNanos(1));
        }

        private ApiKey issueExpiringAt(Instant expiry) {
            return ApiKey.issueOrganizationKey(
                    keyId(1), ACME, Fixtures.fullOnAllPages().withExpiry(expiry), organizationToken(1), Actor.operator(), NOW);
        }

        @Test
        void restoringRefusesAUserKeyWithoutUserAndAnOrganizationKeyWithOne() {
            ApiKey key = fullUserKey();

            assertThatThrownBy(() -> restore(key, KeyKind.USER, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> restore(key, KeyKind.ORGANIZATION, Optional.of(ALICE)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(restore(key, KeyKind.USER, Optional.of(ALICE))).isEqualTo(key);
        }

        private ApiKey restore(ApiKey key, KeyKind kind, Optional<UserId> user) {
            return ApiKey.restore(key.id(), kind, key.organization(), user, key.settings(), key.fingerprint(), key.hint(),
                    key.createdAt(), key.createdBy(), key.lastUsedAt(), key.revocation(), key.rotation());
        }
    }

    @Nested
    class Expiry {

        @Test
        void keyIsActiveUntilTheNanosecondBeforeItsExpiry() {
            ApiKey key = userKey(everything());

            assertThat(key.state(EXPIRY.minusNanos(1))).isEqualTo(KeyState.ACTIVE);
            assertThat(key.unusableBecause(EXPIRY.minusNanos(1))).isEmpty();
            assertThat(key.state(EXPIRY)).isEqualTo(KeyState.EXPIRED);
            assertThat(key.unusableBecause(EXPIRY)).contains(DenialReason.EXPIRED);
        }

        @Test
        void keyWithoutExpiryNeverExpires() {
            assertThat(fullUserKey().state(Instant.MAX)).isEqualTo(KeyState.ACTIVE);
        }
    }

    @Nested
    class Revocation {

        @Test
        void revokedKeyIsRevokedAtOnce() {
            ApiKey revoked = fullUserKey().revoke(Actor.user(BOB), NOW);

            assertThat(revoked.state(NOW)).isEqualTo(KeyState.REVOKED);
            assertThat(revoked.unusableBecause(NOW)).contains(DenialReason.REVOKED);
            assertThat(revoked.revocation()).contains(new io.pagekeys.domain.Revocation(NOW, Actor.user(BOB)));
        }

        @Test
        void revokingIsIdempotentAndKeepsTheFirstRevocation() {
            ApiKey once = fullUserKey().revoke(Actor.user(BOB), NOW);
            ApiKey twice = once.revoke(Actor.operator(), NOW.plusSeconds(60));

            assertThat(twice).isEqualTo(once);
            assertThat(twice.revocation().orElseThrow().revokedAt()).isEqualTo(NOW);
            assertThat(twice.revocation().orElseThrow().revokedBy()).isEqualTo(Actor.user(BOB));
        }

        @Test
        void revokedKeyStaysRevokedEvenPastItsExpiry() {
            ApiKey revoked = userKey(everything()).revoke(Actor.user(ALICE), NOW);

            assertThat(revoked.state(EXPIRY.plusSeconds(1))).isEqualTo(KeyState.REVOKED);
            assertThat(revoked.unusableBecause(EXPIRY.plusSeconds(1))).contains(DenialReason.REVOKED);
        }

        @Test
        void revokingLeavesTheOriginalUnchanged() {
            ApiKey key = fullUserKey();
            key.revoke(Actor.user(ALICE), NOW);

            assertThat(key.state(NOW)).isEqualTo(KeyState.ACTIVE);
        }
    }

    @Nested
    class Ceiling {

        @Test
        void anActiveKeyIsBoundedByItsOwnSettings() {
            ApiKey key = userKey(everything());

            assertThat(key.ceiling()).isEqualTo(key.settings());
        }

        @Test
        void aRotatedKeyWithoutExpiryGivesNothingBeyondItsGraceDeadline() {
            ApiKey old = rotated(fullOrganizationKey(), GracePeriod.ofSeconds(600), NOW).old();

            assertThat(old.ceiling()).isEqualTo(old.settings().withExpiry(NOW.plusSeconds(600)));
        }

        @Test
        void aRotatedKeyExpiringAfterItsGraceIsBoundedByTheGrace() {
            ApiKey old = rotated(userKey(everything()), GracePeriod.ofSeconds(600), NOW).old();

            assertThat(old.ceiling().expiresAt()).contains(NOW.plusSeconds(600));
            assertThat(old.ceiling().scope()).isEqualTo(old.scope());
            assertThat(old.ceiling().pageRule()).isEqualTo(old.pageRule());
            assertThat(old.ceiling().allowedIps()).isEqualTo(old.allowedIps());
        }

        @Test
        void aRotatedKeyExpiringBeforeItsGraceEndsIsBoundedByItsExpiry() {
            ApiKey expiringSoon = userKey(settings(KeyScope.full()).withExpiry(NOW.plusSeconds(60)));

            ApiKey old = rotated(expiringSoon, GracePeriod.ofSeconds(600), NOW).old();

            assertThat(old.ceiling()).isEqualTo(old.settings());
            assertThat(old.ceiling().expiresAt()).contains(NOW.plusSeconds(60));
        }
    }

    @Nested
    class Rotation {

        @Test
        void replacementCopiesTheSettingsWithANewIdAndSecret() {
            ApiKey key = userKey(everything());
            Token newToken = userToken(99);

            ApiKey.Rotated result = key.rotate(keyId(99), newToken, GracePeriod.ofSeconds(60), Actor.user(BOB), NOW);
            ApiKey replacement = result.replacement();

            assertThat(replacement.id()).isEqualTo(keyId(99)).isNotEqualTo(key.id());
            assertThat(replacement.fingerprint()).isEqualTo(newToken.fingerprint()).isNotEqualTo(key.fingerprint());
            assertThat(replacement.hint()).isEqualTo(newToken.hint());
            assertThat(replacement.settings()).isEqualTo(key.settings());
            assertThat(replacement.name()).isEqualTo(key.name());
            assertThat(replacement.scope()).isEqualTo(key.scope());
            assertThat(replacement.pageRule()).isEqualTo(key.pageRule());
            assertThat(replacement.allowedIps()).isEqualTo(key.allowedIps());
            assertThat(replacement.expiresAt()).isEqualTo(key.expiresAt()).contains(EXPIRY);
            assertThat(replacement.kind()).isEqualTo(KeyKind.USER);
            assertThat(replacement.user()).contains(ALICE);
            assertThat(replacement.organization()).isEqualTo(ACME);
            assertThat(replacement.createdAt()).isEqualTo(NOW);
            assertThat(replacement.createdBy()).isEqualTo(Actor.user(BOB));
            assertThat(replacement.state(NOW)).isEqualTo(KeyState.ACTIVE);
            assertThat(replacement.lastUsedAt()).isEmpty();
            assertThat(replacement.rotation()).isEmpty();
        }

        @Test
        void oldKeyRecordsItsReplacementAndGraceDeadline() {
            ApiKey key = fullOrganizationKey();

            ApiKey old = rotated(key, GracePeriod.ofSeconds(600), NOW).old();

            assertThat(old.id()).isEqualTo(key.id());
            assertThat(old.fingerprint()).isEqualTo(key.fingerprint());
            assertThat(old.state(NOW)).isEqualTo(KeyState.ROTATED);
            assertThat(old.rotation()).contains(new io.pagekeys.domain.Rotation(NOW, Actor.user(ALICE), keyId(99), NOW.plusSeconds(600)));
        }

        @Test
        void rotatedKeyWorksUntilTheNanosecondBeforeItsGraceDeadline() {
            ApiKey old = rotated(fullOrganizationKey(), GracePeriod.ofSeconds(600), NOW).old();
            Instant graceUntil = NOW.plusSeconds(600);

            assertThat(old.unusableBecause(NOW)).isEmpty();
            assertThat(old.unusableBecause(graceUntil.minusNanos(1))).isEmpty();
            assertThat(old.unusableBecause(graceUntil)).contains(DenialReason.ROTATED);
        }

        @Test
        void rotationWithoutGraceEndsTheOldKeyAtOnce() {
            ApiKey old = rotated(fullOrganizationKey(), GracePeriod.none(), NOW).old();

            assertThat(old.unusableBecause(NOW)).contains(DenialReason.ROTATED);
        }

        @Test
        void maximumGraceKeepsTheOldKeySevenDays() {
            ApiKey old = rotated(fullOrganizationKey(), GracePeriod.ofSeconds(7 * 24 * 3600), NOW).old();

            assertThat(old.unusableBecause(NOW.plus(Duration.ofDays(7)).minusNanos(1))).isEmpty();
            assertThat(old.unusableBecause(NOW.plus(Duration.ofDays(7)))).contains(DenialReason.ROTATED);
        }

        @Test
        void revokingDuringGraceEndsIt() {
            ApiKey old = rotated(fullOrganizationKey(), GracePeriod.ofSeconds(3600), NOW).old();
            Instant during = NOW.plusSeconds(60);

            ApiKey revoked = old.revoke(Actor.user(ALICE), during);

            assertThat(revoked.state(during)).isEqualTo(KeyState.REVOKED);
            assertThat(revoked.unusableBecause(during)).contains(DenialReason.REVOKED);
            assertThat(revoked.rotation()).isEqualTo(old.rotation());
        }

        @Test
        void rotatedKeyCannotBeRotatedAgainEvenDuringGrace() {
            ApiKey old = rotated(fullOrganizationKey(), GracePeriod.ofSeconds(3600), NOW).old();

            assertNotActive(old, NOW.plusSeconds(1), KeyState.ROTATED);
            assertNotActive(old, NOW.plusSeconds(7200), KeyState.ROTATED);
        }

        @Test
        void revokedKeyCannotBeRotated() {
            assertNotActive(fullOrganizationKey().revoke(Actor.user(ALICE), NOW), NOW, KeyState.REVOKED);
        }

        @Test
        void expiredKeyCannotBeRotated() {
            assertNotActive(userKey(everything()), EXPIRY, KeyState.EXPIRED);
        }

        private void assertNotActive(ApiKey key, Instant at, KeyState state) {
            assertThatThrownBy(() -> key.rotate(keyId(7), Token.generate(key.kind(), Fixtures.secret(7)), GracePeriod.none(),
                            Actor.user(ALICE), at))
                    .isInstanceOfSatisfying(KeyNotActiveException.class, e -> {
                        assertThat(e.state()).isEqualTo(state);
                        assertThat(e.code()).isEqualTo("key_not_active");
                    });
        }

        @Test
        void replacementTokenMustBeOfTheKeysKind() {
            ApiKey key = fullOrganizationKey();

            assertThatThrownBy(() -> key.rotate(keyId(7), userToken(7), GracePeriod.none(), Actor.user(ALICE), NOW))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Use {

        @Test
        void useRecordsTheInstant() {
            ApiKey used = fullUserKey().usedAt(NOW);

            assertThat(used.lastUsedAt()).contains(NOW);
            assertThat(used.usedAt(NOW.plusSeconds(5)).lastUsedAt()).contains(NOW.plusSeconds(5));
        }

        @Test
        void anEarlierUseDoesNotMoveLastUseBack() {
            ApiKey used = fullUserKey().usedAt(NOW);

            assertThat(used.usedAt(NOW.minusSeconds(5)).lastUsedAt()).contains(NOW);
        }
    }

    @Nested
    class PageDeletion {

        @Test
        void deletedPageLeavesTheSelection() {
            ApiKey key = userKey(settings(KeyScope.full(), only(STATUS, API_STATUS)));

            ApiKey after = key.withoutPage(STATUS);

            assertThat(after.pageRule().admits(STATUS)).isFalse();
            assertThat(after.pageRule().admits(API_STATUS)).isTrue();
            assertThat(after.pageRule()).isEqualTo(only(API_STATUS));
        }

        @Test
        void keyThatLosesItsLastPageAdmitsNone() {
            ApiKey key = userKey(settings(KeyScope.full(), only(STATUS))).withoutPage(STATUS);

            assertThat(key.pageRule().admits(STATUS)).isFalse();
            assertThat(key.pageRule().admits(API_STATUS)).isFalse();
            assertThat(key.pageRule().code()).isEqualTo("selected");
        }

        @Test
        void allPagesKeyIsUnchanged() {
            ApiKey key = fullUserKey();

            assertThat(key.withoutPage(STATUS)).isEqualTo(key);
            assertThat(key.withoutPage(STATUS).pageRule().admits(STATUS)).isTrue();
        }
    }
}
