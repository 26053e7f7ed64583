package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Subdomain;

/** Rename status page {@code subdomain} of {@code organization}. */
public record RenameStatusPageCommand(OrganizationId organization, Subdomain subdomain, String name) {

    public RenameStatusPageCommand {
        requireNonNull(organization, "organization is null");
        requireNonNull(subdomain, "subdomain is null");
        requireNonNull(name, "name is null");
    }
}
