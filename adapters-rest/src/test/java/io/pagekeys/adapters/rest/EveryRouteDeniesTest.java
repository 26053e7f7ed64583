package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pagekeys.application.port.in.KeyRequest;
import io.pagekeys.application.port.in.OpenIncidentCommand;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.RevokeKeyCommand;
import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.IncidentStatus;
import io.pagekeys.domain.IncidentType;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation of the API that takes a key, refused every way it can be, from one table: without a
 * usable key (401), with a usable key that lacks what the route needs (403, with the exact code), and on
 * a target that does not exist, with a key that the same request on a real target lets through (404).
 * The table is held to the OpenAPI document, so that a route added there cannot be left out here.
 *
 * <p>Each case builds its own {@link Scene}: an organization with two pages, and whatever members, keys
 * and incidents the case names, made through the application as a host would.
 */
class EveryRouteDeniesTest {

    private static final String UNKNOWN_ID = "987654321";
    private static final String UNKNOWN_SUBDOMAIN = "no-such-page";
    /** Well formed, yet never generated: 17 base-62 digits "z" exceed the 12 random bytes of an id. */
    private static final String UNKNOWN_KEY_ID = "key_zzzzzzzzzzzzzzzzz";
    private static final Pattern PARAMETER = Pattern.compile("\\{([a-z_]+)}");

    /** The operations that take no key; every other one of the document must be in {@link #OPERATIONS}. */
    private static final Set<String> WITHOUT_KEY = Set.of(
            "GET /health", "GET /metrics", "GET /api/v2/hello", "GET /api/v2/openapi.json", "POST /api/v2/auth/verify");

    static ApiWorld world;

