package io.pagekeys.application.port.out;

import java.util.function.Supplier;

/**
 * The transaction boundary: each use case runs its reads and writes through one call, so that they all
 * take effect or none does.
 */
public interface UnitOfWork {

    /**
     * Runs {@code work} in one transaction and returns what it returns. When {@code work} throws, every
     * change it made is undone and the exception is rethrown as it is. A call inside another unit of
     * work joins it; if the inner work throws, only its own changes (and its after-commit actions) are
     * undone.
     *
     * <p>When the store aborts the transaction for a reason that running it again resolves (a deadlock,
     * a serialization failure), an adapter may run {@code work} again from the start, once. Work must
     * therefore have no effect outside the store before it returns; what must happen only on success
     * belongs in {@link #afterCommit(Runnable)}.
     *
     * @throws io.pagekeys.application.StoreUnavailableException when the transaction cannot be begun or
     *     committed
     */
    <T> T run(Supplier<T> work);

    /**
     * Runs {@code action} once the current unit of work has committed, outside its transaction, or never
     * if it rolls back; outside a unit of work, runs it at once. For bookkeeping that must neither hold
     * locks for the length of a use case nor be kept when the use case fails, such as recording that a
     * key was used. Actions run in the order given. After a commit, an action that throws does not undo
     * or fail the work already committed: the adapter reports it (in its log) and carries on with the
     * next action. Outside a unit of work, where the action is the whole call, its exception reaches the
     * caller.
     */
    void afterCommit(Runnable action);

    /**
     * Runs {@code work} that only reads, and returns what it returns, without a transaction of its own:
     * each read is a statement of its own, or an answer from an adapter's in-process view of what
     * decisions need (kept fresh as that adapter promises: a change made through this instance is seen
     * at once, one made elsewhere within a second). Nothing is lost by it: a read committed transaction
     * gives each of its statements a snapshot of its own too. A call inside a unit of work joins it, and
     * reads there go to the store. Work given here must not write.
     *
     * @throws io.pagekeys.application.StoreUnavailableException when the store cannot answer a read
     */
    default <T> T read(Supplier<T> work) {
        return work.get();
    }

    /** {@link #run(Supplier)} for work that returns nothing. */
    default void execute(Runnable work) {
        run(() -> {
            work.run();
            return null;
        });
    }
}
