package io.pagekeys.application.memory;

import io.pagekeys.application.port.out.UnitOfWork;
import java.util.function.Supplier;

/**
 * {@link UnitOfWork} on an {@link InMemoryStore}. Units run one at a time, holding the store's lock from
 * start to end. When the work throws, every change it made is undone (the store's tables are restored
 * from a snapshot taken at the start) and the exception is rethrown as it is. A nested call joins the
 * unit around it: its changes are committed with the outer unit, or undone with it; when the nested
 * work throws, its own changes are undone, like a savepoint, whether or not the outer work catches the
 * exception. Sequences are not rolled back, as PostgreSQL's are not.
 *
 * <p>{@link #afterCommit(Runnable)} keeps the action until the outermost unit commits, then runs it once
 * the store is free again (outside the unit, so that its own port calls commit at once); a unit that is
 * undone drops the actions registered in it, a failed nested unit those registered within it. An action
 * that throws after the commit is reported on {@link InMemoryStore#afterCommitFailures()} instead of the
 * adapter's log, and the next one runs. Outside a unit, the action runs at once, as a plain call.
 */
public final class InMemoryUnitOfWork implements UnitOfWork {

    private final InMemoryStore store;

    InMemoryUnitOfWork(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public <T> T run(Supplier<T> work) {
        return store.inUnit(work);
    }

    @Override
    public void afterCommit(Runnable action) {
        store.afterCommit(action);
    }
}
