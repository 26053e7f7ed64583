package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

/**
 * What a request acts on: a status page (for page-scoped permissions) or an organization (for
 * organization-scoped ones). A page target carries the organization that owns the page.
 */
public sealed interface AccessTarget {

    /** The organization that the target belongs to (or is). */
    OrganizationId organization();

    static AccessTarget page(OrganizationId owner, Subdomain page) {
        return new OnPage(owner, page);
    }

    static AccessTarget organization(OrganizationId organization) {
        return new OnOrganization(organization);
    }

    /** One status page, owned by {@code organization}. */
    record OnPage(OrganizationId organization, Subdomain page) implements AccessTarget {

        public OnPage {
            requireNonNull(organization, "organization is null");
            requireNonNull(page, "page is null");
        }
    }

    /** The organization as a whole. */
    record OnOrganization(OrganizationId organization) implements AccessTarget {

        public OnOrganization {
            requireNonNull(organization, "organization is null");
        }
    }
}
