package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import io.pagekeys.application.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

/**
 * The transactions of one database, shared by every jOOQ adapter of it: the unit of work running on the
 * current thread holds one connection, on which every adapter call of that thread runs until the unit
 * ends. Outside a unit of work, each statement takes a pooled connection in autocommit, and a call made
 * of several statements runs in a short transaction of its own.
 *
 * <p>Failures of the database come out as the application's exceptions ({@link StoreFailures}): a store
 * that cannot answer as {@link StoreUnavailableException}, never as a jOOQ or JDBC exception.
 */
public final class Transactions {

    private final DataSource dataSource;
    private final DSLContext sql;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();

    /** Transactions on {@code dataSource}, which should be pooled. Connects to nothing yet. */
    public Transactions(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "data source is null");
        this.sql = DSL.using(new DefaultConfiguration()
                .set(SQLDialect.POSTGRES)
                .set(new CurrentConnection())
                .set(new Settings()
                        // Nothing reads them, and each costs a call per statement.
                        .withExecuteLogging(false)
                        .withFetchWarnings(false)
                        .withRenderSchema(false)));
    }

    /**
     * Runs {@code work} in the unit of work of this thread, beginning one when there is none and
     * committing it when {@code work} returns. Nested, it joins the unit around it within a savepoint, so
     * that failed nested work is undone alone. Whatever {@code work} throws comes out as it is, its
     * changes undone.
     *
     * @throws StoreUnavailableException when the transaction cannot be begun or committed
     */
    <T> T run(Supplier<T> work) {
        requireNonNull(work, "work is null");
        Connection outer = current.get();
        return outer == null ? outermost(work) : withinSavepoint(outer, work);
    }

    /**
     * One statement: on the connection of the current unit of work, or on a pooled connection in
     * autocommit. Never null unless {@code statement} answers null.
     */
    <T> T statement(Function<DSLContext, T> statement) {
        try {
            return statement.apply(sql);
        } catch (DataAccessException e) {
            throw StoreFailures.translated(e);
        }
    }

    /**
     * Several statements that must take effect together: in the current unit of work when there is one
     * (no savepoint: a refusal that the adapter throws comes before any change, or the unit ends anyway),
     * else in a transaction of their own.
     */
    <T> T atomically(Function<DSLContext, T> statements) {
        if (current.get() != null) {
            return statement(statements);
        }
        return outermost(() -> statement(statements));
    }

    private <T> T outermost(Supplier<T> work) {
        Connection connection = open();
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            close(connection);
            throw StoreFailures.translated(e);
        }
        current.set(connection);
        T result;
        try {
            result = work.get();
        } catch (Throwable failure) {
            current.remove();
            rollback(connection, failure);
            close(connection);
            throw failure;
        }
        current.remove();
        try {
            connection.commit();
        } catch (SQLException e) {
            RuntimeException translated = StoreFailures.translated(e);
            rollback(connection, translated);
            close(connection);
            throw translated;
        }
        close(connection);
        return result;
    }

    private static <T> T withinSavepoint(Connection connection, Supplier<T> work) {
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw StoreFailures.translated(e);
        }
        T result;
        try {
            result = work.get();
        } catch (Throwable failure) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException e) {
                failure.addSuppressed(StoreFailures.translated(e));
            }
            throw failure;
        }
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw StoreFailures.translated(e);
        }
        return result;
    }

    private Connection open() {
        try {
            return dataSource.getConnection();
        } catch (SQLException | RuntimeException e) {
            // A closed pool, a pool that timed out, a server that refuses: no decision can be made.
            throw new StoreUnavailableException("the store cannot be reached: no connection", e);
        }
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The original failure is what the caller must see; a broken connection is evicted on close.
            failure.addSuppressed(StoreFailures.translated(e));
        }
    }

    private static void close(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // A broken connection: closing it below lets the pool evict it.
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing is left to undo or keep: the transaction has ended either way.
        }
    }

    /** Hands jOOQ the connection of the current unit of work, else a pooled one for one statement. */
    private final class CurrentConnection implements ConnectionProvider {

        @Override
        public Connection acquire() {
            Connection bound = current.get();
            return bound != null ? bound : open();
        }

        @Override
        public void release(Connection connection) {
            if (connection != current.get()) {
                close(connection);
            }
        }
    }
}
