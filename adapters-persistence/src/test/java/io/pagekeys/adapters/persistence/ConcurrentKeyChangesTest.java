package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.ServicesOnPostgres.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.pagekeys.adapters.persistence.ServicesOnPostgres.Tenant;
import com.zaxxer.hikari.HikariDataSource;
import io.pagekeys.application.ConflictException;
import io.pagekeys.application.port.in.IssueOrganizationKeyCommand;
import io.pagekeys.application.port.in.IssueUserKeyCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.RevokeKeyCommand;
import io.pagekeys.application.port.in.RotateKeyCommand;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.KeyState;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Rotation;
import io.pagekeys.domain.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many requests changing keys at once, through the services, on PostgreSQL: the row locks of the
 * adapters (not JVM locks) must leave one consistent state, with every success in the audit trail.
 */
class ConcurrentKeyChangesTest {

    private static final int THREADS = 16;

    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    private ServicesOnPostgres world;
    private Tenant acme;

    @BeforeEach
    void acme() {
        database.truncate();
        world = new ServicesOnPostgres(database.dataSource());
        acme = world.organization("Acme", "status");
    }

    /** What one thread's call ended in: what it answered, or the exception it threw. */
    private record Outcome<T>(Optional<T> answer, Optional<RuntimeException> failure) {}

