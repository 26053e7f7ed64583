package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Role;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IncidentsRoutesTest {

    static ApiWorld world;

    @BeforeAll
    static void start() {
        world = ApiWorld.start();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static String incidents(String page) {
        return "/api/v2/status_pages/" + page + "/incidents";
    }

    private static final String OUTAGE = """
            {"incident": {"title": "API down", "type": "major",
              "updates": [{"type": "investigating", "description": "We are looking into it."}]}}""";

    @Test
    void anIncidentReportedAsResolvedIsCreatedResolvedAtOnce() {
        ApiWorld.Tenant tenant = world.tenant(1);

        JsonNode recorded = world.post(incidents(tenant.page(0)), tenant.ownerToken(), """
                {"incident": {"title": "Brief outage", "type": "minor", "status": "resolved"}}""").is(201).json().path("incident");

        assertThat(recorded.path("status").asText()).isEqualTo("resolved");
        assertThat(recorded.path("resolved_at").asText()).isEqualTo(recorded.path("created_at").asText());
    }

    @Test
    void anIncidentIsOpenedListedReadAndResolved() {
        ApiWorld.Tenant tenant = world.tenant(1);

        JsonNode opened = world.post(incidents(tenant.page(0)), tenant.ownerToken(), OUTAGE).is(201).json().path("incident");
        assertThat(opened.path("status").asText()).isEqualTo("open");
        assertThat(opened.path("type").asText()).isEqualTo("major");
        assertThat(opened.path("resolved_at").isNull()).isTrue();
        assertThat(opened.at("/updates/0/type").asText()).isEqualTo("investigating");
        long id = opened.path("id").asLong();

        assertThat(world.get(incidents(tenant.page(0)), tenant.ownerToken()).is(200).json().path("incidents")).hasSize(1);
        assertThat(world.get(incidents(tenant.page(0)) + "/" + id, tenant.ownerToken()).is(200).json().at("/incident/title").asText())
                .isEqualTo("API down");

        world.clock.advance(Duration.ofMinutes(30));
        JsonNode resolved = world.put(incidents(tenant.page(0)) + "/" + id, tenant.ownerToken(), """
                {"incident": {"status": "resolved", "title": "API was down", "update": {"type": "resolved", "description": "Fixed."}}}""")
                .is(200).json().path("incident");
        assertThat(resolved.path("status").asText()).isEqualTo("resolved");
        assertThat(resolved.path("title").asText()).isEqualTo("API was down");
        assertThat(resolved.path("resolved_at").isNull()).isFalse();
        assertThat(resolved.path("updates")).hasSize(2);
    }

    @Test
    void anIncidentReportedAsResolvedIsResolvedAtOnce() {
        ApiWorld.Tenant tenant = world.tenant(1);

        JsonNode incident = world.post(incidents(tenant.page(0)), tenant.ownerToken(),
                "{\"incident\": {\"title\": \"Maintenance done\", \"type\": \"scheduled\", \"status\": \"resolved\"}}")
                .is(201).json().path("incident");

        assertThat(incident.path("status").asText()).isEqualTo("resolved");
        assertThat(incident.path("updates")).isEmpty();
    }

    @Test
    void aReadOnlyKeyReadsIncidentsButCannotWriteThem() {
        ApiWorld.Tenant tenant = world.tenant(1);
        long id = world.post(incidents(tenant.page(0)), tenant.ownerToken(), OUTAGE).is(201).json().at("/incident/id").asLong();
        String readOnly = world.organizationKey(tenant, KeyScope.readOnly());

        world.get(incidents(tenant.page(0)), readOnly).is(200);
        world.post(incidents(tenant.page(0)), readOnly, OUTAGE).isProblem(403, "scope_excludes");
        world.put(incidents(tenant.page(0)) + "/" + id, readOnly, "{\"incident\": {\"status\": \"resolved\"}}")
                .isProblem(403, "scope_excludes");
    }

    @Test
    void aViewerCannotWriteIncidentsAndAnEditorCan() {
        ApiWorld.Tenant tenant = world.tenant(1);

        world.post(incidents(tenant.page(0)), world.member(tenant, Role.VIEWER).token(), OUTAGE).isProblem(403, "role_excludes");
        world.post(incidents(tenant.page(0)), world.member(tenant, Role.EDITOR).token(), OUTAGE).is(201);
    }

    @Test
    void anIncidentOfAnotherPageIsNotFoundOnThisOne() {
        ApiWorld.Tenant tenant = world.tenant(2);
        long id = world.post(incidents(tenant.page(0)), tenant.ownerToken(), OUTAGE).is(201).json().at("/incident/id").asLong();

        world.get(incidents(tenant.page(1)) + "/" + id, tenant.ownerToken()).isProblem(404, "not_found");
        world.put(incidents(tenant.page(1)) + "/" + id, tenant.ownerToken(), "{\"incident\": {\"status\": \"resolved\"}}")
                .isProblem(404, "not_found");
        world.get(incidents(tenant.page(0)) + "/424242", tenant.ownerToken()).isProblem(404, "not_found");
    }

    @Test
    void invalidIncidentValuesAre422NamingTheField() {
        ApiWorld.Tenant tenant = world.tenant(1);
        String path = incidents(tenant.page(0));

        assertThat(world.post(path, tenant.ownerToken(), "{\"incident\": {\"title\": \"x\", \"type\": \"huge\"}}")
                .isProblem(422, "invalid_value").json().path("field").asText()).isEqualTo("type");
        assertThat(world.post(path, tenant.ownerToken(), "{\"incident\": {\"title\": \"x\", \"type\": \"minor\", \"status\": \"closed\"}}")
                .isProblem(422, "invalid_value").json().path("field").asText()).isEqualTo("status");
        assertThat(world.post(path, tenant.ownerToken(),
                        "{\"incident\": {\"title\": \"x\", \"type\": \"minor\", \"updates\": [{\"type\": \"panic\", \"description\": \"x\"}]}}")
                .isProblem(422, "invalid_value").json().path("field").asText()).isEqualTo("updates[0].type");
        assertThat(world.post(path, tenant.ownerToken(), "{\"incident\": {\"title\": \"" + "t".repeat(201) + "\", \"type\": \"minor\"}}")
                .isProblem(422, "invalid_value").json().path("field").asText()).isEqualTo("title");
        assertThat(world.post(path, tenant.ownerToken(), "{\"incident\": {\"type\": \"minor\"}}")
                .isProblem(422, "missing_field").json().path("field").asText()).isEqualTo("title");
        assertThat(world.get(path, tenant.ownerToken()).json().path("incidents")).isEmpty();
    }
}
