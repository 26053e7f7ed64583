package io.pagekeys.application.port.out;

import java.util.function.Supplier;

/**
 * The transaction boundary: each use case runs its reads and writes through one call, so that they all
 * take effect or none does.
 */
public interface UnitOfWork {

    /**
     * Runs {@code work} in one transaction and returns what it returns. When {@code work} throws, every
     * change it made is undone and the exception is rethrown as it is.
     *
     * @throws io.pagekeys.application.StoreUnavailableException when the transaction cannot be begun or
     *     committed
     */
    <T> T run(Supplier<T> work);

    /** {@link #run(Supplier)} for work that returns nothing. */
    default void execute(Runnable work) {
        run(() -> {
            work.run();
            return null;
        });
    }
}
