package io.pagekeys.domain;

import java.util.Locale;
import java.util.Optional;

/** The kind of an update posted on an incident. */
public enum UpdateType {
    INVESTIGATING,
    IDENTIFIED,
    MONITORING,
    UPDATE,
    RESOLVED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<UpdateType> fromCode(String code) {
        for (UpdateType type : values()) {
            if (type.code().equals(code)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
