package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A status page: belongs to one organization, addressed by its globally unique subdomain. */
public record StatusPage(Subdomain subdomain, OrganizationId organization, String name, Instant createdAt, Instant updatedAt) {

    public static final int MAX_NAME_LENGTH = 100;

    public StatusPage {
        requireNonNull(subdomain, "subdomain is null");
        requireNonNull(organization, "organization is null");
        name = Text.line("name", name, MAX_NAME_LENGTH);
        requireNonNull(createdAt, "created at is null");
        requireNonNull(updatedAt, "updated at is null");
    }

    public static StatusPage create(Subdomain subdomain, OrganizationId organization, String name, Instant now) {
        return new StatusPage(subdomain, organization, name, now, now);
    }

    public StatusPage renamed(String newName, Instant now) {
        return new StatusPage(subdomain, organization, newName, createdAt, now);
    }
}
