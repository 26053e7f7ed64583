package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.UserId;

/** Give organization-level member {@code user} of {@code organization} the role {@code role}. */
public record ChangeMemberRoleCommand(OrganizationId organization, UserId user, Role role) {

    public ChangeMemberRoleCommand {
        requireNonNull(organization, "organization is null");
        requireNonNull(user, "user is null");
        requireNonNull(role, "role is null");
    }
}
