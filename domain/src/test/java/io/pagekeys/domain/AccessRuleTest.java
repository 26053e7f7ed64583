package io.pagekeys.domain;

import static io.pagekeys.domain.DenialReason.EXPIRED;
import static io.pagekeys.domain.DenialReason.IP_NOT_ALLOWED;
import static io.pagekeys.domain.DenialReason.MALFORMED;
import static io.pagekeys.domain.DenialReason.NO_MEMBERSHIP;
import static io.pagekeys.domain.DenialReason.OUTSIDE_ORGANIZATION;
import static io.pagekeys.domain.DenialReason.PAGE_NOT_IN_KEY;
import static io.pagekeys.domain.DenialReason.REVOKED;
import static io.pagekeys.domain.DenialReason.ROLE_EXCLUDES;
import static io.pagekeys.domain.DenialReason.ROTATED;
import static io.pagekeys.domain.DenialReason.SCOPE_EXCLUDES;
import static io.pagekeys.domain.DenialReason.UNKNOWN_KEY;
import static io.pagekeys.domain.Fixtures.ACME;
import static io.pagekeys.domain.Fixtures.ALICE;
import static io.pagekeys.domain.Fixtures.API_STATUS;
import static io.pagekeys.domain.Fixtures.GLOBEX;
import static io.pagekeys.domain.Fixtures.GLOBEX_STATUS;
import static io.pagekeys.domain.Fixtures.NOW;
import static io.pagekeys.domain.Fixtures.STATUS;
import static io.pagekeys.domain.Fixtures.allowed;
import static io.pagekeys.domain.Fixtures.atOrganization;
import static io.pagekeys.domain.Fixtures.cidrs;
import static io.pagekeys.domain.Fixtures.deniedFor;
import static io.pagekeys.domain.Fixtures.fullOnAllPages;
import static io.pagekeys.domain.Fixtures.fullOrganizationKey;
import static io.pagekeys.domain.Fixtures.fullUserKey;
import static io.pagekeys.domain.Fixtures.onPage;
import static io.pagekeys.domain.Fixtures.only;
import static io.pagekeys.domain.Fixtures.organizationKey;
import static io.pagekeys.domain.Fixtures.organizationRole;
import static io.pagekeys.domain.Fixtures.rotated;
import static io.pagekeys.domain.Fixtures.settings;
import static io.pagekeys.domain.Fixtures.use;
import static io.pagekeys.domain.Fixtures.userKey;
import static io.pagekeys.domain.Permission.API_KEYS_MANAGE;
import static io.pagekeys.domain.Permission.BILLING_READ;
import static io.pagekeys.domain.Permission.INCIDENTS_WRITE;
import static io.pagekeys.domain.Permission.MEMBERS_MANAGE;
import static io.pagekeys.domain.Permission.OWN_API_KEYS_MANAGE;
import static io.pagekeys.domain.Permission.PAGES_CREATE;
import static io.pagekeys.domain.Permission.PAGES_DELETE;
import static io.pagekeys.domain.Permission.PAGES_READ;
import static io.pagekeys.domain.Permission.PAGES_WRITE;
import static io.pagekeys.domain.Permission.PAGE_MEMBERS_MANAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessRuleTest {

    @Nested
    class PageLevelMemberships {

        @Test
        void organizationAdminWhoIsPageViewerIsAViewerOnThatPage() {
            var alice = use(fullUserKey()).by(atOrganization(Role.ADMIN), onPage(STATUS, Role.VIEWER));

            assertThat(alice.toDo(PAGES_READ, STATUS)).isEqualTo(allowed());
            assertThat(alice.toDo(PAGES_WRITE, STATUS)).isEqualTo(deniedFor(ROLE_EXCLUDES));
            assertThat(alice.toDo(INCIDENTS_WRITE, STATUS)).isEqualTo(deniedFor(ROLE_EXCLUDES));
            // elsewhere her organization role still counts
            assertThat(alice.toDo(PAGES_WRITE, API_STATUS)).isEqualTo(allowed());
            assertThat(alice.toDo(PAGES_CREATE)).isEqualTo(allowed());
        }

        @Test
        void organizationViewerWhoIsPageAdminIsAnAdminOnThatPage() {
            var alice = use(fullUserKey()).by(atOrganization(Role.VIEWER), onPage(STATUS, Role.ADMIN));

            assertThat(alice.toDo(PAGES_WRITE, STATUS)).isEqualTo(allowed());
            assertThat(alice.toDo(INCIDENTS_WRITE, STATUS)).isEqualTo(allowed());
            assertThat(alice.toDo(PAGES_DELETE, STATUS)).isEqualTo(deniedFor(ROLE_EXCLUDES));
            assertThat(alice.toDo(PAGES_WRITE, API_STATUS)).isEqualTo(deniedFor(ROLE_EXCLUDES));
            // a page-level admin is no organization-level admin
            assertThat(alice.toDo(PAGES_CREATE)).isEqualTo(deniedFor(ROLE_EXCLUDES));
        }

        @Test
        void pageOnlyMemberHoldsNoOrganizationPowerButOwnApiKeys() {
            var alice = use(fullUserKey()).by(onPage(STATUS, Role.OWNER));

            assertThat(alice.toDo(PAGE_MEMBERS_MANAGE, STATUS)).isEqualTo(allowed());
            assertThat(alice.toDo(PAGES_DELETE, STATUS)).isEqualTo(allowed());
            assertThat(alice.toDo(PAGES_READ, API_STATUS)).isEqualTo(deniedFor(NO_MEMBERSHIP));
            assertThat(alice.toDo(PAGES_CREATE)).isEqualTo(deniedFor(NO_MEMBERSHIP));
            assertThat(alice.toDo(MEMBERS_MANAGE)).isEqualTo(deniedFor(NO_MEMBERSHIP));
            assertThat(alice.toDo(BILLING_READ)).isEqualTo(deniedFor(NO_MEMBERSHIP));
            assertThat(alice.toDo(API_KEYS_MANAGE)).isEqualTo(deniedFor(NO_MEMBERSHIP));
            assertThat(alice.toDo(OWN_API_KEYS_MANAGE)).isEqualTo(allowed());
        }

        @Test
        void pageOnlyMemberManagesOwnKeysEvenThroughAKeyOfAnotherPage() {
            // own_api_keys.manage ignores the page rule: a key selecting only a page she cannot see still may.
            var alice = use(userKey(settings(KeyScope.full(), only(API_STATUS)))).by(onPage(STATUS, Role.VIEWER));

            assertThat(alice.toDo(OWN_API_KEYS_MANAGE)).isEqualTo(allowed());
            assertThat(alice.toDo(PAGES_READ, API_STATUS)).isEqualTo(deniedFor(NO_MEMBERSHIP));
        }
    }

    @Nested
    class UserKeysFollowTheCurrentRole {

        @Test
        void userKeyLosesPowerTheMomentItsUsersRoleIsLowered() {
            ApiKey key = fullUserKey();

            assertThat(use(key).by(organizationRole(Role.ADMIN)).toDo(PAGES_WRITE)).isEqualTo(allowed());
            assertThat(use(key).by(organizationRole(Role.EDITOR)).toDo(PAGES_WRITE)).isEqualTo(deniedFor(ROLE_EXCLUDES));
            assertThat(use(key).by(organizationRole(Role.VIEWER)).toDo(INCIDENTS_WRITE)).isEqualTo(deniedFor(ROLE_EXCLUDES));
        }

        @Test
        void userKeyStopsWorkingTheMomentItsUserLeavesTheOrganization() {
            ApiKey key = fullUserKey();

            assertThat(use(key).by(organizationRole(Role.OWNER)).toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(use(key).by(MemberRoles.none()).toDo(PAGES_READ)).isEqualTo(deniedFor(NO_MEMBERSHIP));
            assertThat(use(key).by(MemberRoles.none()).toDo(OWN_API_KEYS_MANAGE)).isEqualTo(deniedFor(NO_MEMBERSHIP));
            assertThat(use(key).by(MemberRoles.none()).toDo(MEMBERS_MANAGE)).isEqualTo(deniedFor(NO_MEMBERSHIP));
        }

        @Test
        void userKeyLosesAPageWhenItsPageMembershipIsRemoved() {
            ApiKey key = fullUserKey();

            assertThat(use(key).by(onPage(STATUS, Role.EDITOR)).toDo(INCIDENTS_WRITE, STATUS)).isEqualTo(allowed());
            assertThat(use(key).by(onPage(API_STATUS, Role.EDITOR)).toDo(INCIDENTS_WRITE, STATUS))
                    .isEqualTo(deniedFor(NO_MEMBERSHIP));
        }

        @Test
        void scopeIsACeilingNotAGrant() {
            var viewer = use(fullUserKey()).by(organizationRole(Role.VIEWER));

            assertThat(viewer.toDo(PAGES_DELETE)).isEqualTo(deniedFor(ROLE_EXCLUDES));
            assertThat(viewer.toDo(API_KEYS_MANAGE)).isEqualTo(deniedFor(ROLE_EXCLUDES));
        }

        @Test
        void ownerWithReadOnlyKeyCannotWrite() {
            var owner = use(userKey(settings(KeyScope.readOnly()))).by(organizationRole(Role.OWNER));

            assertThat(owner.toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(owner.toDo(INCIDENTS_WRITE)).isEqualTo(deniedFor(SCOPE_EXCLUDES));
            assertThat(owner.toDo(OWN_API_KEYS_MANAGE)).isEqualTo(deniedFor(SCOPE_EXCLUDES));
            assertThat(owner.toDo(API_KEYS_MANAGE)).isEqualTo(deniedFor(SCOPE_EXCLUDES));
        }
    }

    @Nested
    class OrganizationKeys {

        @Test
        void organizationKeyIsUnaffectedWhenItsCreatorIsRemoved() {
            ApiKey key = fullOrganizationKey();
            assertThat(key.createdBy()).isEqualTo(Actor.user(ALICE));

            for (Permission permission : Permission.values()) {
                assertThat(use(key).by(organizationRole(Role.OWNER)).toDo(permission)).as("%s", permission).isEqualTo(allowed());
                assertThat(use(key).by(MemberRoles.none()).toDo(permission)).as("%s", permission).isEqualTo(allowed());
                assertThat(use(key).by(organizationRole(Role.VIEWER)).toDo(permission)).as("%s", permission).isEqualTo(allowed());
            }
        }

        @Test
        void organizationKeyStillHonoursItsScopeAndPages() {
            var key = use(organizationKey(settings(KeyScope.readWrite(), only(STATUS))));

            assertThat(key.toDo(PAGES_WRITE, STATUS)).isEqualTo(allowed());
            assertThat(key.toDo(PAGES_WRITE, API_STATUS)).isEqualTo(deniedFor(PAGE_NOT_IN_KEY));
            assertThat(key.toDo(MEMBERS_MANAGE)).isEqualTo(deniedFor(SCOPE_EXCLUDES));
            assertThat(key.toDo(PAGES_CREATE)).isEqualTo(deniedFor(PAGE_NOT_IN_KEY));
        }
    }

    @Nested
    class PageRules {

        @Test
        void selectedPagesKeyIsDeniedOnOtherPages() {
            var owner = use(userKey(settings(KeyScope.full(), only(STATUS)))).by(organizationRole(Role.OWNER));

            assertThat(owner.toDo(PAGES_READ, STATUS)).isEqualTo(allowed());
            assertThat(owner.toDo(PAGES_READ, API_STATUS)).isEqualTo(deniedFor(PAGE_NOT_IN_KEY));
            assertThat(owner.toDo(PAGES_DELETE, API_STATUS)).isEqualTo(deniedFor(PAGE_NOT_IN_KEY));
        }

        @ParameterizedTest
        @EnumSource(value = Permission.class, names = {"PAGES_CREATE", "MEMBERS_MANAGE", "BILLING_READ", "API_KEYS_MANAGE"})
        void organizationScopedPermissionsNeedAnAllPagesKey(Permission permission) {
            var selected = use(userKey(settings(KeyScope.full(), only(STATUS, API_STATUS)))).by(organizationRole(Role.OWNER));
            var all = use(userKey(settings(KeyScope.full()))).by(organizationRole(Role.OWNER));

            assertThat(selected.toDo(permission)).isEqualTo(deniedFor(PAGE_NOT_IN_KEY));
            assertThat(all.toDo(permission)).isEqualTo(allowed());
        }

        @Test
        void ownApiKeysNeedsNoAllPagesKey() {
            var selected = use(userKey(settings(KeyScope.full(), only(STATUS)))).by(organizationRole(Role.VIEWER));

            assertThat(selected.toDo(OWN_API_KEYS_MANAGE)).isEqualTo(allowed());
        }

        @Test
        void keyWhoseLastSelectedPageWasDeletedAdmitsNoPage() {
            ApiKey key = userKey(settings(KeyScope.full(), only(STATUS))).withoutPage(STATUS);
            var owner = use(key).by(organizationRole(Role.OWNER));

            assertThat(owner.toDo(PAGES_READ, STATUS)).isEqualTo(deniedFor(PAGE_NOT_IN_KEY));
            assertThat(owner.toDo(PAGES_READ, API_STATUS)).isEqualTo(deniedFor(PAGE_NOT_IN_KEY));
            assertThat(owner.toDo(PAGES_CREATE)).isEqualTo(deniedFor(PAGE_NOT_IN_KEY));
        }

        @Test
        void anotherOrganizationsPageIsOutsideTheOrganization() {
            var owner = use(fullUserKey()).by(organizationRole(Role.OWNER));

            assertThat(owner.in(GLOBEX).toDo(PAGES_READ, GLOBEX_STATUS)).isEqualTo(deniedFor(OUTSIDE_ORGANIZATION));
            assertThat(owner.in(GLOBEX).toDo(MEMBERS_MANAGE)).isEqualTo(deniedFor(OUTSIDE_ORGANIZATION));
            assertThat(use(fullOrganizationKey()).in(GLOBEX).toDo(PAGES_READ, GLOBEX_STATUS))
                    .isEqualTo(deniedFor(OUTSIDE_ORGANIZATION));
            assertThat(use(fullOrganizationKey()).in(GLOBEX).toDo(OWN_API_KEYS_MANAGE))
                    .isEqualTo(deniedFor(OUTSIDE_ORGANIZATION));
        }
    }

    @Nested
    class RuleOrder {

        /** A key that breaks rules 3 to 8 at once, each of which the steps below mend one by one. */
        private ApiKey brokenKey() {
            return userKey(settings(KeyScope.readOnly(), only(API_STATUS)).withAllowedIps(cidrs("10.0.0.0/8")));
        }

        @Test
        void firstFailingRuleGivesTheReason() {
            ApiKey key = brokenKey();
            var attempt = use(key.revoke(Actor.user(ALICE), NOW)).in(GLOBEX).from("192.0.2.1");

            assertThat(attempt.toDo(PAGES_WRITE, STATUS)).isEqualTo(deniedFor(REVOKED));

            attempt = use(key).in(GLOBEX).from("192.0.2.1");
            assertThat(attempt.toDo(PAGES_WRITE, STATUS)).isEqualTo(deniedFor(IP_NOT_ALLOWED));

            attempt = attempt.from("10.1.2.3");
            assertThat(attempt.toDo(PAGES_WRITE, STATUS)).isEqualTo(deniedFor(OUTSIDE_ORGANIZATION));

            attempt = attempt.in(ACME);
            assertThat(attempt.toDo(PAGES_WRITE, STATUS)).isEqualTo(deniedFor(SCOPE_EXCLUDES));

            // with a permission in the scope, the page rule comes next
            assertThat(attempt.toDo(PAGES_READ, STATUS)).isEqualTo(deniedFor(PAGE_NOT_IN_KEY));
            assertThat(attempt.toDo(PAGES_READ, API_STATUS)).isEqualTo(deniedFor(NO_MEMBERSHIP));

            attempt = attempt.by(atOrganization(Role.BILLING));
            assertThat(attempt.toDo(PAGES_READ, API_STATUS)).isEqualTo(deniedFor(ROLE_EXCLUDES));

            attempt = attempt.by(atOrganization(Role.BILLING), onPage(API_STATUS, Role.VIEWER));
            assertThat(attempt.toDo(PAGES_READ, API_STATUS)).isEqualTo(allowed());
        }

        @Test
        void malformedTokenComesBeforeEverything() {
            var attempt = Fixtures.present(PresentedKey.malformed()).in(GLOBEX).from("192.0.2.1");

            assertThat(attempt.toDo(PAGES_WRITE, GLOBEX_STATUS)).isEqualTo(deniedFor(MALFORMED));
            assertThat(attempt.toDo(MEMBERS_MANAGE)).isEqualTo(deniedFor(MALFORMED));
        }

        @Test
        void unknownKeyComesBeforeAnyCheckOfAKey() {
            var attempt = Fixtures.present(PresentedKey.unknown()).in(GLOBEX).from("192.0.2.1");

            assertThat(attempt.toDo(PAGES_WRITE, GLOBEX_STATUS)).isEqualTo(deniedFor(UNKNOWN_KEY));
        }

        @Test
        void revokedKeyFromAWrongAddressIsRevoked() {
            ApiKey key = userKey(settings(KeyScope.full()).withAllowedIps(cidrs("10.0.0.0/8"))).revoke(Actor.user(ALICE), NOW);

            assertThat(use(key).from("192.0.2.1").toDo(PAGES_READ)).isEqualTo(deniedFor(REVOKED));
        }

        @Test
        void wrongAddressAndWrongOrganizationIsIpNotAllowed() {
            ApiKey key = organizationKey(settings(KeyScope.full()).withAllowedIps(cidrs("10.0.0.0/8")));

            assertThat(use(key).in(GLOBEX).from("192.0.2.1").toDo(PAGES_READ, GLOBEX_STATUS))
                    .isEqualTo(deniedFor(IP_NOT_ALLOWED));
        }

        @Test
        void wrongOrganizationComesBeforeScope() {
            ApiKey key = organizationKey(settings(KeyScope.readOnly()));

            assertThat(use(key).in(GLOBEX).toDo(MEMBERS_MANAGE)).isEqualTo(deniedFor(OUTSIDE_ORGANIZATION));
        }

        @Test
        void scopeComesBeforePageRule() {
            ApiKey key = organizationKey(settings(KeyScope.readOnly(), only(API_STATUS)));

            assertThat(use(key).toDo(PAGES_WRITE, STATUS)).isEqualTo(deniedFor(SCOPE_EXCLUDES));
        }

        @Test
        void pageRuleComesBeforeMembership() {
            ApiKey key = userKey(settings(KeyScope.full(), only(API_STATUS)));

            assertThat(use(key).by(MemberRoles.none()).toDo(PAGES_READ, STATUS)).isEqualTo(deniedFor(PAGE_NOT_IN_KEY));
        }

        @Test
        void revokedComesBeforeExpiredAndExpiredBeforeRotated() {
            ApiKey expiring = userKey(settings(KeyScope.full()).withExpiry(NOW.plusSeconds(60)));
            ApiKey rotatedThenExpired = rotated(expiring, GracePeriod.ofSeconds(3600), NOW).old();
            Instant later = NOW.plusSeconds(7200);

            assertThat(use(rotatedThenExpired).by(organizationRole(Role.OWNER)).at(later).toDo(PAGES_READ))
                    .isEqualTo(deniedFor(EXPIRED));
            assertThat(use(rotatedThenExpired.revoke(Actor.operator(), NOW)).at(later).toDo(PAGES_READ))
                    .isEqualTo(deniedFor(REVOKED));
        }
    }

    @Nested
    class Lifetimes {

        @Test
        void keyWorksUntilTheNanosecondBeforeItsExpiry() {
            Instant expiresAt = NOW.plus(Duration.ofDays(30));
            var owner = use(userKey(settings(KeyScope.full()).withExpiry(expiresAt))).by(organizationRole(Role.OWNER));

            assertThat(owner.at(expiresAt.minusNanos(1)).toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(owner.at(expiresAt).toDo(PAGES_READ)).isEqualTo(deniedFor(EXPIRED));
            assertThat(owner.at(expiresAt.plusNanos(1)).toDo(PAGES_READ)).isEqualTo(deniedFor(EXPIRED));
        }

        @Test
        void rotatedKeyWithoutGraceDiesAtOnce() {
            ApiKey.Rotated rotation = rotated(fullOrganizationKey(), GracePeriod.none(), NOW);

            assertThat(use(rotation.old()).at(NOW.minusNanos(1)).toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(use(rotation.old()).at(NOW).toDo(PAGES_READ)).isEqualTo(deniedFor(ROTATED));
            assertThat(use(rotation.replacement()).at(NOW).toDo(PAGES_READ)).isEqualTo(allowed());
        }

        @Test
        void rotatedKeyWorksUntilTheNanosecondBeforeItsGraceDeadline() {
            ApiKey.Rotated rotation = rotated(fullOrganizationKey(), GracePeriod.ofSeconds(600), NOW);
            Instant graceUntil = NOW.plusSeconds(600);
            assertThat(rotation.old().rotation().orElseThrow().graceUntil()).isEqualTo(graceUntil);

            assertThat(use(rotation.old()).at(graceUntil.minusNanos(1)).toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(use(rotation.old()).at(graceUntil).toDo(PAGES_READ)).isEqualTo(deniedFor(ROTATED));
            assertThat(use(rotation.replacement()).at(graceUntil).toDo(PAGES_READ)).isEqualTo(allowed());
        }

        @Test
        void revokingDuringGraceEndsItAtOnce() {
            ApiKey.Rotated rotation = rotated(fullOrganizationKey(), GracePeriod.ofSeconds(3600), NOW);
            Instant revokedAt = NOW.plusSeconds(60);
            ApiKey revoked = rotation.old().revoke(Actor.user(ALICE), revokedAt);

            assertThat(use(rotation.old()).at(revokedAt).toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(use(revoked).at(revokedAt).toDo(PAGES_READ)).isEqualTo(deniedFor(REVOKED));
            assertThat(use(revoked).at(revokedAt.plusSeconds(1)).toDo(PAGES_READ)).isEqualTo(deniedFor(REVOKED));
        }

        @Test
        void revokedKeyStaysRevoked() {
            ApiKey revoked = fullOrganizationKey().revoke(Actor.user(ALICE), NOW);

            assertThat(use(revoked).at(NOW).toDo(PAGES_READ)).isEqualTo(deniedFor(REVOKED));
            assertThat(use(revoked).at(NOW.plus(Duration.ofDays(3650))).toDo(PAGES_READ)).isEqualTo(deniedFor(REVOKED));
            assertThat(use(revoked.revoke(Actor.operator(), NOW.plusSeconds(5))).toDo(PAGES_READ)).isEqualTo(deniedFor(REVOKED));
        }
    }

    @Nested
    class ClientAddresses {

        private Fixtures.Attempt keyFrom(String... blocks) {
            return use(organizationKey(fullOnAllPages().withAllowedIps(cidrs(blocks))));
        }

        @Test
        void keyWithoutBlocksAdmitsAnyAddressAndNone() {
            var key = use(fullOrganizationKey());

            assertThat(key.toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(key.from("198.51.100.1").toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(key.from("2001:db8::1").toDo(PAGES_READ)).isEqualTo(allowed());
        }

        @Test
        void ipv4BlockAdmitsItsAddressesOnly() {
            var key = keyFrom("203.0.113.0/24");

            assertThat(key.from("203.0.113.0").toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(key.from("203.0.113.255").toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(key.from("203.0.112.255").toDo(PAGES_READ)).isEqualTo(deniedFor(IP_NOT_ALLOWED));
            assertThat(key.from("203.0.114.0").toDo(PAGES_READ)).isEqualTo(deniedFor(IP_NOT_ALLOWED));
            assertThat(key.from("2001:db8::1").toDo(PAGES_READ)).isEqualTo(deniedFor(IP_NOT_ALLOWED));
        }

        @Test
        void ipv6BlockAdmitsItsAddressesOnly() {
            var key = keyFrom("2001:db8:abcd::/48");

            assertThat(key.from("2001:db8:abcd::").toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(key.from("2001:db8:abcd:ffff:ffff:ffff:ffff:ffff").toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(key.from("2001:db8:abce::1").toDo(PAGES_READ)).isEqualTo(deniedFor(IP_NOT_ALLOWED));
            assertThat(key.from("203.0.113.1").toDo(PAGES_READ)).isEqualTo(deniedFor(IP_NOT_ALLOWED));
        }

        @Test
        void bareAddressesAdmitThemselvesOnly() {
            var key = keyFrom("198.51.100.7", "2001:db8::7");

            assertThat(key.from("198.51.100.7").toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(key.from("198.51.100.6").toDo(PAGES_READ)).isEqualTo(deniedFor(IP_NOT_ALLOWED));
            assertThat(key.from("2001:db8::7").toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(key.from("2001:db8::8").toDo(PAGES_READ)).isEqualTo(deniedFor(IP_NOT_ALLOWED));
        }

        @Test
        void unknownClientAddressIsDeniedWhenTheKeyHasBlocks() {
            var key = keyFrom("0.0.0.0/0", "::/0");

            assertThat(key.toDo(PAGES_READ)).isEqualTo(deniedFor(IP_NOT_ALLOWED));
        }

        @Test
        void zeroPrefixAdmitsAllOfItsFamilyOnly() {
            var ipv4 = keyFrom("0.0.0.0/0");
            var ipv6 = keyFrom("::/0");

            assertThat(ipv4.from("0.0.0.0").toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(ipv4.from("255.255.255.255").toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(ipv4.from("::1").toDo(PAGES_READ)).isEqualTo(deniedFor(IP_NOT_ALLOWED));
            assertThat(ipv6.from("::1").toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(ipv6.from("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(ipv6.from("10.0.0.1").toDo(PAGES_READ)).isEqualTo(deniedFor(IP_NOT_ALLOWED));
        }

        @Test
        void anyOfSeveralBlocksIsEnough() {
            var key = keyFrom("10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32");

            assertThat(key.from("192.168.4.4").toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(key.from("10.9.9.9").toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(key.from("2001:db8:1::1").toDo(PAGES_READ)).isEqualTo(allowed());
            assertThat(key.from("172.16.0.1").toDo(PAGES_READ)).isEqualTo(deniedFor(IP_NOT_ALLOWED));
        }

        @Test
        void ipv4MappedIpv6AddressCountsAsItsIpv4Address() {
            var key = keyFrom("203.0.113.0/24");

            assertThat(key.from("::ffff:203.0.113.9").toDo(PAGES_READ)).isEqualTo(allowed());
        }
    }

    @Nested
    class PresentedTokens {

        private final ApiKey stored = fullOrganizationKey();
        private final Map<TokenFingerprint, ApiKey> store = Map.of(stored.fingerprint(), stored);

        /** What an adapter does with a credential: parse it (no I/O), then look the fingerprint up. */
        private PresentedKey presented(String credential) {
            Optional<Token> token = Token.parse(credential);
            if (token.isEmpty()) {
                return PresentedKey.malformed();
            }
            ApiKey key = store.get(token.get().fingerprint());
            return key == null ? PresentedKey.unknown() : PresentedKey.found(key);
        }

        private AccessDecision decide(String credential) {
            return Fixtures.present(presented(credential)).toDo(PAGES_READ);
        }

        @Test
        void theStoredKeysTokenIsAllowed() {
            assertThat(decide(Fixtures.organizationToken(2).reveal())).isEqualTo(allowed());
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "Bearer", "uk_", "ok_abc", "not a token at all"})
        void malformedCredentialsAreMalformed(String credential) {
            assertThat(decide(credential)).isEqualTo(deniedFor(MALFORMED));
        }

        @Test
        void tokenWithOneCharacterChangedIsMalformed() {
            String token = Fixtures.organizationToken(2).reveal();
            char last = token.charAt(token.length() - 1);
            String tampered = token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a');

            assertThat(decide(tampered)).isEqualTo(deniedFor(MALFORMED));
        }

        @Test
        void wellFormedTokenOfNoKeyIsUnknown() {
            assertThat(decide(Fixtures.organizationToken(3).reveal())).isEqualTo(deniedFor(UNKNOWN_KEY));
            assertThat(decide(Fixtures.userToken(2).reveal())).isEqualTo(deniedFor(UNKNOWN_KEY));
        }
    }

    @Nested
    class Authentication {

        private final ApiKey fromTenNet = organizationKey(settings(KeyScope.readOnly()).withAllowedIps(cidrs("10.0.0.0/8")));

        private Optional<DenialReason> keyFailure(PresentedKey key, String clientIp, Instant at) {
            return AccessRule.keyFailure(key, Optional.ofNullable(clientIp).map(IpAddress::parse), at);
        }

        @Test
        void usableKeyFromAnAdmittedAddressAuthenticates() {
            assertThat(keyFailure(PresentedKey.found(fromTenNet), "10.0.0.1", NOW)).isEmpty();
            assertThat(keyFailure(PresentedKey.found(fullUserKey()), null, NOW)).isEmpty();
        }

        @Test
        void authenticationJudgesTheFirstFourRulesInOrder() {
            ApiKey revoked = fromTenNet.revoke(Actor.user(ALICE), NOW);

            assertThat(keyFailure(PresentedKey.malformed(), "192.0.2.1", NOW)).contains(MALFORMED);
            assertThat(keyFailure(PresentedKey.unknown(), "192.0.2.1", NOW)).contains(UNKNOWN_KEY);
            assertThat(keyFailure(PresentedKey.found(revoked), "192.0.2.1", NOW)).contains(REVOKED);
            assertThat(keyFailure(PresentedKey.found(fromTenNet), "192.0.2.1", NOW)).contains(IP_NOT_ALLOWED);
            assertThat(keyFailure(PresentedKey.found(fromTenNet), null, NOW)).contains(IP_NOT_ALLOWED);
        }

        @Test
        void authenticationKnowsNothingOfTargetsScopesOrRoles() {
            // a read-only key of Acme, presented for Globex's members by nobody, still authenticates
            assertThat(keyFailure(PresentedKey.found(fromTenNet), "10.0.0.1", NOW)).isEmpty();
            assertThat(use(fromTenNet).from("10.0.0.1").in(GLOBEX).toDo(MEMBERS_MANAGE)).isEqualTo(deniedFor(OUTSIDE_ORGANIZATION));
        }

        @Test
        void authenticationAgreesWithTheWholeRule() {
            ApiKey expiring = userKey(settings(KeyScope.full()).withExpiry(NOW.plusSeconds(60)));
            Instant later = NOW.plusSeconds(60);

            assertThat(keyFailure(PresentedKey.found(expiring), null, later)).contains(EXPIRED);
            assertThat(use(expiring).at(later).by(organizationRole(Role.OWNER)).toDo(PAGES_READ)).isEqualTo(deniedFor(EXPIRED));
            ApiKey old = rotated(fullOrganizationKey(), GracePeriod.none(), NOW).old();
            assertThat(keyFailure(PresentedKey.found(old), null, NOW)).contains(ROTATED);
            assertThat(use(old).toDo(PAGES_READ)).isEqualTo(deniedFor(ROTATED));
        }
    }

    @Test
    void requestRefusesAPermissionJudgedOnTheOtherKindOfTarget() {
        PresentedKey key = PresentedKey.found(fullOrganizationKey());

        assertThatThrownBy(() -> new AccessRequest(
                        key, MemberRoles.none(), AccessTarget.organization(ACME), PAGES_READ, Optional.empty(), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccessRequest(
                        key, MemberRoles.none(), AccessTarget.page(ACME, STATUS), MEMBERS_MANAGE, Optional.empty(), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
