package io.pagekeys.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pagekeys.adapters.persistence.EmbeddedDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server and the CLI on a PostgreSQL named by {@code PAGEKEYS_JDBC_URL} instead of the embedded
 * default (here a server that this test starts itself, reached only through its URL).
 */
class ExternalStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedDatabase external;

    @BeforeAll
    static void startAnExternalPostgres() {
        external = EmbeddedDatabase.startTemporary();
    }

    @AfterAll
    static void stopIt() {
        external.close();
    }

    private static Configuration configuration() {
        return Operator.onExternalStore(external);
    }

    @Test
    void theServerAndTheCliShareTheStoreAtTheJdbcUrl() throws Exception {
        try (Server server = Server.start(configuration())) {
            JsonNode created = Operator.init(ExternalStoreTest::configuration, "Acme", "owner@acme.example");

            HttpResponse<String> organization = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v2/orgs/"
                                    + created.get("organization_id").asLong()))
                            .header("Authorization", created.get("token").asText())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(organization.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(organization.body()).at("/organization/name").asText()).isEqualTo("Acme");
        }
        try (Pagekeys reopened = Pagekeys.open(configuration())) {
            assertThat(reopened.storeAnswers()).isTrue();
        }
    }

    @Test
    void aPasswordInTheJdbcUrlNeverReachesALogLine() {
        assertThat(Store.withoutPassword("jdbc:postgresql://db:5432/keys?user=keys&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/keys?user=keys&password=***&ssl=true");
        assertThat(Store.withoutPassword("jdbc:postgresql://db/keys?PASSWORD=s3cret"))
                .isEqualTo("jdbc:postgresql://db/keys?PASSWORD=***");
        assertThat(Configuration.from(Map.of("PAGEKEYS_JDBC_URL", "jdbc:postgresql://db/keys?password=s3cret"), new Properties())
                .toString()).doesNotContain("s3cret");
    }
}
