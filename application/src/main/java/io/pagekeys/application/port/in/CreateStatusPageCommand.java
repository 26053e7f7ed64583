package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Subdomain;

/** Create status page {@code subdomain} named {@code name} in {@code organization}. */
public record CreateStatusPageCommand(OrganizationId organization, Subdomain subdomain, String name) {

    public CreateStatusPageCommand {
        requireNonNull(organization, "organization is null");
        requireNonNull(subdomain, "subdomain is null");
        requireNonNull(name, "name is null");
    }
}
