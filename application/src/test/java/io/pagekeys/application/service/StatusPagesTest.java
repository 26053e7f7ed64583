package io.pagekeys.application.service;

import static io.pagekeys.application.service.Fixtures.person;
import static io.pagekeys.application.service.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.pagekeys.application.ConflictException;
import io.pagekeys.application.port.in.CreateOrganizationCommand;
import io.pagekeys.application.port.in.CreateStatusPageCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.OpenIncidentCommand;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.RenameStatusPageCommand;
import io.pagekeys.application.port.in.UpdateDraft;
import io.pagekeys.application.port.in.UpdateIncidentCommand;
import io.pagekeys.application.port.in.VerifyQuery;
import io.pagekeys.application.service.Fixtures.Tenant;
import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.Incident;
import io.pagekeys.domain.IncidentId;
import io.pagekeys.domain.IncidentStatus;
import io.pagekeys.domain.IncidentType;
import io.pagekeys.domain.InvalidValueException;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.PageRule;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UpdateType;
import io.pagekeys.domain.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Organizations, status pages and incidents, each behind its permission. */
class StatusPagesTest {

    private final Fixtures world = new Fixtures();
    private final Tenant acme = world.organization("Acme", "status", "internal", "partners");
    private final Principal owner = person(acme.owner());

    @Test
    void creatingAnOrganizationMakesTheOwnerAnOrganizationLevelOwnerReusingAKnownAddress() {
        var created = world.administration.createOrganization(new CreateOrganizationCommand("  Initech  ", EmailAddress.of("owner-1@acme.test")));

        assertThat(created.organization().name()).isEqualTo("Initech");
        assertThat(created.owner().id()).isEqualTo(acme.owner());
        assertThat(world.store.memberships().organizationLevel(acme.owner(), created.organization().id()).orElseThrow().role())
                .isEqualTo(Role.OWNER);
    }

    @Test
    void anOrganizationWithoutANameIsRefusedBeforeAnythingIsStored() {
        assertThat(world.codeOf(() -> world.administration.createOrganization(new CreateOrganizationCommand(" ", EmailAddress.of("new@example.test"))))
                ).isEqualTo("invalid_value");
        assertThat(world.administration.findUser(EmailAddress.of("new@example.test"))).isEmpty();
    }

    @Test
    void anyKeyOfTheOrganizationAndAnyMemberMayReadIt() {
        IssuedKey reader = world.organizationKeyOf(acme, KeyScope.readOnly());
        UserId pageViewer = world.pageMemberOf(acme, acme.page(0), Role.VIEWER);
        IssuedKey pageViewersKey = world.userKeyOf(acme, pageViewer, KeyScope.of(Permission.BILLING_READ));

        assertThat(world.administration.organization(world.via(reader), acme.id()).id()).isEqualTo(acme.id());
        assertThat(world.administration.organization(world.via(pageViewersKey), acme.id()).id()).isEqualTo(acme.id());
        assertThat(world.administration.organization(person(pageViewer), acme.id()).id()).isEqualTo(acme.id());
    }

    @Test
    void noKeyOfAnotherOrganizationAndNoStrangerMayReadIt() {
        Tenant globex = world.organization("Globex", "globex");
        IssuedKey globexKey = world.organizationKeyOf(globex, KeyScope.full());

        assertThat(world.codeOf(() -> world.administration.organization(world.via(globexKey), acme.id()))).isEqualTo("outside_organization");
        assertThat(world.codeOf(() -> world.administration.organization(person(world.outsider()), acme.id()))).isEqualTo("no_membership");
        assertThat(world.codeOf(() -> world.administration.organization(owner, OrganizationId.of(999)))).isEqualTo("not_found");
    }

    @Test
    void theListOfPagesHoldsExactlyThePagesThatMayBeReadPossiblyNone() {
        IssuedKey selective = world.organizationKeyOf(acme, request(KeyScope.readOnly(), acme.page(0), acme.page(2)));
        IssuedKey billingOnly = world.organizationKeyOf(acme, KeyScope.of(Permission.BILLING_READ));
        UserId pageViewer = world.pageMemberOf(acme, acme.page(1), Role.VIEWER);
        UserId billing = world.memberOf(acme, Role.BILLING);

        assertThat(world.administration.statusPages(world.via(selective), acme.id()))
                .extracting(StatusPage::subdomain)
                .containsExactlyInAnyOrder(acme.page(0), acme.page(2));
        assertThat(world.administration.statusPages(world.via(billingOnly), acme.id())).isEmpty();
        assertThat(world.administration.statusPages(person(pageViewer), acme.id())).extracting(StatusPage::subdomain).containsExactly(acme.page(1));
        assertThat(world.administration.statusPages(person(billing), acme.id())).isEmpty();
        assertThat(world.administration.statusPages(owner, acme.id())).hasSize(3);
    }

