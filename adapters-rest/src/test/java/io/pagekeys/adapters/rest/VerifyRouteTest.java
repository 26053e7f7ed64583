package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.KeyRequest;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.RevokeKeyCommand;
import io.pagekeys.application.port.in.RotateKeyCommand;
import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerifyRouteTest {

    static ApiWorld world;

    @BeforeAll
    static void start() {
        world = ApiWorld.start();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static ApiWorld.Answer verify(String body) {
        return world.post("/api/v2/auth/verify", null, body);
    }

    private static JsonNode onPage(String token, String page, String permission) {
        return verify("{\"token\": \"" + token + "\", \"status_page\": \"" + page + "\", \"permission\": \"" + permission + "\"}")
                .is(200).json();
    }

    @Test
    void anAllowedVerificationNamesTheKeyAndCountsAsAUse() {
        ApiWorld.Tenant tenant = world.tenant(1);
        IssuedKey key = world.organizationKey(tenant, KeyRequest.of(KeyName.of("gateway"), KeyScope.readOnly()));

        JsonNode answer = onPage(key.token().reveal(), tenant.page(0), "pages.read");

        assertThat(answer.path("allowed").asBoolean()).isTrue();
        assertThat(answer.has("reason")).isFalse();
        assertThat(answer.at("/key/id").asText()).isEqualTo(key.key().id().value());
        assertThat(answer.at("/key/kind").asText()).isEqualTo("organization");
        assertThat(answer.at("/key/organization_id").asLong()).isEqualTo(tenant.org());
        assertThat(answer.toString()).doesNotContain(key.token().reveal());
        assertThat(world.get("/api/v2/orgs/" + tenant.org() + "/api_keys", tenant.ownerToken()).json()
                .at("/api_keys/0/last_used_at").asText()).isEqualTo(world.clock.instant().toString());
    }

    @Test
    void aDeniedVerificationGivesTheExactReason() {
        ApiWorld.Tenant tenant = world.tenant(2);
        ApiWorld.Tenant other = world.tenant(1);
        String readOnlyOnFirst = world.organizationKey(tenant, KeyScope.readOnly(), tenant.page(0));
        String viewer = world.member(tenant, Role.VIEWER).token();
        IssuedKey revoked = world.issueUserKey(tenant, tenant.owner(), ApiWorld.fullKey("revoked"));
        world.keys.revokeOwnKey(Principal.person(tenant.owner()), new RevokeKeyCommand(tenant.id(), revoked.key().id()));
        String fenced = world.organizationKey(tenant, KeyRequest.of(KeyName.of("fenced"), KeyScope.readOnly())
                .fromAddresses(List.of(Cidr.parse("203.0.113.0/24")))).token().reveal();

        assertThat(onPage("uk_nope", tenant.page(0), "pages.read").path("reason").asText()).isEqualTo("malformed");
        assertThat(onPage(AuthenticationTest.unknownToken(), tenant.page(0), "pages.read").path("reason").asText()).isEqualTo("unknown_key");
        assertThat(onPage(revoked.token().reveal(), tenant.page(0), "pages.read").path("reason").asText()).isEqualTo("revoked");
        assertThat(onPage(fenced, tenant.page(0), "pages.read").path("reason").asText()).isEqualTo("ip_not_allowed");
        assertThat(onPage(readOnlyOnFirst, other.page(0), "pages.read").path("reason").asText()).isEqualTo("outside_organization");
        assertThat(onPage(readOnlyOnFirst, tenant.page(0), "incidents.write").path("reason").asText()).isEqualTo("scope_excludes");
        assertThat(onPage(readOnlyOnFirst, tenant.page(1), "pages.read").path("reason").asText()).isEqualTo("page_not_in_key");
        assertThat(onPage(viewer, tenant.page(0), "incidents.write").path("reason").asText()).isEqualTo("role_excludes");
        JsonNode denied = onPage(readOnlyOnFirst, tenant.page(1), "pages.read");
        assertThat(denied.path("allowed").asBoolean()).isFalse();
        assertThat(denied.at("/key/kind").asText()).isEqualTo("organization");
    }

    @Test
    void aKeyPastItsExpiryIsDeniedExpired() {
        ApiWorld.Tenant tenant = world.tenant(1);
        IssuedKey key = world.organizationKey(tenant, KeyRequest.of(KeyName.of("temporary"), KeyScope.readOnly())
                .expiringAt(world.clock.instant().plus(Duration.ofHours(1))));
        String token = key.token().reveal();
        world.clock.advance(Duration.ofMinutes(59));
        assertThat(onPage(token, tenant.page(0), "pages.read").path("allowed").asBoolean()).isTrue();

        world.clock.advance(Duration.ofMinutes(1));
        JsonNode answer = onPage(token, tenant.page(0), "pages.read");

        assertThat(answer.path("allowed").asBoolean()).isFalse();
        assertThat(answer.path("reason").asText()).isEqualTo("expired");
        assertThat(answer.at("/key/id").asText()).isEqualTo(key.key().id().value());
    }

    @Test
    void aRotatedKeyIsAllowedDuringItsGraceAndDeniedRotatedAfterIt() {
        ApiWorld.Tenant tenant = world.tenant(1);
        IssuedKey old = world.issueUserKey(tenant, tenant.owner(), ApiWorld.fullKey("rolled"));
        IssuedKey replacement = world.keys.rotateOwnKey(Principal.person(tenant.owner()),
                new RotateKeyCommand(tenant.id(), old.key().id(), GracePeriod.ofSeconds(3600)));
        world.clock.advance(Duration.ofMinutes(59));
        assertThat(onPage(old.token().reveal(), tenant.page(0), "pages.read").path("allowed").asBoolean()).isTrue();

        world.clock.advance(Duration.ofMinutes(1));
        JsonNode answer = onPage(old.token().reveal(), tenant.page(0), "pages.read");

        assertThat(answer.path("allowed").asBoolean()).isFalse();
        assertThat(answer.path("reason").asText()).isEqualTo("rotated");
        assertThat(answer.at("/key/id").asText()).isEqualTo(old.key().id().value());
        assertThat(answer.at("/key/user_id").asLong()).isEqualTo(tenant.owner().value());
        assertThat(onPage(replacement.token().reveal(), tenant.page(0), "pages.read").path("allowed").asBoolean()).isTrue();
    }

    @Test
    void aUserKeyWhoseUserHasNoMembershipForTheTargetIsDeniedNoMembership() {
        ApiWorld.Tenant tenant = world.tenant(2);
        ApiWorld.Person pageViewer = world.pageMember(tenant, tenant.page(0), Role.VIEWER);
        ApiWorld.Person left = world.pageMember(tenant, tenant.page(1), Role.VIEWER);
        world.administration.removePageMember(Principal.person(tenant.owner()), Subdomain.of(tenant.page(1)), left.id());
        assertThat(onPage(pageViewer.token(), tenant.page(0), "pages.read").path("allowed").asBoolean()).isTrue();

        JsonNode otherPage = onPage(pageViewer.token(), tenant.page(1), "pages.read");
        JsonNode organization = verify("{\"token\": \"" + pageViewer.token() + "\", \"organization_id\": " + tenant.org()
                + ", \"permission\": \"pages.create\"}").is(200).json();
        JsonNode afterLeaving = onPage(left.token(), tenant.page(1), "pages.read");

        for (JsonNode answer : List.of(otherPage, organization, afterLeaving)) {
            assertThat(answer.path("allowed").asBoolean()).isFalse();
            assertThat(answer.path("reason").asText()).isEqualTo("no_membership");
            assertThat(answer.at("/key/kind").asText()).isEqualTo("user");
        }
        assertThat(afterLeaving.at("/key/user_id").asLong()).isEqualTo(left.id().value());
    }

    @Test
    void aClientAddressIsJudgedWhenGiven() {
        ApiWorld.Tenant tenant = world.tenant(1);
        String fenced = world.organizationKey(tenant, KeyRequest.of(KeyName.of("fenced"), KeyScope.readOnly())
                .fromAddresses(List.of(Cidr.parse("203.0.113.0/24")))).token().reveal();

        JsonNode answer = verify("{\"token\": \"" + fenced + "\", \"status_page\": \"" + tenant.page(0)
                + "\", \"permission\": \"pages.read\", \"client_ip\": \"203.0.113.9\"}").is(200).json();

        assertThat(answer.path("allowed").asBoolean()).isTrue();
    }

    @Test
    void anOrganizationScopedPermissionIsAskedOfTheOrganization() {
        ApiWorld.Tenant tenant = world.tenant(0);

        JsonNode answer = verify("{\"token\": \"" + tenant.ownerToken() + "\", \"organization_id\": " + tenant.org()
                + ", \"permission\": \"members.manage\"}").is(200).json();

        assertThat(answer.path("allowed").asBoolean()).isTrue();
        assertThat(answer.at("/key/user_id").asLong()).isEqualTo(tenant.owner().value());
    }

    @CsvSource(delimiter = '|', value = {
        "{\"token\": \"t\", \"status_page\": \"PAGE\", \"permission\": \"pages.fly\"}|permission|invalid_value",
        "{\"token\": \"t\", \"status_page\": \"PAGE\", \"permission\": \"members.manage\"}|permission|invalid_value",
        "{\"token\": \"t\", \"organization_id\": 1, \"permission\": \"pages.read\"}|permission|invalid_value",
        "{\"token\": \"t\", \"status_page\": \"PAGE\", \"organization_id\": 1, \"permission\": \"pages.read\"}|status_page|missing_field",
        "{\"token\": \"t\", \"permission\": \"pages.read\"}|status_page|missing_field",
        "{\"status_page\": \"PAGE\", \"permission\": \"pages.read\"}|token|missing_field",
        "{\"token\": \"t\", \"status_page\": \"PAGE\"}|permission|missing_field",
        "{\"token\": \"t\", \"status_page\": \"PAGE\", \"permission\": \"pages.read\", \"client_ip\": \"nowhere\"}|client_ip|invalid_value",
        "{\"token\": \"t\", \"status_page\": \"Bad_Page\", \"permission\": \"pages.read\"}|status_page|invalid_value",
        "{\"token\": \"t\", \"organization_id\": 0, \"permission\": \"members.manage\"}|organization_id|invalid_value",
        "{\"token\": \"t\", \"organization_id\": \"1\", \"permission\": \"members.manage\"}|organization_id|wrong_type",
        "{\"token\": 5, \"status_page\": \"PAGE\", \"permission\": \"pages.read\"}|token|wrong_type",
        "{\"token\": \"t\", \"status_page\": \"PAGE\", \"permission\": \"pages.read\", \"user\": 1}|user|unknown_field"})
    @ParameterizedTest
    void aQuestionThatCannotBeAskedIs422(String template, String field, String code) {
        ApiWorld.Tenant tenant = world.tenant(1);

        ApiWorld.Answer answer = verify(template.replace("PAGE", tenant.page(0))).isProblem(422, code);

        assertThat(answer.json().path("field").asText()).isEqualTo(field);
    }

    @Test
    void anUnknownTargetIs404() {
        ApiWorld.Tenant tenant = world.tenant(0);

        verify("{\"token\": \"" + tenant.ownerToken() + "\", \"status_page\": \"no-such-page\", \"permission\": \"pages.read\"}")
                .isProblem(404, "not_found");
        verify("{\"token\": \"" + tenant.ownerToken() + "\", \"organization_id\": 777777, \"permission\": \"members.manage\"}")
                .isProblem(404, "not_found");
    }

    @Test
    void theTokenUnderTestIsNeverRepeatedInARefusal() {
        ApiWorld.Tenant tenant = world.tenant(0);

        ApiWorld.Answer answer = verify("{\"token\": \"" + tenant.ownerToken() + "\", \"status_page\": \"Bad\", \"permission\": \"pages.read\"}")
                .is(422);

        assertThat(answer.body()).doesNotContain(tenant.ownerToken());
    }
}
