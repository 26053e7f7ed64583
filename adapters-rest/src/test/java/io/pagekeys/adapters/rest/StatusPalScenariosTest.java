package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The behaviour StatusPal documents for its API keys, seen through HTTP. */
class StatusPalScenariosTest {

    static ApiWorld world;

    @BeforeAll
    static void start() {
        world = ApiWorld.start();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static final String INCIDENT = "{\"incident\": {\"title\": \"Degraded\", \"type\": \"minor\"}}";

    private static String page(ApiWorld.Tenant tenant, String page) {
        return "/api/v2/orgs/" + tenant.org() + "/status_pages/" + page;
    }

    private static String incidents(String page) {
        return "/api/v2/status_pages/" + page + "/incidents";
    }

    @Test
    void aReadOnlyOrganizationKeyReadsButCannotWrite() {
        ApiWorld.Tenant tenant = world.tenant(2);
        String readOnly = world.organizationKey(tenant, KeyScope.readOnly());

        for (String subdomain : tenant.pages()) {
            world.get(page(tenant, subdomain), readOnly).is(200);
            world.get(incidents(subdomain), readOnly).is(200);
            world.post(incidents(subdomain), readOnly, INCIDENT).isProblem(403, "scope_excludes");
            world.put(page(tenant, subdomain), readOnly, "{\"status_page\": {\"name\": \"Nope\"}}").isProblem(403, "scope_excludes");
            world.delete(page(tenant, subdomain), readOnly).isProblem(403, "scope_excludes");
        }
        world.post("/api/v2/orgs/" + tenant.org() + "/status_pages", readOnly,
                "{\"status_page\": {\"subdomain\": \"" + world.unique("ro") + "\", \"name\": \"Nope\"}}").isProblem(403, "scope_excludes");
    }

    @Test
    void aReadWriteOrganizationKeyWritesEveryPageOfItsOrganization() {
        ApiWorld.Tenant tenant = world.tenant(3);
        String readWrite = world.organizationKey(tenant, KeyScope.readWrite());

        for (String subdomain : tenant.pages()) {
            world.post(incidents(subdomain), readWrite, INCIDENT).is(201);
            world.put(page(tenant, subdomain), readWrite, "{\"status_page\": {\"name\": \"Written\"}}").is(200);
        }
        String later = world.unique("later");
        world.post("/api/v2/orgs/" + tenant.org() + "/status_pages", readWrite,
                "{\"status_page\": {\"subdomain\": \"" + later + "\", \"name\": \"Later\"}}").is(201);
        world.post(incidents(later), readWrite, INCIDENT).is(201);
        world.delete(page(tenant, later), readWrite).is(204);
    }

    @Test
    void aReadWriteOrganizationKeyWritesNothingOfAnotherOrganization() {
        ApiWorld.Tenant mine = world.tenant(1);
        ApiWorld.Tenant theirs = world.tenant(1);
        String readWrite = world.organizationKey(mine, KeyScope.readWrite());

        world.post(incidents(theirs.page(0)), readWrite, INCIDENT).isProblem(403, "outside_organization");
        world.get(incidents(theirs.page(0)), readWrite).isProblem(403, "outside_organization");
        world.put(page(theirs, theirs.page(0)), readWrite, "{\"status_page\": {\"name\": \"Mine now\"}}").isProblem(403, "outside_organization");
        world.delete(page(theirs, theirs.page(0)), readWrite).isProblem(403, "outside_organization");
        world.post("/api/v2/orgs/" + theirs.org() + "/status_pages", readWrite,
                "{\"status_page\": {\"subdomain\": \"" + world.unique("theirs") + "\", \"name\": \"x\"}}").isProblem(403, "outside_organization");
        assertThat(world.get(incidents(theirs.page(0)), theirs.ownerToken()).json().path("incidents")).isEmpty();
    }

    /** One thing a key may try, and the status it gets when allowed. */
    enum Operation {
        READ_PAGE(200, (tenant, token) -> world.get(page(tenant, tenant.page(0)), token)),
        WRITE_INCIDENT(201, (tenant, token) -> world.post(incidents(tenant.page(0)), token, INCIDENT)),
        RENAME_PAGE(200, (tenant, token) -> world.put(page(tenant, tenant.page(0)), token, "{\"status_page\": {\"name\": \"Renamed\"}}")),
        DELETE_PAGE(204, (tenant, token) -> world.delete(page(tenant, tenant.page(0)), token)),
        CREATE_PAGE(201, (tenant, token) -> world.post("/api/v2/orgs/" + tenant.org() + "/status_pages", token,
                "{\"status_page\": {\"subdomain\": \"" + world.unique("new") + "\", \"name\": \"New\"}}")),
        MANAGE_PAGE_MEMBERS(200, (tenant, token) -> world.get("/api/v2/status_pages/" + tenant.page(0) + "/members", token)),
        MANAGE_MEMBERS(201, (tenant, token) -> world.post("/api/v2/orgs/" + tenant.org() + "/members", token,
                "{\"member\": {\"email\": \"" + world.unique("hire") + "@people.test\", \"role\": \"viewer\"}}")),
        MANAGE_ORGANIZATION_KEYS(200, (tenant, token) -> world.get("/api/v2/orgs/" + tenant.org() + "/api_keys", token)),
        MANAGE_OWN_KEYS(200, (tenant, token) -> world.get("/api/v2/me/api_keys", token));

        final int success;
        final BiFunction<ApiWorld.Tenant, String, ApiWorld.Answer> attempt;

        Operation(int success, BiFunction<ApiWorld.Tenant, String, ApiWorld.Answer> attempt) {
            this.success = success;
            this.attempt = attempt;
        }
    }

    /** DESIGN.md's role table, written out independently of the model's. */
    private static Set<Operation> allowedTo(Role role) {
        return switch (role) {
            case OWNER -> Set.of(Operation.values());
            case ADMIN -> Set.of(Operation.READ_PAGE, Operation.WRITE_INCIDENT, Operation.RENAME_PAGE, Operation.CREATE_PAGE,
                    Operation.MANAGE_OWN_KEYS);
            case EDITOR -> Set.of(Operation.READ_PAGE, Operation.WRITE_INCIDENT, Operation.MANAGE_OWN_KEYS);
            case BILLING -> Set.of(Operation.MANAGE_OWN_KEYS);
            case VIEWER -> Set.of(Operation.READ_PAGE, Operation.MANAGE_OWN_KEYS);
        };
    }

    static Stream<Arguments> roleByOperation() {
        List<Arguments> cases = new ArrayList<>();
        for (Role role : Role.values()) {
            for (Operation operation : Operation.values()) {
                cases.add(Arguments.of(role, operation, allowedTo(role).contains(operation)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}: allowed={2}")
    @MethodSource("roleByOperation")
    void aUserKeyDoesExactlyWhatItsUsersRoleAllows(Role role, Operation operation, boolean allowed) {
        ApiWorld.Tenant tenant = world.tenant(1);
        ApiWorld.Person member = role == Role.OWNER ? new ApiWorld.Person(tenant.owner(), "", tenant.ownerToken()) : world.member(tenant, role);

        ApiWorld.Answer answer = operation.attempt.apply(tenant, member.token());

        if (allowed) {
            answer.is(operation.success);
        } else {
            answer.isProblem(403, "role_excludes");
        }
    }

    @Test
    void aPageLevelRoleOverridesTheOrganizationRoleDownwards() {
        ApiWorld.Tenant tenant = world.tenant(2);
        ApiWorld.Person admin = world.member(tenant, Role.ADMIN);
        world.giveRoleOnPage(tenant, admin, tenant.page(0), Role.VIEWER);

        world.post(incidents(tenant.page(0)), admin.token(), INCIDENT).isProblem(403, "role_excludes");
        world.get(incidents(tenant.page(0)), admin.token()).is(200);
        world.post(incidents(tenant.page(1)), admin.token(), INCIDENT).is(201);
    }

    @Test
    void aPageLevelRoleOverridesTheOrganizationRoleUpwards() {
        ApiWorld.Tenant tenant = world.tenant(2);
        ApiWorld.Person viewer = world.member(tenant, Role.VIEWER);
        world.giveRoleOnPage(tenant, viewer, tenant.page(0), Role.EDITOR);

        world.post(incidents(tenant.page(0)), viewer.token(), INCIDENT).is(201);
        world.post(incidents(tenant.page(1)), viewer.token(), INCIDENT).isProblem(403, "role_excludes");
    }

    @Test
    void aPageOnlyMemberSeesOnlyTheirPages() {
        ApiWorld.Tenant tenant = world.tenant(2);
        ApiWorld.Person pageEditor = world.pageMember(tenant, tenant.page(1), Role.EDITOR);

        world.post(incidents(tenant.page(1)), pageEditor.token(), INCIDENT).is(201);
        world.get(incidents(tenant.page(0)), pageEditor.token()).isProblem(403, "no_membership");
        world.post("/api/v2/orgs/" + tenant.org() + "/status_pages", pageEditor.token(),
                "{\"status_page\": {\"subdomain\": \"" + world.unique("po") + "\", \"name\": \"x\"}}").isProblem(403, "no_membership");
        world.get("/api/v2/orgs/" + tenant.org(), pageEditor.token()).is(200);
    }

    @Test
    void aUserKeyRestrictedToSomePagesIsRefusedOnTheOthers() {
        ApiWorld.Tenant tenant = world.tenant(3);
        ApiWorld.Person editor = world.member(tenant, Role.EDITOR);
        String restricted = world.userKey(tenant, editor.id(), ApiWorld.fullKey("two pages")
                .onPages(Set.of(Subdomain.of(tenant.page(0)), Subdomain.of(tenant.page(1)))));

        world.post(incidents(tenant.page(0)), restricted, INCIDENT).is(201);
        world.post(incidents(tenant.page(1)), restricted, INCIDENT).is(201);
        world.post(incidents(tenant.page(2)), restricted, INCIDENT).isProblem(403, "page_not_in_key");
        world.get(page(tenant, tenant.page(2)), restricted).isProblem(403, "page_not_in_key");
        List<String> listed = new ArrayList<>();
        world.get("/api/v2/orgs/" + tenant.org() + "/status_pages", restricted).is(200).json().path("status_pages")
                .forEach(node -> listed.add(node.path("subdomain").asText()));
        assertThat(listed).containsExactlyInAnyOrder(tenant.page(0), tenant.page(1));
    }

    @Test
    void aUserKeyFollowsItsUsersCurrentRole() {
        ApiWorld.Tenant tenant = world.tenant(1);
        ApiWorld.Person editor = world.member(tenant, Role.EDITOR);
        world.post(incidents(tenant.page(0)), editor.token(), INCIDENT).is(201);

        world.put("/api/v2/orgs/" + tenant.org() + "/members/" + editor.id().value(), tenant.ownerToken(),
                "{\"member\": {\"role\": \"viewer\"}}").is(200);

        world.post(incidents(tenant.page(0)), editor.token(), INCIDENT).isProblem(403, "role_excludes");
        world.get(incidents(tenant.page(0)), editor.token()).is(200);
    }

    @Test
    void aScopeIsACeilingNotAGrant() {
        ApiWorld.Tenant tenant = world.tenant(1);
        ApiWorld.Person viewer = world.member(tenant, Role.VIEWER);

        world.post(incidents(tenant.page(0)), viewer.token(), INCIDENT).isProblem(403, "role_excludes");
    }

    @Test
    void anyKeyOfTheOrganizationReadsTheOrganization() {
        ApiWorld.Tenant tenant = world.tenant(1);
        ApiWorld.Tenant other = world.tenant(0);

        assertThat(world.get("/api/v2/orgs/" + tenant.org(), world.organizationKey(tenant, KeyScope.readOnly(), tenant.page(0)))
                .is(200).json().at("/organization/id").asLong()).isEqualTo(tenant.org());
        world.get("/api/v2/orgs/" + tenant.org(), world.member(tenant, Role.BILLING).token()).is(200);
        world.get("/api/v2/orgs/" + tenant.org(), other.ownerToken()).isProblem(403, "outside_organization");
    }
}
