package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * All the roles one user holds in one organization, and the rule that picks the one that counts: on a
 * page, a page-level membership overrides the organization-level one, in both directions.
 */
public final class MemberRoles {

    private static final MemberRoles NONE = new MemberRoles(Optional.empty(), Map.of());

    private final Optional<Role> organizationRole;
    private final Map<Subdomain, Role> pageRoles;

    private MemberRoles(Optional<Role> organizationRole, Map<Subdomain, Role> pageRoles) {
        this.organizationRole = organizationRole;
        this.pageRoles = pageRoles;
    }

    /** A user who is not a member at all. */
    public static MemberRoles none() {
        return NONE;
    }

    /**
     * The roles of the given memberships, which must all belong to one user in one organization.
     *
     * @throws IllegalArgumentException when they mix users or organizations, or repeat a level
     */
    public static MemberRoles of(Collection<Membership> memberships) {
        requireNonNull(memberships, "memberships is null");
        Optional<Role> organizationRole = Optional.empty();
        Map<Subdomain, Role> pageRoles = new TreeMap<>();
        Membership first = null;
        for (Membership membership : memberships) {
            if (first == null) {
                first = membership;
            } else if (!first.user().equals(membership.user()) || !first.organization().equals(membership.organization())) {
                throw new IllegalArgumentException("memberships of different users or organizations");
            }
            if (membership.page().isEmpty()) {
                if (organizationRole.isPresent()) {
                    throw new IllegalArgumentException("two organization-level memberships");
                }
                organizationRole = Optional.of(membership.role());
            } else if (pageRoles.put(membership.page().get(), membership.role()) != null) {
                throw new IllegalArgumentException("two memberships on page " + membership.page().get());
            }
        }
        return new MemberRoles(organizationRole, Map.copyOf(pageRoles));
    }

    /** The organization-level role, which alone counts for organization-scoped permissions. */
    public Optional<Role> organizationRole() {
        return organizationRole;
    }

    /** The role that counts on {@code page}: its page-level role if any, else the organization-level one. */
    public Optional<Role> roleOn(Subdomain page) {
        Role pageRole = pageRoles.get(page);
        return pageRole != null ? Optional.of(pageRole) : organizationRole;
    }

    /** Whether the user belongs to the organization at all, at either level. */
    public boolean isMember() {
        return organizationRole.isPresent() || !pageRoles.isEmpty();
    }

    /** Whether the user may do {@code permission} on {@code page} by their role. */
    public boolean mayOnPage(Permission permission, Subdomain page) {
        return roleOn(page).map(role -> role.grants(permission)).orElse(false);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MemberRoles that
                && organizationRole.equals(that.organizationRole)
                && pageRoles.equals(that.pageRoles);
    }

    @Override
    public int hashCode() {
        return organizationRole.hashCode() * 31 + pageRoles.hashCode();
    }

    @Override
    public String toString() {
        return "MemberRoles[organization=" + organizationRole.map(Role::code).orElse("none") + ", pages=" + pageRoles + "]";
    }
}