    @Test
    void listingThePagesCountsAsOneUseEvenWhenNoneMayBeRead() {
        IssuedKey billingOnly = world.organizationKeyOf(acme, KeyScope.of(Permission.BILLING_READ));
        world.clock.advance(Duration.ofSeconds(30));

        world.administration.statusPages(world.via(billingOnly), acme.id());

        assertThat(world.stored(billingOnly).lastUsedAt()).contains(world.clock.instant());
    }

    @Test
    void aKeyOfAnotherOrganizationListsNoPagesHere() {
        Tenant globex = world.organization("Globex", "globex");
        IssuedKey globexKey = world.organizationKeyOf(globex, KeyScope.full());

        assertThat(world.codeOf(() -> world.administration.statusPages(world.via(globexKey), acme.id()))).isEqualTo("outside_organization");
    }

    @Test
    void creatingAPageNeedsPagesCreateAndAKeyOnAllPages() {
        IssuedKey readWrite = world.organizationKeyOf(acme, KeyScope.readWrite());
        IssuedKey selective = world.organizationKeyOf(acme, request(KeyScope.readWrite(), acme.page(0)));
        UserId editor = world.memberOf(acme, Role.EDITOR);

        StatusPage created = world.administration.createStatusPage(world.via(readWrite), new CreateStatusPageCommand(acme.id(), Subdomain.of("new-page"), "New"));

        assertThat(created.organization()).isEqualTo(acme.id());
        assertThat(world.codeOf(() -> world.administration.createStatusPage(
                world.via(selective), new CreateStatusPageCommand(acme.id(), Subdomain.of("other"), "Other")))).isEqualTo("page_not_in_key");
        assertThat(world.codeOf(() -> world.administration.createStatusPage(
                person(editor), new CreateStatusPageCommand(acme.id(), Subdomain.of("other"), "Other")))).isEqualTo("role_excludes");
    }

    @Test
    void aSubdomainIsTakenAcrossOrganizations() {
        Tenant globex = world.organization("Globex", "globex");

        assertThat(world.codeOf(() -> world.administration.createStatusPage(
                        person(globex.owner()), new CreateStatusPageCommand(globex.id(), acme.page(0), "Mine"))))
                .isEqualTo(ConflictException.SUBDOMAIN_TAKEN);
    }

    @Test
    void aPageNameIsValidatedBeforeTheSubdomainIsJudgedTaken() {
        assertThat(world.codeOf(() -> world.administration.createStatusPage(owner, new CreateStatusPageCommand(acme.id(), acme.page(0), " "))))
                .isEqualTo("invalid_value");
    }

    @Test
    void aPageOfAnotherOrganizationIsNotFoundUnderThisOne() {
        Tenant globex = world.organization("Globex", "globex");

        assertThat(world.codeOf(() -> world.administration.statusPage(owner, acme.id(), globex.page(0)))).isEqualTo("not_found");
        assertThat(world.codeOf(() -> world.administration.statusPage(person(globex.owner()), acme.id(), globex.page(0)))).isEqualTo("not_found");
        assertThat(world.codeOf(() -> world.administration.deleteStatusPage(person(globex.owner()), acme.id(), globex.page(0)))).isEqualTo("not_found");
        assertThat(world.administration.statusPage(person(globex.owner()), globex.id(), globex.page(0)).subdomain()).isEqualTo(globex.page(0));
    }

    @Test
    void aMissingPageIsNotFoundBeforeThePermissionIsJudgedAndAnExistingOneIsForbidden() {
        Principal reader = world.via(world.organizationKeyOf(acme, KeyScope.readOnly()));

        assertThat(world.codeOf(() -> world.administration.deleteStatusPage(reader, acme.id(), Subdomain.of("nowhere")))).isEqualTo("not_found");
        assertThat(world.codeOf(() -> world.administration.deleteStatusPage(reader, acme.id(), acme.page(0)))).isEqualTo("scope_excludes");
    }

    @Test
    void aPageNotInTheKeyIsForbiddenNotHidden() {
        Principal selective = world.via(world.organizationKeyOf(acme, request(KeyScope.readOnly(), acme.page(0))));

        assertThat(world.codeOf(() -> world.administration.statusPage(selective, acme.id(), acme.page(1)))).isEqualTo("page_not_in_key");
    }

