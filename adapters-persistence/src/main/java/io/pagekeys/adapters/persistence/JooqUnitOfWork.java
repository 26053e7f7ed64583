package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import io.pagekeys.application.port.out.UnitOfWork;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * {@link UnitOfWork} as one PostgreSQL transaction (read committed) on one connection, bound to the
 * calling thread until the work returns; the jOOQ adapters of the same {@link Transactions} run their
 * statements on it. A nested call joins the transaction around it within a savepoint: its changes are
 * committed or undone with the outer work, and undone alone when the nested work throws. Consistency
 * under concurrency comes from row locks ({@code lockById}), which hold across instances.
 *
 * <p>An outermost unit that PostgreSQL aborts for a deadlock or a serialization failure runs once more
 * from the start (see {@link Transactions}). Actions given to {@link #afterCommit(Runnable)} run on the
 * calling thread once the outermost unit has committed and its connection went back to the pool, each
 * in autocommit (or in a unit of its own); a failing one is logged through SLF4J and skipped. Outside a
 * unit, an action runs at once and what it throws reaches the caller.
 */
public final class JooqUnitOfWork implements UnitOfWork {

    private final Transactions transactions;

    @Inject
    public JooqUnitOfWork(Transactions transactions) {
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @Override
    public <T> T run(Supplier<T> work) {
        return transactions.run(work);
    }

    @Override
    public <T> T read(Supplier<T> work) {
        return transactions.read(work);
    }

    @Override
    public void afterCommit(Runnable action) {
        transactions.afterCommit(action);
    }
}
