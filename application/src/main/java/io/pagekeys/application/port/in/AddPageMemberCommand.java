package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;

/** Give the user of {@code email} (created if new) the role {@code role} on {@code page}, replacing a role they hold there. */
public record AddPageMemberCommand(Subdomain page, EmailAddress email, Role role) {

    public AddPageMemberCommand {
        requireNonNull(page, "page is null");
        requireNonNull(email, "email is null");
        requireNonNull(role, "role is null");
    }
}
