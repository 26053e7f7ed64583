package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.User;
import java.util.Optional;

/** A user and the role they hold: at organization level, or on {@code page}. */
public record Member(User user, Role role, Optional<Subdomain> page) {

    public Member {
        requireNonNull(user, "user is null");
        requireNonNull(role, "role is null");
        requireNonNull(page, "page is null");
    }
}
