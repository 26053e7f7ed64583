package io.pagekeys.application;

/** The target of a call does not exist, or is not where the call says it is. Code {@code not_found}. */
public final class NotFoundException extends ApplicationException {

    public NotFoundException(String message) {
        super("not_found", message);
    }
}
