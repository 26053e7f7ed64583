package io.pagekeys.application.service;

import static io.pagekeys.application.service.Fixtures.person;
import static org.assertj.core.api.Assertions.assertThat;

import io.pagekeys.application.ApplicationException;
import io.pagekeys.application.ConflictException;
import io.pagekeys.application.ForbiddenException;
import io.pagekeys.application.port.in.AddMemberCommand;
import io.pagekeys.application.port.in.AddPageMemberCommand;
import io.pagekeys.application.port.in.Authentication;
import io.pagekeys.application.port.in.ChangeMemberRoleCommand;
import io.pagekeys.application.port.in.CreateStatusPageCommand;
import io.pagekeys.application.port.in.IssueOrganizationKeyCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.Member;
import io.pagekeys.application.port.in.PageMemberSaved;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.RenameStatusPageCommand;
import io.pagekeys.application.port.in.RevokeKeyCommand;
import io.pagekeys.application.port.in.Verification;
import io.pagekeys.application.port.in.VerifyQuery;
import io.pagekeys.application.service.Fixtures.Tenant;
import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.InvalidValueException;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.KeyState;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.User;
import io.pagekeys.domain.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Members come and go, roles change, and keys follow at once. */
class MembershipChangesTest {

    private final Fixtures world = new Fixtures();
    private final Tenant acme = world.organization("Acme", "status", "internal");
    private final Principal owner = person(acme.owner());

    private Verification verify(IssuedKey key, Permission permission, Subdomain page) {
        return world.access.verify(new VerifyQuery(key.token().reveal(), VerifyQuery.Target.page(page), permission, Optional.empty()));
    }

    private EmailAddress emailOf(UserId user) {
        return world.store.users().findById(user).map(User::email).orElseThrow();
    }

    @Test
    void removingAMemberRevokesTheirKeysThereAndRecordsItByWhoRemovedThem() {
        UserId editor = world.memberOf(acme, Role.EDITOR);
        IssuedKey first = world.userKeyOf(acme, editor, KeyScope.readOnly());
        IssuedKey second = world.userKeyOf(acme, editor, KeyScope.readWrite());

        world.administration.removeMember(owner, acme.id(), editor);

        assertThat(world.authenticate(first)).isEqualTo(new Authentication.Refused(DenialReason.REVOKED));
        assertThat(world.authenticate(second)).isEqualTo(new Authentication.Refused(DenialReason.REVOKED));
        assertThat(world.store.keyEvents().of(first.key().id()))
                .filteredOn(event -> event.type() == KeyEvent.Type.REVOKED)
                .singleElement()
                .satisfies(event -> assertThat(event.actor()).isEqualTo(owner.actor()));
        assertThat(world.store.memberships().of(editor, acme.id())).isEmpty();
    }

    @Test
    void removingAMemberLeavesTheirKeysInOtherOrganizationsAlone() {
        Tenant globex = world.organization("Globex", "globex");
        UserId both = world.memberOf(acme, Role.EDITOR);
        world.administration.addMember(person(globex.owner()), new AddMemberCommand(globex.id(), emailOf(both), Role.VIEWER));
        IssuedKey globexKey = world.userKeyOf(globex, both, KeyScope.readOnly());

        world.administration.removeMember(owner, acme.id(), both);

        assertThat(world.authenticate(globexKey)).isInstanceOf(Authentication.Authenticated.class);
    }

    @Test
    void aRemovedMemberAddedAgainDoesNotGetTheirKeysBack() {
        UserId editor = world.memberOf(acme, Role.EDITOR);
        IssuedKey key = world.userKeyOf(acme, editor, KeyScope.readOnly());
        world.administration.removeMember(owner, acme.id(), editor);

        world.administration.addMember(owner, new AddMemberCommand(acme.id(), emailOf(editor), Role.EDITOR));

        assertThat(world.authenticate(key)).isEqualTo(new Authentication.Refused(DenialReason.REVOKED));
        assertThat(world.stored(key).state(world.clock.instant())).isEqualTo(KeyState.REVOKED);
    }

    @Test
    void removingAMemberRemovesTheirPageMembershipsToo() {
        UserId editor = world.memberOf(acme, Role.EDITOR);
        world.administration.addPageMember(owner, new AddPageMemberCommand(acme.page(0), emailOf(editor), Role.ADMIN));

        world.administration.removeMember(owner, acme.id(), editor);

        assertThat(world.store.memberships().of(editor, acme.id())).isEmpty();
    }

