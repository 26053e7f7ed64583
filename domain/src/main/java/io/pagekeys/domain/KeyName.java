package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

/** The name a person gives a key: 1 to 100 characters, no control characters, not necessarily unique. */
public record KeyName(String value) {

    public static final int MAX_LENGTH = 100;

    public KeyName {
        value = Text.line("name", value, MAX_LENGTH);
    }

    public static KeyName of(String value) {
        return new KeyName(requireNonNull(value, "name is null"));
    }

    @Override
    public String toString() {
        return value;
    }
}
