package io.pagekeys.application.service;

import static io.pagekeys.application.service.Fixtures.person;
import static io.pagekeys.application.service.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pagekeys.application.AccessDeniedException;
import io.pagekeys.application.port.in.Authentication;
import io.pagekeys.application.port.in.IssueOrganizationKeyCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.RevokeKeyCommand;
import io.pagekeys.application.port.in.RotateKeyCommand;
import io.pagekeys.application.service.Fixtures.Tenant;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.KeyState;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Organization keys, and owners' oversight of members' keys: both need {@code api_keys.manage}. */
class OrganizationKeysTest {

    private final Fixtures world = new Fixtures();
    private final Tenant acme = world.organization("Acme", "status", "internal");

    @Test
    void anOwnerIssuesListsRotatesAndRevokesOrganizationKeys() {
        Principal owner = person(acme.owner());

        IssuedKey issued = world.organizationKeyOf(acme, KeyScope.readWrite());
        IssuedKey replacement = world.remembered(
                world.keys.rotateOrganizationKey(owner, new RotateKeyCommand(acme.id(), issued.key().id(), GracePeriod.none())));
        ApiKey revoked = world.keys.revokeOrganizationKey(owner, new RevokeKeyCommand(acme.id(), replacement.key().id()));

        assertThat(issued.key().kind()).isEqualTo(KeyKind.ORGANIZATION);
        assertThat(issued.key().user()).isEmpty();
        assertThat(issued.token().reveal()).startsWith("ok_");
        assertThat(revoked.state(world.clock.instant())).isEqualTo(KeyState.REVOKED);
        assertThat(world.keys.organizationKeys(owner, acme.id()))
                .extracting(ApiKey::id)
                .containsExactlyInAnyOrder(issued.key().id(), replacement.key().id());
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = "OWNER", mode = EnumSource.Mode.EXCLUDE)
    void membersBelowOwnerCannotManageOrganizationKeys(Role role) {
        Principal member = person(world.memberOf(acme, role));
        ApiKeyId organizationKey = world.organizationKeyOf(acme, KeyScope.readOnly()).key().id();

        assertThat(world.codeOf(() -> world.keys.issueOrganizationKey(member, new IssueOrganizationKeyCommand(acme.id(), request(KeyScope.readOnly())))))
                .isEqualTo("role_excludes");
        assertThat(world.codeOf(() -> world.keys.organizationKeys(member, acme.id()))).isEqualTo("role_excludes");
        assertThat(world.codeOf(() -> world.keys.revokeOrganizationKey(member, new RevokeKeyCommand(acme.id(), organizationKey))))
                .isEqualTo("role_excludes");
        assertThat(world.codeOf(() -> world.keys.rotateOrganizationKey(member, new RotateKeyCommand(acme.id(), organizationKey, GracePeriod.none()))))
                .isEqualTo("role_excludes");
        assertThat(world.codeOf(() -> world.keys.memberKeys(member, acme.id()))).isEqualTo("role_excludes");
        assertThat(world.codeOf(() -> world.keys.keyEvents(member, acme.id()))).isEqualTo("role_excludes");
    }

    @Test
    void anOwnerOfOnePageIsNoOwnerOfTheOrganization() {
        Principal pageOwner = person(world.pageMemberOf(acme, acme.page(0), Role.OWNER));

        assertThat(world.codeOf(() -> world.keys.organizationKeys(pageOwner, acme.id()))).isEqualTo("no_membership");
    }

    @Test
    void anOwnersUserKeyWithApiKeysManageIssuesOrganizationKeys() {
        Principal ownersKey = world.via(world.userKeyOf(acme, acme.owner(), KeyScope.full()));

        IssuedKey issued = world.remembered(
                world.keys.issueOrganizationKey(ownersKey, new IssueOrganizationKeyCommand(acme.id(), request(KeyScope.readOnly()))));

        assertThat(issued.key().createdBy()).isEqualTo(ownersKey.actor());
    }

