package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MembersRoutesTest {

    static ApiWorld world;

    @BeforeAll
    static void start() {
        world = ApiWorld.start();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static String members(ApiWorld.Tenant tenant) {
        return "/api/v2/orgs/" + tenant.org() + "/members";
    }

    private static String pageMembers(String page) {
        return "/api/v2/status_pages/" + page + "/members";
    }

    private static List<String> emails(ApiWorld.Answer answer) {
        List<String> emails = new ArrayList<>();
        answer.json().path("members").forEach(member -> emails.add(member.path("email").asText()));
        return emails;
    }

    @Test
    void theOwnerAddsChangesAndRemovesAMember() {
        ApiWorld.Tenant tenant = world.tenant(0);

        JsonNode added = world.post(members(tenant), tenant.ownerToken(), "{\"member\": {\"email\": \"Ada@People.test\", \"role\": \"editor\"}}")
                .is(201).json().path("member");
        assertThat(added.path("email").asText()).isEqualTo("ada@people.test");
        assertThat(added.path("role").asText()).isEqualTo("editor");
        assertThat(added.has("status_page")).isFalse();
        long user = added.path("user_id").asLong();

        assertThat(emails(world.get(members(tenant), tenant.ownerToken()).is(200))).contains("ada@people.test");
        assertThat(world.put(members(tenant) + "/" + user, tenant.ownerToken(), "{\"member\": {\"role\": \"admin\"}}")
                .is(200).json().at("/member/role").asText()).isEqualTo("admin");

        world.delete(members(tenant) + "/" + user, tenant.ownerToken()).is(204);
        assertThat(emails(world.get(members(tenant), tenant.ownerToken()).is(200))).doesNotContain("ada@people.test");
    }

    @Test
    void addingAnExistingMemberIs409() {
        ApiWorld.Tenant tenant = world.tenant(0);
        ApiWorld.Person viewer = world.member(tenant, Role.VIEWER);

        world.post(members(tenant), tenant.ownerToken(), "{\"member\": {\"email\": \"" + viewer.email() + "\", \"role\": \"editor\"}}")
                .isProblem(409, "already_member");
    }

    @Test
    void theLastOwnerCanNeitherBeLoweredNorRemoved() {
        ApiWorld.Tenant tenant = world.tenant(0);

        world.put(members(tenant) + "/" + tenant.owner().value(), tenant.ownerToken(), "{\"member\": {\"role\": \"viewer\"}}")
                .isProblem(409, "last_owner");
        world.delete(members(tenant) + "/" + tenant.owner().value(), tenant.ownerToken()).isProblem(409, "last_owner");
    }

    @Test
    void anyOrganizationLevelMemberMayListMembersButOnlyAnOwnerManagesThem() {
        ApiWorld.Tenant tenant = world.tenant(1);
        ApiWorld.Person editor = world.member(tenant, Role.EDITOR);
        ApiWorld.Person pageOnly = world.pageMember(tenant, tenant.page(0), Role.OWNER);

        world.get(members(tenant), editor.token()).is(200);
        world.post(members(tenant), editor.token(), "{\"member\": {\"email\": \"x@people.test\", \"role\": \"viewer\"}}")
                .isProblem(403, "role_excludes");
        world.get(members(tenant), pageOnly.token()).isProblem(403, "no_membership");
    }

    @Test
    void anOrganizationKeyListsMembersOnlyWithMembersManage() {
        ApiWorld.Tenant tenant = world.tenant(0);

        world.get(members(tenant), world.organizationKey(tenant, KeyScope.full())).is(200);
        world.get(members(tenant), world.organizationKey(tenant, KeyScope.readWrite())).isProblem(403, "scope_excludes");
    }

    @Test
    void removingAMemberRevokesTheirKeys() {
        ApiWorld.Tenant tenant = world.tenant(0);
        ApiWorld.Person editor = world.member(tenant, Role.EDITOR);
        world.get("/api/v2/me", editor.token()).is(200);

        world.delete(members(tenant) + "/" + editor.id().value(), tenant.ownerToken()).is(204);

        world.get("/api/v2/me", editor.token()).isProblem(401, "unauthorized");
    }

    @Test
    void pageMembersAreListedAddedReplacedAndRemoved() {
        ApiWorld.Tenant tenant = world.tenant(1);
        String page = tenant.page(0);

        JsonNode added = world.post(pageMembers(page), tenant.ownerToken(), "{\"member\": {\"email\": \"pia@people.test\", \"role\": \"editor\"}}")
                .is(201).json().path("member");
        assertThat(added.path("status_page").asText()).isEqualTo(page);
        long user = added.path("user_id").asLong();

        assertThat(world.post(pageMembers(page), tenant.ownerToken(), "{\"member\": {\"email\": \"pia@people.test\", \"role\": \"viewer\"}}")
                .is(200).json().at("/member/role").asText()).isEqualTo("viewer");
        JsonNode listed = world.get(pageMembers(page), tenant.ownerToken()).is(200).json().path("members");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("role").asText()).isEqualTo("viewer");
        assertThat(listed.get(0).path("status_page").asText()).isEqualTo(page);

        world.delete(pageMembers(page) + "/" + user, tenant.ownerToken()).is(204);
        assertThat(world.get(pageMembers(page), tenant.ownerToken()).json().path("members")).isEmpty();
    }

    @Test
    void pageMembersAreManagedOnlyWithPageMembersManage() {
        ApiWorld.Tenant tenant = world.tenant(1);
        ApiWorld.Person admin = world.member(tenant, Role.ADMIN);
        ApiWorld.Person pageOwner = world.pageMember(tenant, tenant.page(0), Role.OWNER);

        world.get(pageMembers(tenant.page(0)), admin.token()).isProblem(403, "role_excludes");
        world.post(pageMembers(tenant.page(0)), pageOwner.token(), "{\"member\": {\"email\": \"q@people.test\", \"role\": \"viewer\"}}")
                .is(201);
        world.get(pageMembers("no-such-page"), tenant.ownerToken()).isProblem(404, "not_found");
    }
    @Test
    void aPageOwnerCannotLockTheOrganizationsOwnersOutOfThePage() {
        ApiWorld.Tenant tenant = world.tenant(1);
        String page = tenant.page(0);
        ApiWorld.Person pageOwner = world.pageMember(tenant, page, Role.OWNER);
        world.post(members(tenant), tenant.ownerToken(), "{\"member\": {\"email\": \"" + pageOwner.email() + "\", \"role\": \"viewer\"}}")
                .is(201);
        ApiWorld.Person secondOwner = world.member(tenant, Role.OWNER);
        world.giveRoleOnPage(tenant, secondOwner, page, Role.ADMIN);
        String ownersEmail = world.get(members(tenant), tenant.ownerToken()).is(200).json().at("/members/0/email").asText();

        world.post(pageMembers(page), pageOwner.token(), "{\"member\": {\"email\": \"" + ownersEmail + "\", \"role\": \"viewer\"}}")
                .isProblem(403, "owner_protected");
        world.post(pageMembers(page), pageOwner.token(), "{\"member\": {\"email\": \"" + secondOwner.email() + "\", \"role\": \"viewer\"}}")
                .isProblem(403, "owner_protected");
        world.delete(pageMembers(page) + "/" + secondOwner.id().value(), pageOwner.token()).isProblem(403, "owner_protected");

        world.get(pageMembers(page), tenant.ownerToken()).is(200);
        assertThat(world.get(pageMembers(page), tenant.ownerToken()).json().path("members").findValuesAsText("role"))
                .containsExactlyInAnyOrder("owner", "admin");
        world.post(pageMembers(page), tenant.ownerToken(), "{\"member\": {\"email\": \"" + secondOwner.email() + "\", \"role\": \"viewer\"}}")
                .is(200);
        world.delete(pageMembers(page) + "/" + secondOwner.id().value(), tenant.ownerToken()).is(204);
    }
}
