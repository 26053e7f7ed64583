package io.pagekeys.application.service;

import static io.pagekeys.application.service.Fixtures.person;
import static io.pagekeys.application.service.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.pagekeys.application.AccessDeniedException;
import io.pagekeys.application.ForbiddenException;
import io.pagekeys.application.NotFoundException;
import io.pagekeys.application.port.in.Authentication;
import io.pagekeys.application.port.in.IssueUserKeyCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.RevokeKeyCommand;
import io.pagekeys.application.port.in.RotateKeyCommand;
import io.pagekeys.application.service.Fixtures.Tenant;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.InvalidValueException;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.KeySettings;
import io.pagekeys.domain.KeyState;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.PageRule;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Any member manages their own user keys, and only those. */
class OwnKeysTest {

    private final Fixtures world = new Fixtures();
    private final Tenant acme = world.organization("Acme", "status", "internal");

    @ParameterizedTest
    @EnumSource(Role.class)
    void everyOrganizationMemberMayIssueListRotateAndRevokeTheirOwnKeys(Role role) {
        UserId member = world.memberOf(acme, role);

        assertMayManageOwnKeys(member);
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = "BILLING", mode = EnumSource.Mode.EXCLUDE)
    void aMemberOfOnePageOnlyMayManageTheirOwnKeysToo(Role role) {
        UserId pageMember = world.pageMemberOf(acme, acme.page(0), role);

        assertMayManageOwnKeys(pageMember);
    }

    private void assertMayManageOwnKeys(UserId member) {
        IssuedKey issued = world.userKeyOf(acme, member, KeyScope.readOnly());
        assertThat(issued.key().kind()).isEqualTo(KeyKind.USER);
        assertThat(issued.key().user()).contains(member);
        assertThat(issued.key().createdBy()).isEqualTo(Actor.user(member));

        assertThat(world.keys.ownKeys(person(member), acme.id())).extracting(ApiKey::id).containsExactly(issued.key().id());

        IssuedKey replacement = world.remembered(
                world.keys.rotateOwnKey(person(member), new RotateKeyCommand(acme.id(), issued.key().id(), GracePeriod.none())));
        ApiKey revoked = world.keys.revokeOwnKey(person(member), new RevokeKeyCommand(acme.id(), replacement.key().id()));

        assertThat(revoked.state(world.clock.instant())).isEqualTo(KeyState.REVOKED);
        assertThat(world.keys.ownKeys(person(member), acme.id()))
                .extracting(ApiKey::id)
                .containsExactly(issued.key().id(), replacement.key().id());
    }

    @Test
    void aUserKeyWithOwnKeysInItsScopeManagesTheKeysOfItsOwnUser() {
        UserId editor = world.memberOf(acme, Role.EDITOR);
        Principal viaKey = world.via(world.userKeyOf(acme, editor, KeyScope.of(Permission.OWN_API_KEYS_MANAGE, Permission.PAGES_READ)));

        IssuedKey minted = world.remembered(
                world.keys.issueUserKey(viaKey, new IssueUserKeyCommand(acme.id(), request(KeyScope.readOnly()))));

        assertThat(minted.key().user()).contains(editor);
        assertThat(minted.key().createdBy()).isEqualTo(viaKey.actor());
        assertThat(world.keys.ownKeys(viaKey, acme.id())).hasSize(2);
    }

    @Test
    void aReadWriteKeyCannotMintNewKeys() {
        UserId owner = acme.owner();
        Principal leaked = world.via(world.userKeyOf(acme, owner, KeyScope.readWrite()));

        RuntimeException refusal = world.refusal(
                () -> world.keys.issueUserKey(leaked, new IssueUserKeyCommand(acme.id(), request(KeyScope.readOnly()))));

        assertThat(refusal).isInstanceOf(AccessDeniedException.class);
        assertThat(((AccessDeniedException) refusal).reason()).isEqualTo(DenialReason.SCOPE_EXCLUDES);
    }

