package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pagekeys.application.port.in.KeyRequest;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiKeysRoutesTest {

    static ApiWorld world;

    @BeforeAll
    static void start() {
        world = ApiWorld.start();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static String orgKeys(ApiWorld.Tenant tenant) {
        return "/api/v2/orgs/" + tenant.org() + "/api_keys";
    }

    private static JsonNode issue(String path, String token, String key) {
        return world.post(path, token, "{\"api_key\": " + key + "}").is(201).json().path("api_key");
    }

    private static List<String> ids(ApiWorld.Answer answer) {
        List<String> ids = new ArrayList<>();
        answer.json().path("api_keys").forEach(key -> ids.add(key.path("id").asText()));
        return ids;
    }

    @Test
    void anOrganizationKeyIsIssuedWithItsTokenShownOnce() {
        ApiWorld.Tenant tenant = world.tenant(2);

        JsonNode key = issue(orgKeys(tenant), tenant.ownerToken(), """
                {"name": "Deploy bot", "scope": ["pages.read", "incidents.write"], "status_pages": ["%s"],
                 "allowed_ips": ["127.0.0.1", "10.0.0.0/8"], "expires_at": "2030-01-01T00:00:00+01:00"}""".formatted(tenant.page(0)));

        String token = key.path("token").asText();
        assertThat(token).startsWith("ok_");
        assertThat(key.path("kind").asText()).isEqualTo("organization");
        assertThat(key.path("user_id").isNull()).isTrue();
        assertThat(key.path("scope").toString()).isEqualTo("[\"pages.read\",\"incidents.write\"]");
        assertThat(key.path("page_rule").asText()).isEqualTo("selected");
        assertThat(key.path("status_pages").toString()).isEqualTo("[\"" + tenant.page(0) + "\"]");
        assertThat(key.path("allowed_ips").toString()).isEqualTo("[\"127.0.0.1/32\",\"10.0.0.0/8\"]");
        assertThat(key.path("expires_at").asText()).isEqualTo("2029-12-31T23:00:00Z");
        assertThat(key.path("state").asText()).isEqualTo("active");
        assertThat(key.path("hint").asText()).isEqualTo(token.substring(0, 7) + "…" + token.substring(token.length() - 4));

        ApiWorld.Answer listing = world.get(orgKeys(tenant), tenant.ownerToken()).is(200);
        assertThat(ids(listing)).containsExactly(key.path("id").asText());
        assertThat(listing.body()).doesNotContain(token).doesNotContain("\"token\"");

        world.get("/api/v2/orgs/" + tenant.org() + "/status_pages/" + tenant.page(0), token).is(200);
    }

    @Test
    void noListingEverShowsAToken() {
        ApiWorld.Tenant tenant = world.tenant(1);
        ApiWorld.Person editor = world.member(tenant, Role.EDITOR);
        String orgToken = world.organizationKey(tenant, KeyScope.readOnly());

        for (String path : List.of(orgKeys(tenant), "/api/v2/orgs/" + tenant.org() + "/user_api_keys", "/api/v2/me/api_keys")) {
            ApiWorld.Answer answer = world.get(path, tenant.ownerToken()).is(200);
            assertThat(answer.body()).doesNotContain("\"token\"").doesNotContain(orgToken, editor.token(), tenant.ownerToken());
            answer.json().path("api_keys").forEach(key -> assertThat(key.path("hint").asText()).contains("…"));
        }
        assertThat(world.get("/api/v2/me/api_keys", editor.token()).is(200).body()).doesNotContain(editor.token());
    }

    @Test
    void aRotatedKeyKeepsWorkingUntilItsGraceEndsAndItsReplacementWorksAtOnce() {
        ApiWorld.Tenant tenant = world.tenant(1);
        JsonNode old = issue(orgKeys(tenant), tenant.ownerToken(), "{\"name\": \"Rolling\", \"scope\": \"read_only\"}");
        String oldToken = old.path("token").asText();

        JsonNode replacement = world.post(orgKeys(tenant) + "/" + old.path("id").asText() + "/rotate", tenant.ownerToken(),
                "{\"grace_period_seconds\": 3600}").is(201).json().path("api_key");
        String newToken = replacement.path("token").asText();

        assertThat(replacement.path("id").asText()).isNotEqualTo(old.path("id").asText());
        assertThat(replacement.path("name").asText()).isEqualTo("Rolling");
        assertThat(newToken).isNotEqualTo(oldToken);
        world.get("/api/v2/me", newToken).is(200);
        world.get("/api/v2/me", oldToken).is(200);
        JsonNode listedOld = world.get(orgKeys(tenant), tenant.ownerToken()).json().path("api_keys").get(0);
        assertThat(listedOld.path("state").asText()).isEqualTo("rotated");
        assertThat(listedOld.path("replaced_by").asText()).isEqualTo(replacement.path("id").asText());
        assertThat(listedOld.path("grace_until").asText()).isEqualTo(world.clock.instant().plusSeconds(3600).toString());

        world.clock.advance(Duration.ofMinutes(59));
        world.get("/api/v2/me", oldToken).is(200);
        world.clock.advance(Duration.ofMinutes(1));
        world.get("/api/v2/me", oldToken).isProblem(401, "unauthorized");
        world.get("/api/v2/me", newToken).is(200);
    }

    @Test
    void aRotationWithoutBodyHasNoGrace() {
        ApiWorld.Tenant tenant = world.tenant(0);
        JsonNode old = issue(orgKeys(tenant), tenant.ownerToken(), "{\"name\": \"Abrupt\", \"scope\": \"read_only\"}");

        world.send(world.request(orgKeys(tenant) + "/" + old.path("id").asText() + "/rotate", tenant.ownerToken())
                .POST(HttpRequest.BodyPublishers.noBody())).is(201);

        world.get("/api/v2/me", old.path("token").asText()).isProblem(401, "unauthorized");
    }

    @Test
    void revokingARotatedKeyEndsItsGraceAtOnceAndRevokingIsIdempotent() {
        ApiWorld.Tenant tenant = world.tenant(0);
        JsonNode old = issue(orgKeys(tenant), tenant.ownerToken(), "{\"name\": \"Graceful\", \"scope\": \"read_only\"}");
        String id = old.path("id").asText();
        world.post(orgKeys(tenant) + "/" + id + "/rotate", tenant.ownerToken(), "{\"grace_period_seconds\": 86400}").is(201);
        world.get("/api/v2/me", old.path("token").asText()).is(200);

        world.delete(orgKeys(tenant) + "/" + id, tenant.ownerToken()).is(204);
        world.delete(orgKeys(tenant) + "/" + id, tenant.ownerToken()).is(204);

        world.get("/api/v2/me", old.path("token").asText()).isProblem(401, "unauthorized");
        JsonNode listed = world.get(orgKeys(tenant), tenant.ownerToken()).json().path("api_keys").get(0);
        assertThat(listed.path("state").asText()).isEqualTo("revoked");
        assertThat(listed.path("revoked_at").isNull()).isFalse();
    }

    @Test
    void aRevocationIsAnswered204WithNeitherBodyNorContentType() {
        ApiWorld.Tenant tenant = world.tenant(0);
        JsonNode key = issue(orgKeys(tenant), tenant.ownerToken(), "{\"name\": \"Short-lived\", \"scope\": \"read_only\"}");

        ApiWorld.Answer answer = world.delete(orgKeys(tenant) + "/" + key.path("id").asText(), tenant.ownerToken()).is(204);

        assertThat(answer.body()).isEmpty();
        assertThat(answer.header("Content-Type")).isEmpty();
    }

    @Test
    void onlyAnActiveKeyCanBeRotated() {
        ApiWorld.Tenant tenant = world.tenant(0);
        JsonNode key = issue(orgKeys(tenant), tenant.ownerToken(), "{\"name\": \"Gone\", \"scope\": \"read_only\"}");
        world.delete(orgKeys(tenant) + "/" + key.path("id").asText(), tenant.ownerToken()).is(204);

        world.post(orgKeys(tenant) + "/" + key.path("id").asText() + "/rotate", tenant.ownerToken(), "{}").isProblem(409, "key_not_active");
    }

    @Test
    void aGracePeriodBeyondSevenDaysIs422() {
        ApiWorld.Tenant tenant = world.tenant(0);
        JsonNode key = issue(orgKeys(tenant), tenant.ownerToken(), "{\"name\": \"Slow\", \"scope\": \"read_only\"}");

        assertThat(world.post(orgKeys(tenant) + "/" + key.path("id").asText() + "/rotate", tenant.ownerToken(),
                "{\"grace_period_seconds\": 604801}").isProblem(422, "invalid_value").json().path("field").asText())
                .isEqualTo("grace_period_seconds");
    }

    @Test
    void anExpiredKeyStopsWorkingWhenItsTimeComes() {
        ApiWorld.Tenant tenant = world.tenant(0);
        Instant expiry = world.clock.instant().plus(Duration.ofHours(1));
        JsonNode key = issue(orgKeys(tenant), tenant.ownerToken(), "{\"name\": \"Temp\", \"scope\": \"read_only\", \"expires_at\": \"" + expiry + "\"}");

        world.get("/api/v2/me", key.path("token").asText()).is(200);
        world.clock.advance(Duration.ofHours(1));

        world.get("/api/v2/me", key.path("token").asText()).isProblem(401, "unauthorized");
        assertThat(world.get(orgKeys(tenant), tenant.ownerToken()).json().at("/api_keys/0/state").asText()).isEqualTo("expired");
    }

    @Test
    void aReadOnlyOrReadWriteKeyCannotMintKeys() {
        ApiWorld.Tenant tenant = world.tenant(0);
        String request = "{\"api_key\": {\"name\": \"Minted\", \"scope\": \"read_only\"}}";

        world.post(orgKeys(tenant), world.organizationKey(tenant, KeyScope.readOnly()), request).isProblem(403, "scope_excludes");
        world.post(orgKeys(tenant), world.organizationKey(tenant, KeyScope.readWrite()), request).isProblem(403, "scope_excludes");
        String readWriteUserKey = world.userKey(tenant, tenant.owner(), KeyRequest.of(KeyName.of("rw"), KeyScope.readWrite()));
        world.post("/api/v2/me/api_keys", readWriteUserKey, request).isProblem(403, "scope_excludes");
        world.get(orgKeys(tenant), readWriteUserKey).isProblem(403, "scope_excludes");
    }

    @Test
    void aKeyCannotMakeAKeyWithMoreScopeOrALaterExpiryThanItsOwn() {
        ApiWorld.Tenant tenant = world.tenant(1);
        Instant ownExpiry = world.clock.instant().plus(Duration.ofDays(1));
        String limited = world.organizationKey(tenant, KeyRequest.of(KeyName.of("limited"),
                KeyScope.of(Permission.PAGES_READ, Permission.API_KEYS_MANAGE)).expiringAt(ownExpiry)).token().reveal();

        world.post(orgKeys(tenant), limited, "{\"api_key\": {\"name\": \"wider\", \"scope\": \"full\", \"expires_at\": \"" + ownExpiry + "\"}}")
                .isProblem(403, "escalation");
        world.post(orgKeys(tenant), limited, "{\"api_key\": {\"name\": \"forever\", \"scope\": \"read_only\"}}")
                .isProblem(403, "escalation");
        world.post(orgKeys(tenant), limited, "{\"api_key\": {\"name\": \"longer\", \"scope\": \"read_only\", \"expires_at\": \""
                + ownExpiry.plusSeconds(1) + "\"}}").isProblem(403, "escalation");
        world.post(orgKeys(tenant), limited, "{\"api_key\": {\"name\": \"within\", \"scope\": \"read_only\", \"expires_at\": \""
                + ownExpiry + "\"}}").is(201);
    }

    @Test
    void aKeyOnSomePagesCannotMakeAKeyOnMore() {
        ApiWorld.Tenant tenant = world.tenant(2);
        String onFirst = world.userKey(tenant, tenant.owner(), ApiWorld.fullKey("first page only")
                .onPages(Set.of(Subdomain.of(tenant.page(0)))));

        world.post("/api/v2/me/api_keys", onFirst, "{\"api_key\": {\"name\": \"all pages\", \"scope\": \"read_only\"}}")
                .isProblem(403, "escalation");
        world.post("/api/v2/me/api_keys", onFirst, "{\"api_key\": {\"name\": \"second\", \"scope\": \"read_only\", \"status_pages\": [\""
                + tenant.page(1) + "\"]}}").isProblem(403, "escalation");
        world.post("/api/v2/me/api_keys", onFirst, "{\"api_key\": {\"name\": \"first\", \"scope\": \"read_only\", \"status_pages\": [\""
                + tenant.page(0) + "\"]}}").is(201);
        world.get(orgKeys(tenant), onFirst).isProblem(403, "page_not_in_key");
    }

    @Test
    void aUserKeyMaySelectOnlyPagesItsUserCanRead() {
        ApiWorld.Tenant tenant = world.tenant(2);
        ApiWorld.Person viewer = world.pageMember(tenant, tenant.page(0), Role.VIEWER);

        world.post("/api/v2/me/api_keys", viewer.token(), "{\"api_key\": {\"name\": \"mine\", \"scope\": \"read_only\", \"status_pages\": [\""
                + tenant.page(1) + "\"]}}").isProblem(403, "page_not_readable");
        world.post("/api/v2/me/api_keys", viewer.token(), "{\"api_key\": {\"name\": \"mine\", \"scope\": \"read_only\", \"status_pages\": [\""
                + tenant.page(0) + "\"]}}").is(201);
    }

    @Test
    void aUserManagesTheirOwnKeysThroughMe() {
        ApiWorld.Tenant tenant = world.tenant(1);
        ApiWorld.Person editor = world.member(tenant, Role.EDITOR);

        JsonNode key = issue("/api/v2/me/api_keys", editor.token(), "{\"name\": \"laptop\", \"scope\": \"read_only\"}");
        assertThat(key.path("kind").asText()).isEqualTo("user");
        assertThat(key.path("user_id").asLong()).isEqualTo(editor.id().value());
        assertThat(key.path("created_by").asText()).startsWith("key:");
        String id = key.path("id").asText();
        assertThat(ids(world.get("/api/v2/me/api_keys", editor.token()).is(200))).contains(id);

        JsonNode rotated = world.post("/api/v2/me/api_keys/" + id + "/rotate", editor.token(), "{\"grace_period_seconds\": 0}")
                .is(201).json().path("api_key");
        world.get("/api/v2/me", rotated.path("token").asText()).is(200);
        world.delete("/api/v2/me/api_keys/" + rotated.path("id").asText(), editor.token()).is(204);
        world.get("/api/v2/me", rotated.path("token").asText()).isProblem(401, "unauthorized");
    }

    @Test
    void aUserCannotTouchAnotherUsersKeysThroughMe() {
        ApiWorld.Tenant tenant = world.tenant(0);
        ApiWorld.Person editor = world.member(tenant, Role.EDITOR);
        String ownersKey = world.issueUserKey(tenant, tenant.owner(), ApiWorld.fullKey("owner's")).key().id().value();

        world.delete("/api/v2/me/api_keys/" + ownersKey, editor.token()).isProblem(404, "not_found");
        world.post("/api/v2/me/api_keys/" + ownersKey + "/rotate", editor.token(), "{}").isProblem(404, "not_found");
    }

    @Test
    void anOrganizationKeyHasNoKeysOfItsOwn() {
        ApiWorld.Tenant tenant = world.tenant(0);
        String orgKey = world.organizationKey(tenant, KeyScope.full());
        String someKey = world.issueUserKey(tenant, tenant.owner(), ApiWorld.fullKey("some")).key().id().value();

        world.get("/api/v2/me/api_keys", orgKey).isProblem(403, "user_key_required");
        world.post("/api/v2/me/api_keys", orgKey, "{\"api_key\": {\"name\": \"x\", \"scope\": \"read_only\"}}")
                .isProblem(403, "user_key_required");
        world.delete("/api/v2/me/api_keys/" + someKey, orgKey).isProblem(403, "user_key_required");
        world.post("/api/v2/me/api_keys/" + someKey + "/rotate", orgKey, "{}").isProblem(403, "user_key_required");
    }

    @Test
    void anOrganizationKeyManagesOrganizationKeysWhenItsScopeSaysSo() {
        ApiWorld.Tenant tenant = world.tenant(0);
        String manager = world.organizationKey(tenant, KeyScope.full());

        JsonNode minted = issue(orgKeys(tenant), manager, "{\"name\": \"child\", \"scope\": \"read_only\"}");

        assertThat(minted.path("created_by").asText()).startsWith("key:");
        world.delete(orgKeys(tenant) + "/" + minted.path("id").asText(), manager).is(204);
    }

    @Test
    void ownersOverseeMembersKeys() {
        ApiWorld.Tenant tenant = world.tenant(0);
        ApiWorld.Person editor = world.member(tenant, Role.EDITOR);
        String editorKeyId = world.get("/api/v2/me", editor.token()).json().at("/api_key/id").asText();
        String oversight = "/api/v2/orgs/" + tenant.org() + "/user_api_keys";

        assertThat(ids(world.get(oversight, tenant.ownerToken()).is(200))).contains(editorKeyId);
        world.get(oversight, editor.token()).isProblem(403, "role_excludes");
        world.delete(oversight + "/" + editorKeyId, editor.token()).isProblem(403, "role_excludes");

        world.delete(oversight + "/" + editorKeyId, tenant.ownerToken()).is(204);
        world.get("/api/v2/me", editor.token()).isProblem(401, "unauthorized");
    }

    @Test
    void theAuditTrailShowsIssueRotationAndRevocation() {
        ApiWorld.Tenant tenant = world.tenant(0);
        JsonNode key = issue(orgKeys(tenant), tenant.ownerToken(), "{\"name\": \"Audited\", \"scope\": \"read_only\"}");
        JsonNode replacement = world.post(orgKeys(tenant) + "/" + key.path("id").asText() + "/rotate", tenant.ownerToken(), "{}")
                .is(201).json().path("api_key");
        world.delete(orgKeys(tenant) + "/" + replacement.path("id").asText(), tenant.ownerToken()).is(204);

        JsonNode events = world.get("/api/v2/orgs/" + tenant.org() + "/api_key_events", tenant.ownerToken()).is(200)
                .json().path("api_key_events");

        List<String> trail = new ArrayList<>();
        events.forEach(event -> trail.add(event.path("type").asText() + " " + event.path("key_id").asText()));
        assertThat(trail).contains("issued " + key.path("id").asText(), "rotated " + key.path("id").asText(),
                "revoked " + replacement.path("id").asText());
        world.get("/api/v2/orgs/" + tenant.org() + "/api_key_events", world.organizationKey(tenant, KeyScope.readOnly()))
                .isProblem(403, "scope_excludes");
    }

    @Test
    void aKeyOfAnotherOrganizationIsNotFoundHere() {
        ApiWorld.Tenant mine = world.tenant(0);
        ApiWorld.Tenant theirs = world.tenant(0);
        JsonNode theirKey = issue(orgKeys(theirs), theirs.ownerToken(), "{\"name\": \"theirs\", \"scope\": \"read_only\"}");

        world.delete(orgKeys(mine) + "/" + theirKey.path("id").asText(), mine.ownerToken()).isProblem(404, "not_found");
        world.delete(orgKeys(mine) + "/key_00000000000000000", mine.ownerToken()).isProblem(404, "not_found");
    }
}
