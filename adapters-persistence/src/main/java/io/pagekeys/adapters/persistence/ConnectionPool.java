package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Properties;

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
 *       request that hangs with its connection. On the server: a lock waited for (SQLState 55P03) or a
 *       statement running (57014) longer than one second under the {@linkplain StoreTimeouts#query()
 *       query timeout}, and a transaction left idle for longer than {@value #IDLE_IN_TRANSACTION_TIMEOUT},
 *       which the server ends with its session so that its locks go (a unit of work holds its
 *       transaction only while its work runs; one idle that long belongs to a thread that is stuck). On
 *       the client, since the server's limits cannot fire while it is frozen: the {@link StoreTimeouts}
 *       on connecting, on each round trip and on waiting for a connection of the pool.
 * </ul>
 */
public final class ConnectionPool {

    static final String IDLE_IN_TRANSACTION_TIMEOUT = "60s";

    private ConnectionPool() {}

    /**
     * Run once on each new connection. Not the startup parameter {@code options}: pgjdbc sends the JVM's
     * zone as the startup parameter {@code TimeZone}, which the server applies after {@code options}.
     */
    static String sessionSetup(StoreTimeouts timeouts) {
        long limit = timeouts.serverStatementLimit().toMillis();
        return "SET TIME ZONE 'UTC';"
                + " SET lock_timeout = " + limit + ";"
                + " SET statement_timeout = " + limit + ";"
                + " SET idle_in_transaction_session_timeout = '" + IDLE_IN_TRANSACTION_TIMEOUT + "'";
    }

    /** The client-side bounds of {@code timeouts} as pgjdbc's connection properties. */
    static Properties driverProperties(StoreTimeouts timeouts) {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", Long.toString(timeouts.connect().toSeconds()));
        properties.setProperty("loginTimeout", Long.toString(timeouts.connect().toSeconds() + 1));
        properties.setProperty("socketTimeout", Long.toString(timeouts.query().toSeconds()));
        return properties;
    }

    /** Like {@link #create(String, String, String, int, StoreTimeouts)} with {@link StoreTimeouts#DEFAULTS}. */
    public static HikariDataSource create(String jdbcUrl, String user, String password, int maximumSize) {
        return create(jdbcUrl, user, password, maximumSize, StoreTimeouts.DEFAULTS);
    }

    /**
     * A pool of at most {@code maximumSize} connections to the PostgreSQL database at {@code jdbcUrl}.
     * It connects once before returning, so that a wrong URL or password fails at start, not at the
     * first request. Its sessions are in UTC, with the time limits above and {@code timeouts} on the
     * client's side. The caller owns the pool and
     * closes it on shutdown.
     *
     * @param password the password, or an empty string for none (trust authentication)
     * @return a started pool; never null
     * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL or the size is below 1
     * @throws com.zaxxer.hikari.pool.HikariPool.PoolInitializationException when the database cannot be
     *     reached
     */
    public static HikariDataSource create(String jdbcUrl, String user, String password, int maximumSize, StoreTimeouts timeouts) {
        requireNonNull(timeouts, "timeouts is null");
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
        config.setConnectionTimeout(timeouts.poolWait().toMillis());
        config.setValidationTimeout(timeouts.validation().toMillis());
        config.setConnectionInitSql(sessionSetup(timeouts));
        config.setDataSourceProperties(driverProperties(timeouts));
        // Shows who holds a connection in pg_stat_activity.
        config.addDataSourceProperty("ApplicationName", "pagekeys");
        return new HikariDataSource(config);
    }
}