    @BeforeAll
    static void start() {
        // Every case of the 401 test fails an authentication from this one address; the throttle is
        // tested elsewhere, and must not turn these answers into 429.
        world = ApiWorld.start(settings -> settings.withFailedAuthenticationLimit(1_000_000));
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    // ---- who asks -----------------------------------------------------------------------------------

    /** The callers of the table, each with a usable key, all but one in the scene's organization. */
    enum Who {
        /** The owner's full key on all pages: what every route lets through. */
        OWNER,
        /** The owner's own user key, with scope read_only. */
        OWNER_READ_ONLY,
        /** The owner's full key, usable only from 203.0.113.0/24, used from the loopback address. */
        FENCED,
        ADMIN,
        EDITOR,
        VIEWER,
        BILLING,
        /** A viewer of the second page only, with a full key on all pages. */
        PAGE_ONLY_MEMBER,
        /** A user whose only membership (on the second page) was removed; the key stays active. */
        NO_LONGER_MEMBER,
        ORG_KEY_FULL,
        ORG_KEY_READ_ONLY,
        /** An organization key whose scope is billing.read alone. */
        ORG_KEY_BILLING_ONLY,
        /** An organization key with a full scope on the second page only. */
        ORG_KEY_ON_SECOND_PAGE,
        /** The owner of another organization, with a full key. */
        OTHER_ORGANIZATION
    }

    /** Credentials that authenticate no one. */
    enum Unusable {
        NO_KEY, MALFORMED, UNKNOWN, REVOKED
    }

    /**
     * One organization with two pages, and, made when first asked for, everything a route can name in
     * it and every caller of {@link Who}.
     */
    static final class Scene {

        final ApiWorld.Tenant tenant = world.tenant(2);
        private final Map<String, Object> made = new HashMap<>();

        @SuppressWarnings("unchecked")
        private <T> T once(String what, Supplier<T> make) {
            Object value = made.get(what);
            if (value == null) {
                value = make.get();
                made.put(what, value);
            }
            return (T) value;
        }

        private Principal owner() {
            return Principal.person(tenant.owner());
        }

        String page() {
            return tenant.page(0);
        }

        String secondPage() {
            return tenant.page(1);
        }

        /** An organization-level editor: the member that the organization's member routes name. */
        ApiWorld.Person member() {
            return once("member", () -> world.member(tenant, Role.EDITOR));
        }

        /** A viewer of the first page only: the member that the page's member routes name. */
        ApiWorld.Person pageMember() {
            return once("page member", () -> world.pageMember(tenant, page(), Role.VIEWER));
        }

        long incident() {
            return once("incident", () -> incidentOn(page()));
        }

        long incidentOnSecondPage() {
            return once("incident on the second page", () -> incidentOn(secondPage()));
        }

        private long incidentOn(String page) {
            return world.administration.openIncident(owner(), new OpenIncidentCommand(Subdomain.of(page), "Outage",
                    IncidentType.MAJOR, IncidentStatus.OPEN, List.of())).id().orElseThrow().value();
        }

        /** An organization key, read_only: the key that the organization key routes name. */
        String organizationKeyId() {
            return once("organization key", () -> world.organizationKey(tenant,
                    KeyRequest.of(KeyName.of("target"), KeyScope.readOnly())).key().id().value());
        }

        /** A key of {@link #member()}: the key that the oversight routes name. */
        String memberKeyId() {
            return once("member key", () -> world.issueUserKey(tenant, member().id(), ApiWorld.fullKey("member's")).key().id().value());
        }

        /** Another key of the owner: the key that the owner's /me/api_keys routes name. */
        String ownKeyId() {
            return once("own key", () -> world.issueUserKey(tenant, tenant.owner(), ApiWorld.fullKey("own")).key().id().value());
        }

        ApiWorld.Tenant other() {
            return once("other", () -> world.tenant(1));
        }

        String otherOrganizationKeyId() {
            return once("other organization key", () -> world.organizationKey(other(),
                    KeyRequest.of(KeyName.of("theirs"), KeyScope.readOnly())).key().id().value());
        }

        String otherUserKeyId() {
            return once("other user key", () -> world.issueUserKey(other(), other().owner(), ApiWorld.fullKey("theirs")).key().id().value());
        }

        String newcomer() {
            return once("newcomer", () -> world.unique("newcomer") + "@people.test");
        }

        String newSubdomain() {
            return once("new subdomain", () -> world.unique("new-page"));
        }

        String token(Who who) {
            return once("key of " + who, () -> switch (who) {
                case OWNER -> tenant.ownerToken();
                case OWNER_READ_ONLY -> world.userKey(tenant, tenant.owner(), KeyRequest.of(KeyName.of("read only"), KeyScope.readOnly()));
                case FENCED -> world.userKey(tenant, tenant.owner(),
                        ApiWorld.fullKey("office only").fromAddresses(List.of(Cidr.parse("203.0.113.0/24"))));
                case ADMIN -> world.member(tenant, Role.ADMIN).token();
                case EDITOR -> world.member(tenant, Role.EDITOR).token();
                case VIEWER -> world.member(tenant, Role.VIEWER).token();
                case BILLING -> world.member(tenant, Role.BILLING).token();
                case PAGE_ONLY_MEMBER -> world.pageMember(tenant, secondPage(), Role.VIEWER).token();
                case NO_LONGER_MEMBER -> {
                    ApiWorld.Person left = world.pageMember(tenant, secondPage(), Role.VIEWER);
                    world.administration.removePageMember(owner(), Subdomain.of(secondPage()), left.id());
                    yield left.token();
                }
                case ORG_KEY_FULL -> world.organizationKey(tenant, KeyScope.full());
                case ORG_KEY_READ_ONLY -> world.organizationKey(tenant, KeyScope.readOnly());
                case ORG_KEY_BILLING_ONLY -> world.organizationKey(tenant, KeyScope.of(Permission.BILLING_READ));
                case ORG_KEY_ON_SECOND_PAGE -> world.organizationKey(tenant, KeyScope.full(), secondPage());
                case OTHER_ORGANIZATION -> other().ownerToken();
            });
        }

        /** {@code null} for no key at all. */
        String token(Unusable unusable) {
            return switch (unusable) {
                case NO_KEY -> null;
                case MALFORMED -> "uk_not-a-token";
                case UNKNOWN -> AuthenticationTest.unknownToken();
                case REVOKED -> once("revoked key", () -> {
                    var key = world.issueUserKey(tenant, tenant.owner(), ApiWorld.fullKey("revoked"));
                    world.keys.revokeOwnKey(owner(), new RevokeKeyCommand(tenant.id(), key.key().id()));
                    return key.token().reveal();
                });
            };
        }
    }

    // ---- the table ----------------------------------------------------------------------------------

    /** A refusal the table expects: {@code who} is answered 403 with {@code code}. */
    record Denial(Who who, String code) {}

    /** A target that is not there: {@code parameter} of the path names {@code value} instead of the real target. */
    record Missing(String label, String parameter, Function<Scene, Object> value) {

        @Override
        public String toString() {
            return label;
        }
    }

    /** One operation of the API: its request, what it answers the owner, whom it refuses and how. */
    static final class Operation {

        final String method;
        final String template;
        final int success;
        private final Map<String, Function<Scene, Object>> targets = new LinkedHashMap<>();
        private Function<Scene, String> body = scene -> null;
        private boolean hasBody;
        final List<Denial> denials = new ArrayList<>();
        final List<Missing> missing = new ArrayList<>();

        private Operation(String method, String template, int success) {
            this.method = method;
            this.template = template;
            this.success = success;
            targets.put("org_id", scene -> scene.tenant.org());
            targets.put("subdomain", Scene::page);
            targets.put("incident_id", Scene::incident);
            for (String parameter : parameters()) {
                missing.add(new Missing("unknown " + parameter, parameter, scene -> unknown(parameter)));
            }
        }

        private static Object unknown(String parameter) {
            return switch (parameter) {
                case "subdomain" -> UNKNOWN_SUBDOMAIN;
                case "key_id" -> UNKNOWN_KEY_ID;
                default -> UNKNOWN_ID;
            };
        }

        /** The path parameters of the template, in order. */
        List<String> parameters() {
            List<String> parameters = new ArrayList<>();
            Matcher matcher = PARAMETER.matcher(template);
            while (matcher.find()) {
                parameters.add(matcher.group(1));
            }
            return parameters;
        }

        /** What {@code parameter} names on the real target (org_id, subdomain and incident_id are known). */
        Operation naming(String parameter, Function<Scene, Object> target) {
            targets.put(parameter, target);
            return this;
        }

        Operation body(Function<Scene, String> json) {
            body = json;
            hasBody = true;
            return this;
        }

        Operation denied(Who who, String code) {
            denials.add(new Denial(who, code));
            return this;
        }

        /** Another way for {@code parameter} to name nothing here, besides an unknown value. */
        Operation missing(String label, String parameter, Function<Scene, Object> value) {
            missing.add(new Missing(label, parameter, value));
            return this;
        }

        String name() {
            return method + " " + template;
        }

        /** The body the owner's request sends (null for none). */
        String body(Scene scene) {
            return body.apply(scene);
        }

        String path(Scene scene) {
            return path(scene, Map.of());
        }

        String path(Scene scene, Map<String, Function<Scene, Object>> instead) {
            StringBuilder path = new StringBuilder();
            Matcher matcher = PARAMETER.matcher(template);
            while (matcher.find()) {
                Function<Scene, Object> value = instead.getOrDefault(matcher.group(1), targets.get(matcher.group(1)));
                assertThat(value).as("what %s names in %s", matcher.group(1), name()).isNotNull();
                matcher.appendReplacement(path, Matcher.quoteReplacement(String.valueOf(value.apply(scene))));
            }
            matcher.appendTail(path);
            return path.toString();
        }

        /** Every path parameter naming something that does not exist. */
        String pathToNothing(Scene scene) {
            Map<String, Function<Scene, Object>> unknown = new HashMap<>();
            parameters().forEach(parameter -> unknown.put(parameter, any -> unknown(parameter)));
            return path(scene, unknown);
        }

        ApiWorld.Answer send(Scene scene, String path, String token) {
            return switch (method) {
                case "GET" -> world.get(path, token);
                case "DELETE" -> world.delete(path, token);
                case "POST" -> world.post(path, token, body.apply(scene));
                case "PUT" -> world.put(path, token, body.apply(scene));
                default -> throw new AssertionError("no way to send " + method);
            };
        }

        @Override
        public String toString() {
            return name();
        }
    }

    private static Operation operation(String method, String template, int success) {
        return new Operation(method, template, success);
    }

    private static final String NEW_KEY = "{\"api_key\": {\"name\": \"minted\", \"scope\": \"read_only\"}}";
    private static final String ROTATION = "{\"grace_period_seconds\": 0}";

    /** Every operation that takes a key, with whom it refuses (403) and which targets it does not find (404). */
    static final List<Operation> OPERATIONS = List.of(
            operation("GET", "/api/v2/me", 200)
                    .denied(Who.FENCED, "ip_not_allowed"),
            operation("GET", "/api/v2/orgs/{org_id}", 200)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.NO_LONGER_MEMBER, "no_membership"),

            operation("GET", "/api/v2/orgs/{org_id}/members", 200)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.NO_LONGER_MEMBER, "no_membership"),
            operation("POST", "/api/v2/orgs/{org_id}/members", 201)
                    .body(scene -> "{\"member\": {\"email\": \"" + scene.newcomer() + "\", \"role\": \"viewer\"}}")
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.ADMIN, "role_excludes")
                    .denied(Who.VIEWER, "role_excludes"),
            operation("PUT", "/api/v2/orgs/{org_id}/members/{user_id}", 200)
                    .naming("user_id", scene -> scene.member().id().value())
                    .body(scene -> "{\"member\": {\"role\": \"viewer\"}}")
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.ADMIN, "role_excludes")
                    .denied(Who.EDITOR, "role_excludes")
                    .missing("a page-level member only", "user_id", scene -> scene.pageMember().id().value())
                    .missing("a member of another organization", "user_id", scene -> scene.other().owner().value()),
            operation("DELETE", "/api/v2/orgs/{org_id}/members/{user_id}", 204)
                    .naming("user_id", scene -> scene.member().id().value())
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.ADMIN, "role_excludes")
                    .denied(Who.VIEWER, "role_excludes")
                    .missing("a member of another organization", "user_id", scene -> scene.other().owner().value()),

            operation("GET", "/api/v2/status_pages/{subdomain}/members", 200)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.ADMIN, "role_excludes")
                    .denied(Who.VIEWER, "role_excludes"),
            operation("POST", "/api/v2/status_pages/{subdomain}/members", 201)
                    .body(scene -> "{\"member\": {\"email\": \"" + scene.newcomer() + "\", \"role\": \"viewer\"}}")
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.ADMIN, "role_excludes")
                    .denied(Who.EDITOR, "role_excludes"),
            operation("DELETE", "/api/v2/status_pages/{subdomain}/members/{user_id}", 204)
                    .naming("user_id", scene -> scene.pageMember().id().value())
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.ADMIN, "role_excludes")
                    .denied(Who.VIEWER, "role_excludes")
                    .missing("an organization-level member, not of the page", "user_id", scene -> scene.member().id().value()),

            operation("GET", "/api/v2/orgs/{org_id}/status_pages", 200)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.NO_LONGER_MEMBER, "no_membership"),
            operation("POST", "/api/v2/orgs/{org_id}/status_pages", 201)
                    .body(scene -> "{\"status_page\": {\"subdomain\": \"" + scene.newSubdomain() + "\", \"name\": \"New\"}}")
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.EDITOR, "role_excludes")
                    .denied(Who.BILLING, "role_excludes"),
            operation("GET", "/api/v2/orgs/{org_id}/status_pages/{subdomain}", 200)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_BILLING_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.BILLING, "role_excludes")
                    .missing("a page of another organization", "subdomain", scene -> scene.other().page(0)),
            operation("PUT", "/api/v2/orgs/{org_id}/status_pages/{subdomain}", 200)
                    .body(scene -> "{\"status_page\": {\"name\": \"Renamed\"}}")
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.EDITOR, "role_excludes")
                    .denied(Who.VIEWER, "role_excludes")
                    .missing("a page of another organization", "subdomain", scene -> scene.other().page(0)),
            operation("DELETE", "/api/v2/orgs/{org_id}/status_pages/{subdomain}", 204)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.ADMIN, "role_excludes")
                    .missing("a page of another organization", "subdomain", scene -> scene.other().page(0)),

            operation("GET", "/api/v2/status_pages/{subdomain}/incidents", 200)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_BILLING_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.BILLING, "role_excludes"),
            operation("POST", "/api/v2/status_pages/{subdomain}/incidents", 201)
                    .body(scene -> "{\"incident\": {\"title\": \"API down\", \"type\": \"major\"}}")
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.VIEWER, "role_excludes"),
            operation("GET", "/api/v2/status_pages/{subdomain}/incidents/{incident_id}", 200)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_BILLING_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.BILLING, "role_excludes")
                    .missing("an incident of another page", "incident_id", Scene::incidentOnSecondPage),
            operation("PUT", "/api/v2/status_pages/{subdomain}/incidents/{incident_id}", 200)
                    .body(scene -> "{\"incident\": {\"status\": \"resolved\"}}")
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.VIEWER, "role_excludes")
                    .missing("an incident of another page", "incident_id", Scene::incidentOnSecondPage),

            operation("GET", "/api/v2/orgs/{org_id}/api_keys", 200)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.ADMIN, "role_excludes"),
            operation("POST", "/api/v2/orgs/{org_id}/api_keys", 201)
                    .body(scene -> NEW_KEY)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.ADMIN, "role_excludes"),
            operation("DELETE", "/api/v2/orgs/{org_id}/api_keys/{key_id}", 204)
                    .naming("key_id", Scene::organizationKeyId)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.ADMIN, "role_excludes")
                    .missing("a user key", "key_id", Scene::memberKeyId)
                    .missing("an organization key of another organization", "key_id", Scene::otherOrganizationKeyId),
            operation("POST", "/api/v2/orgs/{org_id}/api_keys/{key_id}/rotate", 201)
                    .naming("key_id", Scene::organizationKeyId)
                    .body(scene -> ROTATION)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.ADMIN, "role_excludes")
                    .missing("a user key", "key_id", Scene::memberKeyId)
                    .missing("an organization key of another organization", "key_id", Scene::otherOrganizationKeyId),

            operation("GET", "/api/v2/me/api_keys", 200)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.ORG_KEY_FULL, "user_key_required")
                    .denied(Who.OWNER_READ_ONLY, "scope_excludes")
                    .denied(Who.NO_LONGER_MEMBER, "no_membership"),
            operation("POST", "/api/v2/me/api_keys", 201)
                    .body(scene -> NEW_KEY)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.ORG_KEY_FULL, "user_key_required")
                    .denied(Who.OWNER_READ_ONLY, "scope_excludes")
                    .denied(Who.NO_LONGER_MEMBER, "no_membership"),
            operation("DELETE", "/api/v2/me/api_keys/{key_id}", 204)
                    .naming("key_id", Scene::ownKeyId)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.ORG_KEY_FULL, "user_key_required")
                    .denied(Who.OWNER_READ_ONLY, "scope_excludes")
                    .missing("a key of another user", "key_id", Scene::memberKeyId)
                    .missing("an organization key", "key_id", Scene::organizationKeyId),
            operation("POST", "/api/v2/me/api_keys/{key_id}/rotate", 201)
                    .naming("key_id", Scene::ownKeyId)
                    .body(scene -> ROTATION)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.ORG_KEY_FULL, "user_key_required")
                    .denied(Who.OWNER_READ_ONLY, "scope_excludes")
                    .missing("a key of another user", "key_id", Scene::memberKeyId)
                    .missing("an organization key", "key_id", Scene::organizationKeyId),

            operation("GET", "/api/v2/orgs/{org_id}/user_api_keys", 200)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.ADMIN, "role_excludes"),
            operation("DELETE", "/api/v2/orgs/{org_id}/user_api_keys/{key_id}", 204)
                    .naming("key_id", Scene::memberKeyId)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.ADMIN, "role_excludes")
                    .denied(Who.EDITOR, "role_excludes")
                    .missing("an organization key", "key_id", Scene::organizationKeyId)
                    .missing("a user key of another organization", "key_id", Scene::otherUserKeyId),
            operation("GET", "/api/v2/orgs/{org_id}/api_key_events", 200)
                    .denied(Who.FENCED, "ip_not_allowed")
                    .denied(Who.OTHER_ORGANIZATION, "outside_organization")
                    .denied(Who.ORG_KEY_READ_ONLY, "scope_excludes")
                    .denied(Who.ORG_KEY_ON_SECOND_PAGE, "page_not_in_key")
                    .denied(Who.PAGE_ONLY_MEMBER, "no_membership")
                    .denied(Who.ADMIN, "role_excludes"));

    // ---- the table against the document -------------------------------------------------------------

    @Test
    void theTableHoldsEveryOperationOfTheDocumentThatTakesAKey() {
        Set<String> keyed = new TreeSet<>();
        Set<String> keyless = new TreeSet<>();
        ApiWorld.contract().document().get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            String name = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            JsonNode security = operation.getValue().path("security");
            (security.isArray() && security.isEmpty() ? keyless : keyed).add(name);
        }));
        List<String> table = OPERATIONS.stream().map(Operation::name).toList();

        assertThat(table).doesNotHaveDuplicates();
        assertThat(table).as("keyed operations of the OpenAPI document").containsExactlyInAnyOrderElementsOf(keyed);
        assertThat(keyless).as("operations of the OpenAPI document that take no key").isEqualTo(WITHOUT_KEY);
        assertThat(ApiWorld.contract().document().path("security")).as("the document's default security").isNotEmpty();
    }

    @Test
    void everyOperationOfTheTableIsRefusedToSomeUsableKeyAndLooksForEveryTargetItNames() {
        for (Operation operation : OPERATIONS) {
            assertThat(operation.denials).as("403 cases of %s", operation).isNotEmpty();
            assertThat(operation.missing.stream().map(Missing::parameter).distinct().toList())
                    .as("404 cases of %s", operation).containsExactlyInAnyOrderElementsOf(operation.parameters());
            assertThat(operation.hasBody).as("whether %s sends a body", operation)
                    .isEqualTo(operation.method.equals("POST") || operation.method.equals("PUT"));
        }
    }

    // ---- the cases ----------------------------------------------------------------------------------

    static Stream<Arguments> operations() {
        return OPERATIONS.stream().map(Arguments::of);
    }

    static Stream<Arguments> unusableKeys() {
        return OPERATIONS.stream().flatMap(operation -> Stream.of(Unusable.values()).map(unusable -> Arguments.of(operation, unusable)));
    }

    static Stream<Arguments> denials() {
        return OPERATIONS.stream().flatMap(operation -> operation.denials.stream()
                .map(denial -> Arguments.of(operation, denial.who(), denial.code())));
    }

    static Stream<Arguments> missingTargets() {
        return OPERATIONS.stream().flatMap(operation -> operation.missing.stream().map(missing -> Arguments.of(operation, missing)));
    }

    /** The keys the operation refuses for its permission (rules 5 to 8), each on each target that is not there. */
    static Stream<Arguments> missingTargetsForKeysWithoutPermission() {
        Set<String> refusedWhateverTheTarget = Set.of("ip_not_allowed", "user_key_required");
        return OPERATIONS.stream().flatMap(operation -> operation.missing.stream().flatMap(missing -> operation.denials.stream()
                .filter(denial -> !refusedWhateverTheTarget.contains(denial.code()))
                .map(denial -> Arguments.of(operation, missing, denial.who()))));
    }

    /** The control of the cases below: the owner's key on the real target is let through. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void theOwnersKeyOnTheRealTargetIsAnsweredWithSuccess(Operation operation) {
        Scene scene = new Scene();

        operation.send(scene, operation.path(scene), scene.token(Who.OWNER)).is(operation.success);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("unusableKeys")
    void withoutAUsableKeyEveryOperationIs401WithTheBearerChallenge(Operation operation, Unusable unusable) {
        Scene scene = new Scene();
        String token = scene.token(unusable);
        String withoutKey = world.get("/api/v2/me", null).body();

        ApiWorld.Answer answer = operation.send(scene, operation.path(scene), token).isProblem(401, "unauthorized");
        ApiWorld.Answer onNothing = operation.send(scene, operation.pathToNothing(scene), token).isProblem(401, "unauthorized");

        for (ApiWorld.Answer refused : List.of(answer, onNothing)) {
            assertThat(refused.header("WWW-Authenticate")).hasValue("Bearer realm=\"pagekeys\"");
            assertThat(refused.body()).isEqualTo(withoutKey);
        }
    }

    @ParameterizedTest(name = "{0} by {1} is 403 {2}")
    @MethodSource("denials")
    void aUsableKeyWithoutWhatTheOperationNeedsIs403WithTheExactCode(Operation operation, Who who, String code) {
        Scene scene = new Scene();

        operation.send(scene, operation.path(scene), scene.token(who)).isProblem(403, code);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("missingTargets")
    void aTargetThatIsNotThereIs404ToTheKeyThatTheRealOneLetsThrough(Operation operation, Missing missing) {
        Scene scene = new Scene();

        operation.send(scene, operation.path(scene, Map.of(missing.parameter(), missing.value())), scene.token(Who.OWNER))
                .isProblem(404, "not_found");
    }

    /**
     * A missing target is told before the route's own permission, to every key that passes
     * authentication and is not refused for what it is wherever it goes (an organization key on the routes
     * of a user's own keys).
     */
    @ParameterizedTest(name = "{0} on {1} by {2}")
    @MethodSource("missingTargetsForKeysWithoutPermission")
    void aTargetThatIsNotThereIs404BeforeThePermissionIsAsked(Operation operation, Missing missing, Who who) {
        Scene scene = new Scene();

        operation.send(scene, operation.path(scene, Map.of(missing.parameter(), missing.value())), scene.token(who))
                .isProblem(404, "not_found");
    }
}