    @Test
    void aMemberOfOnePageOnlyCanBeRemovedFromTheOrganization() {
        UserId pageViewer = world.pageMemberOf(acme, acme.page(0), Role.VIEWER);
        IssuedKey key = world.userKeyOf(acme, pageViewer, KeyScope.readOnly());

        world.administration.removeMember(owner, acme.id(), pageViewer);

        assertThat(world.authenticate(key)).isEqualTo(new Authentication.Refused(DenialReason.REVOKED));
    }

    @Test
    void removingAMemberOfSomePagesOnlyRemovesEveryOneOfTheirMembershipsThere() {
        UserId pageMember = world.pageMemberOf(acme, acme.page(0), Role.VIEWER);
        world.administration.addPageMember(owner, new AddPageMemberCommand(acme.page(1), emailOf(pageMember), Role.EDITOR));

        world.administration.removeMember(owner, acme.id(), pageMember);

        assertThat(world.store.memberships().of(pageMember, acme.id())).isEmpty();
        assertThat(world.codeOf(() -> world.administration.removeMember(owner, acme.id(), pageMember))).isEqualTo("not_found");
    }

    @Test
    void removingAMemberRevokesEachOfTheirKeysThereOnceAndRecordsOneEventPerKey() {
        UserId editor = world.memberOf(acme, Role.EDITOR);
        IssuedKey active = world.userKeyOf(acme, editor, KeyScope.readOnly());
        IssuedKey revokedBefore = world.userKeyOf(acme, editor, KeyScope.readOnly());
        world.keys.revokeOwnKey(person(editor), new RevokeKeyCommand(acme.id(), revokedBefore.key().id()));
        ApiKey revokedFirst = world.stored(revokedBefore);
        world.clock.advance(Duration.ofMinutes(1));

        world.administration.removeMember(owner, acme.id(), editor);

        assertThat(world.stored(active).revocation()).hasValueSatisfying(revocation -> {
            assertThat(revocation.revokedAt()).isEqualTo(world.clock.instant());
            assertThat(revocation.revokedBy()).isEqualTo(owner.actor());
        });
        assertThat(world.stored(revokedBefore)).isEqualTo(revokedFirst);
        assertThat(world.store.keyEvents().of(active.key().id())).extracting(KeyEvent::type)
                .containsExactly(KeyEvent.Type.ISSUED, KeyEvent.Type.REVOKED);
        assertThat(world.store.keyEvents().of(revokedBefore.key().id())).extracting(KeyEvent::type)
                .containsExactly(KeyEvent.Type.ISSUED, KeyEvent.Type.REVOKED);
    }

    @Test
    void anOrganizationKeySurvivesTheRemovalOfTheOwnerWhoIssuedIt() {
        UserId formerOwner = world.memberOf(acme, Role.OWNER);
        IssuedKey organizationKey = world.remembered(world.keys.issueOrganizationKey(
                person(formerOwner), new IssueOrganizationKeyCommand(acme.id(), Fixtures.request(KeyScope.readWrite()))));

        world.administration.removeMember(owner, acme.id(), formerOwner);

        assertThat(world.authenticate(organizationKey)).isInstanceOf(Authentication.Authenticated.class);
        assertThat(verify(organizationKey, Permission.INCIDENTS_WRITE, acme.page(0)).decision().isAllowed()).isTrue();
    }

    @Test
    void aUserKeyLosesPowerTheMomentItsUsersRoleIsLowered() {
        UserId admin = world.memberOf(acme, Role.ADMIN);
        IssuedKey key = world.userKeyOf(acme, admin, KeyScope.readWrite());
        Principal authenticated = world.via(key);
        world.administration.createStatusPage(authenticated, new CreateStatusPageCommand(acme.id(), Subdomain.of("before"), "Before"));

        world.administration.changeMemberRole(owner, new ChangeMemberRoleCommand(acme.id(), admin, Role.VIEWER));

        assertThat(world.codeOf(() -> world.administration.createStatusPage(
                        authenticated, new CreateStatusPageCommand(acme.id(), Subdomain.of("after"), "After"))))
                .isEqualTo("role_excludes");
        assertThat(verify(key, Permission.PAGES_WRITE, acme.page(0)).decision())
                .isEqualTo(AccessDecision.denied(DenialReason.ROLE_EXCLUDES));
        assertThat(verify(key, Permission.PAGES_READ, acme.page(0)).decision().isAllowed()).isTrue();
    }

