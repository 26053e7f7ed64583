package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** The trace a rotation leaves on the old key: when, by whom, its replacement and its grace deadline. */
public record Rotation(Instant rotatedAt, Actor rotatedBy, ApiKeyId replacedBy, Instant graceUntil) {

    public Rotation {
        requireNonNull(rotatedAt, "rotated at is null");
        requireNonNull(rotatedBy, "rotated by is null");
        requireNonNull(replacedBy, "replaced by is null");
        requireNonNull(graceUntil, "grace until is null");
        if (graceUntil.isBefore(rotatedAt)) {
            throw new IllegalArgumentException("the grace deadline precedes the rotation");
        }
    }
}
