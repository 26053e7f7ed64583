package io.pagekeys.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pagekeys.adapters.persistence.EmbeddedDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server on a PostgreSQL that freezes (every process of it stopped with SIGSTOP, as a hung host or
 * a paused virtual machine would): the server's own {@code statement_timeout} cannot fire, so only the
 * client's bounds stand between a request and a wait as long as the freeze. Every request answers 503
 * within seconds, {@code /health} within 2 s, and everything answers again once the database thaws.
 */
class FrozenStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a request may take at most while the store is frozen: the bounds are 2 s (pool) and 5 s (a round trip). */
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(12);

    private EmbeddedDatabase external;
    private List<Long> frozen = List.of();

    @BeforeEach
    void startAPostgres() {
        external = EmbeddedDatabase.startTemporary();
    }

    @AfterEach
    void thawAndStop() throws Exception {
        PostgresProcesses.signal("-CONT", frozen);
        external.close();
    }

    private Configuration configuration() {
        return Operator.onExternalStore(external);
    }

    @Test
    void requestsFailClosedInBoundedTimeWhileTheDatabaseIsFrozenAndSucceedOnceItThaws() throws Exception {
        try (Server server = Server.start(configuration())) {
            JsonNode created = Operator.init(this::configuration, "Acme", "owner@acme.example");
            String base = "http://127.0.0.1:" + server.port();
            String token = created.get("token").asText();
            long organization = created.get("organization_id").asLong();
            HttpClient client = HttpClient.newHttpClient();
            assertThat(createPage(client, base, token, organization, "before").statusCode()).isEqualTo(201);

            frozen = PostgresProcesses.freeze(dataDirectoryOf(external));

            // Several at once, so that requests wait both on a frozen connection and for the pool.
            List<CompletableFuture<HttpResponse<String>>> writes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                writes.add(client.sendAsync(pageRequest(base, token, organization, "frozen-" + i), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> write : writes) {
                HttpResponse<String> answer = write.get(REQUEST_BOUND.toSeconds(), TimeUnit.SECONDS);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
                assertThat(answer.body()).contains("store_unavailable");
            }
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);

            PostgresProcesses.signal("-CONT", frozen);
            frozen = List.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int status;
            do {
                status = createPage(client, base, token, organization, "after").statusCode();
            } while (status != 201 && System.nanoTime() < deadline);
            assertThat(status).isEqualTo(201);
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    private static HttpRequest pageRequest(String base, String token, long organization, String subdomain) {
        return HttpRequest.newBuilder(URI.create(base + "/api/v2/orgs/" + organization + "/status_pages"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(REQUEST_BOUND)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"status_page\": {\"subdomain\": \"" + subdomain + "\", \"name\": \"Page\"}}"))
                .build();
    }

    private static HttpResponse<String> createPage(HttpClient client, String base, String token, long organization, String subdomain)
            throws IOException, InterruptedException {
        return client.send(pageRequest(base, token, organization, subdomain), HttpResponse.BodyHandlers.ofString());
    }

    /** The data directory {@code database} reports. */
    private static Path dataDirectoryOf(EmbeddedDatabase database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW data_directory")) {
            rows.next();
            return Path.of(rows.getString(1));
        }
    }
}
