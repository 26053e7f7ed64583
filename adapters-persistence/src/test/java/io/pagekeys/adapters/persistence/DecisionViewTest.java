package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.ServicesOnPostgres.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pagekeys.application.StoreUnavailableException;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.RevokeKeyCommand;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.TokenFingerprint;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The in-process view of decisions on a real PostgreSQL: what it answers without the store, what it
 * forgets and when, what it does when its listener is lost, and how uses are written.
 */
class DecisionViewTest {

    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final AtomicBoolean listenerRefused = new AtomicBoolean();
    /** While set, the listener's next round trip waits until {@link #listenerReleased} counts down. */
    private final AtomicBoolean listenerStalled = new AtomicBoolean();
    private final CountDownLatch listenerReleased = new CountDownLatch(1);
    /** When the listener's last round trip before the stall was sent, and when the stalled one began. */
    private volatile long lastRoundTripSent;
    private volatile long stalledSince;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private HikariDataSource pool;
    private InterceptedDataSource intercepted;
    private ServicesOnPostgres world;
    private ServicesOnPostgres.Tenant acme;

    @BeforeAll
    static void countWritesOfUses() throws SQLException {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE use_writes (key_id text NOT NULL)");
            statement.execute("""
                    CREATE FUNCTION count_use_write() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN INSERT INTO use_writes VALUES (NEW.id); RETURN NULL; END $$""");
            statement.execute("CREATE TRIGGER count_use_writes AFTER UPDATE OF last_used_at ON api_keys"
                    + " FOR EACH ROW EXECUTE FUNCTION count_use_write()");
        }
    }

    @BeforeEach
    void instance() {
        database.truncate();
        pool = ConnectionPool.create(database.jdbcUrl(), database.user(), database.password(), 4);
        intercepted = new InterceptedDataSource(failingWhileDown(pool));
        DedicatedConnection listener = DedicatedConnection.of(pool);
        DedicatedConnection refusable = () -> {
            if (listenerRefused.get()) {
                throw new SQLTransientConnectionException("refused by the test", "08001");
            }
            return stallable(listener.open());
        };
        // A writer of uses that a test triggers itself (flush), unless it starts one with a short interval.
        world = new ServicesOnPostgres(Guice.createInjector(new PersistenceModule(intercepted.dataSource(), refusable,
                new ViewSettings(1_000, Duration.ofMinutes(5), Duration.ofMillis(50)), registry)));
        acme = world.organization("Acme", "acme", "acme-eu");
        world.view.start();
        TwoInstancesTest.awaitTrusted(world);
    }

    @AfterEach
    void stop() {
        listenerReleased.countDown();
        storeDown.set(false);
        world.view.close();
        pool.close();
    }

    @Test
    void aWarmVerificationRunsNoStatementAndOpensNoTransaction() {
        IssuedKey key = world.organizationKeyOf(acme, request(KeyScope.readOnly()));
        caughtUp();
        world.verify(key, acme.page(0), Permission.PAGES_READ);
        // Uses stay pending: the writer's statements are not the request's.
        world.view.uses().close();
        intercepted.forget();

        for (int i = 0; i < 100; i++) {
            assertThat(world.verify(key, acme.page(0), Permission.PAGES_READ).decision().isAllowed()).isTrue();
        }

        assertThat(intercepted.statements()).as("statements of 100 warm verifications").isEmpty();
        assertThat(intercepted.calls()).as("transactions begun or ended").isEmpty();
    }

    @Test
    void aRevocationOnThisInstanceIsRefusedByTheNextRequest() {
        IssuedKey key = world.organizationKeyOf(acme, request(KeyScope.readOnly()));
        world.verify(key, acme.page(0), Permission.PAGES_READ);

        world.keys.revokeOrganizationKey(acme.ownerInPerson(), new RevokeKeyCommand(acme.id(), key.key().id()));

        assertThat(world.verify(key, acme.page(0), Permission.PAGES_READ).decision())
                .isEqualTo(io.pagekeys.domain.AccessDecision.denied(DenialReason.REVOKED));
    }

    @Test
    void aLoadUnderWayWhenThisInstanceRevokesTheKeyDoesNotPutItBack() throws Exception {
        IssuedKey key = world.organizationKeyOf(acme, request(KeyScope.readOnly()));
        assertLoadStartedBeforeTheChangeIsNotKept(key, () ->
                world.keys.revokeOrganizationKey(acme.ownerInPerson(), new RevokeKeyCommand(acme.id(), key.key().id())));
    }

    @Test
    void aLoadUnderWayWhenAnotherWriterRevokesTheKeyDoesNotPutItBack() throws Exception {
        IssuedKey key = world.organizationKeyOf(acme, request(KeyScope.readOnly()));
        assertLoadStartedBeforeTheChangeIsNotKept(key, () -> {
            double notifiedBefore = notifiedInvalidations();
            revokeBehindPagekeys(key);
            // The notification has been applied while the load is still out.
            awaitThat(() -> notifiedInvalidations() > notifiedBefore);
        });
    }

    @Test
    void changesMissedWhileTheListenerWasAwayAreNotAnsweredFromMemoryAfterItIsBack() throws SQLException {
        IssuedKey key = world.organizationKeyOf(acme, request(KeyScope.readOnly()));
        world.verify(key, acme.page(0), Permission.PAGES_READ);
        assertThat(world.verify(key, acme.page(0), Permission.PAGES_READ).decision().isAllowed()).as("from memory").isTrue();

        listenerRefused.set(true);
        terminateTheListener();
        awaitThat(() -> !world.view.trusted());
        // Nobody listens now: this notification is lost for good.
        revokeBehindPagekeys(key);
        assertThat(world.verify(key, acme.page(0), Permission.PAGES_READ).decision().isAllowed())
                .as("decided by the store while the view is not trusted").isFalse();

        listenerRefused.set(false);
        awaitThat(() -> world.view.trusted());

        assertThat(world.verify(key, acme.page(0), Permission.PAGES_READ).decision())
                .isEqualTo(io.pagekeys.domain.AccessDecision.denied(DenialReason.REVOKED));
        assertThat(registry.get("pagekeys.view.listener.connected").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void aListenerThatStopsConfirmingWithoutLosingItsConnectionEndsTheTrustWithinTheLease() {
        IssuedKey key = world.organizationKeyOf(acme, request(KeyScope.readOnly()));
        world.verify(key, acme.page(0), Permission.PAGES_READ);

        listenerStalled.set(true);
        awaitThat(() -> stalledSince != 0);
        // Still connected, so nothing says the listener is lost: only the lease can end the trust.
        revokeBehindPagekeys(key);
        while (world.view.trusted()) {
            assertThat(System.nanoTime() - lastRoundTripSent).as("trusted past the lease after the last confirmation")
                    .isLessThan(TimeUnit.MILLISECONDS.toNanos(DecisionView.LEASE_MILLIS));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        long untrustedAfter = System.nanoTime() - lastRoundTripSent;
        assertThat(untrustedAfter).as("the trust ends within the lease of the last confirmation")
                .isLessThan(TimeUnit.MILLISECONDS.toNanos(DecisionView.LEASE_MILLIS));
        assertThat(world.verify(key, acme.page(0), Permission.PAGES_READ).decision())
                .as("decided by the store while the listener is stalled")
                .isEqualTo(io.pagekeys.domain.AccessDecision.denied(DenialReason.REVOKED));

        listenerReleased.countDown();
        awaitThat(() -> world.view.trusted());
        assertThat(world.verify(key, acme.page(0), Permission.PAGES_READ).decision())
                .isEqualTo(io.pagekeys.domain.AccessDecision.denied(DenialReason.REVOKED));
    }

    @Test
    void aStoreThatIsDownWhileTheListenerIsAwayRefusesEveryDecision() {
        IssuedKey key = world.organizationKeyOf(acme, request(KeyScope.readOnly()));
        world.verify(key, acme.page(0), Permission.PAGES_READ);

        listenerRefused.set(true);
        storeDown.set(true);
        terminateTheListenerThroughAnotherPool();
        awaitThat(() -> !world.view.trusted());

        assertThatThrownBy(() -> world.verify(key, acme.page(0), Permission.PAGES_READ))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void usesOfAKeyInOneIntervalAreWrittenOnceAndSeenMeanwhile() throws SQLException {
        IssuedKey key = world.organizationKeyOf(acme, request(KeyScope.readOnly()));
        world.view.uses().close();
        Instant last = null;
        for (int i = 0; i < 50; i++) {
            world.clock.advance(Duration.ofMillis(10));
            assertThat(world.verify(key, acme.page(0), Permission.PAGES_READ).decision().isAllowed()).isTrue();
            last = world.clock.instant();
        }
        assertThat(writesOfUses()).as("writes before the interval ends").isZero();
        assertThat(world.stored(key).lastUsedAt()).as("the use as this instance reads the key").contains(last);

        assertThat(world.view.uses().flush()).isEqualTo(1);

        assertThat(writesOfUses()).isEqualTo(1);
        assertThat(storedLastUse(key)).contains(last);
        assertThat(world.view.uses().flush()).as("nothing left to write").isZero();
    }

    @Test
    void noUseRecordedWhileWritesRunIsLost() throws Exception {
        List<IssuedKey> keys = List.of(
                world.organizationKeyOf(acme, request(KeyScope.readOnly())),
                world.organizationKeyOf(acme, request(KeyScope.readOnly())),
                world.organizationKeyOf(acme, request(KeyScope.readOnly())));
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        int threads = 4;
        int usesPerThread = 3_000;
        ExecutorService recorders = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> recording = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                recording.add(recorders.submit(() -> {
                    // Each thread's uses move forward in microseconds, interleaved with the others'.
                    for (int i = 0; i < usesPerThread; i++) {
                        IssuedKey key = keys.get(i % keys.size());
                        world.view.uses().record(key.key().id(), start.plus(i * threads + thread, ChronoUnit.MICROS));
                    }
                }));
            }
            int writes = 0;
            while (!recording.stream().allMatch(Future::isDone)) {
                world.view.uses().flush();
                writes++;
            }
            for (Future<?> done : recording) {
                done.get();
            }
            world.view.uses().flush();
            assertThat(writes).as("writes while the uses were recorded").isPositive();
        } finally {
            recorders.shutdownNow();
        }

        for (int k = 0; k < keys.size(); k++) {
            // The latest use of key k: the last i with i % 3 == k, by the last thread.
            int last = usesPerThread - 1 - (usesPerThread - 1 - k) % keys.size();
            assertThat(storedLastUse(keys.get(k))).as("the last use of key %d", k)
                    .contains(start.plus((long) last * threads + threads - 1, ChronoUnit.MICROS));
        }
        assertThat(registry.get("pagekeys.uses.pending").gauge().value()).as("uses left pending").isZero();
    }

    @Test
    void aFailingWriteOfUsesIsRetriedAndNeverFailsARequest() throws SQLException {
        IssuedKey key = world.organizationKeyOf(acme, request(KeyScope.readOnly()));
        caughtUp();
        world.verify(key, acme.page(0), Permission.PAGES_READ);
        awaitThat(() -> world.view.uses().flush() == 0);

        storeDown.set(true);
        world.clock.advance(Duration.ofSeconds(1));
        Instant use = world.clock.instant();
        assertThat(world.verify(key, acme.page(0), Permission.PAGES_READ).decision().isAllowed())
                .as("answered from memory while the pool fails").isTrue();
        awaitThat(() -> registry.get("pagekeys.uses.flush.failures").counter().count() >= 2);
        assertThat(registry.get("pagekeys.uses.pending").gauge().value()).isEqualTo(1.0);

        storeDown.set(false);
        awaitThat(() -> registry.get("pagekeys.uses.pending").gauge().value() == 0.0);
        assertThat(storedLastUse(key)).contains(use);
    }

    @Test
    void anEntryIsLoadedAgainOnceOlderThanTheTimeToLiveAndNotBefore() {
        Duration timeToLive = Duration.ofMillis(300);
        ServicesOnPostgres shortLived = new ServicesOnPostgres(Guice.createInjector(new PersistenceModule(pool,
                DedicatedConnection.of(pool), new ViewSettings(1_000, timeToLive, Duration.ofSeconds(1)), new SimpleMeterRegistry())));
        shortLived.view.start();
        try {
            TwoInstancesTest.awaitTrusted(shortLived);
            Subdomain page = Subdomain.of("never-made");
            AtomicInteger loads = new AtomicInteger();
            Function<Subdomain, Optional<StatusPage>> load = subdomain -> {
                loads.incrementAndGet();
                return Optional.empty();
            };
            assertThat(loadsOfATrustedRead(shortLived, page, load, loads)).as("the first read").isEqualTo(1);
            assertThat(loadsOfATrustedRead(world, page, load, loads)).as("the first read, 5 minutes to live").isEqualTo(1);
            long loaded = System.nanoTime();

            // Ages are told by the lease's judgements, every few milliseconds: waited for, not assumed.
            awaitThat(() -> shortLived.view.ageClock() - loaded > timeToLive.toNanos());

            assertThat(loadsOfATrustedRead(shortLived, page, load, loads)).as("a read past the time to live").isEqualTo(1);
            assertThat(loadsOfATrustedRead(world, page, load, loads)).as("the same read, 5 minutes to live").isZero();
        } finally {
            shortLived.view.close();
        }
    }

    /** How many loads one read of {@code page} made while the view of {@code instance} was trusted. */
    private static int loadsOfATrustedRead(
            ServicesOnPostgres instance, Subdomain page, Function<Subdomain, Optional<StatusPage>> load, AtomicInteger loads) {
        while (true) {
            TwoInstancesTest.awaitTrusted(instance);
            int before = loads.get();
            instance.view.page(page, load);
            if (instance.view.trusted()) {
                return loads.get() - before;
            }
        }
    }

    private void assertLoadStartedBeforeTheChangeIsNotKept(IssuedKey key, Runnable change) throws Exception {
        TokenFingerprint fingerprint = key.token().fingerprint();
        ApiKey asLoaded = world.stored(key);
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch changed = new CountDownLatch(1);
        ExecutorService loader = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<ApiKey>> load = loader.submit(() -> world.view.keyByFingerprint(fingerprint, read -> {
                // Read before the change; handed back after it.
                loading.countDown();
                await(changed);
                return Optional.of(asLoaded);
            }));
            await(loading);
            change.run();
            changed.countDown();
            assertThat(load.get(10, TimeUnit.SECONDS)).as("the load answers what it read").contains(asLoaded);
        } finally {
            loader.shutdownNow();
        }

        assertThat(world.verify(key, acme.page(0), Permission.PAGES_READ).decision())
                .isEqualTo(io.pagekeys.domain.AccessDecision.denied(DenialReason.REVOKED));
    }

    /** Waits until the listener has applied the notifications of every change committed so far. */
    private void caughtUp() {
        long now = System.nanoTime();
        awaitThat(() -> world.view.caughtUpWith(now));
    }

    private double notifiedInvalidations() {
        return registry.get("pagekeys.view.invalidations").tag("source", "notification").counter().count();
    }

    private static void revokeBehindPagekeys(IssuedKey key) {
        execute("UPDATE api_keys SET revoked_at = now(), revoked_by = 'operator' WHERE id = '" + key.key().id().value() + "'");
    }

    private static void terminateTheListener() {
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE application_name = 'pagekeys listener' AND datname = current_database()");
    }

    private void terminateTheListenerThroughAnotherPool() {
        terminateTheListener();
    }

    private static void execute(String sql) {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int writesOfUses() throws SQLException {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM use_writes")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static Optional<Instant> storedLastUse(IssuedKey key) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT last_used_at FROM api_keys WHERE id = ?")) {
            statement.setString(1, key.key().id().value());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return Optional.ofNullable(rows.getObject(1, java.time.OffsetDateTime.class)).map(java.time.OffsetDateTime::toInstant);
            }
        }
    }

    /**
     * The listener's connection, whose round trips ({@code SELECT 1}) are timed, and wait while
     * {@link #listenerStalled} until the test releases them: a server that stopped answering, the
     * connection still open.
     */
    private Connection stallable(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, arguments) -> {
                    Object answer = invoke(connection, method, arguments);
                    if (method.getName().equals("prepareStatement") && answer instanceof PreparedStatement roundTrip) {
                        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                                (statementProxy, statementMethod, statementArguments) -> {
                                    if (statementMethod.getName().equals("execute")) {
                                        if (listenerStalled.get()) {
                                            stalledSince = System.nanoTime();
                                            await(listenerReleased);
                                        } else {
                                            lastRoundTripSent = System.nanoTime();
                                        }
                                    }
                                    return invoke(roundTrip, statementMethod, statementArguments);
                                });
                    }
                    return answer;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** {@code pool}, or while {@link #storeDown}, a pool that gives no connection. */
    private DataSource failingWhileDown(DataSource pool) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("getConnection") && storeDown.get()) {
                        throw new SQLTransientConnectionException("the test took the store down", "08001");
                    }
                    try {
                        return method.invoke(pool, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch released").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code condition} until it holds, for at most 10 s. */
    private static void awaitThat(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("the condition holds within 10 s").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
