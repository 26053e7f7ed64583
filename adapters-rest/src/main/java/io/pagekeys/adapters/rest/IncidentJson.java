package io.pagekeys.adapters.rest;

import io.pagekeys.domain.Incident;
import io.pagekeys.domain.IncidentUpdate;
import java.time.Instant;
import java.util.List;

/**
 * {@code {"incident": {"id", "title", "type", "status", "updates", "created_at", "resolved_at"}}}; lists
 * are {@code {"incidents": [...]}}. Creation takes {@code title}, {@code type}, {@code status} and
 * {@code updates}; a change takes any of {@code title}, {@code type}, {@code status} and one
 * {@code update} to append.
 */
final class IncidentJson {

    private IncidentJson() {}

    record UpdateBody(String type, String description, Instant createdAt) {

        static UpdateBody of(IncidentUpdate update) {
            return new UpdateBody(update.type().code(), update.description(), update.createdAt());
        }
    }

    record Body(long id, String title, String type, String status, List<UpdateBody> updates, Instant createdAt, Instant resolvedAt) {

        static Body of(Incident incident) {
            return new Body(
                    incident.id().orElseThrow(() -> new IllegalStateException("a stored incident has an id")).value(),
                    incident.title(),
                    incident.type().code(),
                    incident.status().code(),
                    incident.updates().stream().map(UpdateBody::of).toList(),
                    incident.createdAt(),
                    incident.resolvedAt().orElse(null));
        }
    }

    record Envelope(Body incident) {

        static Envelope of(Incident incident) {
            return new Envelope(Body.of(incident));
        }
    }

    record ListEnvelope(List<Body> incidents) {

        static ListEnvelope of(List<Incident> incidents) {
            return new ListEnvelope(incidents.stream().map(Body::of).toList());
        }
    }

    record UpdateRequest(String type, String description) {}

    record NewIncident(String title, String type, String status, List<UpdateRequest> updates) {}

    record NewIncidentEnvelope(NewIncident incident) {}

    record IncidentChange(String title, String type, String status, UpdateRequest update) {}

    record IncidentChangeEnvelope(IncidentChange incident) {}
}
