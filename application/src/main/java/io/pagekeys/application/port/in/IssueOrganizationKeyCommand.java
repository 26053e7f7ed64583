package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.OrganizationId;

/**
 * Issue an organization key of {@code organization}.
 */
public record IssueOrganizationKeyCommand(OrganizationId organization, KeyRequest request) {

    public IssueOrganizationKeyCommand {
        requireNonNull(organization, "organization is null");
        requireNonNull(request, "request is null");
    }
}
