package io.pagekeys.adapters.rest;

import io.pagekeys.domain.Organization;
import java.time.Instant;

/** {@code {"organization": {"id", "name", "created_at"}}}. */
final class OrganizationJson {

    private OrganizationJson() {}

    record Body(long id, String name, Instant createdAt) {

        static Body of(Organization organization) {
            return new Body(organization.id().value(), organization.name(), organization.createdAt());
        }
    }

    record Envelope(Body organization) {}
}
