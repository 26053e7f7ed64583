package io.pagekeys.benchmarks.decision;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.Context;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.DateTime;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import io.pagekeys.domain.AccessTarget;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.Membership;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.PageRule;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The access rule as a Cedar user writes it: one {@code forbid} policy per refusal of the rule, named for
 * its reason (the allow-list one per key that has a list, since Cedar has no quantifier over a set of
 * blocks), and {@code permit} policies for what grants: an organization key as such, a user key through
 * the role its member holds (the page-level role as an entity tag, else the organization-level one;
 * roles are entities listing the actions they grant). The policies are parsed once and cached on the
 * native side; the entities are built once, and each request carries the slice it needs (key, member,
 * target page, organizations, roles), as Cedar expects the caller to load. The reason is the first in
 * the rule's order among the forbid policies that applied; a denial that no forbid explains is the
 * absence of any permit, that is a role that does not grant the permission.
 */
public final class CedarRule {

    private static final EntityTypeName ACTION = type("Action");
    private static final EntityTypeName ROLE = type("Role");
    private static final EntityTypeName MEMBER = type("Member");
    private static final EntityTypeName USER_KEY = type("UserKey");
    private static final EntityTypeName ORGANIZATION_KEY = type("OrganizationKey");
    private static final EntityTypeName PAGE = type("Page");
    private static final EntityTypeName ORGANIZATION = type("Organization");

    /** The policies that hold for every key, by id; an id before the slash names the reason. */
    static final Map<String, String> POLICIES = policies();

    private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    private final PolicySet policySet;
    private final Map<OrganizationId, Entity> organizations = new HashMap<>();
    private final Map<Subdomain, Entity> pages = new HashMap<>();
    private final Map<Role, Entity> roles = new HashMap<>();
    private final Map<UserId, Entity> members = new HashMap<>();
    private final Map<ApiKey, Entity> keys = new HashMap<>();

    /** One request, ready to be sent: the request itself and the entities it needs. */
    public record Request(AuthorizationRequest request, Set<Entity> entities) {}

    public CedarRule(World world) {
        this(world, POLICIES);
    }

    /** The rule with other shared policies: for the test that a wrong translation is caught. */
    CedarRule(World world, Map<String, String> shared) {
        Set<Policy> policies = new LinkedHashSet<>();
        shared.forEach((id, text) -> policies.add(new Policy(text, id)));
        for (ApiKey key : world.keys()) {
            if (!key.allowedIps().isEmpty()) {
                String inRange = key.allowedIps().stream()
                        .map(block -> "context.clientIp.isInRange(ip(\"" + block + "\"))")
                        .collect(Collectors.joining(" || "));
                policies.add(new Policy("forbid (principal == " + keyUid(key).toCedarExpr() + ", action, resource)"
                        + " unless { context has clientIp && (" + inRange + ") };", "ip_not_allowed/" + key.id()));
            }
        }
        policySet = new PolicySet(policies);
        try {
            policySet.cache();
        } catch (Exception e) {
            throw new IllegalStateException("Cedar refused the policies: " + e.getMessage(), e);
        }

        for (OrganizationId organization : List.of(World.ORGANIZATION, World.FOREIGN_ORGANIZATION)) {
            organizations.put(organization, new Entity(organizationUid(organization)));
        }
        for (Subdomain page : world.pages()) {
            pages.put(page, page(page, World.ORGANIZATION));
        }
        for (Subdomain page : world.foreignPages()) {
            pages.put(page, page(page, World.FOREIGN_ORGANIZATION));
        }
        for (Role role : Role.values()) {
            roles.put(role, new Entity(ROLE.of(role.code()), Map.of("grants", actions(role.permissions())), Set.of()));
        }
        world.memberships().forEach((user, held) -> members.put(user, member(user, held)));
        for (ApiKey key : world.keys()) {
            keys.put(key, key(key));
        }
    }

    private static Map<String, String> policies() {
        Map<String, String> policies = new java.util.LinkedHashMap<>();
        policies.put("revoked", "forbid (principal, action, resource) when { principal.revoked };");
        policies.put("expired",
                "forbid (principal, action, resource) when { principal has expiresAt && context.now >= principal.expiresAt };");
        policies.put("rotated",
                "forbid (principal, action, resource) when { principal has graceUntil && context.now >= principal.graceUntil };");
        policies.put("outside_organization",
                "forbid (principal, action, resource) unless { resource in principal.organization };");
        policies.put("scope_excludes", "forbid (principal, action, resource) unless { principal.scope.contains(action) };");
        policies.put("page_not_in_key/page",
                "forbid (principal, action, resource is Page) unless { principal.allPages || principal.pages.contains(resource) };");
        policies.put("page_not_in_key/organization",
                "forbid (principal, action, resource is Organization)"
                        + " unless { principal.allPages || action == Action::\"own_api_keys.manage\" };");
        policies.put("no_membership",
                "forbid (principal is UserKey, action, resource) when {"
                        + " if action == Action::\"own_api_keys.manage\" then !(principal.member in principal.organization)"
                        + " else if resource is Page"
                        + " then !(principal.member.hasTag(resource.subdomain) || principal.member has organizationRole)"
                        + " else !(principal.member has organizationRole) };");
        policies.put("organization_key", "permit (principal is OrganizationKey, action, resource);");
        policies.put("own_keys_by_any_membership",
                "permit (principal is UserKey, action == Action::\"own_api_keys.manage\", resource is Organization)"
                        + " when { principal.member in principal.organization };");
        policies.put("page_role",
                "permit (principal is UserKey, action, resource is Page) when {"
                        + " if principal.member.hasTag(resource.subdomain)"
                        + " then principal.member.getTag(resource.subdomain).grants.contains(action)"
                        + " else (principal.member has organizationRole"
                        + " && principal.member.organizationRole.grants.contains(action)) };");
        policies.put("organization_role",
                "permit (principal is UserKey, action, resource is Organization) when {"
                        + " principal.member has organizationRole && principal.member.organizationRole.grants.contains(action) };");
        return java.util.Collections.unmodifiableMap(policies);
    }