    @Test
    void renamingNeedsPagesWrite() {
        Principal editor = person(world.memberOf(acme, Role.EDITOR));
        world.clock.advance(Duration.ofMinutes(1));

        StatusPage renamed = world.administration.renameStatusPage(owner, new RenameStatusPageCommand(acme.id(), acme.page(0), "Public status"));

        assertThat(renamed.name()).isEqualTo("Public status");
        assertThat(renamed.updatedAt()).isEqualTo(world.clock.instant());
        assertThat(world.administration.statusPage(editor, acme.id(), acme.page(0))).isEqualTo(renamed);
        assertThat(world.codeOf(() -> world.administration.renameStatusPage(editor, new RenameStatusPageCommand(acme.id(), acme.page(0), "x"))))
                .isEqualTo("role_excludes");
    }

    @Test
    void deletingAPageTakesItOutOfEverySelection() {
        IssuedKey both = world.organizationKeyOf(acme, request(KeyScope.readOnly(), acme.page(0), acme.page(1)));
        IssuedKey onlyDeleted = world.userKeyOf(acme, acme.owner(), request(KeyScope.readOnly(), acme.page(0)));
        IssuedKey all = world.organizationKeyOf(acme, KeyScope.readOnly());

        world.administration.deleteStatusPage(owner, acme.id(), acme.page(0));

        assertThat(world.stored(both).pageRule()).isEqualTo(PageRule.selected(Set.of(acme.page(1))));
        assertThat(world.stored(onlyDeleted).pageRule()).isEqualTo(new PageRule.SelectedPages(new TreeSet<>()));
        assertThat(world.stored(all).pageRule()).isEqualTo(PageRule.allPages());
        assertThat(world.store.statusPages().find(acme.page(0))).isEmpty();
    }

    @Test
    void aKeyWhoseSelectionEmptiedAdmitsNoPageNotEvenOneCreatedLater() {
        IssuedKey onlyDeleted = world.organizationKeyOf(acme, request(KeyScope.readOnly(), acme.page(0)));
        world.administration.deleteStatusPage(owner, acme.id(), acme.page(0));
        world.administration.createStatusPage(owner, new CreateStatusPageCommand(acme.id(), acme.page(0), "Reborn"));

        var verification = world.access.verify(new VerifyQuery(
                onlyDeleted.token().reveal(), VerifyQuery.Target.page(acme.page(0)), Permission.PAGES_READ, Optional.empty()));

        assertThat(verification.decision()).isEqualTo(AccessDecision.denied(DenialReason.PAGE_NOT_IN_KEY));
        assertThat(world.administration.statusPages(world.via(onlyDeleted), acme.id())).isEmpty();
    }

    @Test
    void deletingAPageNeedsPagesDeleteWhichOnlyOwnersHave() {
        Principal admin = person(world.memberOf(acme, Role.ADMIN));

        assertThat(world.codeOf(() -> world.administration.deleteStatusPage(admin, acme.id(), acme.page(0)))).isEqualTo("role_excludes");
        assertThat(world.store.statusPages().find(acme.page(0))).isPresent();
    }

    @Test
    void incidentsAreReadWithPagesReadAndWrittenWithIncidentsWrite() {
        Principal reader = world.via(world.organizationKeyOf(acme, KeyScope.readOnly()));
        Principal writer = world.via(world.organizationKeyOf(acme, KeyScope.readWrite()));

        Incident opened = world.administration.openIncident(writer, new OpenIncidentCommand(
                acme.page(0), "Database down", IncidentType.MAJOR, List.of(new UpdateDraft(UpdateType.INVESTIGATING, "Looking into it"))));

        assertThat(opened.id()).isPresent();
        assertThat(opened.updates()).singleElement().satisfies(update -> assertThat(update.createdAt()).isEqualTo(world.clock.instant()));
        assertThat(world.administration.incidents(reader, acme.page(0))).containsExactly(opened);
        assertThat(world.administration.incident(reader, acme.page(0), opened.id().orElseThrow())).isEqualTo(opened);
        assertThat(world.codeOf(() -> world.administration.openIncident(
                reader, new OpenIncidentCommand(acme.page(0), "Nope", IncidentType.MINOR, List.of())))).isEqualTo("scope_excludes");
    }