    @Test
    void removingAPageMembershipKeepsTheKeysAndTheRuleJudgesThemByWhatIsLeft() {
        UserId pageEditor = world.pageMemberOf(acme, acme.page(0), Role.EDITOR);
        world.administration.addPageMember(owner, new AddPageMemberCommand(acme.page(1), emailOf(pageEditor), Role.VIEWER));
        IssuedKey key = world.userKeyOf(acme, pageEditor, KeyScope.readWrite());

        world.administration.removePageMember(owner, acme.page(0), pageEditor);

        assertThat(world.authenticate(key)).isInstanceOf(Authentication.Authenticated.class);
        assertThat(verify(key, Permission.PAGES_READ, acme.page(0)).decision()).isEqualTo(AccessDecision.denied(DenialReason.NO_MEMBERSHIP));
        assertThat(verify(key, Permission.PAGES_READ, acme.page(1)).decision().isAllowed()).isTrue();
    }

    @Test
    void aPageRoleOverridesTheOrganizationRoleInBothDirections() {
        UserId admin = world.memberOf(acme, Role.ADMIN);
        UserId viewer = world.memberOf(acme, Role.VIEWER);
        world.administration.addPageMember(owner, new AddPageMemberCommand(acme.page(0), emailOf(admin), Role.VIEWER));
        world.administration.addPageMember(owner, new AddPageMemberCommand(acme.page(0), emailOf(viewer), Role.ADMIN));

        assertThat(world.codeOf(() -> world.administration.renameStatusPage(person(admin), new RenameStatusPageCommand(acme.id(), acme.page(0), "New"))))
                .isEqualTo("role_excludes");
        world.administration.renameStatusPage(person(admin), new RenameStatusPageCommand(acme.id(), acme.page(1), "Renamed by admin"));
        assertThat(world.administration.renameStatusPage(person(viewer), new RenameStatusPageCommand(acme.id(), acme.page(0), "Renamed by viewer")).name())
                .isEqualTo("Renamed by viewer");
        assertThat(world.codeOf(() -> world.administration.renameStatusPage(person(viewer), new RenameStatusPageCommand(acme.id(), acme.page(1), "New"))))
                .isEqualTo("role_excludes");
    }

    @Test
    void theLastOwnerCanBeNeitherLoweredNorRemoved() {
        assertThat(world.codeOf(() -> world.administration.changeMemberRole(owner, new ChangeMemberRoleCommand(acme.id(), acme.owner(), Role.ADMIN))))
                .isEqualTo(ConflictException.LAST_OWNER);
        assertThat(world.codeOf(() -> world.administration.removeMember(owner, acme.id(), acme.owner())))
                .isEqualTo(ConflictException.LAST_OWNER);
        assertThat(world.store.memberships().organizationLevel(acme.owner(), acme.id()).orElseThrow().role()).isEqualTo(Role.OWNER);
    }

    @Test
    void anOwnerOfOnePageDoesNotCountAsAnOwnerOfTheOrganization() {
        world.pageMemberOf(acme, acme.page(0), Role.OWNER);

        assertThat(world.codeOf(() -> world.administration.removeMember(owner, acme.id(), acme.owner())))
                .isEqualTo(ConflictException.LAST_OWNER);
    }

    @Test
    void withASecondOwnerTheFirstMayStepDown() {
        UserId second = world.memberOf(acme, Role.OWNER);

        Member steppedDown = world.administration.changeMemberRole(owner, new ChangeMemberRoleCommand(acme.id(), acme.owner(), Role.ADMIN));
        world.administration.removeMember(person(second), acme.id(), acme.owner());

        assertThat(steppedDown.role()).isEqualTo(Role.ADMIN);
        assertThat(world.administration.members(person(second), acme.id())).extracting(member -> member.user().id()).containsExactly(second);
    }

