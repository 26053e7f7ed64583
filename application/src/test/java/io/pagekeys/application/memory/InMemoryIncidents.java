package io.pagekeys.application.memory;

import static io.pagekeys.application.memory.InMemoryStore.stored;
import static java.util.Objects.requireNonNull;

import io.pagekeys.application.NotFoundException;
import io.pagekeys.application.port.out.Incidents;
import io.pagekeys.domain.Incident;
import io.pagekeys.domain.IncidentId;
import io.pagekeys.domain.IncidentUpdate;
import io.pagekeys.domain.Subdomain;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@link Incidents} in an {@link InMemoryStore}, with ids from a sequence starting at 1. Like the
 * database, {@link #update(Incident)} leaves the page and the creation instant as they were added.
 */
public final class InMemoryIncidents implements Incidents {

    /** Newest first; incidents created at the same instant, the last added first. */
    private static final Comparator<Incident> NEWEST_FIRST = Comparator.comparing(Incident::createdAt)
            .thenComparingLong(incident -> incident.id().orElseThrow().value())
            .reversed();

    private final InMemoryStore store;

    InMemoryIncidents(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public Incident add(Incident incident) {
        requireNonNull(incident, "incident is null");
        if (incident.id().isPresent()) {
            throw new IllegalArgumentException("a new incident has no id yet; the store gives it one");
        }
        checkColumns(incident);
        return store.write(tables -> {
            tables.requirePage(incident.page(), "an incident");
            Incident added = incident.withId(IncidentId.of(store.nextIncidentId()));
            tables.incidents.put(added.id().orElseThrow(), added);
            return added;
        });
    }

    @Override
    public void update(Incident incident) {
        requireNonNull(incident, "incident is null");
        IncidentId id = incident.id().orElseThrow(() -> new IllegalArgumentException("an incident without id was never added"));
        checkColumns(incident);
        store.write(tables -> {
            Incident current = tables.incidents.get(id);
            if (current == null) {
                throw new NotFoundException("no incident " + id);
            }
            Incident updated = new Incident(current.id(), current.page(), incident.title(), incident.type(),
                    incident.status(), incident.updates(), current.createdAt(), incident.resolvedAt());
            checkColumns(updated);
            tables.incidents.put(id, updated);
            return null;
        });
    }

    @Override
    public Optional<Incident> findById(IncidentId id) {
        requireNonNull(id, "id is null");
        return store.read(tables -> Optional.ofNullable(tables.incidents.get(id)));
    }

    @Override
    public Optional<Incident> lockById(IncidentId id) {
        // Units of work run one at a time, so the incident is locked by the unit that reads it.
        return findById(id);
    }

    @Override
    public List<Incident> of(Subdomain page) {
        requireNonNull(page, "page is null");
        return store.read(tables -> tables.incidents.values().stream()
                .filter(incident -> incident.page().equals(page))
                .sorted(NEWEST_FIRST)
                .toList());
    }

    private static void checkColumns(Incident incident) {
        stored("created at", incident.createdAt());
        stored("resolved at", incident.resolvedAt());
        for (IncidentUpdate update : incident.updates()) {
            stored("update created at", update.createdAt());
        }
        if (incident.resolvedAt().filter(resolved -> resolved.isBefore(incident.createdAt())).isPresent()) {
            throw new IllegalArgumentException("an incident is resolved before it is created");
        }
    }
}
