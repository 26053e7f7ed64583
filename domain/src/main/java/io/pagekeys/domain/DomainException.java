package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

/**
 * A rule of the model that a call would break. Each carries a stable, lower-case code (such as
 * {@code invalid_value} or {@code key_not_active}) that adapters map to their own answers.
 */
public class DomainException extends RuntimeException {

    private final String code;

    public DomainException(String code, String message) {
        super(message);
        this.code = requireNonNull(code, "code is null");
    }

    /** The stable code of this rejection. */
    public String code() {
        return code;
    }
}