    @Test
    void twoOwnersLoweringEachOtherAtOnceLeaveOneOwner() throws Exception {
        UserId second = world.memberOf(acme, Role.OWNER);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (UserId[] pair : new UserId[][] {{acme.owner(), second}, {second, acme.owner()}}) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        world.administration.changeMemberRole(person(pair[0]), new ChangeMemberRoleCommand(acme.id(), pair[1], Role.ADMIN));
                        return "lowered";
                    } catch (RuntimeException e) {
                        return e instanceof ApplicationException refusal ? refusal.code() : e.toString();
                    }
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(10, TimeUnit.SECONDS));
            }

            assertThat(results).containsExactlyInAnyOrder("lowered", "role_excludes");
            assertThat(world.store.memberships().organizationMembers(acme.id()))
                    .filteredOn(membership -> membership.role() == Role.OWNER)
                    .hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void addingAnOrganizationMemberTwiceIsAConflict() {
        UserId editor = world.memberOf(acme, Role.EDITOR);

        assertThat(world.codeOf(() -> world.administration.addMember(owner, new AddMemberCommand(acme.id(), emailOf(editor), Role.VIEWER))))
                .isEqualTo(ConflictException.ALREADY_MEMBER);
        assertThat(world.store.memberships().organizationLevel(editor, acme.id()).orElseThrow().role()).isEqualTo(Role.EDITOR);
    }

    @Test
    void aMemberOfOnePageMayBeAddedAtOrganizationLevelAndKeepsThePageRole() {
        UserId pageAdmin = world.pageMemberOf(acme, acme.page(0), Role.ADMIN);

        Member added = world.administration.addMember(owner, new AddMemberCommand(acme.id(), emailOf(pageAdmin), Role.VIEWER));

        assertThat(added.role()).isEqualTo(Role.VIEWER);
        assertThat(world.store.memberships().of(pageAdmin, acme.id())).hasSize(2);
    }

    @Test
    void addingAMemberByANewAddressCreatesTheUser() {
        EmailAddress newcomer = EmailAddress.of("Newcomer@Example.test");

        Member added = world.administration.addMember(owner, new AddMemberCommand(acme.id(), newcomer, Role.BILLING));

        assertThat(world.administration.findUser(EmailAddress.of("newcomer@example.test"))).contains(added.user());
    }

    @Test
    void addingAPageMemberAddsOrReplacesTheRoleOnThatPage() {
        EmailAddress someone = EmailAddress.of("someone@example.test");

        PageMemberSaved added = world.administration.addPageMember(owner, new AddPageMemberCommand(acme.page(0), someone, Role.VIEWER));
        PageMemberSaved replaced = world.administration.addPageMember(owner, new AddPageMemberCommand(acme.page(0), someone, Role.EDITOR));

        assertThat(added.created()).isTrue();
        assertThat(replaced.created()).isFalse();
        assertThat(replaced.member().page()).contains(acme.page(0));
        assertThat(world.administration.pageMembers(owner, acme.page(0)))
                .singleElement()
                .satisfies(member -> assertThat(member.role()).isEqualTo(Role.EDITOR));
    }

    @Test
    void billingIsNoRoleOnAPage() {
        RuntimeException refusal = world.refusal(() -> world.administration.addPageMember(
                owner, new AddPageMemberCommand(acme.page(0), EmailAddress.of("payer@example.test"), Role.BILLING)));

        assertThat(refusal).isInstanceOf(InvalidValueException.class);
        assertThat(((InvalidValueException) refusal).field()).isEqualTo("role");
        assertThat(world.administration.findUser(EmailAddress.of("payer@example.test"))).isEmpty();
    }

    @Test
    void someoneWhoIsNoMemberCanBeNeitherChangedNorRemoved() {
        UserId stranger = world.outsider();

        assertThat(world.codeOf(() -> world.administration.removeMember(owner, acme.id(), stranger))).isEqualTo("not_found");
        assertThat(world.codeOf(() -> world.administration.changeMemberRole(owner, new ChangeMemberRoleCommand(acme.id(), stranger, Role.ADMIN))))
                .isEqualTo("not_found");
        assertThat(world.codeOf(() -> world.administration.removePageMember(owner, acme.page(0), stranger))).isEqualTo("not_found");
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = "OWNER", mode = EnumSource.Mode.EXCLUDE)
    void onlyOwnersManageMembers(Role role) {
        Principal member = person(world.memberOf(acme, role));
        UserId viewer = world.memberOf(acme, Role.VIEWER);

        assertThat(world.codeOf(() -> world.administration.addMember(member, new AddMemberCommand(acme.id(), EmailAddress.of("x@example.test"), Role.VIEWER))))
                .isEqualTo("role_excludes");
        assertThat(world.codeOf(() -> world.administration.changeMemberRole(member, new ChangeMemberRoleCommand(acme.id(), viewer, Role.ADMIN))))
                .isEqualTo("role_excludes");
        assertThat(world.codeOf(() -> world.administration.removeMember(member, acme.id(), viewer))).isEqualTo("role_excludes");
        assertThat(world.codeOf(() -> world.administration.pageMembers(member, acme.page(0)))).isEqualTo("role_excludes");
    }

    @Test
    void anOwnerOfOnePageManagesThatPagesMembersOnly() {
        Principal pageOwner = person(world.pageMemberOf(acme, acme.page(0), Role.OWNER));

        PageMemberSaved saved = world.administration.addPageMember(
                pageOwner, new AddPageMemberCommand(acme.page(0), EmailAddress.of("helper@example.test"), Role.EDITOR));

        assertThat(saved.created()).isTrue();
        assertThat(world.codeOf(() -> world.administration.pageMembers(pageOwner, acme.page(1)))).isEqualTo("no_membership");
        assertThat(world.codeOf(() -> world.administration.members(pageOwner, acme.id()))).isEqualTo("no_membership");
    }

    @Test
    void anyOrganizationLevelMemberSeesTheMembersButAMemberOfOnePageDoesNot() {
        UserId viewer = world.memberOf(acme, Role.VIEWER);
        UserId pageViewer = world.pageMemberOf(acme, acme.page(0), Role.VIEWER);
        IssuedKey viewersKey = world.userKeyOf(acme, viewer, KeyScope.readOnly());
        IssuedKey pageViewersKey = world.userKeyOf(acme, pageViewer, KeyScope.full());

        assertThat(world.administration.members(world.via(viewersKey), acme.id()))
                .extracting(member -> member.user().id())
                .containsExactly(acme.owner(), viewer);
        assertThat(world.administration.members(person(viewer), acme.id())).hasSize(2);
        assertThat(world.codeOf(() -> world.administration.members(world.via(pageViewersKey), acme.id()))).isEqualTo("no_membership");
        assertThat(world.codeOf(() -> world.administration.members(person(pageViewer), acme.id()))).isEqualTo("no_membership");
    }

    @Test
    void anOrganizationKeySeesTheMembersOnlyWithMembersManage() {
        IssuedKey reader = world.organizationKeyOf(acme, KeyScope.readOnly());
        IssuedKey membersManager = world.organizationKeyOf(acme, KeyScope.of(Permission.MEMBERS_MANAGE));

        assertThat(world.codeOf(() -> world.administration.members(world.via(reader), acme.id()))).isEqualTo("scope_excludes");
        assertThat(world.administration.members(world.via(membersManager), acme.id())).hasSize(1);
    }

    @Test
    void anOrganizationKeyWithMembersManageManagesMembers() {
        Principal membersManager = world.via(world.organizationKeyOf(acme, KeyScope.of(Permission.MEMBERS_MANAGE)));

        Member added = world.administration.addMember(membersManager, new AddMemberCommand(acme.id(), EmailAddress.of("bot-added@example.test"), Role.EDITOR));
        world.administration.removeMember(membersManager, acme.id(), added.user().id());

        assertThat(world.store.memberships().of(added.user().id(), acme.id())).isEmpty();
    }
    @Test
    void aPageOwnerWhoIsAnOrganizationViewerCannotLowerAnOrganizationOwnerOnThatPage() {
        UserId pageOwner = world.pageMemberOf(acme, acme.page(0), Role.OWNER);
        world.administration.addMember(owner, new AddMemberCommand(acme.id(), emailOf(pageOwner), Role.VIEWER));
        IssuedKey ownersKey = world.userKeyOf(acme, acme.owner(), KeyScope.full());
        IssuedKey pageOwnersKey = world.userKeyOf(acme, pageOwner, KeyScope.full());

        for (Principal pageOwnerActing : List.of(person(pageOwner), world.via(pageOwnersKey))) {
            assertThat(world.codeOf(() -> world.administration.addPageMember(
                    pageOwnerActing, new AddPageMemberCommand(acme.page(0), emailOf(acme.owner()), Role.VIEWER))))
                    .isEqualTo(ForbiddenException.OWNER_PROTECTED);
        }

        assertThat(world.store.memberships().pageLevel(acme.owner(), acme.page(0))).isEmpty();
        assertThat(verify(ownersKey, Permission.PAGE_MEMBERS_MANAGE, acme.page(0)).decision().isAllowed()).isTrue();
    }

    @Test
    void aPageOwnerCannotChangeNorRemoveTheRoleOnThatPageOfAnOrganizationOwner() {
        UserId secondOwner = world.memberOf(acme, Role.OWNER);
        world.administration.addPageMember(owner, new AddPageMemberCommand(acme.page(0), emailOf(secondOwner), Role.ADMIN));
        UserId pageOwner = world.pageMemberOf(acme, acme.page(0), Role.OWNER);

        assertThat(world.codeOf(() -> world.administration.addPageMember(
                person(pageOwner), new AddPageMemberCommand(acme.page(0), emailOf(secondOwner), Role.VIEWER))))
                .isEqualTo(ForbiddenException.OWNER_PROTECTED);
        assertThat(world.codeOf(() -> world.administration.removePageMember(person(pageOwner), acme.page(0), secondOwner)))
                .isEqualTo(ForbiddenException.OWNER_PROTECTED);

        assertThat(world.store.memberships().pageLevel(secondOwner, acme.page(0))).map(membership -> membership.role())
                .contains(Role.ADMIN);
    }

    @Test
    void whoeverHasMembersManageAtOrganizationLevelChangesAnOwnersPageRole() {
        UserId secondOwner = world.memberOf(acme, Role.OWNER);
        Principal membersManager = world.via(world.organizationKeyOf(acme, KeyScope.of(Permission.MEMBERS_MANAGE, Permission.PAGE_MEMBERS_MANAGE)));

        world.administration.addPageMember(owner, new AddPageMemberCommand(acme.page(0), emailOf(secondOwner), Role.VIEWER));
        world.administration.addPageMember(membersManager, new AddPageMemberCommand(acme.page(0), emailOf(secondOwner), Role.EDITOR));
        world.administration.removePageMember(membersManager, acme.page(0), secondOwner);

        assertThat(world.store.memberships().pageLevel(secondOwner, acme.page(0))).isEmpty();
    }

    @Test
    void anOwnersKeyWithoutMembersManageInItsScopeCannotChangeAnOwnersPageRole() {
        UserId secondOwner = world.memberOf(acme, Role.OWNER);
        Principal pageMembersOnly = world.via(world.userKeyOf(acme, acme.owner(), KeyScope.of(Permission.PAGE_MEMBERS_MANAGE)));

        assertThat(world.codeOf(() -> world.administration.addPageMember(
                pageMembersOnly, new AddPageMemberCommand(acme.page(0), emailOf(secondOwner), Role.VIEWER))))
                .isEqualTo(ForbiddenException.OWNER_PROTECTED);
    }

    @Test
    void aPageOwnerStillManagesThePageRolesOfEveryoneButOrganizationOwners() {
        UserId pageOwner = world.pageMemberOf(acme, acme.page(0), Role.OWNER);
        UserId admin = world.memberOf(acme, Role.ADMIN);

        world.administration.addPageMember(person(pageOwner), new AddPageMemberCommand(acme.page(0), emailOf(admin), Role.VIEWER));
        world.administration.removePageMember(person(pageOwner), acme.page(0), admin);

        assertThat(world.store.memberships().pageLevel(admin, acme.page(0))).isEmpty();
    }

    @Test
    void theOwnersProtectionComesAfterTheRefusalsBeforeIt() {
        UserId pageOwner = world.pageMemberOf(acme, acme.page(0), Role.OWNER);
        UserId pageEditor = world.pageMemberOf(acme, acme.page(1), Role.OWNER);
        EmailAddress ownersEmail = emailOf(acme.owner());

        // 404: no such page; 403: no page_members.manage on the page; 422: a role that is not a page role.
        assertThat(world.codeOf(() -> world.administration.addPageMember(
                person(pageOwner), new AddPageMemberCommand(Subdomain.of("nowhere"), ownersEmail, Role.VIEWER)))).isEqualTo("not_found");
        assertThat(world.codeOf(() -> world.administration.addPageMember(
                person(pageEditor), new AddPageMemberCommand(acme.page(0), ownersEmail, Role.VIEWER)))).isEqualTo("no_membership");
        assertThat(world.codeOf(() -> world.administration.addPageMember(
                person(pageOwner), new AddPageMemberCommand(acme.page(0), ownersEmail, Role.BILLING)))).isEqualTo("invalid_value");
        assertThat(world.codeOf(() -> world.administration.removePageMember(person(pageOwner), acme.page(0), acme.owner())))
                .isEqualTo("not_found");
    }
}
