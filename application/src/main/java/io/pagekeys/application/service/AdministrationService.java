package io.pagekeys.application.service;

import static java.util.Objects.requireNonNull;

import io.pagekeys.application.ConflictException;
import io.pagekeys.application.ForbiddenException;
import io.pagekeys.application.NotFoundException;
import io.pagekeys.application.port.in.AddMemberCommand;
import io.pagekeys.application.port.in.AddPageMemberCommand;
import io.pagekeys.application.port.in.Administration;
import io.pagekeys.application.port.in.ChangeMemberRoleCommand;
import io.pagekeys.application.port.in.CreateOrganizationCommand;
import io.pagekeys.application.port.in.CreateStatusPageCommand;
import io.pagekeys.application.port.in.CreatedOrganization;
import io.pagekeys.application.port.in.Member;
import io.pagekeys.application.port.in.OpenIncidentCommand;
import io.pagekeys.application.port.in.PageMemberSaved;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.RenameStatusPageCommand;
import io.pagekeys.application.port.in.UpdateDraft;
import io.pagekeys.application.port.in.UpdateIncidentCommand;
import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.application.port.out.Incidents;
import io.pagekeys.application.port.out.KeyEvents;
import io.pagekeys.application.port.out.Memberships;
import io.pagekeys.application.port.out.Organizations;
import io.pagekeys.application.port.out.StatusPages;
import io.pagekeys.application.port.out.UnitOfWork;
import io.pagekeys.application.port.out.Users;
import io.pagekeys.domain.AccessTarget;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.Incident;
import io.pagekeys.domain.IncidentId;
import io.pagekeys.domain.IncidentUpdate;
import io.pagekeys.domain.InvalidValueException;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.Membership;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.User;
import io.pagekeys.domain.UserId;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Organizations, members at both levels, status pages and incidents. Checks run in the order the API
 * answers them: a target that does not exist or is not under the organization named (404), the
 * permission (403), invalid values (422), conflicts (409).
 */
public final class AdministrationService implements Administration {

    private final Organizations organizations;
    private final Users users;
    private final Memberships memberships;
    private final StatusPages statusPages;
    private final Incidents incidents;
    private final ApiKeys apiKeys;
    private final UnitOfWork unitOfWork;
    private final UseCaseSteps steps;
    private final KeyRevocation revocation;
    private final Authorizer authorizer;

    @Inject
    public AdministrationService(
            Organizations organizations,
            Users users,
            Memberships memberships,
            StatusPages statusPages,
            Incidents incidents,
            ApiKeys apiKeys,
            KeyEvents keyEvents,
            UnitOfWork unitOfWork,
            Clock clock) {
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.users = requireNonNull(users, "users is null");
        this.memberships = requireNonNull(memberships, "memberships is null");
        this.statusPages = requireNonNull(statusPages, "status pages is null");
        this.incidents = requireNonNull(incidents, "incidents is null");
        this.apiKeys = requireNonNull(apiKeys, "api keys is null");
        this.unitOfWork = requireNonNull(unitOfWork, "unit of work is null");
        this.steps = new UseCaseSteps(organizations, clock);
        this.revocation = new KeyRevocation(apiKeys, keyEvents);
        this.authorizer = new Authorizer(apiKeys, memberships, unitOfWork);
    }

    // ---- organizations -------------------------------------------------------------------------

    @Override
    public CreatedOrganization createOrganization(CreateOrganizationCommand command) {
        requireNonNull(command, "command is null");
        return unitOfWork.run(() -> {
            Instant now = steps.now();
            String name = checkedOrganizationName(command.name(), now);
            Organization organization = organizations.create(name, now);
            User owner = users.findOrCreate(command.ownerEmail(), now);
            memberships.save(Membership.organizationLevel(owner.id(), organization.id(), Role.OWNER));
            return new CreatedOrganization(organization, owner);
        });
    }