    @Test
    void anAdminsFullKeyIsStillHeldToTheAdminsRole() {
        UserId admin = world.memberOf(acme, Role.ADMIN);
        Principal adminsKey = world.via(world.userKeyOf(acme, admin, KeyScope.full()));

        assertThat(world.codeOf(() -> world.keys.issueOrganizationKey(adminsKey, new IssueOrganizationKeyCommand(acme.id(), request(KeyScope.readOnly())))))
                .isEqualTo("role_excludes");
    }

    @ParameterizedTest
    @EnumSource(KeyScope.Preset.class)
    void anOrganizationKeyManagesOrganizationKeysOnlyWithApiKeysManageInItsScope(KeyScope.Preset preset) {
        Principal organizationKey = world.via(world.organizationKeyOf(acme, preset.scope()));

        if (preset == KeyScope.Preset.FULL) {
            IssuedKey issued = world.remembered(world.keys.issueOrganizationKey(
                    organizationKey, new IssueOrganizationKeyCommand(acme.id(), request(KeyScope.readOnly()))));
            assertThat(world.keys.organizationKeys(organizationKey, acme.id())).extracting(ApiKey::id).contains(issued.key().id());
        } else {
            RuntimeException refusal = world.refusal(() -> world.keys.issueOrganizationKey(
                    organizationKey, new IssueOrganizationKeyCommand(acme.id(), request(KeyScope.readOnly()))));
            assertThat(((AccessDeniedException) refusal).reason()).isEqualTo(DenialReason.SCOPE_EXCLUDES);
            assertThat(world.codeOf(() -> world.keys.organizationKeys(organizationKey, acme.id()))).isEqualTo("scope_excludes");
        }
    }

    @Test
    void managingKeysNeedsAKeyOnAllPages() {
        Principal selective = world.via(world.organizationKeyOf(acme, request(KeyScope.full(), acme.page(0))));

        assertThat(world.codeOf(() -> world.keys.organizationKeys(selective, acme.id()))).isEqualTo("page_not_in_key");
    }

    @Test
    void aKeyOfAnotherOrganizationManagesNothingHere() {
        Tenant globex = world.organization("Globex", "globex");
        Principal globexKey = world.via(world.organizationKeyOf(globex, KeyScope.full()));

        assertThat(world.codeOf(() -> world.keys.organizationKeys(globexKey, acme.id()))).isEqualTo("outside_organization");
    }

    @Test
    void aUserKeyIsNotFoundAmongOrganizationKeys() {
        ApiKeyId userKey = world.userKeyOf(acme, acme.owner(), KeyScope.full()).key().id();
        Principal owner = person(acme.owner());

        assertThat(world.codeOf(() -> world.keys.revokeOrganizationKey(owner, new RevokeKeyCommand(acme.id(), userKey)))).isEqualTo("not_found");
        assertThat(world.codeOf(() -> world.keys.rotateOrganizationKey(owner, new RotateKeyCommand(acme.id(), userKey, GracePeriod.none()))))
                .isEqualTo("not_found");
    }

    @Test
    void aKeyOfAnotherOrganizationIsNotFoundUnderThisOne() {
        Tenant globex = world.organization("Globex", "globex");
        ApiKeyId globexKey = world.organizationKeyOf(globex, KeyScope.full()).key().id();

        assertThat(world.codeOf(() -> world.keys.revokeOrganizationKey(person(acme.owner()), new RevokeKeyCommand(acme.id(), globexKey))))
                .isEqualTo("not_found");
        assertThat(world.codeOf(() -> world.keys.revokeMemberKey(person(acme.owner()), new RevokeKeyCommand(acme.id(), globexKey))))
                .isEqualTo("not_found");
    }

    @Test
    void organizationKeysListOnlyOrganizationKeys() {
        IssuedKey organizationKey = world.organizationKeyOf(acme, KeyScope.readOnly());
        world.userKeyOf(acme, acme.owner(), KeyScope.readOnly());

        assertThat(world.keys.organizationKeys(person(acme.owner()), acme.id()))
                .extracting(ApiKey::id)
                .containsExactly(organizationKey.key().id());
    }

