package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.ServicesOnPostgres.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.pagekeys.adapters.persistence.ServicesOnPostgres.Tenant;
import io.pagekeys.application.ConflictException;
import io.pagekeys.application.port.in.AddMemberCommand;
import io.pagekeys.application.port.in.Authentication;
import io.pagekeys.application.port.in.ChangeMemberRoleCommand;
import io.pagekeys.application.port.in.CreateStatusPageCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.OpenIncidentCommand;
import io.pagekeys.application.port.in.RevokeKeyCommand;
import io.pagekeys.application.port.in.RotateKeyCommand;
import io.pagekeys.application.port.in.Verification;
import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.IncidentType;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.KeyState;
import io.pagekeys.domain.PageRule;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.Token;
import io.pagekeys.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The use cases of the application, end to end on the jOOQ adapters and a real PostgreSQL. */
class UseCasesOnPostgresTest {

    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    private ServicesOnPostgres world;
    private Tenant acme;

    @BeforeEach
    void acmeWithTwoPages() {
        database.truncate();
        world = new ServicesOnPostgres(database.dataSource());
        acme = world.organization("Acme", "status", "internal");
    }

    @Test
    void anIssuedKeyAuthenticatesAndIsAllowedWhatItsScopeAndItsUsersRoleGrant() {
        IssuedKey issued = world.userKeyOf(acme, acme.owner(), request(KeyScope.readOnly()));

        Authentication authentication = world.authenticate(issued);

        assertThat(authentication).isInstanceOfSatisfying(Authentication.Authenticated.class, authenticated -> {
            assertThat(authenticated.principal().key()).isEqualTo(issued.key());
            assertThat(world.access.identify(authenticated.principal()))
                    .hasValueSatisfying(user -> assertThat(user.id()).isEqualTo(acme.owner()));
        });
        assertThat(world.verify(issued, acme.page(0), Permission.PAGES_READ).decision()).isEqualTo(AccessDecision.allowed());
        assertThat(world.verify(issued, acme.page(0), Permission.INCIDENTS_WRITE).decision())
                .isEqualTo(AccessDecision.denied(DenialReason.SCOPE_EXCLUDES));
        assertThat(world.ports.keyEvents().of(acme.id()))
                .containsExactly(KeyEvent.issued(issued.key(), acme.ownerInPerson().actor(), world.clock.instant()));
    }

    @Test
    void aTokenThatNoKeyHasIsUnknownAndAMangledOneMalformed() {
        IssuedKey issued = world.organizationKeyOf(acme, request(KeyScope.readOnly()));
        String token = issued.token().reveal();
        String stranger = Token.generate(KeyKind.ORGANIZATION, ServicesOnPostgres.SECURE.nextBytes(Token.SECRET_BYTES)).reveal();

        assertThat(world.access.authenticate(stranger, Optional.empty()))
                .isEqualTo(new Authentication.Refused(DenialReason.UNKNOWN_KEY));
        assertThat(world.access.authenticate(token.substring(0, token.length() - 1) + "x", Optional.empty()))
                .isEqualTo(new Authentication.Refused(DenialReason.MALFORMED));
    }

    @Test
    void onlyAnAllowedVerificationRecordsAUseOfTheKey() {
        IssuedKey issued = world.organizationKeyOf(acme, request(KeyScope.readOnly()));
        Instant later = world.clock.advance(Duration.ofMinutes(5));

        world.verify(issued, acme.page(0), Permission.PAGES_WRITE);
        assertThat(world.stored(issued).lastUsedAt()).isEmpty();

        Verification allowed = world.verify(issued, acme.page(0), Permission.PAGES_READ);
        assertThat(allowed.key()).hasValueSatisfying(key -> assertThat(key.lastUsedAt()).contains(later));
        assertThat(world.stored(issued).lastUsedAt()).contains(later);
    }

