package io.pagekeys.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference server on its default store, the embedded PostgreSQL with a kept data directory: the
 * CLI works beside the running server, and keys issued before a restart work after it.
 */
class ServerRestartTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDirectory;

    private Configuration configuration() {
        return Operator.onEmbeddedStore(dataDirectory);
    }

    private static HttpResponse<String> get(Server server, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode init(String organization, String email) {
        return Operator.init(this::configuration, organization, email);
    }

    @Test
    void keysIssuedBeforeARestartStillWorkAfterIt() throws Exception {
        String token;
        long organization;
        try (Server server = Server.start(configuration())) {
            assertThat(get(server, "/health", null).statusCode()).isEqualTo(200);
            JsonNode created = init("Acme", "owner@acme.example");
            token = created.get("token").asText();
            organization = created.get("organization_id").asLong();
            assertThat(get(server, "/api/v2/orgs/" + organization, token).statusCode()).isEqualTo(200);
        }
        assertThat(Files.exists(dataDirectory.resolve("PG_VERSION"))).isTrue();

        try (Server restarted = Server.start(configuration())) {
            HttpResponse<String> me = get(restarted, "/api/v2/me", token);
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(me.body()).at("/principal/organization_id").asLong()).isEqualTo(organization);
            char last = token.charAt(token.length() - 1);
            String altered = token.substring(0, token.length() - 1) + (last == 'x' ? 'y' : 'x');
            assertThat(get(restarted, "/api/v2/me", altered).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void theCliIssuesKeysWhileTheServerRunsOnTheSameDataDirectory() throws Exception {
        try (Server server = Server.start(configuration())) {
            JsonNode first = init("First", "first@acme.example");
            JsonNode second = init("Second", "second@acme.example");

            assertThat(get(server, "/api/v2/orgs/" + first.get("organization_id").asLong(), first.get("token").asText()).statusCode())
                    .isEqualTo(200);
            assertThat(get(server, "/api/v2/orgs/" + first.get("organization_id").asLong(), second.get("token").asText()).statusCode())
                    .isEqualTo(403);
        }
    }

    private long postmaster() throws IOException {
        return PostgresProcesses.postmaster(dataDirectory);
    }

    @Test
    void aKilledEmbeddedPostgresIsStartedAgainAndTheServerAnswersWithoutARestart() throws Exception {
        try (Server server = Server.start(configuration())) {
            JsonNode created = init("Acme", "owner@acme.example");
            String token = created.get("token").asText();
            String organization = "/api/v2/orgs/" + created.get("organization_id").asLong();
            assertThat(get(server, organization, token).statusCode()).isEqualTo(200);

            long killed = postmaster();
            assertThat(killed).isPositive();
            assertThat(ProcessHandle.of(killed).orElseThrow().destroyForcibly()).isTrue();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            HttpResponse<String> answer;
            do {
                answer = get(server, organization, token);
            } while ((answer.statusCode() != 200 || postmaster() == killed || postmaster() < 0) && System.nanoTime() < deadline);
            assertThat(postmaster()).as("a new postmaster").isPositive().isNotEqualTo(killed);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).at("/organization/name").asText()).isEqualTo("Acme");
            assertThat(get(server, "/health", null).statusCode()).isEqualTo(200);
        }
    }
}
