package io.pagekeys.application.service;

import static java.util.Objects.requireNonNull;

import io.pagekeys.application.AccessDeniedException;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.application.port.out.Memberships;
import io.pagekeys.application.port.out.UnitOfWork;
import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.AccessRequest;
import io.pagekeys.domain.AccessRule;
import io.pagekeys.domain.AccessTarget;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.IpAddress;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.MemberRoles;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.PresentedKey;
import io.pagekeys.domain.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * The one place where the services decide whether a principal may act: the whole access rule for a key,
 * the role rule (rule 8) alone for a person acting directly. Called inside the caller's unit of work,
 * or, for a use case that only reads, inside {@link UnitOfWork#read}.
 *
 * <p>A key is judged as the store holds it now, not as it was when the request was authenticated, so a
 * key revoked (or a role lowered) between authentication and use is refused.
 *
 * <p>A use of a key is recorded once the unit of work has committed, outside it: recorded inside, the
 * update would hold the acting key's row lock until the use case ends, so that every request of one key
 * waited for the one before, and two keys revoking each other deadlocked. A use case that fails records
 * no use.
 */
final class Authorizer {

    private final ApiKeys apiKeys;
    private final Memberships memberships;
    private final UnitOfWork unitOfWork;

    Authorizer(ApiKeys apiKeys, Memberships memberships, UnitOfWork unitOfWork) {
        this.apiKeys = requireNonNull(apiKeys, "api keys is null");
        this.memberships = requireNonNull(memberships, "memberships is null");
        this.unitOfWork = requireNonNull(unitOfWork, "unit of work is null");
    }

    /**
     * Lets the principal do {@code permission} on {@code target}, or throws. An allowed key's use is
     * recorded once the unit of work commits.
     *
     * @return the acting key as stored now; empty for a person
     * @throws AccessDeniedException with the first failing reason
     */
    Optional<ApiKey> require(Principal principal, AccessTarget target, Permission permission, Instant now) {
        requireNonNull(target, "target is null");
        Standing standing = standing(principal, target.organization(), now);
        if (standing.decide(target, permission) instanceof AccessDecision.Denied denied) {
            throw new AccessDeniedException(denied.reason());
        }
        recordUse(standing.actingKey(), now);
        return standing.actingKey();
    }

    /**
     * Lets the principal act on {@code organization} as one of its own, with no particular permission:
     * what reading the organization, or the list of its pages, takes. A key needs rules 1 to 5 of the
     * access rule (usable, from an admitted address, of that organization); a person, or a user key's
     * user, needs a membership there, at either level (a user key of a user who has left is refused, as it
     * is for everything else). With {@code organizationLevel}, that membership must be at organization
     * level (what seeing the list of members takes). The use of a key is recorded once the unit of work
     * commits.
     *
     * @return the principal as read for this check, to judge targets of the organization with
     * @throws AccessDeniedException with the first failing reason
     */
    Standing requireInsider(Principal principal, OrganizationId organization, boolean organizationLevel, Instant now) {
        Standing standing = standing(principal, organization, now);
        Optional<DenialReason> failure = standing.insiderFailure(organization, organizationLevel);
        if (failure.isPresent()) {
            throw new AccessDeniedException(failure.get());
        }
        recordUse(standing.actingKey(), now);
        return standing;
    }

    /**
     * Whether the principal, as the store holds it now, may do {@code permission} on {@code target}: for
     * a second permission a use case asks after {@link #require}, so records nothing.
     */
    boolean allows(Principal principal, AccessTarget target, Permission permission, Instant now) {
        requireNonNull(target, "target is null");
        return standing(principal, target.organization(), now).decide(target, permission).isAllowed();
    }

    /** The whole access rule for {@code key}, found by its token, presented from {@code clientIp}. Records nothing. */
    AccessDecision decide(ApiKey key, Optional<IpAddress> clientIp, AccessTarget target, Permission permission, Instant now) {
        return AccessRule.decide(new AccessRequest(PresentedKey.found(key), rolesOf(key), target, permission, clientIp, now));
    }

    /**
     * Records a successful use of the acting key, if there is one, once the current unit of work commits
     * (at once outside a unit of work).
     */
    void recordUse(Optional<ApiKey> actingKey, Instant now) {
        requireNonNull(now, "now is null");
        if (actingKey.isPresent()) {
            ApiKeyId used = actingKey.get().id();
            unitOfWork.afterCommit(() -> apiKeys.recordUse(used, now));
        }
    }

    /** The roles of {@code user} in {@code organization}. */
    MemberRoles rolesOf(UserId user, OrganizationId organization) {
        return MemberRoles.of(memberships.of(user, organization));
    }

    /** The roles of a user key's user in the key's organization; none for an organization key. */
    private MemberRoles rolesOf(ApiKey key) {
        Optional<UserId> user = key.user();
        return user.isPresent() ? rolesOf(user.get(), key.organization()) : MemberRoles.none();
    }

    /** Reads the principal's key (as stored now) and roles, once, for the checks of one use case. */
    private Standing standing(Principal principal, OrganizationId organization, Instant now) {
        requireNonNull(principal, "principal is null");
        requireNonNull(organization, "organization is null");
        requireNonNull(now, "now is null");
        if (principal instanceof Principal.ViaKey viaKey) {
            Optional<ApiKey> current = apiKeys.findById(viaKey.key().id());
            PresentedKey presented = current.map(PresentedKey::found).orElse(PresentedKey.unknown());
            MemberRoles roles = current.map(this::rolesOf).orElse(MemberRoles.none());
            return new Standing(Optional.of(presented), viaKey.clientIp(), roles, now);
        }
        Principal.Person person = (Principal.Person) principal;
        return new Standing(Optional.empty(), Optional.empty(), rolesOf(person.user(), organization), now);
    }

    /**
     * A principal as the store held it when one use case read it: the key presented (empty for a person),
     * the client's address, and the roles of the user it acts for (in the key's organization, or in the
     * organization a person acts in). Judges any number of targets without reading anything again.
     */
    static final class Standing {

        private final Optional<PresentedKey> presented;
        private final Optional<IpAddress> clientIp;
        private final MemberRoles roles;
        private final Instant now;

        private Standing(Optional<PresentedKey> presented, Optional<IpAddress> clientIp, MemberRoles roles, Instant now) {
            this.presented = presented;
            this.clientIp = clientIp;
            this.roles = roles;
            this.now = now;
        }

        /**
         * The decision on {@code permission} on {@code target}: the whole access rule for a key; for a
         * person acting directly, rule 8 alone, the same effective-role rule a user key meets, without the
         * key's own limits (scope, pages, expiry, addresses), which a person does not have.
         */
        AccessDecision decide(AccessTarget target, Permission permission) {
            if (presented.isEmpty()) {
                return AccessRule.roleFailure(roles, target, permission)
                        .map(AccessDecision::denied)
                        .orElse(AccessDecision.allowed());
            }
            return AccessRule.decide(new AccessRequest(presented.get(), roles, target, permission, clientIp, now));
        }

        /** The acting key as stored now; empty for a person, or for a key no longer stored. */
        Optional<ApiKey> actingKey() {
            return presented.filter(PresentedKey.Found.class::isInstance).map(found -> ((PresentedKey.Found) found).key());
        }

        private Optional<DenialReason> insiderFailure(OrganizationId organization, boolean organizationLevel) {
            boolean member = organizationLevel ? roles.organizationRole().isPresent() : roles.isMember();
            if (presented.isEmpty()) {
                return member ? Optional.empty() : Optional.of(DenialReason.NO_MEMBERSHIP);
            }
            Optional<DenialReason> keyFailure = AccessRule.keyFailure(presented.get(), clientIp, now);
            if (keyFailure.isPresent()) {
                return keyFailure;
            }
            ApiKey key = actingKey().orElseThrow();
            if (!key.organization().equals(organization)) {
                return Optional.of(DenialReason.OUTSIDE_ORGANIZATION);
            }
            if (key.kind() == KeyKind.USER && !member) {
                return Optional.of(DenialReason.NO_MEMBERSHIP);
            }
            return Optional.empty();
        }
    }
}
