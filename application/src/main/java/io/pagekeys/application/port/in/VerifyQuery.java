package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.IpAddress;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Subdomain;
import java.util.Optional;

/**
 * A gateway's question: may the presented {@code token} do {@code permission} on {@code target} from
 * {@code clientIp}? The target is a page for page-scoped permissions, an organization for the others.
 */
public record VerifyQuery(String token, Target target, Permission permission, Optional<IpAddress> clientIp) {

    public VerifyQuery {
        requireNonNull(token, "token is null");
        requireNonNull(target, "target is null");
        requireNonNull(permission, "permission is null");
        requireNonNull(clientIp, "client ip is null");
    }

    /** What the permission is asked for. */
    public sealed interface Target {

        static Target page(Subdomain subdomain) {
            return new Page(subdomain);
        }

        static Target organization(OrganizationId organization) {
            return new Organization(organization);
        }

        record Page(Subdomain subdomain) implements Target {

            public Page {
                requireNonNull(subdomain, "subdomain is null");
            }
        }

        record Organization(OrganizationId organization) implements Target {

            public Organization {
                requireNonNull(organization, "organization is null");
            }
        }
    }

    @Override
    public String toString() {
        return "VerifyQuery[target=" + target + ", permission=" + permission + ", clientIp=" + clientIp + "]";
    }
}
