package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.OrganizationId;

/** Rotate key {@code key} of {@code organization}, letting the old one work for {@code grace}. */
public record RotateKeyCommand(OrganizationId organization, ApiKeyId key, GracePeriod grace) {

    public RotateKeyCommand {
        requireNonNull(organization, "organization is null");
        requireNonNull(key, "key is null");
        requireNonNull(grace, "grace is null");
    }
}
