package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class TokensInUrlsTest {

    static ApiWorld world;
    static ApiWorld.Tenant tenant;

    @BeforeAll
    static void start() {
        world = ApiWorld.start();
        tenant = world.tenant(1);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"api_key", "token", "access_token", "key", "API_KEY"})
    void aQueryParameterNamedLikeACredentialIs400(String name) {
        world.get("/api/v2/me?" + name + "=anything", tenant.ownerToken()).isProblem(400, "token_in_url");
    }

    @Test
    void aQueryValueThatIsATokenIs400AndIsNotRepeated() {
        ApiWorld.Answer answer = world.get("/api/v2/orgs/" + tenant.org() + "/status_pages?q=" + tenant.ownerToken(), null)
                .isProblem(400, "token_in_url");

        assertThat(answer.body()).doesNotContain(tenant.ownerToken());
    }

    @Test
    void aTokenInThePathIs400() {
        world.get("/api/v2/status_pages/" + tenant.ownerToken() + "/incidents", null).isProblem(400, "token_in_url");
    }

    @Test
    void routesWithoutAKeyRefuseTokensInTheUrlToo() {
        world.get("/api/v2/hello?access_token=x", null).isProblem(400, "token_in_url");
        world.get("/health?token=" + tenant.ownerToken(), null).isProblem(400, "token_in_url");
    }

    @Test
    void aTokenInTheUrlIsRefusedEvenAlongsideAValidHeader() {
        world.get("/api/v2/me?x=" + tenant.ownerToken(), tenant.ownerToken()).isProblem(400, "token_in_url");
    }

    @Test
    void aTokenInTheUrlNeverReachesTheLog() {
        String token = tenant.ownerToken();
        String body = token.substring("uk_".length(), "uk_".length() + 43);
        String logged;
        // Our own loggers at their most verbose; the libraries' at info, above which production runs them.
        try (CapturedLogs logs = CapturedLogs.start(name -> name.startsWith("io.pagekeys") ? Level.TRACE : Level.INFO)) {
            LoggerFactory.getLogger(Problems.class).debug("the capture hears debug");
            world.get("/api/v2/me?x=" + token, token).isProblem(400, "token_in_url");
            world.get("/api/v2/orgs/" + tenant.org() + "/status_pages?access_token=" + token, null).isProblem(400, "token_in_url");
            world.get("/api/v2/orgs/" + tenant.org() + "/status_pages?q=uk%5F" + token.substring(3), null).isProblem(400, "token_in_url");
            world.get("/api/v2/status_pages/" + token + "/incidents", tenant.ownerToken()).isProblem(400, "token_in_url");
            world.post("/api/v2/auth/verify?token=" + token, null, "{}").isProblem(400, "token_in_url");
            world.get("/api/v2/nowhere?key=" + token, null).isProblem(400, "token_in_url");
            assertThat(world.raw("GET /api/v2/hello?r=%zz&q=" + token + " HTTP/1.1\r\nHost: localhost")).startsWith("HTTP/1.1 400");
            assertThat(world.raw("GET /api/v2/me?q=" + token + "&pad=" + "x".repeat(16 * 1024) + " HTTP/1.1\r\nHost: localhost"))
                    .startsWith("HTTP/1.1 414");
            logged = logs.text();
        }

        assertThat(logged).contains("the capture hears debug");
        assertThat(logged).doesNotContain(token).doesNotContain(body);
    }

    @Test
    void ordinaryQueryParametersAreAccepted() {
        world.get("/api/v2/me?page=2&per_page=10", tenant.ownerToken()).is(200);
    }

    @Test
    void aMalformedQueryStringIs400() {
        String answer = world.raw("GET /api/v2/hello?q=%zz HTTP/1.1\r\nHost: localhost");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).containsIgnoringCase("content-type: application/problem+json");
    }
}
