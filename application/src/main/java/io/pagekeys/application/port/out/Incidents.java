package io.pagekeys.application.port.out;

import io.pagekeys.domain.Incident;
import io.pagekeys.domain.IncidentId;
import io.pagekeys.domain.Subdomain;
import java.util.List;
import java.util.Optional;

/**
 * The incidents of status pages. Every method may throw
 * {@link io.pagekeys.application.StoreUnavailableException}, and never returns null.
 */
public interface Incidents {

    /** Stores a new incident (one without id) with its updates, and returns it with its fresh id. */
    Incident add(Incident incident);

    /**
     * Replaces the stored incident of the same id: title, type, status, resolution and updates.
     *
     * @throws io.pagekeys.application.NotFoundException when there is no such incident
     */
    void update(Incident incident);

    /** The incident of that id, or empty. */
    Optional<Incident> findById(IncidentId id);

    /**
     * The incident of that id, locked against concurrent changes until the current unit of work ends
     * (across instances), or empty.
     */
    Optional<Incident> lockById(IncidentId id);

    /** The incidents of {@code page}, newest first. */
    List<Incident> of(Subdomain page);
}
