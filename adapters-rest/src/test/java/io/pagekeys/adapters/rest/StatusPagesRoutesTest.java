package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StatusPagesRoutesTest {

    static ApiWorld world;

    @BeforeAll
    static void start() {
        world = ApiWorld.start();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static String pages(ApiWorld.Tenant tenant) {
        return "/api/v2/orgs/" + tenant.org() + "/status_pages";
    }

    private static List<String> subdomains(ApiWorld.Answer answer) {
        List<String> subdomains = new ArrayList<>();
        answer.json().path("status_pages").forEach(page -> subdomains.add(page.path("subdomain").asText()));
        return subdomains;
    }

    @Test
    void theOwnerCreatesReadsRenamesAndDeletesAPage() {
        ApiWorld.Tenant tenant = world.tenant(0);
        String subdomain = world.unique("acme");
        String now = world.clock.instant().toString();

        JsonNode created = world.post(pages(tenant), tenant.ownerToken(),
                "{\"status_page\": {\"subdomain\": \"" + subdomain + "\", \"name\": \"Acme status\"}}").is(201).json().path("status_page");
        assertThat(created.path("subdomain").asText()).isEqualTo(subdomain);
        assertThat(created.path("organization_id").asLong()).isEqualTo(tenant.org());
        assertThat(created.path("created_at").asText()).isEqualTo(now);

        world.clock.advance(Duration.ofMinutes(5));
        JsonNode renamed = world.put(pages(tenant) + "/" + subdomain, tenant.ownerToken(),
                "{\"status_page\": {\"subdomain\": \"" + subdomain + "\", \"name\": \"Acme, Inc.\"}}").is(200).json().path("status_page");
        assertThat(renamed.path("name").asText()).isEqualTo("Acme, Inc.");
        assertThat(renamed.path("updated_at").asText()).isNotEqualTo(renamed.path("created_at").asText());

        assertThat(world.get(pages(tenant) + "/" + subdomain, tenant.ownerToken()).is(200).json().at("/status_page/name").asText())
                .isEqualTo("Acme, Inc.");
        assertThat(subdomains(world.get(pages(tenant), tenant.ownerToken()).is(200))).containsExactly(subdomain);

        world.delete(pages(tenant) + "/" + subdomain, tenant.ownerToken()).is(204);
        world.get(pages(tenant) + "/" + subdomain, tenant.ownerToken()).isProblem(404, "not_found");
    }

    @Test
    void theListingHoldsOnlyThePagesTheKeyMayRead() {
        ApiWorld.Tenant tenant = world.tenant(3);
        ApiWorld.Person viewerOfOne = world.pageMember(tenant, tenant.page(1), Role.VIEWER);
        String keyOnTwo = world.organizationKey(tenant, KeyScope.readOnly(), tenant.page(2));
        String billingOnly = world.member(tenant, Role.BILLING).token();

        assertThat(subdomains(world.get(pages(tenant), tenant.ownerToken()).is(200))).containsExactlyElementsOf(tenant.pages());
        assertThat(subdomains(world.get(pages(tenant), viewerOfOne.token()).is(200))).containsExactly(tenant.page(1));
        assertThat(subdomains(world.get(pages(tenant), keyOnTwo).is(200))).containsExactly(tenant.page(2));
        assertThat(subdomains(world.get(pages(tenant), billingOnly).is(200))).isEmpty();
    }

    @Test
    void aPageThatExistsButMayNotBeReadIs403NotA404() {
        ApiWorld.Tenant tenant = world.tenant(2);
        String keyOnFirst = world.organizationKey(tenant, KeyScope.readOnly(), tenant.page(0));

        world.get(pages(tenant) + "/" + tenant.page(1), keyOnFirst).isProblem(403, "page_not_in_key");
    }

    @Test
    void aPageOfAnotherOrganizationIsNotFoundUnderThisOne() {
        ApiWorld.Tenant mine = world.tenant(1);
        ApiWorld.Tenant theirs = world.tenant(1);

        world.get(pages(mine) + "/" + theirs.page(0), mine.ownerToken()).isProblem(404, "not_found");
        world.delete(pages(mine) + "/" + theirs.page(0), mine.ownerToken()).isProblem(404, "not_found");
        world.get(pages(theirs) + "/" + theirs.page(0), theirs.ownerToken()).is(200);
    }

    @Test
    void anotherOrganizationsPagesAre403OutsideOrganization() {
        ApiWorld.Tenant mine = world.tenant(1);
        ApiWorld.Tenant theirs = world.tenant(1);

        world.get(pages(theirs), mine.ownerToken()).isProblem(403, "outside_organization");
        world.get(pages(theirs) + "/" + theirs.page(0), mine.ownerToken()).isProblem(403, "outside_organization");
    }

    @Test
    void anOrganizationThatDoesNotExistIs404() {
        ApiWorld.Tenant tenant = world.tenant(0);

        world.get("/api/v2/orgs/987654/status_pages", tenant.ownerToken()).isProblem(404, "not_found");
    }

    @Test
    void aTakenSubdomainIs409() {
        ApiWorld.Tenant mine = world.tenant(0);
        ApiWorld.Tenant theirs = world.tenant(1);

        world.post(pages(mine), mine.ownerToken(), "{\"status_page\": {\"subdomain\": \"" + theirs.page(0) + "\", \"name\": \"Mine\"}}")
                .isProblem(409, "subdomain_taken");
    }

    @Test
    void theSubdomainCannotChange() {
        ApiWorld.Tenant tenant = world.tenant(1);

        ApiWorld.Answer answer = world.put(pages(tenant) + "/" + tenant.page(0), tenant.ownerToken(),
                "{\"status_page\": {\"subdomain\": \"elsewhere\", \"name\": \"Moved\"}}").isProblem(422, "invalid_value");

        assertThat(answer.json().path("field").asText()).isEqualTo("subdomain");
    }

    @Test
    void anUpdateThatNamesNothingLeavesThePageAsItIs() {
        ApiWorld.Tenant tenant = world.tenant(1);
        String page = pages(tenant) + "/" + tenant.page(0);
        JsonNode before = world.get(page, tenant.ownerToken()).is(200).json().path("status_page");
        world.clock.advance(Duration.ofMinutes(5));

        JsonNode empty = world.put(page, tenant.ownerToken(), "{\"status_page\": {}}").is(200).json().path("status_page");
        JsonNode sameSubdomain = world.put(page, tenant.ownerToken(), "{\"status_page\": {\"subdomain\": \"" + tenant.page(0) + "\"}}")
                .is(200).json().path("status_page");

        assertThat(empty).isEqualTo(before);
        assertThat(sameSubdomain).isEqualTo(before);
        assertThat(world.get(page, tenant.ownerToken()).json().path("status_page")).isEqualTo(before);
    }

    @Test
    void anUpdateThatNamesNothingStillNeedsPagesWrite() {
        ApiWorld.Tenant tenant = world.tenant(2);
        String page = pages(tenant) + "/" + tenant.page(0);

        world.put(page, world.organizationKey(tenant, KeyScope.readOnly()), "{\"status_page\": {}}").isProblem(403, "scope_excludes");
        world.put(page, world.member(tenant, Role.EDITOR).token(), "{\"status_page\": {}}").isProblem(403, "role_excludes");
        world.put(page, world.organizationKey(tenant, KeyScope.full(), tenant.page(1)), "{\"status_page\": {}}")
                .isProblem(403, "page_not_in_key");
        world.put(pages(tenant) + "/no-such-page", tenant.ownerToken(), "{\"status_page\": {}}").isProblem(404, "not_found");
    }

    @Test
    void eachWriteNeedsItsOwnPermission() {
        ApiWorld.Tenant tenant = world.tenant(1);
        String readOnly = world.organizationKey(tenant, KeyScope.readOnly());
        String page = pages(tenant) + "/" + tenant.page(0);

        world.post(pages(tenant), readOnly, "{\"status_page\": {\"subdomain\": \"denied\", \"name\": \"Denied\"}}")
                .isProblem(403, "scope_excludes");
        world.put(page, readOnly, "{\"status_page\": {\"name\": \"Denied\"}}").isProblem(403, "scope_excludes");
        world.delete(page, readOnly).isProblem(403, "scope_excludes");
        world.get(page, readOnly).is(200);
    }

    @Test
    void anAdminMayRenameButNotDeleteAPage() {
        ApiWorld.Tenant tenant = world.tenant(1);
        ApiWorld.Person admin = world.member(tenant, Role.ADMIN);
        String page = pages(tenant) + "/" + tenant.page(0);

        world.put(page, admin.token(), "{\"status_page\": {\"name\": \"Renamed by admin\"}}").is(200);
        world.delete(page, admin.token()).isProblem(403, "role_excludes");
    }
}
