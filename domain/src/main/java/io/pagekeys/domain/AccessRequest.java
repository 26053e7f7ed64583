package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Everything the access rule needs to decide: the presented key, the roles its user holds in the key's
 * organization (ignored for organization keys), the target, the permission, the client's address (empty
 * when unknown) and the instant of the request.
 *
 * @throws IllegalArgumentException when the permission's level does not match the target's kind
 */
public record AccessRequest(
        PresentedKey key, MemberRoles roles, AccessTarget target, Permission permission, Optional<IpAddress> clientIp, Instant now) {

    public AccessRequest {
        requireNonNull(key, "key is null");
        requireNonNull(roles, "roles is null");
        requireNonNull(target, "target is null");
        requireNonNull(permission, "permission is null");
        requireNonNull(clientIp, "client ip is null");
        requireNonNull(now, "now is null");
        if (permission.isPageScoped() != target instanceof AccessTarget.OnPage) {
            throw new IllegalArgumentException(
                    permission.code() + " is judged on " + (permission.isPageScoped() ? "a status page" : "an organization"));
        }
    }
}
