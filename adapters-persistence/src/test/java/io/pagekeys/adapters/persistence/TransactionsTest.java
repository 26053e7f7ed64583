package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.jooq.Tables.ORGANIZATIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.KeySettings;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.Token;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the unit of work on PostgreSQL does beyond its contract: broken rollbacks, deadlocks, its log. */
class TransactionsTest {

    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aConnectionWhoseRollbackFailedIsAbortedRatherThanPutBackInAutocommit() {
        try (HikariDataSource pool = ConnectionPool.create(database.jdbcUrl(), database.user(), database.password(), 1)) {
            InterceptedDataSource intercepted = new InterceptedDataSource(pool);
            DrivenPorts ports = JooqPorts.on(intercepted.dataSource());
            IllegalStateException failure = new IllegalStateException("the work fails");
            intercepted.failRollbacks();

            assertThatThrownBy(() -> ports.unitOfWork().execute(() -> {
                ports.organizations().create("Doomed", NOW);
                throw failure;
            })).isSameAs(failure);

            // Autocommit switched back on would have committed the open transaction (pgjdbc does).
            assertThat(intercepted.calls()).containsExactly("setAutoCommit(false)", "rollback", "abort", "close");
            assertThat(database.dsl().fetchCount(ORGANIZATIONS, ORGANIZATIONS.NAME.eq("Doomed"))).isZero();
            // The pool's one connection was evicted, not lent again dead.
            Organization kept = ports.unitOfWork().run(() -> ports.organizations().create("Kept", NOW));
            assertThat(ports.organizations().findById(kept.id())).contains(kept);
        }
    }

    @Test
    void aUnitOfWorkThatPostgresAbortsForADeadlockRunsOnceMoreWithoutTheActionsOfTheFailedRun() throws Exception {
        DrivenPorts ports = JooqPorts.on(database.dataSource());
        Organization organization = ports.organizations().create("Acme", NOW);
        ApiKey first = key(organization);
        ApiKey second = key(organization);
        ports.apiKeys().add(first);
        ports.apiKeys().add(second);
        CountDownLatch bothHoldTheirFirstLock = new CountDownLatch(2);
        AtomicInteger runs = new AtomicInteger();
        List<String> actions = new CopyOnWriteArrayList<>();

        // At its first run, each locks one key, waits until the other holds the other key, then asks for
        // it: a deadlock, which PostgreSQL breaks by aborting one of them. Run again, the aborted one
        // takes the keys in the order of the other, so that it waits for it instead of deadlocking anew.
        List<String> answers = concurrently(List.of(
                lockingInTurn(ports, List.of(first, second), bothHoldTheirFirstLock, runs, actions),
                lockingInTurn(ports, List.of(second, first), bothHoldTheirFirstLock, runs, actions)));

        String firstThenSecond = first.id() + ", then " + second.id();
        String secondThenFirst = second.id() + ", then " + first.id();
        assertThat(answers).containsExactly(firstThenSecond, secondThenFirst);
        assertThat(runs).as("runs of both units").hasValue(3);
        assertThat(actions).containsExactlyInAnyOrder(firstThenSecond, secondThenFirst);
    }

    /**
     * A unit of work that locks the two {@code keys} in that order at its first run, with {@code bothHold}
     * between the two locks, and in the other order when run again; it gives one action per run.
     */
    private static Callable<String> lockingInTurn(DrivenPorts ports, List<ApiKey> keys, CountDownLatch bothHold,
            AtomicInteger runs, List<String> actions) {
        String name = keys.get(0).id() + ", then " + keys.get(1).id();
        AtomicInteger myRuns = new AtomicInteger();
        return () -> ports.unitOfWork().run(() -> {
            runs.incrementAndGet();
            ports.unitOfWork().afterCommit(() -> actions.add(name));
            if (myRuns.incrementAndGet() == 1) {
                ports.apiKeys().lockById(keys.get(0).id()).orElseThrow();
                await(bothHold);
                ports.apiKeys().lockById(keys.get(1).id()).orElseThrow();
            } else {
                // The other unit's order: first the key it holds, so this one waits for it to commit.
                ports.apiKeys().lockById(keys.get(1).id()).orElseThrow();
                ports.apiKeys().lockById(keys.get(0).id()).orElseThrow();
            }
            return name;
        });
    }

    @Test
    void anActionThatFailsIsLoggedWithItsException() {
        DrivenPorts ports = JooqPorts.on(database.dataSource());
        List<String> happened = new CopyOnWriteArrayList<>();

        String log = standardErrorOf(() -> ports.unitOfWork().execute(() -> {
            ports.unitOfWork().afterCommit(() -> {
                throw new IllegalStateException("the bookkeeping fails");
            });
            ports.unitOfWork().afterCommit(() -> happened.add("next"));
        }));

        assertThat(happened).containsExactly("next");
        assertThat(log).contains("WARN", Transactions.class.getName(), "an action after commit failed",
                "java.lang.IllegalStateException: the bookkeeping fails");
    }

    @Test
    void actionsRunOnceTheUnitsConnectionIsBackInThePool() {
        try (HikariDataSource pool = ConnectionPool.create(database.jdbcUrl(), database.user(), database.password(), 1)) {
            pool.setConnectionTimeout(250);
            DrivenPorts ports = JooqPorts.on(pool);
            List<Organization> createdByTheAction = new CopyOnWriteArrayList<>();

            // With the pool's one connection still held by the unit, the action would wait for it in vain.
            ports.unitOfWork().execute(() -> ports.unitOfWork().afterCommit(
                    () -> createdByTheAction.add(ports.organizations().create("Made after commit", NOW))));

            assertThat(createdByTheAction).singleElement()
                    .satisfies(made -> assertThat(ports.organizations().findById(made.id())).contains(made));
        }
    }

    private static ApiKey key(Organization organization) {
        byte[] id = new byte[ApiKeyId.RANDOM_BYTES];
        byte[] secret = new byte[Token.SECRET_BYTES];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        return ApiKey.issueOrganizationKey(ApiKeyId.generate(id), organization.id(),
                KeySettings.of(KeyName.of("k"), KeyScope.readOnly()), Token.generate(KeyKind.ORGANIZATION, secret),
                Actor.operator(), NOW);
    }

    private static void await(CountDownLatch latch) {
        latch.countDown();
        try {
            assertThat(latch.await(1, TimeUnit.MINUTES)).as("the other unit holds its first lock").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The answers of {@code tasks}, run each on a thread of its own, in the order of the tasks. */
    private static <T> List<T> concurrently(List<Callable<T>> tasks) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(executor.submit(task));
            }
            List<T> answers = new ArrayList<>();
            for (Future<T> future : futures) {
                answers.add(future.get(1, TimeUnit.MINUTES));
            }
            return answers;
        } finally {
            executor.shutdownNow();
        }
    }

    /** What {@code action} and the loggers wrote on standard error while it ran (slf4j-simple writes there). */
    private static String standardErrorOf(Runnable action) {
        PrintStream before = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(before);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
