package io.pagekeys.adapters.persistence;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Opens the one long-lived connection on which an instance listens for changes ({@link ChangeListener}):
 * a connection of its own, which no pool lends, checks or recycles, and which the listener closes.
 */
@FunctionalInterface
public interface DedicatedConnection {

    /**
     * A new connection to the store, in autocommit.
     *
     * @throws SQLException when the store cannot be reached
     */
    Connection open() throws SQLException;

    /**
     * Connections to the database at {@code jdbcUrl}, outside any pool.
     *
     * @param password empty for none
     */
    static DedicatedConnection to(String jdbcUrl, String user, String password) {
        return to(jdbcUrl, user, password, StoreTimeouts.DEFAULTS);
    }

    /**
     * Connections to the database at {@code jdbcUrl}, outside any pool, that give up connecting after
     * {@code timeouts}' connect timeout (the listener bounds its round trips itself).
     *
     * @param password empty for none
     */
    static DedicatedConnection to(String jdbcUrl, String user, String password, StoreTimeouts timeouts) {
        return () -> {
            Properties properties = new Properties();
            properties.setProperty("connectTimeout", Long.toString(timeouts.connect().toSeconds()));
            properties.setProperty("loginTimeout", Long.toString(timeouts.connect().toSeconds() + 1));
            properties.setProperty("user", user);
            if (!password.isEmpty()) {
                properties.setProperty("password", password);
            }
            properties.setProperty("ApplicationName", "pagekeys listener");
            return DriverManager.getConnection(jdbcUrl, properties);
        };
    }

    /**
     * Connections to the database of {@code dataSource}: outside the pool when it is a HikariCP pool
     * configured with a JDBC URL (such as {@link ConnectionPool} makes); otherwise a connection of the
     * data source itself, held for as long as the listener runs (from a pool, it is one connection the
     * pool cannot lend while held).
     */
    static DedicatedConnection of(DataSource dataSource) {
        return () -> {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
                if (pool.getJdbcUrl() != null) {
                    String password = pool.getPassword() == null ? "" : pool.getPassword();
                    String user = pool.getUsername() == null ? "" : pool.getUsername();
                    return to(pool.getJdbcUrl(), user, password).open();
                }
            }
            return dataSource.getConnection();
        };
    }
}
