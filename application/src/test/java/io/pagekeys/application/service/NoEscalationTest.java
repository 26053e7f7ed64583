package io.pagekeys.application.service;

import static io.pagekeys.application.service.Fixtures.person;
import static io.pagekeys.application.service.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.pagekeys.application.ForbiddenException;
import io.pagekeys.application.port.in.Authentication;
import io.pagekeys.application.port.in.IssueOrganizationKeyCommand;
import io.pagekeys.application.port.in.IssueUserKeyCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.KeyRequest;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.RotateKeyCommand;
import io.pagekeys.application.service.Fixtures.Tenant;
import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Subdomain;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A key that makes or rotates a key cannot give it more than it has: scope, pages, expiry (ending with its
 * grace once it is rotated), client addresses.
 */
class NoEscalationTest {

    private static final KeyScope MANAGER = KeyScope.of(Permission.API_KEYS_MANAGE, Permission.OWN_API_KEYS_MANAGE, Permission.PAGES_READ);

    private final Fixtures world = new Fixtures();
    private final Tenant acme = world.organization("Acme", "status", "internal", "partners");
    private final Instant inAMonth = world.clock.instant().plus(Duration.ofDays(30));

    private String issuingOrganizationKey(Principal through, KeyRequest request) {
        return world.codeOf(() -> world.keys.issueOrganizationKey(through, new IssueOrganizationKeyCommand(acme.id(), request)));
    }

    private IssuedKey issueOrganizationKey(Principal through, KeyRequest request) {
        return world.remembered(world.keys.issueOrganizationKey(through, new IssueOrganizationKeyCommand(acme.id(), request)));
    }

    @Test
    void aKeyCannotGiveAWiderScopeThanItsOwn() {
        Principal manager = world.via(world.organizationKeyOf(acme, MANAGER));

        assertThat(issuingOrganizationKey(manager, request(KeyScope.readWrite()))).isEqualTo(ForbiddenException.ESCALATION);
        assertThat(issuingOrganizationKey(manager, request(KeyScope.full()))).isEqualTo(ForbiddenException.ESCALATION);
        assertThat(issueOrganizationKey(manager, request(KeyScope.readOnly())).key().scope()).isEqualTo(KeyScope.readOnly());
        assertThat(issueOrganizationKey(manager, request(MANAGER)).key().scope()).isEqualTo(MANAGER);
    }

    @Test
    void aKeyCannotGiveMorePagesThanItsOwn() {
        // An org key needs all pages to manage keys, so the ceiling on pages shows with own user keys.
        Principal selective = world.via(world.userKeyOf(acme, acme.owner(), request(KeyScope.full(), acme.page(0), acme.page(1))));
        Principal onePage = world.via(world.userKeyOf(acme, acme.owner(), request(KeyScope.full(), acme.page(0))));

        assertThat(issuingUserKey(selective, request(KeyScope.readOnly()))).isEqualTo(ForbiddenException.ESCALATION);
        assertThat(issuingUserKey(selective, request(KeyScope.readOnly(), acme.page(0), acme.page(2)))).isEqualTo(ForbiddenException.ESCALATION);
        assertThat(issuingUserKey(onePage, request(KeyScope.readOnly(), acme.page(0), acme.page(1)))).isEqualTo(ForbiddenException.ESCALATION);
        IssuedKey within = world.remembered(world.keys.issueUserKey(
                selective, new IssueUserKeyCommand(acme.id(), request(KeyScope.readOnly(), acme.page(1)))));
        assertThat(within.key().pageRule().admits(acme.page(1))).isTrue();
    }

    private String issuingUserKey(Principal through, KeyRequest request) {
        return world.codeOf(() -> world.keys.issueUserKey(through, new IssueUserKeyCommand(acme.id(), request)));
    }

    @Test
    void aKeyCannotGiveALaterExpiryThanItsOwn() {
        Principal expiring = world.via(world.organizationKeyOf(acme, request(MANAGER).expiringAt(inAMonth)));

        assertThat(issuingOrganizationKey(expiring, request(KeyScope.readOnly()))).isEqualTo(ForbiddenException.ESCALATION);
        assertThat(issuingOrganizationKey(expiring, request(KeyScope.readOnly()).expiringAt(inAMonth.plusSeconds(1))))
                .isEqualTo(ForbiddenException.ESCALATION);
        assertThat(issueOrganizationKey(expiring, request(KeyScope.readOnly()).expiringAt(inAMonth)).key().expiresAt()).contains(inAMonth);
    }

