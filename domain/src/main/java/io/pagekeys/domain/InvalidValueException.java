package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

/**
 * A value that the model refuses: a subdomain with upper-case letters, a CIDR with host bits set, a
 * key name of 300 characters. Carries the name of the offending field so that an adapter can point
 * at it. The message never contains a secret.
 */
public final class InvalidValueException extends DomainException {

    private final String field;

    public InvalidValueException(String field, String message) {
        super("invalid_value", field + ": " + message);
        this.field = requireNonNull(field, "field is null");
    }

    /** The name of the field that holds the invalid value, in the model's words. */
    public String field() {
        return field;
    }
}
