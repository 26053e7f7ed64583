package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A minimal incident record on a status page: enough for keys to have something to write. The id is
 * given by the store when the incident is first saved.
 */
public record Incident(
        Optional<IncidentId> id,
        Subdomain page,
        String title,
        IncidentType type,
        IncidentStatus status,
        List<IncidentUpdate> updates,
        Instant createdAt,
        Optional<Instant> resolvedAt) {

    public static final int MAX_TITLE_LENGTH = 200;

    public Incident {
        requireNonNull(id, "id is null");
        requireNonNull(page, "page is null");
        title = Text.line("title", title, MAX_TITLE_LENGTH);
        requireNonNull(type, "type is null");
        requireNonNull(status, "status is null");
        updates = List.copyOf(requireNonNull(updates, "updates is null"));
        requireNonNull(createdAt, "created at is null");
        requireNonNull(resolvedAt, "resolved at is null");
        if ((status == IncidentStatus.RESOLVED) != resolvedAt.isPresent()) {
            throw new IllegalArgumentException("a resolved incident, and only one, has a resolution instant");
        }
    }

    /** A new incident, not yet stored. */
    public static Incident open(Subdomain page, String title, IncidentType type, List<IncidentUpdate> updates, Instant now) {
        return new Incident(Optional.empty(), page, title, type, IncidentStatus.OPEN, updates, now, Optional.empty());
    }

    public Incident withId(IncidentId newId) {
        return new Incident(Optional.of(newId), page, title, type, status, updates, createdAt, resolvedAt);
    }

    public Incident retitled(String newTitle) {
        return new Incident(id, page, newTitle, type, status, updates, createdAt, resolvedAt);
    }

    public Incident retyped(IncidentType newType) {
        return new Incident(id, page, title, newType, status, updates, createdAt, resolvedAt);
    }

    /** This incident in {@code newStatus}; resolving records {@code now}, reopening clears it. */
    public Incident withStatus(IncidentStatus newStatus, Instant now) {
        if (newStatus == status) {
            return this;
        }
        Optional<Instant> resolution = newStatus == IncidentStatus.RESOLVED ? Optional.of(now) : Optional.empty();
        return new Incident(id, page, title, type, newStatus, updates, createdAt, resolution);
    }

    public Incident withUpdate(IncidentUpdate update) {
        List<IncidentUpdate> more = new ArrayList<>(updates);
        more.add(requireNonNull(update, "update is null"));
        return new Incident(id, page, title, type, status, more, createdAt, resolvedAt);
    }
}
