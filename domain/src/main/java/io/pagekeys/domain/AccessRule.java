package io.pagekeys.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The access rule of pagekeys, as one pure function. A request is allowed only if all eight checks
 * hold, in this order; otherwise it is denied with the first that fails:
 *
 * <ol>
 *   <li>the token is well formed and its checksum matches ({@code MALFORMED});
 *   <li>a key with that token exists ({@code UNKNOWN_KEY});
 *   <li>the key is not revoked, expired, or past its rotation grace ({@code REVOKED}, {@code EXPIRED},
 *       {@code ROTATED});
 *   <li>the client address is in one of the key's blocks, when it has any ({@code IP_NOT_ALLOWED});
 *   <li>the target belongs to the key's organization ({@code OUTSIDE_ORGANIZATION});
 *   <li>the permission is in the key's scope ({@code SCOPE_EXCLUDES});
 *   <li>the key's page rule admits the page; organization-scoped permissions other than
 *       {@code own_api_keys.manage} need an all-pages key ({@code PAGE_NOT_IN_KEY});
 *   <li>for user keys, the user's effective role on the target exists ({@code NO_MEMBERSHIP}) and grants
 *       the permission ({@code ROLE_EXCLUDES}).
 * </ol>
 */
public final class AccessRule {

    private AccessRule() {}

    /** The decision for {@code request}; never null, never throws. */
    public static AccessDecision decide(AccessRequest request) {
        return firstFailure(request).map(AccessDecision::denied).orElse(AccessDecision.allowed());
    }

    /**
     * The first of checks 1 to 4, which concern the key and the client alone, that fails; empty when a
     * usable key is presented from an admitted address. This is authentication, before any target is known.
     */
    public static Optional<DenialReason> keyFailure(PresentedKey presented, Optional<IpAddress> clientIp, Instant now) {
        if (presented instanceof PresentedKey.Malformed) {
            return Optional.of(DenialReason.MALFORMED);
        }
        if (!(presented instanceof PresentedKey.Found found)) {
            return Optional.of(DenialReason.UNKNOWN_KEY);
        }
        Optional<DenialReason> unusable = found.key().unusableBecause(now);
        if (unusable.isPresent()) {
            return unusable;
        }
        return admitsClient(found.key(), clientIp) ? Optional.empty() : Optional.of(DenialReason.IP_NOT_ALLOWED);
    }

    private static Optional<DenialReason> firstFailure(AccessRequest request) {
        Optional<DenialReason> keyFailure = keyFailure(request.key(), request.clientIp(), request.now());
        if (keyFailure.isPresent()) {
            return keyFailure;
        }
        ApiKey key = ((PresentedKey.Found) request.key()).key();
        if (!key.organization().equals(request.target().organization())) {
            return Optional.of(DenialReason.OUTSIDE_ORGANIZATION);
        }
        Permission permission = request.permission();
        if (!key.scope().contains(permission)) {
            return Optional.of(DenialReason.SCOPE_EXCLUDES);
        }
        if (!pageRuleAdmits(key.pageRule(), request.target(), permission)) {
            return Optional.of(DenialReason.PAGE_NOT_IN_KEY);
        }
        if (key.kind() == KeyKind.USER) {
            return roleFailure(request.roles(), request.target(), permission);
        }
        return Optional.empty();
    }

    private static boolean admitsClient(ApiKey key, Optional<IpAddress> clientIp) {
        if (key.allowedIps().isEmpty()) {
            return true;
        }
        return clientIp.map(ip -> key.allowedIps().stream().anyMatch(block -> block.contains(ip))).orElse(false);
    }

    private static boolean pageRuleAdmits(PageRule rule, AccessTarget target, Permission permission) {
        if (target instanceof AccessTarget.OnPage onPage) {
            return rule.admits(onPage.page());
        }
        return permission == Permission.OWN_API_KEYS_MANAGE || rule instanceof PageRule.AllPages;
    }

    /**
     * Check 8 alone: whether {@code roles} let their holder do {@code permission} on {@code target}
     * (page-level role on a page if any, else organization-level; organization-level only for
     * organization-scoped permissions; any membership for {@code own_api_keys.manage}). This is the whole
     * rule for a person acting directly, without a key.
     *
     * @return {@code NO_MEMBERSHIP} or {@code ROLE_EXCLUDES}, or empty when the role allows it
     */
    public static Optional<DenialReason> roleFailure(MemberRoles roles, AccessTarget target, Permission permission) {
        if (permission == Permission.OWN_API_KEYS_MANAGE) {
            // Every role grants it: any membership, even on one page only, is enough.
            return roles.isMember() ? Optional.empty() : Optional.of(DenialReason.NO_MEMBERSHIP);
        }
        Optional<Role> effective = target instanceof AccessTarget.OnPage onPage
                ? roles.roleOn(onPage.page())
                : roles.organizationRole();
        if (effective.isEmpty()) {
            return Optional.of(DenialReason.NO_MEMBERSHIP);
        }
        return effective.get().grants(permission) ? Optional.empty() : Optional.of(DenialReason.ROLE_EXCLUDES);
    }
}