    @Override
    public Optional<User> findUser(EmailAddress email) {
        requireNonNull(email, "email is null");
        return unitOfWork.read(() -> users.findByEmail(email));
    }

    @Override
    public Organization organization(Principal principal, OrganizationId organization) {
        requireNonNull(principal, "principal is null");
        requireNonNull(organization, "organization is null");
        return unitOfWork.read(() -> {
            Organization found = steps.requireOrganization(organization);
            authorizer.requireInsider(principal, organization, false, steps.now());
            return found;
        });
    }

    // ---- organization-level members ------------------------------------------------------------

    @Override
    public List<Member> members(Principal principal, OrganizationId organization) {
        requireNonNull(principal, "principal is null");
        requireNonNull(organization, "organization is null");
        return unitOfWork.read(() -> {
            Instant now = steps.now();
            steps.requireOrganization(organization);
            if (isOrganizationKey(principal)) {
                authorizer.require(principal, AccessTarget.organization(organization), Permission.MEMBERS_MANAGE, now);
            } else {
                // Any org-level member may see who else is one; page-level members see nothing of it.
                authorizer.requireInsider(principal, organization, true, now);
            }
            return memberships.organizationMembers(organization).stream().map(this::memberOf).toList();
        });
    }

    @Override
    public Member addMember(Principal principal, AddMemberCommand command) {
        requireNonNull(principal, "principal is null");
        requireNonNull(command, "command is null");
        return unitOfWork.run(() -> {
            Instant now = steps.now();
            OrganizationId organization = command.organization();
            steps.lockOrganization(organization);
            authorizer.require(principal, AccessTarget.organization(organization), Permission.MEMBERS_MANAGE, now);
            User user = users.findOrCreate(command.email(), now);
            if (memberships.organizationLevel(user.id(), organization).isPresent()) {
                throw new ConflictException(
                        ConflictException.ALREADY_MEMBER, "user " + user.id() + " is a member already; change the role instead");
            }
            // Page-level memberships the user holds stay: each still overrides on its page.
            Membership membership = Membership.organizationLevel(user.id(), organization, command.role());
            memberships.save(membership);
            return new Member(user, membership.role(), Optional.empty());
        });
    }

    @Override
    public Member changeMemberRole(Principal principal, ChangeMemberRoleCommand command) {
        requireNonNull(principal, "principal is null");
        requireNonNull(command, "command is null");
        return unitOfWork.run(() -> {
            Instant now = steps.now();
            OrganizationId organization = command.organization();
            // The lock makes two concurrent demotions of the last two owners take turns.
            steps.lockOrganization(organization);
            Membership current = memberships.organizationLevel(command.user(), organization)
                    .orElseThrow(() -> new NotFoundException("user " + command.user() + " is not a member of organization " + organization));
            authorizer.require(principal, AccessTarget.organization(organization), Permission.MEMBERS_MANAGE, now);
            if (current.role() == Role.OWNER && command.role() != Role.OWNER) {
                requireAnotherOwner(organization);
            }
            Membership changed = current.withRole(command.role());
            memberships.save(changed);
            return memberOf(changed);
        });
    }

    @Override
    public void removeMember(Principal principal, OrganizationId organization, UserId user) {
        requireNonNull(principal, "principal is null");
        requireNonNull(organization, "organization is null");
        requireNonNull(user, "user is null");
        unitOfWork.execute(() -> {
            Instant now = steps.now();
            // Also orders this removal with a concurrent issue or rotation of the user's keys.
            steps.lockOrganization(organization);
            List<Membership> held = memberships.of(user, organization);
            if (held.isEmpty()) {
                throw new NotFoundException("user " + user + " is not a member of organization " + organization);
            }
            authorizer.require(principal, AccessTarget.organization(organization), Permission.MEMBERS_MANAGE, now);
            boolean owner = held.stream().anyMatch(m -> m.isOrganizationLevel() && m.role() == Role.OWNER);
            if (owner) {
                requireAnotherOwner(organization);
            }
            memberships.removeAll(user, organization);
            for (ApiKey listed : apiKeys.userKeys(organization, user)) {
                // A key revoked already stays so; any other is locked before it is revoked, as everywhere.
                if (listed.revocation().isEmpty()) {
                    apiKeys.lockById(listed.id()).ifPresent(current -> revocation.revoke(current, principal.actor(), now));
                }
            }
        });
    }