    @Test
    void aRotatedKeyWorksUntilTheEndOfItsGraceAndItsReplacementFromTheStart() {
        IssuedKey old = world.organizationKeyOf(acme, request(KeyScope.readOnly(), acme.page(1)));
        Instant rotatedAt = world.clock.advance(Duration.ofMinutes(1));

        IssuedKey replacement = world.keys.rotateOrganizationKey(acme.ownerInPerson(),
                new RotateKeyCommand(acme.id(), old.key().id(), GracePeriod.ofSeconds(60)));

        assertThat(replacement.key().settings()).isEqualTo(old.key().settings());
        assertThat(world.authenticated(replacement)).isEqualTo(replacement.key());
        assertThat(world.authenticated(old).rotation()).hasValueSatisfying(rotation -> {
            assertThat(rotation.replacedBy()).isEqualTo(replacement.key().id());
            assertThat(rotation.graceUntil()).isEqualTo(rotatedAt.plusSeconds(60));
        });
        world.clock.advance(Duration.ofSeconds(59));
        world.authenticated(old);
        world.clock.advance(Duration.ofSeconds(1));
        assertThat(world.authenticate(old)).isEqualTo(new Authentication.Refused(DenialReason.ROTATED));
        assertThat(world.authenticated(replacement)).isEqualTo(replacement.key());
        assertThat(world.ports.keyEvents().of(acme.id())).extracting(KeyEvent::type, KeyEvent::key, KeyEvent::relatedKey)
                .containsExactly(
                        tuple(KeyEvent.Type.ISSUED, old.key().id(), Optional.empty()),
                        tuple(KeyEvent.Type.ROTATED, old.key().id(), Optional.of(replacement.key().id())),
                        tuple(KeyEvent.Type.ISSUED, replacement.key().id(), Optional.empty()));
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceAndRevokingItAgainChangesNothing() {
        IssuedKey issued = world.organizationKeyOf(acme, request(KeyScope.readOnly()));
        RevokeKeyCommand revoke = new RevokeKeyCommand(acme.id(), issued.key().id());

        ApiKey revoked = world.keys.revokeOrganizationKey(acme.ownerInPerson(), revoke);
        world.clock.advance(Duration.ofMinutes(1));
        ApiKey again = world.keys.revokeOrganizationKey(acme.ownerInPerson(), revoke);

        assertThat(world.authenticate(issued)).isEqualTo(new Authentication.Refused(DenialReason.REVOKED));
        assertThat(again).isEqualTo(revoked).isEqualTo(world.stored(issued));
        assertThat(world.ports.keyEvents().of(issued.key().id())).extracting(KeyEvent::type)
                .containsExactly(KeyEvent.Type.ISSUED, KeyEvent.Type.REVOKED);
    }

    @Test
    void revokingARotatedKeyDuringItsGraceEndsTheGraceButNotTheReplacement() {
        IssuedKey old = world.organizationKeyOf(acme, request(KeyScope.readOnly()));
        IssuedKey replacement = world.keys.rotateOrganizationKey(acme.ownerInPerson(),
                new RotateKeyCommand(acme.id(), old.key().id(), GracePeriod.ofSeconds(3_600)));

        world.keys.revokeOrganizationKey(acme.ownerInPerson(), new RevokeKeyCommand(acme.id(), old.key().id()));

        assertThat(world.authenticate(old)).isEqualTo(new Authentication.Refused(DenialReason.REVOKED));
        assertThat(world.stored(old).rotation()).isPresent();
        assertThat(world.authenticated(replacement)).isEqualTo(replacement.key());
        assertThatThrownBy(() -> world.keys.rotateOrganizationKey(acme.ownerInPerson(),
                        new RotateKeyCommand(acme.id(), old.key().id(), GracePeriod.none())))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo(ConflictException.KEY_NOT_ACTIVE));
    }

    @Test
    void anExpiredKeyIsRefused() {
        IssuedKey issued = world.organizationKeyOf(acme,
                request(KeyScope.readOnly()).expiringAt(world.clock.instant().plus(Duration.ofHours(1))));

        world.clock.advance(Duration.ofHours(1));

        assertThat(world.authenticate(issued)).isEqualTo(new Authentication.Refused(DenialReason.EXPIRED));
        assertThat(world.stored(issued).state(world.clock.instant())).isEqualTo(KeyState.EXPIRED);
    }

