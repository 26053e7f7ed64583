package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.IncidentType;
import io.pagekeys.domain.Subdomain;
import java.util.List;

/** Open an incident on {@code page}, with optional first updates. */
public record OpenIncidentCommand(Subdomain page, String title, IncidentType type, List<UpdateDraft> updates) {

    public OpenIncidentCommand {
        requireNonNull(page, "page is null");
        requireNonNull(title, "title is null");
        requireNonNull(type, "type is null");
        updates = List.copyOf(requireNonNull(updates, "updates is null"));
    }
}