    @Test
    void aKeyWithoutExpiryMayGiveAnyExpiry() {
        Principal manager = world.via(world.organizationKeyOf(acme, MANAGER));

        assertThat(issueOrganizationKey(manager, request(KeyScope.readOnly()).expiringAt(inAMonth)).key().expiresAt()).contains(inAMonth);
    }

    @Test
    void rotatingThroughAKeyCannotRenewAKeyBeyondIt() {
        IssuedKey broad = world.organizationKeyOf(acme, KeyScope.full());
        Principal manager = world.via(world.organizationKeyOf(acme, MANAGER));

        assertThat(world.codeOf(() -> world.keys.rotateOrganizationKey(
                        manager, new RotateKeyCommand(acme.id(), broad.key().id(), GracePeriod.none()))))
                .isEqualTo(ForbiddenException.ESCALATION);
        assertThat(world.authenticate(broad)).isInstanceOf(Authentication.Authenticated.class);
    }

    @Test
    void rotatingThroughAnExpiringKeyCannotRenewAKeyThatLivesLonger() {
        IssuedKey lasting = world.organizationKeyOf(acme, KeyScope.readOnly());
        Principal expiring = world.via(world.organizationKeyOf(acme, request(MANAGER).expiringAt(inAMonth)));

        assertThat(world.codeOf(() -> world.keys.rotateOrganizationKey(
                        expiring, new RotateKeyCommand(acme.id(), lasting.key().id(), GracePeriod.none()))))
                .isEqualTo(ForbiddenException.ESCALATION);
    }

    @Test
    void aKeyMayRotateItself() {
        IssuedKey own = world.userKeyOf(acme, acme.owner(), request(KeyScope.of(Permission.OWN_API_KEYS_MANAGE), acme.page(0)).expiringAt(inAMonth));

        IssuedKey replacement = world.remembered(world.keys.rotateOwnKey(
                world.via(own), new RotateKeyCommand(acme.id(), own.key().id(), GracePeriod.none())));

        assertThat(replacement.key().settings()).isEqualTo(own.key().settings());
    }

    @Test
    void aRotatedKeyInItsGraceCannotGiveAKeyThatOutlivesTheGrace() {
        IssuedKey manager = world.organizationKeyOf(acme, MANAGER);
        Principal inGrace = world.via(manager);
        world.remembered(world.keys.rotateOrganizationKey(
                person(acme.owner()), new RotateKeyCommand(acme.id(), manager.key().id(), GracePeriod.ofSeconds(3_600))));
        Instant graceUntil = world.clock.instant().plusSeconds(3_600);

        assertThat(issuingOrganizationKey(inGrace, request(KeyScope.readOnly()))).isEqualTo(ForbiddenException.ESCALATION);
        assertThat(issuingOrganizationKey(inGrace, request(KeyScope.readOnly()).expiringAt(graceUntil.plusNanos(1_000))))
                .isEqualTo(ForbiddenException.ESCALATION);
        assertThat(issueOrganizationKey(inGrace, request(KeyScope.readOnly()).expiringAt(graceUntil)).key().expiresAt())
                .contains(graceUntil);
    }

    @Test
    void aRotatedKeyInItsGraceCannotRotateItsOwnReplacement() {
        IssuedKey own = world.userKeyOf(acme, acme.owner(), KeyScope.full());
        Principal inGrace = world.via(own);
        IssuedKey replacement = world.remembered(world.keys.rotateOwnKey(
                person(acme.owner()), new RotateKeyCommand(acme.id(), own.key().id(), GracePeriod.ofSeconds(3_600))));

        assertThat(world.codeOf(() -> world.keys.rotateOwnKey(
                        inGrace, new RotateKeyCommand(acme.id(), replacement.key().id(), GracePeriod.none()))))
                .isEqualTo(ForbiddenException.ESCALATION);
        assertThat(world.authenticate(replacement)).isInstanceOf(Authentication.Authenticated.class);
        assertThat(world.stored(replacement).rotation()).isEmpty();
    }

