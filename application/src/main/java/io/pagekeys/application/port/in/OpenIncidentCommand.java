package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.IncidentStatus;
import io.pagekeys.domain.IncidentType;
import io.pagekeys.domain.Subdomain;
import java.util.List;

/**
 * Open an incident on {@code page}, with optional first updates. An incident reported as already
 * {@code resolved} (a record after the fact) is stored resolved at once, in the same step.
 */
public record OpenIncidentCommand(Subdomain page, String title, IncidentType type, IncidentStatus status, List<UpdateDraft> updates) {

    public OpenIncidentCommand {
        requireNonNull(page, "page is null");
        requireNonNull(title, "title is null");
        requireNonNull(type, "type is null");
        requireNonNull(status, "status is null");
        updates = List.copyOf(requireNonNull(updates, "updates is null"));
    }

    /** An incident that is going on now. */
    public OpenIncidentCommand(Subdomain page, String title, IncidentType type, List<UpdateDraft> updates) {
        this(page, title, type, IncidentStatus.OPEN, updates);
    }
}
