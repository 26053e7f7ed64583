package io.pagekeys.domain;

import java.util.Locale;
import java.util.Optional;

/** The kind of an incident, as status pages show it. */
public enum IncidentType {
    MAJOR,
    MINOR,
    SCHEDULED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<IncidentType> fromCode(String code) {
        for (IncidentType type : values()) {
            if (type.code().equals(code)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
