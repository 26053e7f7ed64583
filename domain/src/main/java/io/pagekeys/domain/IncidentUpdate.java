package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One message posted on an incident. */
public record IncidentUpdate(UpdateType type, String description, Instant createdAt) {

    public static final int MAX_DESCRIPTION_LENGTH = 5000;

    public IncidentUpdate {
        requireNonNull(type, "type is null");
        description = Text.paragraph("description", description, MAX_DESCRIPTION_LENGTH);
        requireNonNull(createdAt, "created at is null");
    }
}