    @Test
    void anOrganizationKeyHasNoOwnKeys() {
        Principal organizationKey = world.via(world.organizationKeyOf(acme, KeyScope.full()));
        ApiKeyId someKey = world.userKeyOf(acme, acme.owner(), KeyScope.readOnly()).key().id();

        assertThat(world.codeOf(() -> world.keys.issueUserKey(organizationKey, new IssueUserKeyCommand(acme.id(), request(KeyScope.readOnly())))))
                .isEqualTo(ForbiddenException.USER_KEY_REQUIRED);
        assertThat(world.codeOf(() -> world.keys.ownKeys(organizationKey, acme.id()))).isEqualTo(ForbiddenException.USER_KEY_REQUIRED);
        assertThat(world.codeOf(() -> world.keys.revokeOwnKey(organizationKey, new RevokeKeyCommand(acme.id(), someKey))))
                .isEqualTo(ForbiddenException.USER_KEY_REQUIRED);
        assertThat(world.codeOf(() -> world.keys.rotateOwnKey(organizationKey, new RotateKeyCommand(acme.id(), someKey, GracePeriod.none()))))
                .isEqualTo(ForbiddenException.USER_KEY_REQUIRED);
    }

    @Test
    void aUserKeyActsOnlyInItsOwnOrganization() {
        Tenant globex = world.organization("Globex", "globex");
        Principal acmeOwnersKey = world.via(world.userKeyOf(acme, acme.owner(), KeyScope.full()));

        RuntimeException refusal = world.refusal(
                () -> world.keys.issueUserKey(acmeOwnersKey, new IssueUserKeyCommand(globex.id(), request(KeyScope.readOnly()))));

        assertThat(((AccessDeniedException) refusal).reason()).isEqualTo(DenialReason.OUTSIDE_ORGANIZATION);
    }

    @Test
    void aPersonWhoIsNoMemberHasNoOwnKeysThere() {
        UserId stranger = world.outsider();

        RuntimeException refusal = world.refusal(
                () -> world.keys.issueUserKey(person(stranger), new IssueUserKeyCommand(acme.id(), request(KeyScope.readOnly()))));

        assertThat(((AccessDeniedException) refusal).reason()).isEqualTo(DenialReason.NO_MEMBERSHIP);
        assertThat(world.codeOf(() -> world.keys.ownKeys(person(stranger), acme.id()))).isEqualTo("no_membership");
    }

    @Test
    void anUnknownOrganizationIsNotFound() {
        OrganizationId nowhere = OrganizationId.of(999);

        assertThat(world.refusal(() -> world.keys.issueUserKey(person(acme.owner()), new IssueUserKeyCommand(nowhere, request(KeyScope.readOnly())))))
                .isInstanceOf(NotFoundException.class);
        assertThat(world.codeOf(() -> world.keys.ownKeys(person(acme.owner()), nowhere))).isEqualTo("not_found");
    }

    @Test
    void anotherMembersKeyIsNotFoundAmongOwnKeys() {
        UserId editor = world.memberOf(acme, Role.EDITOR);
        ApiKeyId ownersKey = world.userKeyOf(acme, acme.owner(), KeyScope.full()).key().id();

        assertThat(world.codeOf(() -> world.keys.revokeOwnKey(person(editor), new RevokeKeyCommand(acme.id(), ownersKey))))
                .isEqualTo("not_found");
        assertThat(world.codeOf(() -> world.keys.rotateOwnKey(person(editor), new RotateKeyCommand(acme.id(), ownersKey, GracePeriod.none()))))
                .isEqualTo("not_found");
        assertThat(world.stored(world.userKeyOf(acme, editor, KeyScope.readOnly())).state(world.clock.instant())).isEqualTo(KeyState.ACTIVE);
    }

    @Test
    void anOrganizationKeyIsNotFoundAmongOwnKeys() {
        ApiKeyId organizationKey = world.organizationKeyOf(acme, KeyScope.full()).key().id();

        assertThat(world.codeOf(() -> world.keys.revokeOwnKey(person(acme.owner()), new RevokeKeyCommand(acme.id(), organizationKey))))
                .isEqualTo("not_found");
    }