    @Test
    void ownersSeeEveryMembersUserKeysWithoutTheirSecrets() {
        UserId editor = world.memberOf(acme, Role.EDITOR);
        UserId pageViewer = world.pageMemberOf(acme, acme.page(1), Role.VIEWER);
        IssuedKey editorsKey = world.userKeyOf(acme, editor, KeyScope.readWrite());
        IssuedKey viewersKey = world.userKeyOf(acme, pageViewer, KeyScope.readOnly());
        world.organizationKeyOf(acme, KeyScope.readOnly());

        var listed = world.keys.memberKeys(person(acme.owner()), acme.id());

        assertThat(listed).extracting(ApiKey::id).containsExactlyInAnyOrder(editorsKey.key().id(), viewersKey.key().id());
        assertThat(listed).allSatisfy(key -> assertThat(key.toString())
                .doesNotContain(editorsKey.token().reveal())
                .doesNotContain(viewersKey.token().reveal()));
    }

    @Test
    void anOwnerRevokesAMembersKeyAndItNeverAuthenticatesAgain() {
        UserId editor = world.memberOf(acme, Role.EDITOR);
        IssuedKey editorsKey = world.userKeyOf(acme, editor, KeyScope.readWrite());

        ApiKey revoked = world.keys.revokeMemberKey(person(acme.owner()), new RevokeKeyCommand(acme.id(), editorsKey.key().id()));

        assertThat(revoked.revocation()).hasValueSatisfying(revocation -> assertThat(revocation.revokedBy()).isEqualTo(person(acme.owner()).actor()));
        assertThat(world.authenticate(editorsKey))
                .isEqualTo(new Authentication.Refused(DenialReason.REVOKED));
    }

    @Test
    void anOrganizationKeyIsNotFoundAmongMembersKeys() {
        ApiKeyId organizationKey = world.organizationKeyOf(acme, KeyScope.readOnly()).key().id();

        assertThat(world.codeOf(() -> world.keys.revokeMemberKey(person(acme.owner()), new RevokeKeyCommand(acme.id(), organizationKey))))
                .isEqualTo("not_found");
    }

    @Test
    void theAuditTrailTellsWhoDidWhatToWhichKey() {
        Principal owner = person(acme.owner());
        IssuedKey issued = world.organizationKeyOf(acme, KeyScope.readOnly());
        IssuedKey replacement = world.remembered(
                world.keys.rotateOrganizationKey(owner, new RotateKeyCommand(acme.id(), issued.key().id(), GracePeriod.ofSeconds(60))));
        world.keys.revokeOrganizationKey(owner, new RevokeKeyCommand(acme.id(), issued.key().id()));

        assertThat(world.keys.keyEvents(owner, acme.id()))
                .extracting(KeyEvent::key, KeyEvent::type)
                .containsExactly(
                        tuple(issued.key().id(), KeyEvent.Type.ISSUED),
                        tuple(issued.key().id(), KeyEvent.Type.ROTATED),
                        tuple(replacement.key().id(), KeyEvent.Type.ISSUED),
                        tuple(issued.key().id(), KeyEvent.Type.REVOKED));
        assertThat(world.keys.keyEvents(owner, acme.id()).get(1).relatedKey()).contains(replacement.key().id());
    }

    @Test
    void anOrganizationKeyWithApiKeysManageOverseesMembersKeys() {
        Principal manager = world.via(world.organizationKeyOf(acme, KeyScope.of(Permission.API_KEYS_MANAGE)));
        IssuedKey ownersKey = world.userKeyOf(acme, acme.owner(), KeyScope.readOnly());

        world.keys.revokeMemberKey(manager, new RevokeKeyCommand(acme.id(), ownersKey.key().id()));

        assertThat(world.stored(ownersKey).revocation()).isPresent();
    }
}
