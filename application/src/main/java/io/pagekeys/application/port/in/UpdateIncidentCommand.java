package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.IncidentId;
import io.pagekeys.domain.IncidentStatus;
import io.pagekeys.domain.IncidentType;
import io.pagekeys.domain.Subdomain;
import java.util.Optional;

/** Change incident {@code incident} of {@code page}: any of its title, type and status, and one update to append. */
public record UpdateIncidentCommand(Subdomain page, IncidentId incident, Optional<String> title, Optional<IncidentType> type, Optional<IncidentStatus> status, Optional<UpdateDraft> update) {

    public UpdateIncidentCommand {
        requireNonNull(page, "page is null");
        requireNonNull(incident, "incident is null");
        requireNonNull(title, "title is null");
        requireNonNull(type, "type is null");
        requireNonNull(status, "status is null");
        requireNonNull(update, "update is null");
    }
}
