package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A person, known by id and e-mail address. */
public record User(UserId id, EmailAddress email, Instant createdAt) {

    public User {
        requireNonNull(id, "id is null");
        requireNonNull(email, "email is null");
        requireNonNull(createdAt, "created at is null");
    }
}
