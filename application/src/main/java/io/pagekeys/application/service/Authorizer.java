package io.pagekeys.application.service;

import static java.util.Objects.requireNonNull;

import io.pagekeys.application.AccessDeniedException;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.application.port.out.Memberships;
import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.AccessRequest;
import io.pagekeys.domain.AccessRule;
import io.pagekeys.domain.AccessTarget;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.MemberRoles;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.PresentedKey;
import io.pagekeys.domain.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one place where the services decide whether a principal may act: the whole access rule for a key,
 * the role rule (rule 8) alone for a person acting directly. Must be called inside the caller's unit of
 * work.
 *
 * <p>A key is judged as the store holds it now, not as it was when the request was authenticated, so a
 * key revoked (or a role lowered) between authentication and use is refused.
 */
final class Authorizer {

    private final ApiKeys apiKeys;
    private final Memberships memberships;

    Authorizer(ApiKeys apiKeys, Memberships memberships) {
        this.apiKeys = requireNonNull(apiKeys, "api keys is null");
        this.memberships = requireNonNull(memberships, "memberships is null");
    }

    /**
     * Lets the principal do {@code permission} on {@code target}, or throws. An allowed key's use is
     * recorded (it is undone with the unit of work if the call fails later).
     *
     * @return the acting key as stored now; empty for a person
     * @throws AccessDeniedException with the first failing reason
     */
    Optional<ApiKey> require(Principal principal, AccessTarget target, Permission permission, Instant now) {
        Judgement judgement = judge(principal, target, permission, now);
        if (judgement.decision() instanceof AccessDecision.Denied denied) {
            throw new AccessDeniedException(denied.reason());
        }
        recordUse(judgement.actingKey(), now);
        return judgement.actingKey();
    }

    /** The decision for the principal, without throwing and without recording a use. */
    Judgement judge(Principal principal, AccessTarget target, Permission permission, Instant now) {
        requireNonNull(target, "target is null");
        Judge judge = judgeFor(principal, target.organization(), permission, now);
        return new Judgement(judge.decide(target), judge.actingKey());
    }

    /**
     * Whether the principal may do {@code permission} on each of many targets of {@code organization}, with
     * the key and roles loaded once. Records nothing.
     */
    Predicate<AccessTarget> allows(Principal principal, OrganizationId organization, Permission permission, Instant now) {
        Judge judge = judgeFor(principal, organization, permission, now);
        return target -> judge.decide(target).isAllowed();
    }

    private Judge judgeFor(Principal principal, OrganizationId organization, Permission permission, Instant now) {
        requireNonNull(principal, "principal is null");
        requireNonNull(organization, "organization is null");
        requireNonNull(permission, "permission is null");
        requireNonNull(now, "now is null");
        if (principal instanceof Principal.ViaKey viaKey) {
            Optional<ApiKey> current = apiKeys.findById(viaKey.key().id());
            if (current.isEmpty()) {
                return new Judge(target -> AccessDecision.denied(DenialReason.UNKNOWN_KEY), Optional.empty());
            }
            ApiKey key = current.get();
            PresentedKey presented = PresentedKey.found(key);
            MemberRoles roles = rolesOf(key);
            return new Judge(
                    target -> AccessRule.decide(new AccessRequest(presented, roles, target, permission, viaKey.clientIp(), now)),
                    current);
        }
        MemberRoles roles = rolesOf(((Principal.Person) principal).user(), organization);
        return new Judge(
                target -> AccessRule.roleFailure(roles, target, permission).map(AccessDecision::denied).orElse(AccessDecision.allowed()),
                Optional.empty());
    }

    /**
     * Lets the principal act on {@code organization} as one of its own, with no particular permission:
     * what reading the organization, or the list of its pages, takes. A key needs rules 1 to 5 of the
     * access rule (usable, from an admitted address, of that organization); a person needs a membership
     * there. With {@code organizationLevel}, a person or a user key's user needs an organization-level
     * membership (what seeing the list of members takes).
     *
     * @return the acting key as stored now; empty for a person
     * @throws AccessDeniedException with the first failing reason
     */
    Optional<ApiKey> requireInsider(Principal principal, OrganizationId organization, boolean organizationLevel, Instant now) {
        Optional<DenialReason> failure;
        Optional<ApiKey> actingKey;
        if (principal instanceof Principal.ViaKey viaKey) {
            actingKey = apiKeys.findById(viaKey.key().id());
            PresentedKey presented = actingKey.map(PresentedKey::found).orElse(PresentedKey.unknown());
            failure = AccessRule.keyFailure(presented, viaKey.clientIp(), now);
            if (failure.isEmpty()) {
                ApiKey key = actingKey.get();
                if (!key.organization().equals(organization)) {
                    failure = Optional.of(DenialReason.OUTSIDE_ORGANIZATION);
                } else if (organizationLevel && key.kind() == KeyKind.USER && rolesOf(key).organizationRole().isEmpty()) {
                    failure = Optional.of(DenialReason.NO_MEMBERSHIP);
                }
            }
        } else {
            Principal.Person person = (Principal.Person) principal;
            actingKey = Optional.empty();
            MemberRoles roles = rolesOf(person.user(), organization);
            boolean member = organizationLevel ? roles.organizationRole().isPresent() : roles.isMember();
            failure = member ? Optional.empty() : Optional.of(DenialReason.NO_MEMBERSHIP);
        }
        if (failure.isPresent()) {
            throw new AccessDeniedException(failure.get());
        }
        recordUse(actingKey, now);
        return actingKey;
    }

    /** Records one successful use of the principal's key, if it acts through one. */
    void recordUse(Optional<ApiKey> actingKey, Instant now) {
        actingKey.ifPresent(key -> apiKeys.recordUse(key.id(), now));
    }

    /** The roles of a user key's user in the key's organization; none for an organization key. */
    MemberRoles rolesOf(ApiKey key) {
        return key.user().map(user -> MemberRoles.of(memberships.of(user, key.organization()))).orElse(MemberRoles.none());
    }

    /** The roles of {@code user} in {@code organization}. */
    MemberRoles rolesOf(UserId user, OrganizationId organization) {
        return MemberRoles.of(memberships.of(user, organization));
    }

    /**
     * Rule 8 for a person acting directly: the same effective-role rule a user key meets, without the
     * key's own limits (scope, pages, expiry, addresses), which a person does not have.
     */
    private record Judge(Function<AccessTarget, AccessDecision> rule, Optional<ApiKey> actingKey) {

        AccessDecision decide(AccessTarget target) {
            return rule.apply(target);
        }
    }

    /** A decision, and the acting key as stored now (empty for a person, or a key no longer stored). */
    record Judgement(AccessDecision decision, Optional<ApiKey> actingKey) {

        Judgement {
            requireNonNull(decision, "decision is null");
            requireNonNull(actingKey, "acting key is null");
        }
    }
}
