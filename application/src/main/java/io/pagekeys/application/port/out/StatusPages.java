package io.pagekeys.application.port.out;

import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import java.util.List;
import java.util.Optional;

/**
 * The status pages of every organization, by their globally unique subdomain. Every method may throw
 * {@link io.pagekeys.application.StoreUnavailableException}, and never returns null.
 */
public interface StatusPages {

    /**
     * Stores a new page.
     *
     * @throws io.pagekeys.application.ConflictException {@code subdomain_taken} when any organization
     *     has a page of that subdomain
     */
    void add(StatusPage page);

    /**
     * Replaces the stored name and update time of an existing page.
     *
     * @throws io.pagekeys.application.NotFoundException when there is no such page
     */
    void update(StatusPage page);

    /** The page of that subdomain, or empty. */
    Optional<StatusPage> find(Subdomain subdomain);

    /** The pages of {@code organization}, by subdomain. */
    List<StatusPage> of(OrganizationId organization);

    /**
     * Deletes the page with its page-level memberships and incidents.
     *
     * @return whether there was one
     */
    boolean remove(Subdomain subdomain);
}
