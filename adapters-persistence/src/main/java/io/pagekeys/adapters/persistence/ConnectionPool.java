package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * Makes the HikariCP pool through which the jOOQ adapters reach PostgreSQL.
 *
 * <p>Every session of the pool is set up alike, whatever the JVM's default time zone and the server's
 * defaults:
 *
 * <ul>
 *   <li>Time zone UTC. pgjdbc would otherwise give the session the JVM's default zone, and anything the
 *       server computes in local time (a {@code timestamptz} plus a calendar interval, a cast to a date)
 *       would change with the host's zone and its daylight-saving changes.
 *   <li>Limits that turn a stuck database into a prompt failure (503, failing closed) rather than a
 *       request that hangs with its connection: a lock waited for longer than {@value #LOCK_TIMEOUT}
 *       (SQLState 55P03), a statement running longer than {@value #STATEMENT_TIMEOUT} (57014), and a
 *       transaction left idle for longer than {@value #IDLE_IN_TRANSACTION_TIMEOUT}, which the server
 *       ends with its session so that its locks go (a unit of work holds its transaction only while its
 *       work runs; one idle that long belongs to a thread that is stuck).
 * </ul>
 */
public final class ConnectionPool {

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    static final String LOCK_TIMEOUT = "10s";
    static final String STATEMENT_TIMEOUT = "30s";
    static final String IDLE_IN_TRANSACTION_TIMEOUT = "60s";

    /**
     * Run once on each new connection. Not the startup parameter {@code options}: pgjdbc sends the JVM's
     * zone as the startup parameter {@code TimeZone}, which the server applies after {@code options}.
     */
    static final String SESSION_SETUP = "SET TIME ZONE 'UTC';"
            + " SET lock_timeout = '" + LOCK_TIMEOUT + "';"
            + " SET statement_timeout = '" + STATEMENT_TIMEOUT + "';"
            + " SET idle_in_transaction_session_timeout = '" + IDLE_IN_TRANSACTION_TIMEOUT + "'";

    private ConnectionPool() {}

    /**
     * A pool of at most {@code maximumSize} connections to the PostgreSQL database at {@code jdbcUrl}.
     * It connects once before returning, so that a wrong URL or password fails at start, not at the
     * first request. Its sessions are in UTC, with the time limits above. The caller owns the pool and
     * closes it on shutdown.
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
        config.setConnectionInitSql(SESSION_SETUP);
        // Shows who holds a connection in pg_stat_activity.
        config.addDataSourceProperty("ApplicationName", "pagekeys");
        return new HikariDataSource(config);
    }
}