    @Test
    void anUnknownKeyIsNotFoundBeforeTheScopeIsJudged() {
        Principal readOnly = world.via(world.userKeyOf(acme, acme.owner(), KeyScope.readOnly()));
        ApiKeyId ownKey = world.userKeyOf(acme, acme.owner(), KeyScope.readOnly()).key().id();
        ApiKeyId unknown = ApiKeyId.of("key_00000000000000000");

        assertThat(world.codeOf(() -> world.keys.revokeOwnKey(readOnly, new RevokeKeyCommand(acme.id(), unknown)))).isEqualTo("not_found");
        assertThat(world.codeOf(() -> world.keys.revokeOwnKey(readOnly, new RevokeKeyCommand(acme.id(), ownKey)))).isEqualTo("scope_excludes");
    }

    @Test
    void ownKeysListOnlyTheCallersUserKeysInThatOrganizationOldestFirst() {
        UserId viewer = world.memberOf(acme, Role.VIEWER);
        IssuedKey first = world.userKeyOf(acme, viewer, KeyScope.readOnly());
        world.clock.advance(Duration.ofSeconds(1));
        IssuedKey second = world.userKeyOf(acme, viewer, KeyScope.readOnly());
        world.keys.revokeOwnKey(person(viewer), new RevokeKeyCommand(acme.id(), first.key().id()));
        world.userKeyOf(acme, acme.owner(), KeyScope.full());
        world.organizationKeyOf(acme, KeyScope.full());

        assertThat(world.keys.ownKeys(person(viewer), acme.id()))
                .extracting(ApiKey::id)
                .containsExactly(first.key().id(), second.key().id());
    }

    @Test
    void aSelectionMayHoldOnlyPagesOfTheOrganization() {
        Tenant globex = world.organization("Globex", "globex");

        RuntimeException foreignPage = world.refusal(() -> world.userKeyOf(acme, acme.owner(), request(KeyScope.readOnly(), globex.page(0))));
        RuntimeException unknownPage = world.refusal(() -> world.userKeyOf(acme, acme.owner(), request(KeyScope.readOnly(), Subdomain.of("nowhere"))));
        RuntimeException noPage = world.refusal(() -> world.userKeyOf(acme, acme.owner(), request(KeyScope.readOnly()).onPages(Set.of())));

        assertThat(foreignPage).isInstanceOf(InvalidValueException.class);
        assertThat(((InvalidValueException) foreignPage).field()).isEqualTo("status_pages");
        assertThat(((InvalidValueException) unknownPage).field()).isEqualTo("status_pages");
        assertThat(((InvalidValueException) noPage).field()).isEqualTo("status_pages");
    }

    @Test
    void aUserKeyMaySelectOnlyPagesItsUserCanReadNow() {
        UserId billing = world.memberOf(acme, Role.BILLING);
        UserId pageViewer = world.pageMemberOf(acme, acme.page(0), Role.VIEWER);

        assertThat(world.codeOf(() -> world.userKeyOf(acme, billing, request(KeyScope.readOnly(), acme.page(0)))))
                .isEqualTo(ForbiddenException.PAGE_NOT_READABLE);
        assertThat(world.codeOf(() -> world.userKeyOf(acme, pageViewer, request(KeyScope.readOnly(), acme.page(0), acme.page(1)))))
                .isEqualTo(ForbiddenException.PAGE_NOT_READABLE);
        IssuedKey ownPage = world.userKeyOf(acme, pageViewer, request(KeyScope.readOnly(), acme.page(0)));
        assertThat(ownPage.key().pageRule()).isEqualTo(PageRule.selected(Set.of(acme.page(0))));
    }

    @Test
    void aPageNotReadableIsJudgedOnlyAfterThePagesAreKnownToExist() {
        UserId billing = world.memberOf(acme, Role.BILLING);

        assertThat(world.codeOf(() -> world.userKeyOf(acme, billing, request(KeyScope.readOnly(), acme.page(0), Subdomain.of("nowhere")))))
                .isEqualTo("invalid_value");
    }

