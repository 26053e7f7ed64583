package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.jooq.Tables.INCIDENTS;
import static io.pagekeys.adapters.persistence.jooq.Tables.INCIDENT_UPDATES;
import static java.util.Objects.requireNonNull;

import io.pagekeys.adapters.persistence.jooq.tables.records.IncidentUpdatesRecord;
import io.pagekeys.adapters.persistence.jooq.tables.records.IncidentsRecord;
import io.pagekeys.application.NotFoundException;
import io.pagekeys.application.port.out.Incidents;
import io.pagekeys.domain.Incident;
import io.pagekeys.domain.IncidentId;
import io.pagekeys.domain.IncidentStatus;
import io.pagekeys.domain.IncidentType;
import io.pagekeys.domain.IncidentUpdate;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UpdateType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep4;

/**
 * {@link Incidents} on PostgreSQL: a row of {@code incidents} per incident, and its updates in
 * {@code incident_updates}, whose identity keeps them in the order of the incident's list. The updates of
 * an incident are only ever appended (the domain has no way to change or remove one), so {@code update}
 * inserts those beyond the stored ones and leaves the stored ones alone.
 */
public final class JooqIncidents implements Incidents {

    private final Transactions transactions;

    @Inject
    public JooqIncidents(Transactions transactions) {
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @Override
    public Incident add(Incident incident) {
        requireNonNull(incident, "incident is null");
        if (incident.id().isPresent()) {
            throw new IllegalArgumentException("a new incident has no id yet, this one has " + incident.id().get());
        }
        return transactions.atomically(sql -> {
            long id = sql.insertInto(INCIDENTS)
                    .set(INCIDENTS.SUBDOMAIN, incident.page().value())
                    .set(INCIDENTS.TITLE, incident.title())
                    .set(INCIDENTS.TYPE, incident.type().code())
                    .set(INCIDENTS.STATUS, incident.status().code())
                    .set(INCIDENTS.CREATED_AT, incident.createdAt())
                    .set(INCIDENTS.RESOLVED_AT, incident.resolvedAt().orElse(null))
                    .returning(INCIDENTS.ID)
                    .fetchSingle(INCIDENTS.ID);
            insertUpdates(sql, id, incident.updates());
            return incident.withId(IncidentId.of(id));
        });
    }

    @Override
    public void update(Incident incident) {
        requireNonNull(incident, "incident is null");
        IncidentId id = incident.id().orElseThrow(() -> new NotFoundException("an incident without id was never added"));
        transactions.atomically(sql -> {
            int updated = sql.update(INCIDENTS)
                    .set(INCIDENTS.TITLE, incident.title())
                    .set(INCIDENTS.TYPE, incident.type().code())
                    .set(INCIDENTS.STATUS, incident.status().code())
                    .set(INCIDENTS.RESOLVED_AT, incident.resolvedAt().orElse(null))
                    .where(INCIDENTS.ID.eq(id.value()))
                    .execute();
            if (updated == 0) {
                throw new NotFoundException("no incident " + id);
            }
            // Counted after the update, which holds the incident's row lock: a concurrent update of the
            // same incident waits until this one commits, then counts what it appended.
            int stored = sql.fetchCount(INCIDENT_UPDATES, INCIDENT_UPDATES.INCIDENT_ID.eq(id.value()));
            List<IncidentUpdate> updates = incident.updates();
            if (stored > updates.size()) {
                throw new IllegalStateException("incident " + id + " has " + stored + " updates stored but " + updates.size()
                        + " given: updates are only ever appended");
            }
            insertUpdates(sql, id.value(), updates.subList(stored, updates.size()));
            return null;
        });
    }

    @Override
    public Optional<Incident> findById(IncidentId id) {
        requireNonNull(id, "id is null");
        return transactions.atomically(sql -> {
            List<IncidentsRecord> rows = sql.selectFrom(INCIDENTS).where(INCIDENTS.ID.eq(id.value())).fetch();
            return withUpdates(sql, rows).stream().findFirst();
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code SELECT ... FOR NO KEY UPDATE} on the incident's row: lockers and writers of the incident
     * take turns, while the foreign-key checks of updates inserted meanwhile are not held up.
     */
    @Override
    public Optional<Incident> lockById(IncidentId id) {
        requireNonNull(id, "id is null");
        return transactions.atomically(sql -> {
            List<IncidentsRecord> rows = sql.selectFrom(INCIDENTS).where(INCIDENTS.ID.eq(id.value())).forNoKeyUpdate().fetch();
            return withUpdates(sql, rows).stream().findFirst();
        });
    }

    @Override
    public List<Incident> of(Subdomain page) {
        requireNonNull(page, "page is null");
        return transactions.atomically(sql -> withUpdates(sql, sql.selectFrom(INCIDENTS)
                .where(INCIDENTS.SUBDOMAIN.eq(page.value()))
                .orderBy(INCIDENTS.CREATED_AT.desc(), INCIDENTS.ID.desc())
                .fetch()));
    }

    /** The incidents of {@code rows}, in that order, with their updates fetched in one more statement. */
    private static List<Incident> withUpdates(DSLContext sql, List<IncidentsRecord> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<IncidentUpdate>> updates = new LinkedHashMap<>();
        rows.forEach(row -> updates.put(row.getId(), new ArrayList<>()));
        for (IncidentUpdatesRecord update : sql.selectFrom(INCIDENT_UPDATES)
                .where(INCIDENT_UPDATES.INCIDENT_ID.in(updates.keySet()))
                .orderBy(INCIDENT_UPDATES.INCIDENT_ID, INCIDENT_UPDATES.ID)
                .fetch()) {
            updates.get(update.getIncidentId()).add(StoredRows.restore("incident_updates", update.getId(), () -> toUpdate(update)));
        }
        return rows.stream()
                .map(row -> StoredRows.restore("incidents", row.getId(), () -> toIncident(row, updates.get(row.getId()))))
                .toList();
    }

    private static void insertUpdates(DSLContext sql, long incident, List<IncidentUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        InsertValuesStep4<IncidentUpdatesRecord, Long, String, String, java.time.Instant> insert = sql.insertInto(
                INCIDENT_UPDATES,
                INCIDENT_UPDATES.INCIDENT_ID, INCIDENT_UPDATES.TYPE, INCIDENT_UPDATES.DESCRIPTION, INCIDENT_UPDATES.CREATED_AT);
        for (IncidentUpdate update : updates) {
            // One multi-row insert: its rows take their ids in the order of the list.
            insert = insert.values(incident, update.type().code(), update.description(), update.createdAt());
        }
        insert.execute();
    }

    private static Incident toIncident(IncidentsRecord row, List<IncidentUpdate> updates) {
        return new Incident(
                Optional.of(IncidentId.of(row.getId())),
                Subdomain.of(row.getSubdomain()),
                row.getTitle(),
                IncidentType.fromCode(row.getType()).orElseThrow(() -> corrupt("incident type", row.getType())),
                IncidentStatus.fromCode(row.getStatus()).orElseThrow(() -> corrupt("incident status", row.getStatus())),
                updates,
                row.getCreatedAt(),
                Optional.ofNullable(row.getResolvedAt()));
    }

    private static IncidentUpdate toUpdate(IncidentUpdatesRecord row) {
        return new IncidentUpdate(
                UpdateType.fromCode(row.getType()).orElseThrow(() -> corrupt("update type", row.getType())),
                row.getDescription(),
                row.getCreatedAt());
    }

    private static IllegalStateException corrupt(String what, String value) {
        return new IllegalStateException("the store holds an unknown " + what + ": " + value);
    }
}