    // ---- page-level members --------------------------------------------------------------------

    @Override
    public List<Member> pageMembers(Principal principal, Subdomain page) {
        requireNonNull(principal, "principal is null");
        requireNonNull(page, "page is null");
        return unitOfWork.read(() -> {
            StatusPage found = requirePage(page);
            authorizer.require(principal, targetOf(found), Permission.PAGE_MEMBERS_MANAGE, steps.now());
            return memberships.pageMembers(page).stream().map(this::memberOf).toList();
        });
    }

    @Override
    public PageMemberSaved addPageMember(Principal principal, AddPageMemberCommand command) {
        requireNonNull(principal, "principal is null");
        requireNonNull(command, "command is null");
        return unitOfWork.run(() -> {
            Instant now = steps.now();
            StatusPage page = requirePage(command.page());
            // Orders this with a concurrent change of the user's organization role (owner or not).
            steps.lockOrganization(page.organization());
            authorizer.require(principal, targetOf(page), Permission.PAGE_MEMBERS_MANAGE, now);
            if (!command.role().allowedOnPage()) {
                // Said before any user is created for the address.
                throw new InvalidValueException(
                        "role", "'" + command.role().code() + "' exists only at organization level");
            }
            Optional<User> existing = users.findByEmail(command.email());
            if (existing.isPresent()) {
                requireOwnersProtected(principal, page, existing.get().id(), now);
            }
            User user = users.findOrCreate(command.email(), now);
            Membership membership = Membership.pageLevel(user.id(), page.organization(), page.subdomain(), command.role());
            boolean created = memberships.pageLevel(user.id(), page.subdomain()).isEmpty();
            memberships.save(membership);
            return new PageMemberSaved(new Member(user, membership.role(), membership.page()), created);
        });
    }

    @Override
    public void removePageMember(Principal principal, Subdomain page, UserId user) {
        requireNonNull(principal, "principal is null");
        requireNonNull(page, "page is null");
        requireNonNull(user, "user is null");
        unitOfWork.execute(() -> {
            Instant now = steps.now();
            StatusPage found = requirePage(page);
            steps.lockOrganization(found.organization());
            memberships.pageLevel(user, page)
                    .orElseThrow(() -> new NotFoundException("user " + user + " is not a member of status page " + page));
            authorizer.require(principal, targetOf(found), Permission.PAGE_MEMBERS_MANAGE, now);
            requireOwnersProtected(principal, found, user, now);
            // Only this membership goes; the user's keys stay, and the access rule judges them by what is left.
            memberships.remove(user, found.organization(), Optional.of(page));
        });
    }

    /**
     * Refuses (403 {@code owner_protected}) a change to the page-level membership of a user who is an
     * organization-level owner, unless the principal has {@code members.manage} at organization level:
     * {@code page_members.manage} on one page must not let a page owner lock the organization's owners out
     * of that page.
     */
    private void requireOwnersProtected(Principal principal, StatusPage page, UserId user, Instant now) {
        boolean organizationOwner = memberships.organizationLevel(user, page.organization())
                .map(membership -> membership.role() == Role.OWNER)
                .orElse(false);
        if (organizationOwner && !authorizer.allows(
                principal, AccessTarget.organization(page.organization()), Permission.MEMBERS_MANAGE, now)) {
            throw new ForbiddenException(ForbiddenException.OWNER_PROTECTED,
                    "the page-level role of an organization owner is changed only with members.manage at organization level");
        }
    }