    @Test
    void aUserKeyLosesWhatTheLoweredRoleOfItsUserNoLongerGrants() {
        UserId editor = world.memberOf(acme, Role.EDITOR);
        IssuedKey issued = world.userKeyOf(acme, editor, request(KeyScope.readWrite()));
        assertThat(world.verify(issued, acme.page(0), Permission.INCIDENTS_WRITE).decision()).isEqualTo(AccessDecision.allowed());

        world.administration.changeMemberRole(acme.ownerInPerson(), new ChangeMemberRoleCommand(acme.id(), editor, Role.VIEWER));

        assertThat(world.verify(issued, acme.page(0), Permission.INCIDENTS_WRITE).decision())
                .isEqualTo(AccessDecision.denied(DenialReason.ROLE_EXCLUDES));
        assertThat(world.verify(issued, acme.page(0), Permission.PAGES_READ).decision()).isEqualTo(AccessDecision.allowed());
        assertThat(world.stored(issued).state(world.clock.instant())).isEqualTo(KeyState.ACTIVE);
    }

    @Test
    void aRemovedMembersKeysAreRevokedAndStayRevokedWhenTheUserComesBack() {
        UserId editor = world.memberOf(acme, Role.EDITOR);
        IssuedKey first = world.userKeyOf(acme, editor, request(KeyScope.readOnly()));
        IssuedKey second = world.userKeyOf(acme, editor, request(KeyScope.readOnly(), acme.page(0)));
        IssuedKey ownersKey = world.userKeyOf(acme, acme.owner(), request(KeyScope.readOnly()));

        world.administration.removeMember(acme.ownerInPerson(), acme.id(), editor);

        assertThat(world.authenticate(first)).isEqualTo(new Authentication.Refused(DenialReason.REVOKED));
        assertThat(world.authenticate(second)).isEqualTo(new Authentication.Refused(DenialReason.REVOKED));
        assertThat(world.authenticated(ownersKey)).isEqualTo(ownersKey.key());
        assertThat(world.ports.memberships().of(editor, acme.id())).isEmpty();
        assertThat(world.ports.keyEvents().of(acme.id()))
                .filteredOn(event -> event.type() == KeyEvent.Type.REVOKED)
                .extracting(KeyEvent::key)
                .containsExactlyInAnyOrder(first.key().id(), second.key().id());

        String email = world.ports.users().findById(editor).orElseThrow().email().value();
        world.administration.addMember(acme.ownerInPerson(),
                new AddMemberCommand(acme.id(), EmailAddress.of(email), Role.EDITOR));

        assertThat(world.authenticate(first)).isEqualTo(new Authentication.Refused(DenialReason.REVOKED));
    }

    @Test
    void deletingAPageTakesItOutOfEverySelectionAndTakesItsIncidentsAlong() {
        IssuedKey both = world.organizationKeyOf(acme, request(KeyScope.readOnly(), acme.page(0), acme.page(1)));
        IssuedKey onlyStatus = world.userKeyOf(acme, acme.owner(), request(KeyScope.readOnly(), acme.page(0)));
        world.administration.openIncident(acme.ownerInPerson(),
                new OpenIncidentCommand(acme.page(0), "Outage", IncidentType.MAJOR, List.of()));

        world.administration.deleteStatusPage(acme.ownerInPerson(), acme.id(), acme.page(0));

        assertThat(world.stored(both).pageRule()).isEqualTo(PageRule.selected(List.of(acme.page(1))));
        assertThat(world.stored(onlyStatus).pageRule()).isEqualTo(new PageRule.SelectedPages(new TreeSet<>()));
        assertThat(world.verify(onlyStatus, acme.page(1), Permission.PAGES_READ).decision())
                .isEqualTo(AccessDecision.denied(DenialReason.PAGE_NOT_IN_KEY));
        assertThat(world.verify(both, acme.page(1), Permission.PAGES_READ).decision()).isEqualTo(AccessDecision.allowed());
        assertThat(world.ports.statusPages().find(acme.page(0))).isEmpty();
        assertThat(world.ports.incidents().of(acme.page(0))).isEmpty();
    }

    @Test
    void aSubdomainTakenByAnotherOrganizationIsAConflictThatChangesNothing() {
        Tenant globex = world.organization("Globex");

        assertThatThrownBy(() -> world.administration.createStatusPage(globex.ownerInPerson(),
                        new CreateStatusPageCommand(globex.id(), Subdomain.of("status"), "Taken")))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo(ConflictException.SUBDOMAIN_TAKEN));
        assertThat(world.ports.statusPages().of(globex.id())).isEmpty();
        assertThat(world.ports.statusPages().find(Subdomain.of("status")).orElseThrow().organization()).isEqualTo(acme.id());
    }
}
