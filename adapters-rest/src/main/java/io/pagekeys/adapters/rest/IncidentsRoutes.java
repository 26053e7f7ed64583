package io.pagekeys.adapters.rest;

import io.javalin.http.Context;
import io.pagekeys.application.AccessDeniedException;
import io.pagekeys.application.port.in.Administration;
import io.pagekeys.application.port.in.OpenIncidentCommand;
import io.pagekeys.application.port.in.UpdateDraft;
import io.pagekeys.application.port.in.UpdateIncidentCommand;
import io.pagekeys.application.port.in.VerifyQuery;
import io.pagekeys.domain.Incident;
import io.pagekeys.domain.IncidentId;
import io.pagekeys.domain.IncidentStatus;
import io.pagekeys.domain.IncidentType;
import io.pagekeys.domain.IncidentUpdate;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UpdateType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v2/status_pages/{subdomain}/incidents[/{incident_id}]}: reading needs {@code pages.read},
 * opening and changing {@code incidents.write}.
 */
final class IncidentsRoutes {

    private final Administration administration;
    private final Exchange exchange;

    IncidentsRoutes(Administration administration, Exchange exchange) {
        this.administration = administration;
        this.exchange = exchange;
    }

    void register(Routes routes) {
        routes.get("/api/v2/status_pages/{subdomain}/incidents", ctx -> {
            Caller caller = exchange.caller(ctx);
            exchange.answer(ctx, 200, IncidentJson.ListEnvelope.of(administration.incidents(caller.principal(), PathIds.subdomain(ctx))));
        });
        routes.post("/api/v2/status_pages/{subdomain}/incidents", this::open);
        routes.get("/api/v2/status_pages/{subdomain}/incidents/{incident_id}", ctx -> {
            Caller caller = exchange.caller(ctx);
            exchange.answer(ctx, 200, IncidentJson.Envelope.of(
                    administration.incident(caller.principal(), PathIds.subdomain(ctx), PathIds.incident(ctx))));
        });
        routes.put("/api/v2/status_pages/{subdomain}/incidents/{incident_id}", this::change);
    }

    private void open(Context ctx) {
        Caller caller = exchange.caller(ctx);
        Subdomain page = PathIds.subdomain(ctx);
        OpenIncidentCommand command = Gate.unlessRefusedFirst(() -> {
            IncidentJson.NewIncident incident = Fields.required(
                    exchange.read(ctx, IncidentJson.NewIncidentEnvelope.class, "incident").incident(), "incident");
            String title = Fields.required(incident.title(), "title");
            IncidentType type = type(Fields.required(incident.type(), "type"), "type");
            IncidentStatus status = incident.status() == null ? IncidentStatus.OPEN : status(incident.status());
            List<UpdateDraft> updates = new ArrayList<>();
            if (incident.updates() != null) {
                for (int i = 0; i < incident.updates().size(); i++) {
                    updates.add(draft(incident.updates().get(i), "updates[" + i + "]"));
                }
            }
            return new OpenIncidentCommand(page, title, type, status, updates);
        }, () -> exchange.gate().require(caller, VerifyQuery.Target.page(page), Permission.INCIDENTS_WRITE));
        exchange.answer(ctx, 201, IncidentJson.Envelope.of(administration.openIncident(caller.principal(), command)));
    }

    private void change(Context ctx) {
        Caller caller = exchange.caller(ctx);
        Subdomain page = PathIds.subdomain(ctx);
        IncidentId id = PathIds.incident(ctx);
        UpdateIncidentCommand command = Gate.unlessRefusedFirst(() -> {
            IncidentJson.IncidentChange change = Fields.required(
                    exchange.read(ctx, IncidentJson.IncidentChangeEnvelope.class, "incident").incident(), "incident");
            return new UpdateIncidentCommand(
                    page,
                    id,
                    Optional.ofNullable(change.title()),
                    Optional.ofNullable(change.type()).map(type -> type(type, "type")),
                    Optional.ofNullable(change.status()).map(IncidentsRoutes::status),
                    Optional.ofNullable(change.update()).map(update -> draft(update, "update")));
        }, () -> {
            incidentExists(caller, page, id);
            exchange.gate().require(caller, VerifyQuery.Target.page(page), Permission.INCIDENTS_WRITE);
        });
        exchange.answer(ctx, 200, IncidentJson.Envelope.of(administration.updateIncident(caller.principal(), command)));
    }

    /** 404 unless the incident exists on that page; whether it may be read does not matter here. */
    private void incidentExists(Caller caller, Subdomain page, IncidentId id) {
        try {
            administration.incident(caller.principal(), page, id);
        } catch (AccessDeniedException e) {
            // It exists; the permission that counts is asked next.
        }
    }

    private static UpdateDraft draft(IncidentJson.UpdateRequest update, String field) {
        if (update == null) {
            throw HttpProblem.unprocessable("wrong_type", field, field + " must be an object");
        }
        UpdateType type = UpdateType.fromCode(Fields.required(update.type(), field + ".type"))
                .orElseThrow(() -> Fields.invalid(field + ".type",
                        "an update is investigating, identified, monitoring, update or resolved"));
        String description = Fields.required(update.description(), field + ".description");
        // The model's rule for a description, applied here so that a refusal names the update it is in
        // (updates[1].description, update.description); the use case applies it again.
        Fields.parsed(description, field + ".description", text -> new IncidentUpdate(type, text, Instant.EPOCH));
        return new UpdateDraft(type, description);
    }

    private static IncidentType type(String code, String field) {
        return IncidentType.fromCode(code).orElseThrow(() -> Fields.invalid(field, "an incident is major, minor or scheduled"));
    }

    private static IncidentStatus status(String code) {
        return IncidentStatus.fromCode(code).orElseThrow(() -> Fields.invalid("status", "an incident is open or resolved"));
    }
}