    // ---- status pages --------------------------------------------------------------------------

    @Override
    public List<StatusPage> statusPages(Principal principal, OrganizationId organization) {
        requireNonNull(principal, "principal is null");
        requireNonNull(organization, "organization is null");
        return unitOfWork.read(() -> {
            Instant now = steps.now();
            steps.requireOrganization(organization);
            // A key of the organization is answered with the pages it may read, possibly none; only a
            // key that is no key of it (or a person, or a key's user, who is no member) is refused.
            Authorizer.Standing insider = authorizer.requireInsider(principal, organization, false, now);
            return statusPages.of(organization).stream()
                    .filter(page -> insider.decide(targetOf(page), Permission.PAGES_READ).isAllowed())
                    .toList();
        });
    }

    @Override
    public StatusPage createStatusPage(Principal principal, CreateStatusPageCommand command) {
        requireNonNull(principal, "principal is null");
        requireNonNull(command, "command is null");
        return unitOfWork.run(() -> {
            Instant now = steps.now();
            steps.requireOrganization(command.organization());
            authorizer.require(principal, AccessTarget.organization(command.organization()), Permission.PAGES_CREATE, now);
            StatusPage page = StatusPage.create(command.subdomain(), command.organization(), command.name(), now);
            statusPages.add(page);
            return page;
        });
    }

    @Override
    public StatusPage statusPage(Principal principal, OrganizationId organization, Subdomain page) {
        requireNonNull(principal, "principal is null");
        requireNonNull(organization, "organization is null");
        requireNonNull(page, "page is null");
        return unitOfWork.read(() -> {
            StatusPage found = requirePageOf(organization, page);
            authorizer.require(principal, targetOf(found), Permission.PAGES_READ, steps.now());
            return found;
        });
    }

    @Override
    public StatusPage renameStatusPage(Principal principal, RenameStatusPageCommand command) {
        requireNonNull(principal, "principal is null");
        requireNonNull(command, "command is null");
        return unitOfWork.run(() -> {
            Instant now = steps.now();
            StatusPage found = requirePageOf(command.organization(), command.subdomain());
            authorizer.require(principal, targetOf(found), Permission.PAGES_WRITE, now);
            StatusPage renamed = found.renamed(command.name(), now);
            statusPages.update(renamed);
            return renamed;
        });
    }

    @Override
    public void deleteStatusPage(Principal principal, OrganizationId organization, Subdomain page) {
        requireNonNull(principal, "principal is null");
        requireNonNull(organization, "organization is null");
        requireNonNull(page, "page is null");
        unitOfWork.execute(() -> {
            StatusPage found = requirePageOf(organization, page);
            authorizer.require(principal, targetOf(found), Permission.PAGES_DELETE, steps.now());
            apiKeys.forgetPage(page);
            statusPages.remove(page);
        });
    }

    // ---- incidents -----------------------------------------------------------------------------

    @Override
    public List<Incident> incidents(Principal principal, Subdomain page) {
        requireNonNull(principal, "principal is null");
        requireNonNull(page, "page is null");
        return unitOfWork.read(() -> {
            StatusPage found = requirePage(page);
            authorizer.require(principal, targetOf(found), Permission.PAGES_READ, steps.now());
            return incidents.of(page);
        });
    }

    @Override
    public Incident openIncident(Principal principal, OpenIncidentCommand command) {
        requireNonNull(principal, "principal is null");
        requireNonNull(command, "command is null");
        return unitOfWork.run(() -> {
            Instant now = steps.now();
            StatusPage page = requirePage(command.page());
            authorizer.require(principal, targetOf(page), Permission.INCIDENTS_WRITE, now);
            List<IncidentUpdate> updates = command.updates().stream().map(draft -> updateOf(draft, now)).toList();
            return incidents.add(Incident.open(page.subdomain(), command.title(), command.type(), updates, now)
                    .withStatus(command.status(), now));
        });
    }

