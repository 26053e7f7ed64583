package io.pagekeys.application.port.out;

import io.pagekeys.domain.Membership;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UserId;
import java.util.List;
import java.util.Optional;

/**
 * Who holds which role where. A user has at most one organization-level membership per organization
 * and at most one page-level membership per page. Every method may throw
 * {@link io.pagekeys.application.StoreUnavailableException}, and never returns null.
 */
public interface Memberships {

    /** All memberships of {@code user} in {@code organization}, both levels. */
    List<Membership> of(UserId user, OrganizationId organization);

    /** The organization-level membership of {@code user} in {@code organization}, or empty. */
    Optional<Membership> organizationLevel(UserId user, OrganizationId organization);

    /** The page-level membership of {@code user} on {@code page}, or empty. */
    Optional<Membership> pageLevel(UserId user, Subdomain page);

    /** The organization-level memberships of {@code organization}, by user id. */
    List<Membership> organizationMembers(OrganizationId organization);

    /** The page-level memberships on {@code page}, by user id. */
    List<Membership> pageMembers(Subdomain page);

    /**
     * Stores {@code membership}, replacing the role of an existing membership at the same level (same
     * user and organization, and same page for a page-level one).
     */
    void save(Membership membership);

    /**
     * Removes the membership of {@code user} in {@code organization} at the level {@code page} names
     * (empty: organization level).
     *
     * @return whether there was one
     */
    boolean remove(UserId user, OrganizationId organization, Optional<Subdomain> page);

    /**
     * Removes every membership of {@code user} in {@code organization}, both levels.
     *
     * @return how many there were
     */
    int removeAll(UserId user, OrganizationId organization);
}
