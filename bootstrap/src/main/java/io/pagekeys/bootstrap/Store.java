package io.pagekeys.bootstrap;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.pagekeys.adapters.persistence.ConnectionPool;
import io.pagekeys.adapters.persistence.DedicatedConnection;
import io.pagekeys.adapters.persistence.EmbeddedDatabase;
import io.pagekeys.adapters.persistence.Migrations;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL that pagekeys keeps its data in, as the configuration chooses it: an external server
 * at a JDBC URL, or the embedded one with its data in a kept directory. Opening it migrates the schema;
 * closing it closes the pool, then stops the embedded server if this process started it.
 */
final class Store implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;]*");

    private final Optional<EmbeddedDatabase> embedded;
    private final HikariDataSource pool;
    private final DedicatedConnection listenerConnection;
    private final HealthProbe health;

    private Store(Optional<EmbeddedDatabase> embedded, HikariDataSource pool, DedicatedConnection listenerConnection) {
        this.embedded = embedded;
        this.pool = pool;
        this.listenerConnection = listenerConnection;
        this.health = new HealthProbe(pool);
    }

    /** Opens the store that {@code configuration} names and brings its schema up to date. */
    static Store open(Configuration configuration) {
        requireNonNull(configuration, "configuration is null");
        if (configuration.jdbcUrl().isPresent()) {
            String url = configuration.jdbcUrl().get();
            LOG.info("Store: PostgreSQL at {}", withoutPassword(url));
            String user = configuration.jdbcUser().orElse("postgres");
            String password = configuration.jdbcPassword().orElse("");
            HikariDataSource pool = pool(url, user, password, configuration);
            return migrated(new Store(Optional.empty(), pool, DedicatedConnection.to(url, user, password, configuration.timeouts())),
                    () -> Migrations.apply(url, user, password, configuration.timeouts()));
        }
        EmbeddedDatabase database = EmbeddedDatabase.start(configuration.dataDirectory());
        LOG.info("Store: embedded PostgreSQL, data in {} (port {}, {})", configuration.dataDirectory(), database.port(),
                database.ownsServer() ? "started by this process" : "served by another pagekeys process");
        try {
            HikariDataSource pool = pool(database.jdbcUrl(), database.user(), database.password(), configuration);
            return migrated(new Store(Optional.of(database), pool,
                    DedicatedConnection.to(database.jdbcUrl(), database.user(), database.password(), configuration.timeouts())),
                    () -> Migrations.apply(database.jdbcUrl(), database.user(), database.password(), configuration.timeouts()));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * The pool of connections to the database at {@code url}, connected once.
     *
     * @throws IllegalStateException when the database cannot be reached or refuses the login, saying which
     *     database (without its password) and why
     */
    private static HikariDataSource pool(String url, String user, String password, Configuration configuration) {
        try {
            return ConnectionPool.create(url, user, password, configuration.poolSize(), configuration.timeouts());
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot reach PostgreSQL at " + withoutPassword(url) + ": " + cause.getMessage(), e);
        }
    }

    /** {@code url} fit for a log line: a password given in it as a parameter is blotted out. */
    static String withoutPassword(String url) {
        return PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    }

    private static Store migrated(Store store, IntSupplier migrations) {
        try {
            int applied = migrations.getAsInt();
            if (applied > 0) {
                LOG.info("Store: applied {} schema migration(s)", applied);
            }
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    DataSource dataSource() {
        return pool;
    }

    /** The connection the view's listener holds, outside the pool. */
    DedicatedConnection listenerConnection() {
        return listenerConnection;
    }

    /** Whether the database answers now: decided within {@link HealthProbe#DEADLINE} however it fails. */
    boolean answers() {
        return health.storeAnswers();
    }

    @Override
    public void close() {
        pool.close();
        embedded.ifPresent(EmbeddedDatabase::close);
    }
}