    @Override
    public Incident updateIncident(Principal principal, UpdateIncidentCommand command) {
        requireNonNull(principal, "principal is null");
        requireNonNull(command, "command is null");
        return unitOfWork.run(() -> {
            Instant now = steps.now();
            StatusPage page = requirePage(command.page());
            // Locked, so that of two concurrent changes neither is lost: the second starts from the first.
            Incident current = incidents.lockById(command.incident())
                    .filter(found -> found.page().equals(page.subdomain()))
                    .orElseThrow(() -> incidentNotFound(page.subdomain(), command.incident()));
            authorizer.require(principal, targetOf(page), Permission.INCIDENTS_WRITE, now);
            Incident changed = current;
            if (command.title().isPresent()) {
                changed = changed.retitled(command.title().get());
            }
            if (command.type().isPresent()) {
                changed = changed.retyped(command.type().get());
            }
            if (command.status().isPresent()) {
                changed = changed.withStatus(command.status().get(), now);
            }
            if (command.update().isPresent()) {
                changed = changed.withUpdate(updateOf(command.update().get(), now));
            }
            incidents.update(changed);
            return changed;
        });
    }

    @Override
    public Incident incident(Principal principal, Subdomain page, IncidentId incident) {
        requireNonNull(principal, "principal is null");
        requireNonNull(page, "page is null");
        requireNonNull(incident, "incident is null");
        return unitOfWork.read(() -> {
            StatusPage found = requirePage(page);
            Incident current = requireIncidentOf(page, incident);
            authorizer.require(principal, targetOf(found), Permission.PAGES_READ, steps.now());
            return current;
        });
    }

    // ---- the steps -----------------------------------------------------------------------------

    private void requireAnotherOwner(OrganizationId organization) {
        long owners = memberships.organizationMembers(organization).stream()
                .filter(m -> m.role() == Role.OWNER)
                .count();
        if (owners <= 1) {
            throw new ConflictException(ConflictException.LAST_OWNER, "organization " + organization + " must keep an owner");
        }
    }

    private Member memberOf(Membership membership) {
        User user = users.findById(membership.user())
                .orElseThrow(() -> new IllegalStateException("membership of unknown user " + membership.user()));
        return new Member(user, membership.role(), membership.page());
    }

    private static boolean isOrganizationKey(Principal principal) {
        return principal instanceof Principal.ViaKey viaKey && viaKey.key().kind() == KeyKind.ORGANIZATION;
    }

    private static IncidentUpdate updateOf(UpdateDraft draft, Instant now) {
        return new IncidentUpdate(draft.type(), draft.description(), now);
    }

    private static AccessTarget targetOf(StatusPage page) {
        return AccessTarget.page(page.organization(), page.subdomain());
    }

    private StatusPage requirePage(Subdomain page) {
        return statusPages.find(page).orElseThrow(() -> pageNotFound(page));
    }

    private StatusPage requirePageOf(OrganizationId organization, Subdomain page) {
        return statusPages.find(page).filter(found -> found.organization().equals(organization)).orElseThrow(() -> pageNotFound(page));
    }

    private Incident requireIncidentOf(Subdomain page, IncidentId incident) {
        return incidents.findById(incident)
                .filter(found -> found.page().equals(page))
                .orElseThrow(() -> incidentNotFound(page, incident));
    }

    private static NotFoundException incidentNotFound(Subdomain page, IncidentId incident) {
        return new NotFoundException("no incident " + incident + " on status page " + page);
    }

    /**
     * The organization's name as the model keeps it, checked before anything is stored (the store takes a
     * plain string and chooses the id).
     */
    private static String checkedOrganizationName(String name, Instant now) {
        return new Organization(OrganizationId.of(1), name, now).name();
    }

    private static NotFoundException pageNotFound(Subdomain page) {
        return new NotFoundException("no status page " + page + " here");
    }
}
