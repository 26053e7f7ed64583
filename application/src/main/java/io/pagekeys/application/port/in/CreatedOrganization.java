package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.Organization;
import io.pagekeys.domain.User;

/** A new organization and its first owner. */
public record CreatedOrganization(Organization organization, User owner) {

    public CreatedOrganization {
        requireNonNull(organization, "organization is null");
        requireNonNull(owner, "owner is null");
    }
}
