package io.pagekeys.domain;

import java.util.Locale;
import java.util.Optional;

/** Whether an incident is still going on. */
public enum IncidentStatus {
    OPEN,
    RESOLVED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<IncidentStatus> fromCode(String code) {
        for (IncidentStatus type : values()) {
            if (type.code().equals(code)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
