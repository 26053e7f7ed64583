package io.pagekeys.application.port.out;

import io.pagekeys.domain.Organization;
import io.pagekeys.domain.OrganizationId;
import java.time.Instant;
import java.util.Optional;

/**
 * The tenants. Every method may throw {@link io.pagekeys.application.StoreUnavailableException}, and
 * never returns null.
 */
public interface Organizations {

    /** Stores a new organization under a fresh id that the store chooses, and returns it. */
    Organization create(String name, Instant createdAt);

    /** The organization of that id, or empty. */
    Optional<Organization> findById(OrganizationId id);

    /**
     * The organization of that id, locked against concurrent membership changes until the current unit of
     * work ends (so that two requests cannot each remove one of the last two owners), or empty.
     */
    Optional<Organization> lockById(OrganizationId id);
}
