package io.pagekeys.application;

import static java.util.Objects.requireNonNull;

/**
 * A refusal of the application, with a stable lower-case code that adapters map to their answers in
 * one place. Messages never contain a secret.
 */
public abstract class ApplicationException extends RuntimeException {

    private final String code;

    protected ApplicationException(String code, String message) {
        super(message);
        this.code = requireNonNull(code, "code is null");
    }

    protected ApplicationException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = requireNonNull(code, "code is null");
    }

    /** The stable code, such as {@code not_found}, {@code escalation} or {@code subdomain_taken}. */
    public String code() {
        return code;
    }
}