    @Test
    void rotationsAndRevocationsOfOneKeyAtOnceLeaveOneConsistentStory() {
        List<ApiKeyId> replacements = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            IssuedKey issued = world.organizationKeyOf(acme, request(KeyScope.readOnly()));
            ApiKeyId key = issued.key().id();

            List<Outcome<Object>> outcomes = concurrently(i -> () -> i % 2 == 0
                    ? world.keys.rotateOrganizationKey(acme.ownerInPerson(), new RotateKeyCommand(acme.id(), key, GracePeriod.ofSeconds(60)))
                    : world.keys.revokeOrganizationKey(acme.ownerInPerson(), new RevokeKeyCommand(acme.id(), key)));

            List<IssuedKey> rotations = answers(outcomes, IssuedKey.class);
            List<ApiKey> revocations = answers(outcomes, ApiKey.class);
            assertThat(rotations).as("successful rotations").hasSizeLessThanOrEqualTo(1);
            assertThat(revocations).as("revocations, which never fail").hasSize(THREADS / 2);
            assertOnlyKeyNotActive(outcomes, THREADS / 2 - rotations.size());

            ApiKey stored = world.ports.apiKeys().findById(key).orElseThrow();
            assertThat(stored.revocation()).isPresent();
            assertThat(revocations).allSatisfy(revoked -> assertThat(revoked.revocation()).isEqualTo(stored.revocation()));
            List<KeyEvent.Type> events = world.ports.keyEvents().of(key).stream().map(KeyEvent::type).toList();
            if (rotations.isEmpty()) {
                assertThat(stored.rotation()).isEmpty();
                assertThat(events).containsExactly(KeyEvent.Type.ISSUED, KeyEvent.Type.REVOKED);
            } else {
                // Rotated first, then revoked during its grace: both on the key, in that order.
                ApiKey replacement = rotations.get(0).key();
                assertThat(stored.rotation().map(Rotation::replacedBy)).contains(replacement.id());
                assertThat(events).containsExactly(KeyEvent.Type.ISSUED, KeyEvent.Type.ROTATED, KeyEvent.Type.REVOKED);
                assertThat(world.ports.keyEvents().of(key)).filteredOn(event -> event.type() == KeyEvent.Type.ROTATED)
                        .extracting(KeyEvent::relatedKey)
                        .containsExactly(Optional.of(replacement.id()));
                assertThat(world.ports.apiKeys().findById(replacement.id())).contains(replacement);
                assertThat(world.ports.keyEvents().of(replacement.id())).extracting(KeyEvent::type).containsExactly(KeyEvent.Type.ISSUED);
            }
            // The replacements of every round so far are the only keys still untouched, the lost ones none.
            rotations.forEach(rotation -> replacements.add(rotation.key().id()));
            assertThat(world.ports.apiKeys().organizationKeys(acme.id()))
                    .filteredOn(candidate -> candidate.rotation().isEmpty() && candidate.revocation().isEmpty())
                    .extracting(ApiKey::id)
                    .containsExactlyInAnyOrderElementsOf(replacements);
        }
    }

    @Test
    void rotationsOfTheNewestKeyAtOnceFormOneChain() {
        IssuedKey first = world.organizationKeyOf(acme, request(KeyScope.readOnly()));
        int attempts = 4;

        List<Outcome<List<Outcome<IssuedKey>>>> threads = concurrently(i -> () -> {
            List<Outcome<IssuedKey>> mine = new ArrayList<>();
            for (int attempt = 0; attempt < attempts; attempt++) {
                ApiKeyId newest = newestActiveKey();
                mine.add(attempt(() -> world.keys.rotateOrganizationKey(acme.ownerInPerson(),
                        new RotateKeyCommand(acme.id(), newest, GracePeriod.ofSeconds(3_600)))));
            }
            return mine;
        });

        List<Outcome<IssuedKey>> outcomes = threads.stream().flatMap(thread -> thread.answer().orElseThrow().stream()).toList();
        List<IssuedKey> rotations = answers(outcomes, IssuedKey.class);
        assertOnlyKeyNotActive(outcomes, THREADS * attempts - rotations.size());
        assertThat(rotations).isNotEmpty();

        List<ApiKey> keys = world.ports.apiKeys().organizationKeys(acme.id());
        assertThat(keys).hasSize(1 + rotations.size());
        assertThat(keys).filteredOn(key -> key.state(world.clock.instant()) == KeyState.ACTIVE).hasSize(1);
        // Follow the chain from the first key: it must pass through every key exactly once.
        Map<ApiKeyId, ApiKeyId> replacedBy = new HashMap<>();
        keys.forEach(key -> key.rotation().ifPresent(rotation -> replacedBy.put(key.id(), rotation.replacedBy())));
        List<ApiKeyId> chain = new ArrayList<>(List.of(first.key().id()));
        while (replacedBy.containsKey(chain.get(chain.size() - 1))) {
            chain.add(replacedBy.get(chain.get(chain.size() - 1)));
        }
        assertThat(chain).doesNotHaveDuplicates().hasSize(keys.size());
        assertThat(chain.subList(1, chain.size()))
                .containsExactlyInAnyOrderElementsOf(rotations.stream().map(rotation -> rotation.key().id()).toList());

        List<KeyEvent> events = world.ports.keyEvents().of(acme.id());
        assertThat(events).filteredOn(event -> event.type() == KeyEvent.Type.ROTATED)
                .hasSize(rotations.size())
                .allSatisfy(event -> assertThat(event.relatedKey()).contains(replacedBy.get(event.key())));
        assertThat(events).filteredOn(event -> event.type() == KeyEvent.Type.ISSUED)
                .extracting(KeyEvent::key)
                .containsExactlyInAnyOrderElementsOf(chain);
    }

    @Test
    void twoInstancesOnPoolsOfTheirOwnRotatingAndRevokingOneKeyLeaveOneConsistentStory() {
        // A second instance: its own pool, transactions and services on the same database, so that
        // nothing but PostgreSQL is shared between the two.
        try (HikariDataSource secondPool = ConnectionPool.create(database.jdbcUrl(), database.user(), database.password(), THREADS)) {
            ServicesOnPostgres second = new ServicesOnPostgres(secondPool);
            for (int round = 0; round < 4; round++) {
                ApiKeyId key = world.organizationKeyOf(acme, request(KeyScope.readOnly())).key().id();

                List<Outcome<Object>> outcomes = concurrently(i -> {
                    ServicesOnPostgres instance = i % 4 < 2 ? world : second;
                    return () -> i % 2 == 0
                            ? instance.keys.rotateOrganizationKey(acme.ownerInPerson(), new RotateKeyCommand(acme.id(), key, GracePeriod.ofSeconds(60)))
                            : instance.keys.revokeOrganizationKey(acme.ownerInPerson(), new RevokeKeyCommand(acme.id(), key));
                });

                List<IssuedKey> rotations = answers(outcomes, IssuedKey.class);
                assertThat(rotations).as("successful rotations").hasSizeLessThanOrEqualTo(1);
                assertThat(answers(outcomes, ApiKey.class)).as("revocations, which never fail").hasSize(THREADS / 2);
                assertOnlyKeyNotActive(outcomes, THREADS / 2 - rotations.size());
                ApiKey stored = second.ports.apiKeys().findById(key).orElseThrow();
                assertThat(stored.revocation()).isPresent();
                assertThat(stored.rotation().map(Rotation::replacedBy))
                        .isEqualTo(rotations.stream().findFirst().map(rotation -> rotation.key().id()));
                assertThat(world.ports.keyEvents().of(key)).extracting(KeyEvent::type).containsExactlyElementsOf(rotations.isEmpty()
                        ? List.of(KeyEvent.Type.ISSUED, KeyEvent.Type.REVOKED)
                        : List.of(KeyEvent.Type.ISSUED, KeyEvent.Type.ROTATED, KeyEvent.Type.REVOKED));
            }
        }
    }

    @Test
    void keysIssuedAtOnceAreAllKeptWithDistinctFingerprints() {
        int perThread = 8;
        List<UserId> members = new ArrayList<>();
        for (int i = 0; i < THREADS / 2; i++) {
            members.add(world.memberOf(acme, Role.EDITOR));
        }

        // Half the threads issue organization keys; the other half user keys, each for a member of its own.
        List<Outcome<List<IssuedKey>>> threads = concurrently(i -> () -> {
            List<IssuedKey> issued = new ArrayList<>();
            for (int n = 0; n < perThread; n++) {
                issued.add(i % 2 == 0
                        ? world.keys.issueOrganizationKey(acme.ownerInPerson(),
                                new IssueOrganizationKeyCommand(acme.id(), request(KeyScope.readOnly(), acme.page(0))))
                        : world.keys.issueUserKey(Principal.person(members.get(i / 2)),
                                new IssueUserKeyCommand(acme.id(), request(KeyScope.readOnly()))));
            }
            return issued;
        });

        List<IssuedKey> issued = threads.stream().flatMap(thread -> thread.answer().orElseThrow().stream()).toList();
        assertThat(issued).hasSize(THREADS * perThread);
        List<ApiKey> stored = new ArrayList<>(world.ports.apiKeys().organizationKeys(acme.id()));
        stored.addAll(world.ports.apiKeys().userKeys(acme.id()));
        assertThat(stored).containsExactlyInAnyOrderElementsOf(issued.stream().map(IssuedKey::key).toList());
        assertThat(stored.stream().map(ApiKey::fingerprint).collect(Collectors.toSet())).hasSize(THREADS * perThread);
        for (IssuedKey key : issued) {
            assertThat(world.authenticated(key)).isEqualTo(key.key());
        }
        assertThat(world.ports.keyEvents().of(acme.id()))
                .extracting(KeyEvent::key)
                .containsExactlyInAnyOrderElementsOf(issued.stream().map(key -> key.key().id()).toList());
    }

    private ApiKeyId newestActiveKey() {
        return world.ports.apiKeys().organizationKeys(acme.id()).stream()
                .filter(key -> key.state(world.clock.instant()) == KeyState.ACTIVE)
                .map(ApiKey::id)
                .findFirst()
                .orElseThrow();
    }

    private static <T> void assertOnlyKeyNotActive(List<Outcome<T>> outcomes, int expected) {
        List<RuntimeException> failures = outcomes.stream().flatMap(outcome -> outcome.failure().stream()).toList();
        assertThat(failures).as("failures").hasSize(expected).allSatisfy(failure -> assertThat(failure)
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo(ConflictException.KEY_NOT_ACTIVE)));
    }

    private static <T> List<T> answers(List<? extends Outcome<?>> outcomes, Class<T> type) {
        return outcomes.stream()
                .flatMap(outcome -> outcome.answer().stream())
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static <T> Outcome<T> attempt(Callable<T> call) throws Exception {
        try {
            return new Outcome<>(Optional.of(call.call()), Optional.empty());
        } catch (ConflictException e) {
            return new Outcome<>(Optional.empty(), Optional.of(e));
        }
    }

    /**
     * Runs the task of each of {@value #THREADS} threads, released together by a start gate, and answers
     * the outcome of each. An exception other than a conflict fails the test, as does a deadlock (a minute).
     */
    private static <T> List<Outcome<T>> concurrently(IntFunction<Callable<T>> taskOfThread) {
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome<T>>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Callable<T> task = taskOfThread.apply(i);
                futures.add(executor.submit(() -> {
                    ready.countDown();
                    start.await();
                    return attempt(task);
                }));
            }
            assertThat(ready.await(1, TimeUnit.MINUTES)).as("all threads ready").isTrue();
            start.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            for (Future<Outcome<T>> future : futures) {
                outcomes.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return outcomes;
        } catch (ExecutionException e) {
            throw new AssertionError("a thread failed otherwise than with a conflict", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the threads did not finish within a minute", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            executor.shutdownNow();
        }
    }
}
