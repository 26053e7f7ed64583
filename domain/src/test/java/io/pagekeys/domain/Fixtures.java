package io.pagekeys.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Named situations for the domain's tests: one organization (Acme) with two pages, a second organization
 * (Globex), two people, and keys issued a day before the instant every request is judged at.
 */
final class Fixtures {

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final Instant ISSUED_AT = NOW.minus(Duration.ofDays(1));

    static final OrganizationId ACME = OrganizationId.of(1);
    static final OrganizationId GLOBEX = OrganizationId.of(2);

    static final UserId ALICE = UserId.of(10);
    static final UserId BOB = UserId.of(11);

    /** The page most tests act on. */
    static final Subdomain STATUS = Subdomain.of("status");
    /** Another page of Acme. */
    static final Subdomain API_STATUS = Subdomain.of("api-status");
    /** A page of Globex. */
    static final Subdomain GLOBEX_STATUS = Subdomain.of("globex-status");

    private Fixtures() {}

    /** 32 bytes that are the same for the same seed, so that failures replay. */
    static byte[] secret(long seed) {
        byte[] bytes = new byte[Token.SECRET_BYTES];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] filled(int value) {
        byte[] bytes = new byte[Token.SECRET_BYTES];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    static Token userToken(long seed) {
        return Token.generate(KeyKind.USER, secret(seed));
    }

    static Token organizationToken(long seed) {
        return Token.generate(KeyKind.ORGANIZATION, secret(seed));
    }

    static ApiKeyId keyId(long seed) {
        byte[] bytes = new byte[ApiKeyId.RANDOM_BYTES];
        new Random(seed).nextBytes(bytes);
        return ApiKeyId.generate(bytes);
    }

    // --- settings

    static KeySettings settings(KeyScope scope) {
        return KeySettings.of(KeyName.of("deploy bot"), scope);
    }

    static KeySettings settings(KeyScope scope, PageRule pages) {
        return settings(scope).withPageRule(pages);
    }

    static KeySettings fullOnAllPages() {
        return settings(KeyScope.full());
    }

    static PageRule only(Subdomain... pages) {
        return PageRule.selected(List.of(pages));
    }

    static List<Cidr> cidrs(String... blocks) {
        return Arrays.stream(blocks).map(Cidr::parse).toList();
    }

    // --- keys

    /** A user key of Alice in Acme, issued by herself a day ago. */
    static ApiKey userKey(KeySettings settings) {
        return userKey(ALICE, settings);
    }

    static ApiKey userKey(UserId user, KeySettings settings) {
        return ApiKey.issueUserKey(keyId(1), ACME, user, settings, userToken(1), Actor.user(user), ISSUED_AT);
    }

    /** Alice's user key with scope {@code full} on all pages. */
    static ApiKey fullUserKey() {
        return userKey(fullOnAllPages());
    }

    /** An organization key of Acme, issued by Alice a day ago. */
    static ApiKey organizationKey(KeySettings settings) {
        return ApiKey.issueOrganizationKey(keyId(2), ACME, settings, organizationToken(2), Actor.user(ALICE), ISSUED_AT);
    }

    static ApiKey fullOrganizationKey() {
        return organizationKey(fullOnAllPages());
    }

    /** The outcome of rotating {@code key} at {@code at}. */
    static ApiKey.Rotated rotated(ApiKey key, GracePeriod grace, Instant at) {
        KeyKind kind = key.kind();
        return key.rotate(keyId(99), Token.generate(kind, secret(99)), grace, Actor.user(ALICE), at);
    }

    // --- memberships (Alice's, in Acme)

    static Membership atOrganization(Role role) {
        return Membership.organizationLevel(ALICE, ACME, role);
    }

    static Membership onPage(Subdomain page, Role role) {
        return Membership.pageLevel(ALICE, ACME, page, role);
    }

    static MemberRoles roles(Membership... memberships) {
        return MemberRoles.of(List.of(memberships));
    }

    static MemberRoles organizationRole(Role role) {
        return roles(atOrganization(role));
    }

    // --- requests

    /** An attempt to use {@code key}: by nobody in particular, from no known address, at {@link #NOW}. */
    static Attempt use(ApiKey key) {
        return present(PresentedKey.found(key));
    }

    static Attempt present(PresentedKey key) {
        return new Attempt(key, MemberRoles.none(), ACME, Optional.empty(), NOW);
    }

    /** One request under construction; each method returns a changed copy. */
    record Attempt(PresentedKey key, MemberRoles roles, OrganizationId organization, Optional<IpAddress> clientIp, Instant at) {

        Attempt by(MemberRoles newRoles) {
            return new Attempt(key, newRoles, organization, clientIp, at);
        }

        Attempt by(Membership... memberships) {
            return by(Fixtures.roles(memberships));
        }

        /** The organization that owns the target (Acme unless said otherwise). */
        Attempt in(OrganizationId owner) {
            return new Attempt(key, roles, owner, clientIp, at);
        }

        Attempt from(String ip) {
            return new Attempt(key, roles, organization, Optional.of(IpAddress.parse(ip)), at);
        }

        Attempt at(Instant instant) {
            return new Attempt(key, roles, organization, clientIp, instant);
        }

        /** The decision on a page-scoped {@code permission} on {@code page}. */
        AccessDecision toDo(Permission permission, Subdomain page) {
            return AccessRule.decide(new AccessRequest(
                    key, roles, AccessTarget.page(organization, page), permission, clientIp, at));
        }

        /** The decision on {@code permission}: on {@link #STATUS} when page-scoped, else on the organization. */
        AccessDecision toDo(Permission permission) {
            if (permission.isPageScoped()) {
                return toDo(permission, STATUS);
            }
            return AccessRule.decide(new AccessRequest(
                    key, roles, AccessTarget.organization(organization), permission, clientIp, at));
        }
    }

    static AccessDecision allowed() {
        return AccessDecision.allowed();
    }

    static AccessDecision deniedFor(DenialReason reason) {
        return AccessDecision.denied(reason);
    }
}
