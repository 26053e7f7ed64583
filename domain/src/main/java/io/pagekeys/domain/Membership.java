package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A user's role in an organization: at organization level (every page) when {@code page} is empty, or
 * on one status page of that organization.
 */
public record Membership(UserId user, OrganizationId organization, Optional<Subdomain> page, Role role) {

    public Membership {
        requireNonNull(user, "user is null");
        requireNonNull(organization, "organization is null");
        requireNonNull(page, "page is null");
        requireNonNull(role, "role is null");
        if (page.isPresent() && !role.allowedOnPage()) {
            throw new InvalidValueException("role", "'" + role.code() + "' exists only at organization level");
        }
    }

    public static Membership organizationLevel(UserId user, OrganizationId organization, Role role) {
        return new Membership(user, organization, Optional.empty(), role);
    }

    public static Membership pageLevel(UserId user, OrganizationId organization, Subdomain page, Role role) {
        return new Membership(user, organization, Optional.of(page), role);
    }

    public boolean isOrganizationLevel() {
        return page.isEmpty();
    }

    public Membership withRole(Role newRole) {
        return new Membership(user, organization, page, newRole);
    }
}