    @Test
    void aRotatedOrganizationKeyInItsGraceCannotRotateItsReplacementEither() {
        IssuedKey manager = world.organizationKeyOf(acme, MANAGER);
        Principal inGrace = world.via(manager);
        IssuedKey replacement = world.remembered(world.keys.rotateOrganizationKey(
                person(acme.owner()), new RotateKeyCommand(acme.id(), manager.key().id(), GracePeriod.ofSeconds(3_600))));

        assertThat(world.codeOf(() -> world.keys.rotateOrganizationKey(
                        inGrace, new RotateKeyCommand(acme.id(), replacement.key().id(), GracePeriod.none()))))
                .isEqualTo(ForbiddenException.ESCALATION);
    }

    @Test
    void aKeyLimitedToSomeAddressesCanOnlyGiveKeysLimitedWithinThem() {
        IssuedKey fenced = world.organizationKeyOf(acme, request(MANAGER).fromAddresses(List.of(Cidr.parse("203.0.113.0/24"))));
        Principal fromOffice = world.via(fenced, "203.0.113.7");

        assertThat(issuingOrganizationKey(fromOffice, request(KeyScope.readOnly()))).isEqualTo(ForbiddenException.ESCALATION);
        assertThat(issuingOrganizationKey(fromOffice, request(KeyScope.readOnly()).fromAddresses(List.of(Cidr.parse("203.0.112.0/23")))))
                .isEqualTo(ForbiddenException.ESCALATION);
        assertThat(issuingOrganizationKey(fromOffice, request(KeyScope.readOnly())
                        .fromAddresses(List.of(Cidr.parse("203.0.113.0/25"), Cidr.parse("2001:db8::/32")))))
                .isEqualTo(ForbiddenException.ESCALATION);
        IssuedKey within = issueOrganizationKey(fromOffice, request(KeyScope.readOnly())
                .fromAddresses(List.of(Cidr.parse("203.0.113.0/25"), Cidr.parse("203.0.113.200"))));
        assertThat(within.key().allowedIps()).containsExactly(Cidr.parse("203.0.113.0/25"), Cidr.parse("203.0.113.200/32"));
    }

    @Test
    void rotatingThroughAKeyLimitedToSomeAddressesCannotRenewAKeyFromAnywhere() {
        IssuedKey fromAnywhere = world.organizationKeyOf(acme, KeyScope.readOnly());
        IssuedKey fencedWithin = world.organizationKeyOf(acme, request(KeyScope.readOnly()).fromAddresses(List.of(Cidr.parse("203.0.113.0/28"))));
        Principal fenced = world.via(world.organizationKeyOf(acme, request(MANAGER).fromAddresses(List.of(Cidr.parse("203.0.113.0/24")))),
                "203.0.113.7");

        assertThat(world.codeOf(() -> world.keys.rotateOrganizationKey(
                        fenced, new RotateKeyCommand(acme.id(), fromAnywhere.key().id(), GracePeriod.none()))))
                .isEqualTo(ForbiddenException.ESCALATION);
        IssuedKey renewed = world.remembered(world.keys.rotateOrganizationKey(
                fenced, new RotateKeyCommand(acme.id(), fencedWithin.key().id(), GracePeriod.none())));
        assertThat(renewed.key().allowedIps()).containsExactly(Cidr.parse("203.0.113.0/28"));
    }

    @Test
    void aPersonActingDirectlyHasNoSuchCeiling() {
        IssuedKey issued = issueOrganizationKey(person(acme.owner()), request(KeyScope.of(EnumSet.allOf(Permission.class))));

        assertThat(issued.key().scope()).isEqualTo(KeyScope.full());
    }

    @Test
    void escalationIsJudgedAfterTheValuesAreValid() {
        Principal manager = world.via(world.organizationKeyOf(acme, MANAGER));

        assertThat(issuingOrganizationKey(manager, request(KeyScope.full()).expiringAt(world.clock.instant().minusSeconds(1))))
                .isEqualTo("invalid_value");
        assertThat(issuingOrganizationKey(manager, request(KeyScope.full(), Subdomain.of("nowhere"))))
                .isEqualTo("invalid_value");
    }

    @Test
    void escalationIsJudgedAfterThePermission() {
        Principal reader = world.via(world.organizationKeyOf(acme, KeyScope.readOnly()));

        assertThat(issuingOrganizationKey(reader, request(KeyScope.full()))).isEqualTo("scope_excludes");
    }
}
