package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** The tenant: owns status pages and organization keys. */
public record Organization(OrganizationId id, String name, Instant createdAt) {

    public static final int MAX_NAME_LENGTH = 100;

    public Organization {
        requireNonNull(id, "id is null");
        name = Text.line("name", name, MAX_NAME_LENGTH);
        requireNonNull(createdAt, "created at is null");
    }
}
