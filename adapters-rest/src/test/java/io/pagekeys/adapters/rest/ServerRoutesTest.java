package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pagekeys.domain.KeyScope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerRoutesTest {

    static ApiWorld world;

    @BeforeAll
    static void start() {
        world = ApiWorld.start();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @AfterEach
    void storeAnswersAgain() {
        world.health.set(() -> true);
    }

    @Test
    void helloNeedsNoKey() {
        assertThat(world.get("/api/v2/hello", null).is(200).json().path("message").asText()).isNotBlank();
    }

    @Test
    void healthIsUpWhenTheStoreAnswers() {
        assertThat(world.get("/health", null).is(200).json().path("status").asText()).isEqualTo("up");
    }

    @Test
    void healthIs503WhenTheStoreDoesNotAnswer() {
        world.health.set(() -> false);

        assertThat(world.get("/health", null).is(503).json().path("status").asText()).isEqualTo("down");
    }

    @Test
    void healthIs503WhenTheCheckItselfFails() {
        world.health.set(() -> {
            throw new IllegalStateException("connection refused");
        });

        ApiWorld.Answer answer = world.get("/health", null).is(503);

        assertThat(answer.body()).doesNotContain("connection refused");
    }

    @Test
    void theOpenApiDocumentIsServedWithoutAKey() {
        ApiWorld.Answer answer = world.get("/api/v2/openapi.json", null).is(200);

        assertThat(answer.json().path("openapi").asText()).startsWith("3.");
        assertThat(answer.json().path("paths").has("/api/v2/me")).isTrue();
    }

    @Test
    void everyRouteTheServerRegistersIsDocumented() {
        assertThat(ApiWorld.contract().operations()).containsAll(world.api.routes());
    }

    @Test
    void everyDocumentedOperationIsServed() {
        assertThat(world.api.routes()).containsAll(ApiWorld.contract().operations());
    }

    @Test
    void theContractRefusesABodyThatDoesNotMatchItsSchema() {
        assertThatThrownBy(() -> ApiWorld.contract().check("GET", "/api/v2/hello", 200, Optional.of("application/json"), "{\"hello\": 1}"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> ApiWorld.contract().check("GET", "/api/v2/me", 418, Optional.of("application/json"), "{}"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void theContractRefusesAContentTypeOnAnAnswerWithoutBody() {
        assertThatThrownBy(() -> ApiWorld.contract().check("DELETE", "/api/v2/orgs/1/api_keys/key_00000000000000000", 204,
                Optional.of("application/json"), "")).isInstanceOf(AssertionError.class);
    }

    @Test
    void anUnknownRouteIsA404Problem() {
        world.get("/api/v2/nothing/here", null).isProblem(404, "not_found");
    }

    @Test
    void aWrongMethodIsA405ProblemNamingTheAllowedMethods() {
        ApiWorld.Answer answer = world.send(world.request("/api/v2/hello", null).DELETE()).isProblem(405, "method_not_allowed");

        assertThat(answer.header("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
    }

    @Test
    void aPostWithoutBodyOnARouteThatNeedsOneIs400() {
        world.send(world.request("/api/v2/auth/verify", null).POST(HttpRequest.BodyPublishers.noBody())).isProblem(400, "bad_request");
    }

    @Test
    void headIsAnsweredLikeGetWithoutABody() {
        ApiWorld.Tenant tenant = world.tenant(0);

        String withoutKey = world.raw("HEAD /api/v2/me HTTP/1.1\r\nHost: localhost");
        String withKey = world.raw("HEAD /api/v2/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + tenant.ownerToken());

        assertThat(withoutKey).startsWith("HTTP/1.1 401").contains("WWW-Authenticate: Bearer realm=\"pagekeys\"").endsWith("\r\n\r\n");
        assertThat(withKey).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n");
        assertThat(world.raw("HEAD /health HTTP/1.1\r\nHost: localhost")).startsWith("HTTP/1.1 200");
    }

    @Test
    void aConnectionAnsweredBeforeItsBodyArrivedIsEitherClosedOpenlyOrStillUsable() throws IOException {
        ApiWorld.Tenant tenant = world.tenant(0);
        String orgKey = world.organizationKey(tenant, KeyScope.full());

        try (Socket socket = world.connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // Refused before the body is read (an organization key has no keys of its own); the body is
            // sent only once the answer is in, as a client does whose body left in a later packet.
            out.write(("POST /api/v2/me/api_keys HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + orgKey
                    + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = head(in);
            in.readNBytes(contentLength(head));
            assertThat(head).startsWith("HTTP/1.1 403");

            if (!head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n")) {
                // Kept open, so a client may send its next request on it, and must get an answer.
                out.write(("{}GET /api/v2/hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
            }
        }
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the answer's head ends before the connection does: " + head).isNotNegative();
            head.append((char) b);
        }
        return head.toString();
    }

    private static int contentLength(String head) {
        Matcher length = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)\r\n").matcher(head);
        assertThat(length.find()).as("a length in " + head).isTrue();
        return Integer.parseInt(length.group(1));
    }

    @Test
    void answersAreNotCached() {
        assertThat(world.get("/api/v2/hello", null).header("Cache-Control")).hasValue("no-store");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "DELETE", "PATCH", "OPTIONS"})
    void headersTooLargeGetTheirProblemDocumentWhateverTheMethod(String method) {
        String answer = world.raw(method + " /api/v2/me HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "p".repeat(20 * 1024));

        assertThat(answer).startsWith("HTTP/1.1 431").contains("Content-Type: application/problem+json");
        assertThat(problemIn(answer).path("code").asText()).isEqualTo("request_header_fields_too_large");
    }

    @Test
    void headersTooLargeAre431WithACodeOfTheirOwn() {
        String answer = world.raw("GET /api/v2/hello HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "p".repeat(20 * 1024));

        assertThat(answer).startsWith("HTTP/1.1 431");
        assertThat(problemIn(answer).path("code").asText()).isEqualTo("request_header_fields_too_large");
        assertThat(problemIn(answer).path("status").asInt()).isEqualTo(431);
    }

    @Test
    void aBadRequestHasOneTitleWhoeverAnswersIt() {
        JsonNode byJetty = problemIn(world.raw("GET /api/v2/%zz HTTP/1.1\r\nHost: localhost"));
        JsonNode byTheRoute = world.send(world.request("/api/v2/auth/verify", null).POST(HttpRequest.BodyPublishers.noBody()))
                .isProblem(400, "bad_request").json();

        assertThat(byJetty.path("code").asText()).isEqualTo("bad_request");
        assertThat(byJetty.path("title").asText()).isEqualTo(byTheRoute.path("title").asText());
        assertThat(byJetty.path("error").asText()).isEqualTo(byTheRoute.path("error").asText());
    }

    /** The problem document in a raw answer. */
    private static JsonNode problemIn(String answer) {
        try {
            return ApiWorld.JSON.readTree(answer.substring(answer.indexOf('{'), answer.lastIndexOf('}') + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void whatJettyRefusesByItselfIsAProblemDocumentToo() {
        String answer = world.raw("GET /api/v2/%zz HTTP/1.1\r\nHost: localhost");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).containsIgnoringCase("content-type: application/problem+json");
        assertThat(answer).contains("\"status\":400");
    }
}