    @Test
    void anExpiryMustLieInTheFuture() {
        RuntimeException now = world.refusal(
                () -> world.userKeyOf(acme, acme.owner(), request(KeyScope.readOnly()).expiringAt(world.clock.instant())));
        RuntimeException past = world.refusal(
                () -> world.userKeyOf(acme, acme.owner(), request(KeyScope.readOnly()).expiringAt(world.clock.instant().minusSeconds(1))));

        assertThat(((InvalidValueException) now).field()).isEqualTo("expires_at");
        assertThat(((InvalidValueException) past).field()).isEqualTo("expires_at");
        IssuedKey future = world.userKeyOf(acme, acme.owner(), request(KeyScope.readOnly()).expiringAt(world.clock.instant().plusNanos(1_000)));
        assertThat(future.key().expiresAt()).contains(world.clock.instant().plusNanos(1_000));
    }

    @Test
    void anExpiryBeyondTheYear9999IsAnInvalidValue() {
        RuntimeException farFuture = world.refusal(() -> world.userKeyOf(acme, acme.owner(),
                request(KeyScope.readOnly()).expiringAt(Instant.parse("+300000-01-01T00:00:00Z"))));
        RuntimeException organizationKey = world.refusal(() -> world.organizationKeyOf(acme,
                request(KeyScope.readOnly()).expiringAt(KeySettings.EXPIRY_LIMIT)));

        assertThat(farFuture).isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("expires_at"));
        assertThat(organizationKey).isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("expires_at"));
        assertThat(world.store.apiKeys().userKeys(acme.id())).isEmpty();
        assertThat(world.store.apiKeys().organizationKeys(acme.id())).isEmpty();
    }

    @Test
    void anExpiryFinerThanTheStoreKeepsIsCutToMicroseconds() {
        IssuedKey issued = world.userKeyOf(acme, acme.owner(), request(KeyScope.readOnly()).expiringAt(world.clock.instant().plusNanos(1_999)));

        assertThat(issued.key().expiresAt()).contains(world.clock.instant().plusNanos(1_000));
        assertThat(world.stored(issued)).isEqualTo(issued.key());
    }

    @Test
    void issuingRecordsAnEventByWhoeverIssued() {
        IssuedKey byPerson = world.userKeyOf(acme, acme.owner(), KeyScope.full());
        Principal viaKey = world.via(byPerson);
        IssuedKey byKey = world.remembered(world.keys.issueUserKey(viaKey, new IssueUserKeyCommand(acme.id(), request(KeyScope.readOnly()))));

        assertThat(world.store.keyEvents().of(byPerson.key().id()))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.type()).isEqualTo(KeyEvent.Type.ISSUED);
                    assertThat(event.actor()).isEqualTo(Actor.user(acme.owner()));
                    assertThat(event.at()).isEqualTo(world.clock.instant());
                });
        assertThat(world.store.keyEvents().of(byKey.key().id()))
                .singleElement()
                .satisfies(event -> assertThat(event.actor()).isEqualTo(Actor.key(byPerson.key().id())));
    }

    @Test
    void theIssuedKeyIsTheKeyAsStoredAndItsTokenAuthenticatesIt() {
        IssuedKey issued = world.userKeyOf(acme, acme.owner(), KeyScope.readOnly());

        assertThat(world.stored(issued)).isEqualTo(issued.key());
        assertThat(world.authenticate(issued)).isInstanceOf(Authentication.Authenticated.class);
        assertThat(issued.key().hint()).startsWith("uk_").doesNotContain(issued.token().reveal());
    }

    @Test
    void usingAKeyToManageKeysCountsAsAUse() {
        IssuedKey key = world.userKeyOf(acme, acme.owner(), KeyScope.full());
        world.clock.advance(Duration.ofMinutes(5));

        world.keys.ownKeys(world.via(key), acme.id());

        assertThat(world.stored(key).lastUsedAt()).contains(world.clock.instant());
    }

    @Test
    void aRefusedCallIsNoUse() {
        IssuedKey readOnly = world.userKeyOf(acme, acme.owner(), request(KeyScope.of(Permission.OWN_API_KEYS_MANAGE, Permission.PAGES_READ)));

        world.refusal(() -> world.keys.issueUserKey(world.via(readOnly), new IssueUserKeyCommand(acme.id(), request(KeyScope.full()))));

        assertThat(world.stored(readOnly).lastUsedAt()).isEmpty();
    }
}
