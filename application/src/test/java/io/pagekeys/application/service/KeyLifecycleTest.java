package io.pagekeys.application.service;

import static io.pagekeys.application.service.Fixtures.person;
import static io.pagekeys.application.service.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pagekeys.application.ConflictException;
import io.pagekeys.application.port.in.Authentication;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.RevokeKeyCommand;
import io.pagekeys.application.port.in.RotateKeyCommand;
import io.pagekeys.application.service.Fixtures.Tenant;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.KeyState;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Revocation, expiry and rotation with its grace, as authentication sees them. */
class KeyLifecycleTest {

    private static final Duration MICROSECOND = Duration.ofNanos(1_000);

    private final Fixtures world = new Fixtures();
    private final Tenant acme = world.organization("Acme", "status");
    private final Principal owner = person(acme.owner());

    private IssuedKey rotate(IssuedKey key, GracePeriod grace) {
        return world.remembered(world.keys.rotateOrganizationKey(owner, new RotateKeyCommand(acme.id(), key.key().id(), grace)));
    }

    private ApiKey revoke(IssuedKey key) {
        return world.keys.revokeOrganizationKey(owner, new RevokeKeyCommand(acme.id(), key.key().id()));
    }

    @Test
    void aRevokedKeyNeverAuthenticatesAgain() {
        IssuedKey key = world.organizationKeyOf(acme, KeyScope.readOnly());

        revoke(key);

        assertThat(world.authenticate(key)).isEqualTo(new Authentication.Refused(DenialReason.REVOKED));
        world.clock.advance(Duration.ofDays(400));
        assertThat(world.authenticate(key)).isEqualTo(new Authentication.Refused(DenialReason.REVOKED));
    }

    @Test
    void revokingTwiceChangesNothingAndIsRecordedOnce() {
        IssuedKey key = world.organizationKeyOf(acme, KeyScope.readOnly());
        ApiKey first = revoke(key);
        world.clock.advance(Duration.ofMinutes(1));

        ApiKey second = revoke(key);

        assertThat(second).isEqualTo(first);
        assertThat(world.store.keyEvents().of(key.key().id()))
                .extracting(KeyEvent::type)
                .containsExactly(KeyEvent.Type.ISSUED, KeyEvent.Type.REVOKED);
    }

    @Test
    void aKeyRevokedBetweenAuthenticationAndUseIsRefusedAtUse() {
        IssuedKey key = world.userKeyOf(acme, acme.owner(), KeyScope.full());
        Principal authenticated = world.via(key);

        world.keys.revokeOwnKey(owner, new RevokeKeyCommand(acme.id(), key.key().id()));

        assertThat(world.codeOf(() -> world.keys.ownKeys(authenticated, acme.id()))).isEqualTo("revoked");
        assertThat(world.codeOf(() -> world.administration.statusPages(authenticated, acme.id()))).isEqualTo("revoked");
    }