    private static Entity page(Subdomain page, OrganizationId owner) {
        return new Entity(PAGE.of(page.value()), Map.of("subdomain", new PrimString(page.value())),
                Set.of(organizationUid(owner)));
    }

    /** A user in the organization: a child of it when they hold any membership there, at either level. */
    private static Entity member(UserId user, List<Membership> held) {
        Map<String, Value> attributes = new HashMap<>();
        Map<String, Value> pageRoles = new HashMap<>();
        Set<EntityUID> parents = new HashSet<>();
        for (Membership membership : held) {
            parents.add(organizationUid(membership.organization()));
            if (membership.page().isPresent()) {
                pageRoles.put(membership.page().get().value(), ROLE.of(membership.role().code()));
            } else {
                attributes.put("organizationRole", ROLE.of(membership.role().code()));
            }
        }
        return new Entity(MEMBER.of(user.toString()), attributes, parents, pageRoles);
    }

    private static Entity key(ApiKey key) {
        Map<String, Value> attributes = new HashMap<>();
        attributes.put("organization", organizationUid(key.organization()));
        key.user().ifPresent(user -> attributes.put("member", MEMBER.of(user.toString())));
        attributes.put("revoked", new PrimBool(key.revocation().isPresent()));
        key.expiresAt().ifPresent(expiry -> attributes.put("expiresAt", datetime(expiry)));
        key.rotation().ifPresent(rotation -> attributes.put("graceUntil", datetime(rotation.graceUntil())));
        attributes.put("scope", actions(key.scope().permissions()));
        attributes.put("allPages", new PrimBool(key.pageRule() instanceof PageRule.AllPages));
        List<Value> selected = key.pageRule() instanceof PageRule.SelectedPages some
                ? some.pages().stream().map(page -> (Value) PAGE.of(page.value())).toList()
                : List.of();
        attributes.put("pages", new CedarList(selected));
        return new Entity(keyUid(key), attributes, Set.of());
    }

    /** The request for {@code ask}, with the slice of entities it reads. */
    public Request request(World.Ask ask) {
        Set<Entity> slice = new HashSet<>(roles.values());
        slice.add(keys.get(ask.key()));
        ask.key().user().ifPresent(user -> slice.add(members.get(user)));
        slice.add(organizations.get(ask.key().organization()));
        slice.add(organizations.get(ask.target().organization()));
        EntityUID resource;
        if (ask.target() instanceof AccessTarget.OnPage onPage) {
            slice.add(pages.get(onPage.page()));
            resource = PAGE.of(onPage.page().value());
        } else {
            resource = organizationUid(ask.target().organization());
        }
        Map<String, Value> context = new HashMap<>();
        context.put("now", datetime(ask.now()));
        ask.clientIp().ifPresent(ip -> context.put("clientIp", new com.cedarpolicy.value.IpAddress(ip.toString())));
        AuthorizationRequest request = new AuthorizationRequest(
                keyUid(ask.key()), ACTION.of(ask.permission().code()), resource, new Context(context), Optional.empty(), false);
        return new Request(request, Set.copyOf(slice));
    }

    /** Cedar's answer. */
    public AuthorizationSuccessResponse answer(Request request) {
        try {
            AuthorizationResponse response = engine.isAuthorized(request.request(), policySet, request.entities());
            return response.success.orElseThrow(() -> new IllegalStateException("Cedar failed: " + response.errors));
        } catch (AuthException e) {
            throw new IllegalStateException("Cedar failed: " + e.getMessage(), e);
        }
    }

    /**
     * Cedar's decision as the rule's: empty when allowed, else the reason of the first forbid that applied
     * in the rule's order, or {@code ROLE_EXCLUDES} when none did (no permit applied).
     *
     * @throws IllegalStateException when a policy failed to evaluate, which would make its verdict silent
     */
    public Optional<DenialReason> decide(Request request) {
        AuthorizationSuccessResponse answer = answer(request);
        if (!answer.getErrors().isEmpty()) {
            throw new IllegalStateException("Cedar policies failed to evaluate: " + answer.getErrors());
        }
        if (answer.isAllowed()) {
            return Optional.empty();
        }
        return Optional.of(answer.getReason().stream()
                .map(CedarRule::reason)
                .flatMap(Optional::stream)
                .min(Comparator.naturalOrder())
                .orElse(DenialReason.ROLE_EXCLUDES));
    }

    /** The reason a forbid policy stands for, from its id; empty for a permit. */
    static Optional<DenialReason> reason(String policyId) {
        String name = policyId.contains("/") ? policyId.substring(0, policyId.indexOf('/')) : policyId;
        try {
            return Optional.of(DenialReason.valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException notAReason) {
            return Optional.empty();
        }
    }

    private static CedarList actions(Collection<Permission> permissions) {
        return new CedarList(permissions.stream().map(permission -> (Value) ACTION.of(permission.code())).toList());
    }

    private static EntityUID keyUid(ApiKey key) {
        return (key.kind() == KeyKind.USER ? USER_KEY : ORGANIZATION_KEY).of(key.id().value());
    }

    private static EntityUID organizationUid(OrganizationId organization) {
        return ORGANIZATION.of(organization.toString());
    }

    private static DateTime datetime(Instant instant) {
        return new DateTime(instant.toString());
    }

    private static EntityTypeName type(String name) {
        return EntityTypeName.parse(name).orElseThrow();
    }
}
