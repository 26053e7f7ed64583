package io.pagekeys.adapters.rest;

import io.javalin.http.Context;
import io.pagekeys.application.AccessDeniedException;
import io.pagekeys.application.port.in.AddMemberCommand;
import io.pagekeys.application.port.in.AddPageMemberCommand;
import io.pagekeys.application.port.in.Administration;
import io.pagekeys.application.port.in.ChangeMemberRoleCommand;
import io.pagekeys.application.port.in.Member;
import io.pagekeys.application.port.in.PageMemberSaved;
import io.pagekeys.application.port.in.VerifyQuery;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UserId;
import java.util.List;

/**
 * Members at both levels: {@code /api/v2/orgs/{org_id}/members[/{user_id}]} (organization level,
 * {@code members.manage}; listing also for any org-level member) and
 * {@code /api/v2/status_pages/{subdomain}/members[/{user_id}]} (page level, {@code page_members.manage}).
 */
final class MembersRoutes {

    private final Administration administration;
    private final Exchange exchange;

    MembersRoutes(Administration administration, Exchange exchange) {
        this.administration = administration;
        this.exchange = exchange;
    }

    void register(Routes routes) {
        routes.get("/api/v2/orgs/{org_id}/members", ctx -> {
            Caller caller = exchange.caller(ctx);
            exchange.answer(ctx, 200, MemberJson.ListEnvelope.of(administration.members(caller.principal(), PathIds.organization(ctx))));
        });
        routes.post("/api/v2/orgs/{org_id}/members", this::addMember);
        routes.put("/api/v2/orgs/{org_id}/members/{user_id}", this::changeRole);
        routes.delete("/api/v2/orgs/{org_id}/members/{user_id}", ctx -> {
            Caller caller = exchange.caller(ctx);
            administration.removeMember(caller.principal(), PathIds.organization(ctx), PathIds.user(ctx));
            exchange.noContent(ctx);
        });
        routes.get("/api/v2/status_pages/{subdomain}/members", ctx -> {
            Caller caller = exchange.caller(ctx);
            exchange.answer(ctx, 200, MemberJson.ListEnvelope.of(administration.pageMembers(caller.principal(), PathIds.subdomain(ctx))));
        });
        routes.post("/api/v2/status_pages/{subdomain}/members", this::addPageMember);
        routes.delete("/api/v2/status_pages/{subdomain}/members/{user_id}", ctx -> {
            Caller caller = exchange.caller(ctx);
            administration.removePageMember(caller.principal(), PathIds.subdomain(ctx), PathIds.user(ctx));
            exchange.noContent(ctx);
        });
    }

    private void addMember(Context ctx) {
        Caller caller = exchange.caller(ctx);
        OrganizationId organization = PathIds.organization(ctx);
        AddMemberCommand command = Gate.unlessRefusedFirst(() -> {
            MemberJson.NewMember member = Fields.required(
                    exchange.read(ctx, MemberJson.NewMemberEnvelope.class, "member").member(), "member");
            return new AddMemberCommand(organization, email(member.email()), role(member.role()));
        }, () -> exchange.gate().require(caller, VerifyQuery.Target.organization(organization), Permission.MEMBERS_MANAGE));
        exchange.answer(ctx, 201, MemberJson.Envelope.of(administration.addMember(caller.principal(), command)));
    }

    private void changeRole(Context ctx) {
        Caller caller = exchange.caller(ctx);
        OrganizationId organization = PathIds.organization(ctx);
        UserId user = PathIds.user(ctx);
        ChangeMemberRoleCommand command = Gate.unlessRefusedFirst(() -> {
            MemberJson.RoleChange change = Fields.required(
                    exchange.read(ctx, MemberJson.RoleChangeEnvelope.class, "member").member(), "member");
            return new ChangeMemberRoleCommand(organization, user, role(change.role()));
        }, () -> {
            memberUnder(caller, organization, user);
            exchange.gate().require(caller, VerifyQuery.Target.organization(organization), Permission.MEMBERS_MANAGE);
        });
        exchange.answer(ctx, 200, MemberJson.Envelope.of(administration.changeMemberRole(caller.principal(), command)));
    }

    private void addPageMember(Context ctx) {
        Caller caller = exchange.caller(ctx);
        Subdomain page = PathIds.subdomain(ctx);
        AddPageMemberCommand command = Gate.unlessRefusedFirst(() -> {
            MemberJson.NewMember member = Fields.required(
                    exchange.read(ctx, MemberJson.NewMemberEnvelope.class, "member").member(), "member");
            Role role = role(member.role());
            EmailAddress email = email(member.email());
            if (!role.allowedOnPage()) {
                throw Fields.invalid("role", "'" + role.code() + "' exists only at organization level");
            }
            return new AddPageMemberCommand(page, email, role);
        }, () -> exchange.gate().require(caller, VerifyQuery.Target.page(page), Permission.PAGE_MEMBERS_MANAGE));
        PageMemberSaved saved = administration.addPageMember(caller.principal(), command);
        exchange.answer(ctx, saved.created() ? 201 : 200, MemberJson.Envelope.of(saved.member()));
    }

    /**
     * 404 unless {@code user} is an organization-level member there, as the role change would answer
     * first; told by the member listing, the cheapest read the driving port offers. A caller who may not
     * list the members is left to the route's own permission, asked next (403).
     */
    private void memberUnder(Caller caller, OrganizationId organization, UserId user) {
        List<Member> members;
        try {
            members = administration.members(caller.principal(), organization);
        } catch (AccessDeniedException e) {
            return;
        }
        if (members.stream().noneMatch(member -> member.user().id().equals(user))) {
            throw HttpProblem.notFound("no such member");
        }
    }

    private static EmailAddress email(String email) {
        return EmailAddress.of(Fields.required(email, "email"));
    }

    private static Role role(String role) {
        return Role.parse(Fields.required(role, "role"));
    }
}