    @Test
    void aKeyExpiresAtItsExpiryInstant() {
        Instant expiry = world.clock.instant().plus(Duration.ofHours(1));
        IssuedKey key = world.organizationKeyOf(acme, request(KeyScope.readOnly()).expiringAt(expiry));

        world.clock.set(expiry.minus(MICROSECOND));
        assertThat(world.authenticate(key)).isInstanceOf(Authentication.Authenticated.class);
        world.clock.set(expiry);
        assertThat(world.authenticate(key)).isEqualTo(new Authentication.Refused(DenialReason.EXPIRED));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 60, 86_400, 604_800})
    void theOldKeyWorksUntilTheGraceDeadlineAndNotAtIt(long graceSeconds) {
        IssuedKey old = world.organizationKeyOf(acme, KeyScope.readOnly());
        Instant rotatedAt = world.clock.instant();

        IssuedKey replacement = rotate(old, GracePeriod.ofSeconds(graceSeconds));

        Instant deadline = rotatedAt.plusSeconds(graceSeconds);
        assertThat(world.stored(old).rotation()).hasValueSatisfying(rotation -> assertThat(rotation.graceUntil()).isEqualTo(deadline));
        world.clock.set(deadline.minus(MICROSECOND));
        assertThat(world.authenticate(old)).isInstanceOf(Authentication.Authenticated.class);
        world.clock.set(deadline);
        assertThat(world.authenticate(old)).isEqualTo(new Authentication.Refused(DenialReason.ROTATED));
        assertThat(world.authenticate(replacement)).isInstanceOf(Authentication.Authenticated.class);
    }

    @Test
    void aGraceFinerThanTheStoreKeepsIsCutToMicroseconds() {
        IssuedKey old = world.organizationKeyOf(acme, KeyScope.readOnly());
        Instant rotatedAt = world.clock.instant();

        rotate(old, new GracePeriod(Duration.ofNanos(2_999)));

        assertThat(world.stored(old).rotation())
                .hasValueSatisfying(rotation -> assertThat(rotation.graceUntil()).isEqualTo(rotatedAt.plusNanos(2_000)));
    }

    @Test
    void withoutGraceTheOldKeyStopsAtOnce() {
        IssuedKey old = world.organizationKeyOf(acme, KeyScope.readOnly());

        IssuedKey replacement = rotate(old, GracePeriod.none());

        assertThat(world.authenticate(old)).isEqualTo(new Authentication.Refused(DenialReason.ROTATED));
        assertThat(world.authenticate(replacement)).isInstanceOf(Authentication.Authenticated.class);
    }

    @Test
    void revokingDuringTheGraceEndsItAtOnce() {
        IssuedKey old = world.organizationKeyOf(acme, KeyScope.readOnly());
        rotate(old, GracePeriod.ofSeconds(3_600));

        revoke(old);

        assertThat(world.authenticate(old)).isEqualTo(new Authentication.Refused(DenialReason.REVOKED));
    }

    @Test
    void theReplacementCopiesTheSettingsUnderANewIdAndSecret() {
        Instant expiry = world.clock.instant().plus(Duration.ofDays(10));
        IssuedKey old = world.organizationKeyOf(acme, request(KeyScope.readWrite(), acme.page(0))
                .fromAddresses(List.of(Cidr.parse("203.0.113.0/24")))
                .expiringAt(expiry));
        world.clock.advance(Duration.ofMinutes(3));

        IssuedKey replacement = rotate(old, GracePeriod.none());

        assertThat(replacement.key().settings()).isEqualTo(old.key().settings());
        assertThat(replacement.key().id()).isNotEqualTo(old.key().id());
        assertThat(replacement.token()).isNotEqualTo(old.token());
        assertThat(replacement.key().createdAt()).isEqualTo(world.clock.instant());
        assertThat(replacement.key().createdBy()).isEqualTo(owner.actor());
        assertThat(world.stored(replacement)).isEqualTo(replacement.key());
        assertThat(world.stored(old).rotation()).hasValueSatisfying(rotation -> assertThat(rotation.replacedBy()).isEqualTo(replacement.key().id()));
    }

    @Test
    void onlyAnActiveKeyCanBeRotated() {
        IssuedKey revoked = world.organizationKeyOf(acme, KeyScope.readOnly());
        revoke(revoked);
        IssuedKey rotated = world.organizationKeyOf(acme, KeyScope.readOnly());
        rotate(rotated, GracePeriod.ofSeconds(600));
        IssuedKey expired = world.organizationKeyOf(acme, request(KeyScope.readOnly()).expiringAt(world.clock.instant().plusSeconds(1)));
        world.clock.advance(Duration.ofSeconds(1));

        assertThat(world.codeOf(() -> rotate(revoked, GracePeriod.none()))).isEqualTo(ConflictException.KEY_NOT_ACTIVE);
        assertThat(world.codeOf(() -> rotate(rotated, GracePeriod.none()))).isEqualTo(ConflictException.KEY_NOT_ACTIVE);
        assertThat(world.codeOf(() -> rotate(expired, GracePeriod.none()))).isEqualTo(ConflictException.KEY_NOT_ACTIVE);
        assertThat(world.refusal(() -> rotate(revoked, GracePeriod.none()))).isInstanceOf(ConflictException.class);
    }

    @Test
    void aRevokedOwnKeyCannotBeRotatedEither() {
        IssuedKey key = world.userKeyOf(acme, acme.owner(), KeyScope.readOnly());
        world.keys.revokeOwnKey(owner, new RevokeKeyCommand(acme.id(), key.key().id()));

        assertThat(world.codeOf(() -> world.keys.rotateOwnKey(owner, new RotateKeyCommand(acme.id(), key.key().id(), GracePeriod.none()))))
                .isEqualTo(ConflictException.KEY_NOT_ACTIVE);
    }

    @Test
    void aKeyInItsGraceCannotBeRotatedAgainEvenByItself() {
        IssuedKey old = world.userKeyOf(acme, acme.owner(), KeyScope.full());
        world.keys.rotateOwnKey(owner, new RotateKeyCommand(acme.id(), old.key().id(), GracePeriod.ofSeconds(60)));

        assertThat(world.codeOf(() -> world.keys.rotateOwnKey(world.via(old), new RotateKeyCommand(acme.id(), old.key().id(), GracePeriod.none()))))
                .isEqualTo(ConflictException.KEY_NOT_ACTIVE);
    }

    @Test
    void rotatingOrRevokingReadsTheKeyOnceAndLocked() {
        UserId editor = world.memberOf(acme, Role.EDITOR);
        Principal byKey = world.via(world.organizationKeyOf(acme, KeyScope.full()));

        readOnceLocked(world.organizationKeyOf(acme, KeyScope.readOnly()), key -> world.remembered(world.keys.rotateOrganizationKey(
                owner, new RotateKeyCommand(acme.id(), key, GracePeriod.none()))));
        readOnceLocked(world.organizationKeyOf(acme, KeyScope.readOnly()), key -> world.remembered(world.keys.rotateOrganizationKey(
                byKey, new RotateKeyCommand(acme.id(), key, GracePeriod.ofSeconds(60)))));
        readOnceLocked(world.organizationKeyOf(acme, KeyScope.readOnly()), key -> world.keys.revokeOrganizationKey(
                byKey, new RevokeKeyCommand(acme.id(), key)));
        readOnceLocked(world.userKeyOf(acme, editor, KeyScope.readOnly()), key -> world.remembered(world.keys.rotateOwnKey(
                person(editor), new RotateKeyCommand(acme.id(), key, GracePeriod.none()))));
        readOnceLocked(world.userKeyOf(acme, editor, KeyScope.readOnly()), key -> world.keys.revokeOwnKey(
                person(editor), new RevokeKeyCommand(acme.id(), key)));
        readOnceLocked(world.userKeyOf(acme, editor, KeyScope.readOnly()), key -> world.keys.revokeMemberKey(
                byKey, new RevokeKeyCommand(acme.id(), key)));
    }

    /** Runs {@code change} on {@code key} and checks that it read the key once, with a lock. */
    private void readOnceLocked(IssuedKey key, Consumer<ApiKeyId> change) {
        world.calls.forget();
        change.accept(key.key().id());
        assertThat(world.calls.naming(key.key().id()))
                .as("the reads of %s", key.key())
                .extracting(PortCalls.Call::method)
                .containsExactly("lockById");
    }

    @Test
    void rotationRecordsTheRotationOfTheOldKeyAndTheIssueOfTheNewOne() {
        IssuedKey old = world.organizationKeyOf(acme, KeyScope.readOnly());

        IssuedKey replacement = rotate(old, GracePeriod.none());

        assertThat(world.store.keyEvents().of(old.key().id()))
                .extracting(KeyEvent::type, KeyEvent::relatedKey)
                .containsExactly(
                        tuple(KeyEvent.Type.ISSUED, Optional.empty()),
                        tuple(KeyEvent.Type.ROTATED, Optional.of(replacement.key().id())));
        assertThat(world.store.keyEvents().of(replacement.key().id())).extracting(KeyEvent::type).containsExactly(KeyEvent.Type.ISSUED);
    }

    @Test
    void concurrentRotationsAndRevocationsOfOneKeyEndConsistent() throws Exception {
        IssuedKey key = world.organizationKeyOf(acme, KeyScope.readOnly());
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                boolean rotating = i % 2 == 0;
                Callable<Object> call = () -> {
                    start.await();
                    try {
                        return rotating ? rotate(key, GracePeriod.ofSeconds(60)) : revoke(key);
                    } catch (ConflictException e) {
                        return e.code();
                    }
                };
                outcomes.add(pool.submit(call));
            }
            start.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<Object> outcome : outcomes) {
                results.add(outcome.get(10, TimeUnit.SECONDS));
            }

            long replacements = results.stream().filter(IssuedKey.class::isInstance).count();
            assertThat(replacements).isLessThanOrEqualTo(1);
            assertThat(results).filteredOn(String.class::isInstance).allMatch(ConflictException.KEY_NOT_ACTIVE::equals);
            assertThat(world.stored(key).state(world.clock.instant())).isEqualTo(KeyState.REVOKED);
            assertThat(world.store.keyEvents().of(key.key().id()))
                    .extracting(KeyEvent::type)
                    .filteredOn(KeyEvent.Type.REVOKED::equals)
                    .hasSize(1);
            assertThat(world.store.keyEvents().of(key.key().id()))
                    .extracting(KeyEvent::type)
                    .filteredOn(KeyEvent.Type.ROTATED::equals)
                    .hasSize((int) replacements);
        } finally {
            pool.shutdownNow();
        }
    }
}
