package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Role;

/** Add the user of {@code email} (created if new) to {@code organization} at organization level. */
public record AddMemberCommand(OrganizationId organization, EmailAddress email, Role role) {

    public AddMemberCommand {
        requireNonNull(organization, "organization is null");
        requireNonNull(email, "email is null");
        requireNonNull(role, "role is null");
    }
}
