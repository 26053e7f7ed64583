package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import io.pagekeys.application.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactions of one database, shared by every jOOQ adapter of it: the unit of work running on the
 * current thread holds one connection, on which every adapter call of that thread runs until the unit
 * ends. Outside a unit of work, each statement takes a pooled connection in autocommit, and a call made
 * of several statements runs in a short transaction of its own.
 *
 * <p>Failures of the database come out as the application's exceptions ({@link StoreFailures}): a store
 * that cannot answer as {@link StoreUnavailableException}, never as a jOOQ or JDBC exception.
 *
 * <p>An outermost unit that PostgreSQL aborts for a deadlock or a serialization failure is run once more
 * from the start, on a fresh transaction: its work is a {@link Supplier} that the caller hands over whole,
 * whose changes to the database were all undone, and whose after-commit actions were dropped with them.
 * What the work does besides the database (reading the clock, drawing random numbers) it does again:
 * harmless as long as its only lasting effects are in the store or in after-commit actions, as is true
 * of the application's use cases. A nested unit is never run again by itself: its failure reaches the
 * outermost unit, which is.
 */
public final class Transactions {

    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    /** How often an outermost unit that PostgreSQL aborted to let others through is run in all. */
    private static final int ATTEMPTS = 2;

    private final DataSource dataSource;
    private final DSLContext sql;
    /**
     * What runs on each thread: its unit of work, or the reading work running outside one and its
     * after-commit actions. One object per thread, kept and reset rather than set and removed, and one
     * thread-local for both, since a verification asks about them several times on every request.
     */
    private final ThreadLocal<OnThread> threads = ThreadLocal.withInitial(OnThread::new);

    private static final class OnThread {
        /** The unit of work running on the thread, or null. */
        private Unit unit;
        /** Whether reading work runs on the thread, outside a unit of work. */
        private boolean active;
        private final List<Runnable> afterwards = new ArrayList<>(2);

        /** Whether a unit of work runs on the thread: then every read must go to the store, in its transaction. */
        boolean inUnitOfWork() {
            return unit != null;
        }
    }

    /** The unit of work of a thread: its connection, and what is to run once it has committed. */
    private static final class Unit {

        final Connection connection;
        final List<Runnable> afterCommit = new ArrayList<>();

        Unit(Connection connection) {
            this.connection = connection;
        }
    }

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
     * changes undone. An outermost unit aborted by a deadlock or serialization failure runs once more.
     *
     * @throws StoreUnavailableException when the transaction cannot be begun or committed
     */
    <T> T run(Supplier<T> work) {
        requireNonNull(work, "work is null");
        Unit outer = threads.get().unit;
        return outer == null ? outermost(work) : withinSavepoint(outer, work);
    }

    /**
     * Runs {@code action} once the outermost unit of work of this thread has committed, after its
     * connection went back to the pool; never when the unit, or the nested unit that gave it, is undone.
     * An action that throws there is logged, and the next one runs: the work it follows is committed.
     * Outside a unit of work, runs it at once as a plain call, whose exception reaches the caller.
     */
    void afterCommit(Runnable action) {
        requireNonNull(action, "action is null");
        OnThread here = threads.get();
        Unit unit = here.unit;
        if (unit != null) {
            unit.afterCommit.add(action);
        } else if (here.active) {
            here.afterwards.add(action);
        } else {
            action.run();
        }
    }

    /**
     * Whether {@link #afterCommit} would defer an action now (a unit of work or reading work runs on this
     * thread) rather than run it at once: lets a caller on a hot path skip making the action.
     */
    boolean deferring() {
        OnThread here = threads.get();
        return here.unit != null || here.active;
    }

