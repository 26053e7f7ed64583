package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/** Makes the HikariCP pool through which the jOOQ adapters reach PostgreSQL. */
public final class ConnectionPool {

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    private ConnectionPool() {}

    /**
     * A pool of at most {@code maximumSize} connections to the PostgreSQL database at {@code jdbcUrl}.
     * It connects once before returning, so that a wrong URL or password fails at start, not at the
     * first request. The caller owns the pool and closes it on shutdown.
     *
     * @param password the password, or an empty string for none (trust authentication)
     * @return a started pool; never null
     * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL or the size is below 1
     * @throws com.zaxxer.hikari.pool.HikariPool.PoolInitializationException when the database cannot be
     *     reached
     */
    public static HikariDataSource create(String jdbcUrl, String user, String password, int maximumSize) {
        requireNonNull(jdbcUrl, "jdbc url is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        if (maximumSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, was " + maximumSize);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("pagekeys");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        if (!password.isEmpty()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(maximumSize);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        // Shows who holds a connection in pg_stat_activity.
        config.addDataSourceProperty("ApplicationName", "pagekeys");
        return new HikariDataSource(config);
    }
}
