package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
