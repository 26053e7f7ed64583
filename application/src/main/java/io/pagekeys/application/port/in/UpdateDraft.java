package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.UpdateType;

/** An update to post on an incident: its type and text. */
public record UpdateDraft(UpdateType type, String description) {

    public UpdateDraft {
        requireNonNull(type, "type is null");
        requireNonNull(description, "description is null");
    }
}
