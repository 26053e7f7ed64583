package io.pagekeys.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An external PostgreSQL ({@code PAGEKEYS_JDBC_URL}) that goes away and comes back on the same address:
 * while it is gone every request is 503 (fail closed); once it is back the pool connects again and the
 * server answers as before, its data intact, without a restart of pagekeys.
 */
class ExternalStoreRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDirectory;

    private EmbeddedPostgres startPostgres(int port) throws IOException {
        return EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDirectory).setCleanDataDirectory(false).start();
    }

    @Test
    void theServerAnswersAgainOnceTheDatabaseIsBack() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        Configuration configuration = Configuration.from(Map.of(
                "PAGEKEYS_JDBC_URL", url,
                "PAGEKEYS_JDBC_USER", "postgres",
                "PAGEKEYS_PORT", "0",
                "PAGEKEYS_DATA_DIR", "/nonexistent/never-used"), new Properties());
        EmbeddedPostgres database = startPostgres(port);
        try (Server server = Server.start(configuration)) {
            JsonNode created = Operator.init(() -> configuration, "Acme", "owner@acme.example");
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest organization = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v2/orgs/"
                            + created.get("organization_id").asLong()))
                    .header("Authorization", "Bearer " + created.get("token").asText())
                    .timeout(Duration.ofSeconds(15))
                    .build();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                    .timeout(Duration.ofSeconds(15)).build();
            assertThat(client.send(organization, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            database.close();
            assertThat(client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);

            database = startPostgres(port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            HttpResponse<String> answer;
            do {
                answer = client.send(organization, HttpResponse.BodyHandlers.ofString());
            } while (answer.statusCode() != 200 && System.nanoTime() < deadline);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).at("/organization/name").asText()).isEqualTo("Acme");
            assertThat(client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } finally {
            database.close();
        }
    }
}
