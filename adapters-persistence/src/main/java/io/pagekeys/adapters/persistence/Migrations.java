package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings a database up to the schema of this version of pagekeys, with the Flyway migrations under
 * {@value #LOCATION}. Safe to run at every start, and from several processes at once (Flyway takes a
 * PostgreSQL advisory lock while it migrates).
 */
public final class Migrations {

    /** Where the migrations live on the class path. */
    public static final String LOCATION = "classpath:db/migration";

    private Migrations() {}

    /**
     * Applies the migrations that the database behind {@code dataSource} lacks, in the connection's
     * default schema ({@code public} unless the URL says otherwise).
     *
     * @return how many migrations this call applied: 0 when the schema was already up to date
     * @throws IllegalStateException when a migration fails, or when the database holds a schema that
     *     these migrations do not describe (edited or unknown migrations)
     */
    public static int apply(DataSource dataSource) {
        requireNonNull(dataSource, "data source is null");
        return migrate(Flyway.configure().dataSource(dataSource));
    }

    /**
     * Like {@link #apply(DataSource)}, in {@code schema}, which is created when missing. Meant for
     * tests that isolate themselves in a schema of their own; the generated jOOQ classes name no
     * schema, so connections must then use that schema as their search path.
     *
     * @return how many migrations this call applied: 0 when the schema was already up to date
     * @throws IllegalStateException when a migration fails or the schema does not match them
     */
    public static int apply(DataSource dataSource, String schema) {
        requireNonNull(dataSource, "data source is null");
        requireNonNull(schema, "schema is null");
        return migrate(Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema));
    }

    /**
     * Like {@link #apply(DataSource)}, on connections of its own to the database at {@code jdbcUrl}
     * rather than a pool's: without the bounds that the request path puts on each statement (a
     * migration may rewrite or index a large table), though still giving up connecting after
     * {@code timeouts}' connect timeout.
     *
     * @param password empty for none
     * @return how many migrations this call applied: 0 when the schema was already up to date
     */
    public static int apply(String jdbcUrl, String user, String password, StoreTimeouts timeouts) {
        requireNonNull(jdbcUrl, "jdbc url is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(timeouts, "timeouts is null");
        PGSimpleDataSource direct = new PGSimpleDataSource();
        direct.setURL(jdbcUrl);
        direct.setUser(user);
        if (!password.isEmpty()) {
            direct.setPassword(password);
        }
        direct.setConnectTimeout((int) timeouts.connect().toSeconds());
        direct.setLoginTimeout((int) timeouts.connect().toSeconds() + 1);
        direct.setApplicationName("pagekeys migrations");
        return apply(direct);
    }

    private static int migrate(org.flywaydb.core.api.configuration.FluentConfiguration configuration) {
        try {
            return configuration
                    .locations(LOCATION)
                    // A jar packaged without its migrations must fail here, not at the first query.
                    .failOnMissingLocations(true)
                    .validateMigrationNaming(true)
                    .load()
                    .migrate()
                    .migrationsExecuted;
        } catch (FlywayException e) {
            throw new IllegalStateException("database migration failed: " + e.getMessage(), e);
        }
    }
}
