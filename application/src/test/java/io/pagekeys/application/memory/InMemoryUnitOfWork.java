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
}
