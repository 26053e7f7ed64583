package io.pagekeys.application;

/**
 * The store could not answer (database down, pool exhausted, timeout). No decision can be made, so the
 * caller must deny: pagekeys fails closed. Code {@code store_unavailable}.
 */
public final class StoreUnavailableException extends ApplicationException {

    public StoreUnavailableException(String message, Throwable cause) {
        super("store_unavailable", message, cause);
    }
}
