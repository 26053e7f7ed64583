package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** When and by whom a key was revoked. */
public record Revocation(Instant revokedAt, Actor revokedBy) {

    public Revocation {
        requireNonNull(revokedAt, "revoked at is null");
        requireNonNull(revokedBy, "revoked by is null");
    }
}
