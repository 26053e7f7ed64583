package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.EmailAddress;

/** Create an organization with its first owner (the user of that e-mail, created if new). */
public record CreateOrganizationCommand(String name, EmailAddress ownerEmail) {

    public CreateOrganizationCommand {
        requireNonNull(name, "name is null");
        requireNonNull(ownerEmail, "owner email is null");
    }
}
