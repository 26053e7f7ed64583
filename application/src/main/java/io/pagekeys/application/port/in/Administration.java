package io.pagekeys.application.port.in;

import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.Incident;
import io.pagekeys.domain.IncidentId;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.User;
import io.pagekeys.domain.UserId;
import java.util.List;
import java.util.Optional;

/**
 * The administration a status-page product needs around its keys: organizations, members at both
 * levels, status pages and a minimal incident record. Each call checks the principal's permission on its
 * target with the access rule (through a key) or the person's roles (acting directly).
 *
 * <p>Every method runs in one unit of work, never returns null, and may throw, in this order of checks:
 * {@link io.pagekeys.application.NotFoundException} when the target does not exist or is not under the
 * organization named; {@link io.pagekeys.application.AccessDeniedException} when the permission is
 * denied; {@link io.pagekeys.domain.InvalidValueException} for invalid values;
 * {@link io.pagekeys.application.ConflictException} ({@code subdomain_taken}, {@code already_member},
 * {@code last_owner}); {@link io.pagekeys.application.StoreUnavailableException}.
 */
public interface Administration {

    /**
     * Creates an organization and makes the user of the owner's e-mail (created if new) its org-level
     * owner. Needs no principal: this is how an operator or a host's sign-up starts a tenant.
     */
    CreatedOrganization createOrganization(CreateOrganizationCommand command);

    /** The user of that e-mail address, or empty; for hosts and the operator, who act for people. */
    Optional<User> findUser(EmailAddress email);

    /** The organization; any key of it, or any member of it, may read it. */
    Organization organization(Principal principal, OrganizationId organization);

    /** The organization-level members; needs {@code members.manage} or, for a person, any org-level role. */
    List<Member> members(Principal principal, OrganizationId organization);

    /**
     * Adds an organization-level member; needs {@code members.manage}.
     *
     * @throws io.pagekeys.application.ConflictException {@code already_member} when the user has an
     *     organization-level membership already
     */
    Member addMember(Principal principal, AddMemberCommand command);

    /**
     * Changes an organization-level member's role; needs {@code members.manage}.
     *
     * @throws io.pagekeys.application.ConflictException {@code last_owner} when that would leave no
     *     org-level owner
     */
    Member changeMemberRole(Principal principal, ChangeMemberRoleCommand command);

    /**
     * Removes a user from the organization: every membership there, both levels, and revokes that user's
     * keys there. Needs {@code members.manage}.
     *
     * @throws io.pagekeys.application.ConflictException {@code last_owner} when the user is the last
     *     org-level owner
     */
    void removeMember(Principal principal, OrganizationId organization, UserId user);

    /** The page-level members of {@code page}; needs {@code page_members.manage} on it. */
    List<Member> pageMembers(Principal principal, Subdomain page);

    /** Gives a user a role on one page, replacing one they had there; needs {@code page_members.manage}. */
    PageMemberSaved addPageMember(Principal principal, AddPageMemberCommand command);

    /** Removes one page-level membership (keys stay); needs {@code page_members.manage}. */
    void removePageMember(Principal principal, Subdomain page, UserId user);

    /** The pages of the organization that the principal may read ({@code pages.read}), possibly none. */
    List<StatusPage> statusPages(Principal principal, OrganizationId organization);

    /**
     * Creates a status page; needs {@code pages.create}.
     *
     * @throws io.pagekeys.application.ConflictException {@code subdomain_taken}
     */
    StatusPage createStatusPage(Principal principal, CreateStatusPageCommand command);

    /** One page of the organization; needs {@code pages.read} on it. */
    StatusPage statusPage(Principal principal, OrganizationId organization, Subdomain page);

    /** Renames a page; needs {@code pages.write} on it. */
    StatusPage renameStatusPage(Principal principal, RenameStatusPageCommand command);

    /**
     * Deletes a page with its page-level memberships and incidents, and takes it out of every key's
     * selection; needs {@code pages.delete} on it.
     */
    void deleteStatusPage(Principal principal, OrganizationId organization, Subdomain page);

    /** The incidents of a page, newest first; needs {@code pages.read} on it. */
    List<Incident> incidents(Principal principal, Subdomain page);

    /** Opens an incident; needs {@code incidents.write} on the page. */
    Incident openIncident(Principal principal, OpenIncidentCommand command);

    /** Changes an incident of the page; needs {@code incidents.write} on it. */
    Incident updateIncident(Principal principal, UpdateIncidentCommand command);

    /** One incident of the page; needs {@code pages.read} on it. */
    Incident incident(Principal principal, Subdomain page, IncidentId incident);
}
