package io.pagekeys.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pagekeys.adapters.persistence.EmbeddedDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} of the reference server: the metrics of the decision path, and nothing that names anyone. */
class MetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedDatabase external;

    @BeforeAll
    static void startAPostgres() {
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
    void decisionsViewAndUsesAreCountedWithoutAnIdInAnyLabel() throws Exception {
        try (Server server = Server.start(configuration())) {
            JsonNode created = Operator.init(MetricsTest::configuration, "Acme", "owner@acme.example");
            String token = created.get("token").asText();
            String organization = created.get("organization_id").asText();
            String base = "http://127.0.0.1:" + server.port();
            for (int i = 0; i < 3; i++) {
                assertThat(get(base + "/api/v2/orgs/" + organization, token).statusCode()).isEqualTo(200);
            }
            String verify = "{\"token\": \"" + token + "\", \"organization_id\": " + organization
                    + ", \"permission\": \"api_keys.manage\"}";
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/auth/verify"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(verify)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(get(base + "/api/v2/me", "uk_notatoken").statusCode()).isEqualTo(401);

            HttpResponse<String> metrics = get(base + "/metrics", null);

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
            String text = metrics.body();
            assertThat(sample(text, "pagekeys_decisions_total", "operation=\"authenticate\",outcome=\"allowed\""))
                    .isGreaterThanOrEqualTo(3.0);
            assertThat(sample(text, "pagekeys_decisions_total", "operation=\"authenticate\",outcome=\"denied\",reason=\"malformed\""))
                    .isEqualTo(1.0);
            assertThat(sample(text, "pagekeys_decisions_total", "operation=\"verify\",outcome=\"allowed\"")).isEqualTo(1.0);
            assertThat(text).contains("pagekeys_verify_seconds_bucket", "pagekeys_view_listener_connected",
                    "pagekeys_view_trusted", "pagekeys_view_invalidations_total", "pagekeys_uses_pending",
                    "pagekeys_uses_flushed_total", "cache_gets_total{cache=\"pagekeys_view_keys_by_fingerprint\"");
            Set<String> labels = new TreeSet<>();
            Matcher label = LABEL.matcher(text);
            while (label.find()) {
                labels.add(label.group(1));
                assertThat(label.group(2)).as("a label's value").doesNotContain(token).doesNotContain("acme");
            }
            assertThat(labels).as("label names").isSubsetOf("operation", "outcome", "reason", "source", "cache",
                    "result", "le", "quantile");
            assertThat(text).doesNotContain(token);
        }
    }

    /** The value of the sample of {@code name} whose labels begin with {@code labels}. */
    private static double sample(String text, String name, String labels) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{" + labels)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no sample " + name + "{" + labels + "...} in\n" + text);
    }

    private static HttpResponse<String> get(String uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