    /**
     * Runs {@code work}, which only reads, without a transaction: each statement in autocommit. Inside a
     * unit of work, joins it. Actions given to {@link #afterCommit} meanwhile run once the work has
     * returned, and not at all when it throws, as for a unit of work.
     */
    <T> T read(Supplier<T> work) {
        requireNonNull(work, "work is null");
        OnThread read = threads.get();
        if (read.unit != null || read.active) {
            return work.get();
        }
        read.active = true;
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            read.active = false;
            read.afterwards.clear();
            throw e;
        }
        read.active = false;
        switch (read.afterwards.size()) {
            case 0 -> { }
            case 1 -> {
                Runnable only = read.afterwards.get(0);
                read.afterwards.clear();
                runQuietly(only);
            }
            default -> {
                Runnable[] actions = read.afterwards.toArray(new Runnable[0]);
                read.afterwards.clear();
                for (Runnable action : actions) {
                    runQuietly(action);
                }
            }
        }
        return result;
    }

    /** Whether a unit of work runs on this thread: then every read must go to the store, in its transaction. */
    boolean inUnitOfWork() {
        return threads.get().inUnitOfWork();
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
        if (threads.get().unit != null) {
            return statement(statements);
        }
        return outermost(() -> statement(statements));
    }

    private <T> T outermost(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (StoreUnavailableException failure) {
                if (attempt >= ATTEMPTS || !StoreFailures.isRetryable(failure)) {
                    throw failure;
                }
                LOG.info("running a unit of work again after PostgreSQL aborted it: {}", failure.getMessage());
            }
        }
    }

    private <T> T once(Supplier<T> work) {
        Connection connection = open();
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            release(connection, false);
            throw StoreFailures.translated(e);
        }
        Unit unit = new Unit(connection);
        threads.get().unit = unit;
        T result;
        try {
            result = work.get();
        } catch (Throwable failure) {
            threads.get().unit = null;
            release(connection, rollback(connection, failure));
            throw failure;
        }
        threads.get().unit = null;
        try {
            connection.commit();
        } catch (SQLException e) {
            RuntimeException translated = StoreFailures.translated(e);
            release(connection, rollback(connection, translated));
            throw translated;
        }
        release(connection, true);
        // After the connection went back: an action that uses the store takes a connection of its own.
        unit.afterCommit.forEach(Transactions::runQuietly);
        return result;
    }

    private static <T> T withinSavepoint(Unit unit, Supplier<T> work) {
        Connection connection = unit.connection;
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw StoreFailures.translated(e);
        }
        int actionsBefore = unit.afterCommit.size();
        T result;
        try {
            result = work.get();
        } catch (Throwable failure) {
            // The actions of undone work go with it, even when the outer work carries on.
            unit.afterCommit.subList(actionsBefore, unit.afterCommit.size()).clear();
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

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // Bookkeeping after the fact: the work it follows is committed and must not be reported failed.
            LOG.warn("an action after commit failed; the committed work stands", e);
        }
    }

    private Connection open() {
        try {
            return dataSource.getConnection();
        } catch (SQLException | RuntimeException e) {
            // A closed pool, a pool that timed out, a server that refuses: no decision can be made.
            throw new StoreUnavailableException("the store cannot be reached: no connection", e);
        }
    }

    /** Rolls back, and answers whether that worked; the failure to do so is added to {@code failure}. */
    private static boolean rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
            return true;
        } catch (SQLException e) {
            failure.addSuppressed(StoreFailures.translated(e));
            return false;
        }
    }

    /**
     * Hands a connection back. One whose transaction ended is put back in autocommit first, as the
     * pool's next borrower expects; one whose transaction may still be open (its rollback failed) is
     * aborted instead: switching autocommit back on would commit that transaction (JDBC says so, and
     * pgjdbc does), and an aborted connection is one the pool evicts, not one it lends again.
     */
    private static void release(Connection connection, boolean transactionEnded) {
        boolean usable = transactionEnded;
        if (usable) {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                usable = false;
            }
        }
        if (!usable) {
            abort(connection);
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing is left to undo or keep: the transaction has ended or was abandoned to the server.
        }
    }

    /** Drops the physical connection: the server then rolls back whatever was open on it. */
    private static void abort(Connection connection) {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not abort a connection whose transaction is in doubt", e);
        }
    }

    /** Hands jOOQ the connection of the current unit of work, else a pooled one for one statement. */
    private final class CurrentConnection implements ConnectionProvider {

        @Override
        public Connection acquire() {
            Unit unit = threads.get().unit;
            return unit != null ? unit.connection : open();
        }

        private boolean isCurrent(Connection connection) {
            Unit unit = threads.get().unit;
            return unit != null && unit.connection == connection;
        }

        @Override
        public void release(Connection connection) {
            if (!isCurrent(connection)) {
                // An autocommit connection of one statement: nothing is open on it.
                Transactions.release(connection, true);
            }
        }
    }
}