    @Test
    void anIncidentReportedAsResolvedIsStoredResolvedInOneStep() {
        Incident recorded = world.administration.openIncident(owner, new OpenIncidentCommand(
                acme.page(0), "Brief outage", IncidentType.MINOR, IncidentStatus.RESOLVED, List.of()));

        assertThat(recorded.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(recorded.resolvedAt()).contains(recorded.createdAt());
        assertThat(world.administration.incident(owner, acme.page(0), recorded.id().orElseThrow())).isEqualTo(recorded);
    }

    @Test
    void anIncidentIsChangedPartByPart() {
        Incident opened = world.administration.openIncident(owner, new OpenIncidentCommand(acme.page(0), "Slow", IncidentType.MINOR, List.of()));
        IncidentId id = opened.id().orElseThrow();
        world.clock.advance(Duration.ofMinutes(10));

        Incident resolved = world.administration.updateIncident(owner, new UpdateIncidentCommand(acme.page(0), id,
                Optional.of("Slow responses"), Optional.empty(), Optional.of(IncidentStatus.RESOLVED),
                Optional.of(new UpdateDraft(UpdateType.RESOLVED, "Fixed"))));

        assertThat(resolved.title()).isEqualTo("Slow responses");
        assertThat(resolved.type()).isEqualTo(IncidentType.MINOR);
        assertThat(resolved.resolvedAt()).contains(world.clock.instant());
        assertThat(resolved.updates()).hasSize(1);
        assertThat(world.administration.incident(owner, acme.page(0), id)).isEqualTo(resolved);
    }

    @Test
    void anIncidentOfAnotherPageIsNotFoundOnThisOne() {
        Incident elsewhere = world.administration.openIncident(owner, new OpenIncidentCommand(acme.page(1), "Elsewhere", IncidentType.MINOR, List.of()));
        IncidentId id = elsewhere.id().orElseThrow();

        assertThat(world.codeOf(() -> world.administration.incident(owner, acme.page(0), id))).isEqualTo("not_found");
        assertThat(world.codeOf(() -> world.administration.updateIncident(owner, new UpdateIncidentCommand(
                acme.page(0), id, Optional.of("Moved"), Optional.empty(), Optional.empty(), Optional.empty())))).isEqualTo("not_found");
        assertThat(world.codeOf(() -> world.administration.incidents(owner, Subdomain.of("nowhere")))).isEqualTo("not_found");
    }

    @Test
    void changingAnIncidentReadsItLockedSoThatConcurrentChangesAreNotLost() {
        Incident opened = world.administration.openIncident(owner, new OpenIncidentCommand(acme.page(0), "Slow", IncidentType.MINOR, List.of()));
        IncidentId id = opened.id().orElseThrow();
        world.calls.forget();

        world.administration.updateIncident(owner, new UpdateIncidentCommand(acme.page(0), id,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(new UpdateDraft(UpdateType.UPDATE, "Still slow"))));

        assertThat(world.calls.naming(id))
                .extracting(PortCalls.Call::method)
                .containsExactly("lockById");
        assertThat(world.calls.of("Incidents", "lockById")).allSatisfy(call -> assertThat(call.insideUnitOfWork()).isTrue());
    }

    @Test
    void aUserKeyWhoseUserHoldsNoMembershipAnyMoreNeitherReadsTheOrganizationNorListsItsPages() {
        UserId pageViewer = world.pageMemberOf(acme, acme.page(0), Role.VIEWER);
        IssuedKey key = world.userKeyOf(acme, pageViewer, KeyScope.readOnly());
        Principal viaKey = world.via(key);
        assertThat(world.administration.organization(viaKey, acme.id()).id()).isEqualTo(acme.id());

        world.administration.removePageMember(owner, acme.page(0), pageViewer);

        assertThat(world.codeOf(() -> world.administration.organization(viaKey, acme.id()))).isEqualTo("no_membership");
        assertThat(world.codeOf(() -> world.administration.statusPages(viaKey, acme.id()))).isEqualTo("no_membership");
        assertThat(world.codeOf(() -> world.administration.organization(person(pageViewer), acme.id()))).isEqualTo("no_membership");
        assertThat(world.codeOf(() -> world.administration.statusPages(person(pageViewer), acme.id()))).isEqualTo("no_membership");
    }

    @Test
    void aPageMemberWritesIncidentsOnTheirPageOnly() {
        Principal pageEditor = person(world.pageMemberOf(acme, acme.page(0), Role.EDITOR));

        world.administration.openIncident(pageEditor, new OpenIncidentCommand(acme.page(0), "Ours", IncidentType.MINOR, List.of()));

        assertThat(world.codeOf(() -> world.administration.openIncident(
                pageEditor, new OpenIncidentCommand(acme.page(1), "Theirs", IncidentType.MINOR, List.of())))).isEqualTo("no_membership");
    }

    @Test
    void anInvalidIncidentIsRefusedAfterThePermission() {
        RuntimeException refusal = world.refusal(() -> world.administration.openIncident(
                owner, new OpenIncidentCommand(acme.page(0), " ", IncidentType.MINOR, List.of())));

        assertThat(((InvalidValueException) refusal).field()).isEqualTo("title");
    }
}
