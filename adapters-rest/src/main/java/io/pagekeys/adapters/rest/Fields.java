package io.pagekeys.adapters.rest;

import io.pagekeys.domain.InvalidValueException;
import java.util.List;
import java.util.function.Function;

/** Checks of request fields that the JSON reader cannot make: presence, and values named in the model. */
final class Fields {

    private Fields() {}

    /** {@code value}, which the request must have. */
    static <T> T required(T value, String field) {
        if (value == null) {
            throw HttpProblem.unprocessable("missing_field", field, field + " is required");
        }
        return value;
    }

    /**
     * {@code parse} applied to {@code value}; an invalid value is reported on {@code field}, whatever name
     * the model gives it (a subdomain in a key's {@code status_pages}, an address in {@code client_ip}).
     */
    static <T> T parsed(String value, String field, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (InvalidValueException e) {
            throw new InvalidValueException(field, e.getMessage().substring(e.field().length() + 2));
        }
    }

    /** Every element of a list parsed; a null element is the wrong type. */
    static <T> List<T> each(List<String> values, String field, Function<String, T> parse) {
        return values.stream().map(value -> {
            if (value == null) {
                throw HttpProblem.unprocessable("wrong_type", field, field + " must hold strings only");
            }
            return parsed(value, field, parse);
        }).toList();
    }

    static InvalidValueException invalid(String field, String message) {
        return new InvalidValueException(field, message);
    }
}
