package io.pagekeys.application.service;

import static java.util.Objects.requireNonNull;

import io.pagekeys.application.NotFoundException;
import io.pagekeys.application.port.out.Organizations;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.OrganizationId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What the use cases of every service begin with: the instant they act at, and the organization they act in. */
final class UseCaseSteps {

    private final Organizations organizations;
    private final Clock clock;

    UseCaseSteps(Organizations organizations, Clock clock) {
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The instant a use case acts at, cut to the microseconds that the store keeps. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The organization of that id.
     *
     * @throws NotFoundException when there is none
     */
    Organization requireOrganization(OrganizationId organization) {
        return organizations.findById(organization).orElseThrow(() -> organizationNotFound(organization));
    }

    /**
     * The organization of that id, locked until the unit of work ends: what orders use cases that must
     * not interleave, such as removing a member and issuing that member a key.
     *
     * @throws NotFoundException when there is none
     */
    Organization lockOrganization(OrganizationId organization) {
        return organizations.lockById(organization).orElseThrow(() -> organizationNotFound(organization));
    }

    private static NotFoundException organizationNotFound(OrganizationId organization) {
        return new NotFoundException("no organization " + organization);
    }
}
