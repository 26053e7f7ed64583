package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.OrganizationId;

/** Revoke key {@code key} of {@code organization}. */
public record RevokeKeyCommand(OrganizationId organization, ApiKeyId key) {

    public RevokeKeyCommand {
        requireNonNull(organization, "organization is null");
        requireNonNull(key, "key is null");
    }
}
