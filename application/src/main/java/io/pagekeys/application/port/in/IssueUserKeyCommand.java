package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.OrganizationId;

/**
 * Issue a user key for the calling person, in {@code organization}. Through a key, the organization
 * must be the key's own.
 */
public record IssueUserKeyCommand(OrganizationId organization, KeyRequest request) {

    public IssueUserKeyCommand {
        requireNonNull(organization, "organization is null");
        requireNonNull(request, "request is null");
    }
}
