package io.pagekeys.application.port.out.contract;

import static java.util.Objects.requireNonNull;

import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.application.port.out.Incidents;
import io.pagekeys.application.port.out.KeyEvents;
import io.pagekeys.application.port.out.Memberships;
import io.pagekeys.application.port.out.Organizations;
import io.pagekeys.application.port.out.StatusPages;
import io.pagekeys.application.port.out.UnitOfWork;
import io.pagekeys.application.port.out.Users;

/**
 * Every driven port of one store, and its unit of work: what an adapter hands to the contract tests.
 *
 * <p>The ports must work both inside a unit of work (joining it) and outside one (each call then a
 * transaction of its own); the contracts call them both ways.
 */
public record DrivenPorts(
        ApiKeys apiKeys,
        Memberships memberships,
        Organizations organizations,
        Users users,
        StatusPages statusPages,
        Incidents incidents,
        KeyEvents keyEvents,
        UnitOfWork unitOfWork) {

    public DrivenPorts {
        requireNonNull(apiKeys, "api keys is null");
        requireNonNull(memberships, "memberships is null");
        requireNonNull(organizations, "organizations is null");
        requireNonNull(users, "users is null");
        requireNonNull(statusPages, "status pages is null");
        requireNonNull(incidents, "incidents is null");
        requireNonNull(keyEvents, "key events is null");
        requireNonNull(unitOfWork, "unit of work is null");
    }
}
