package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pagekeys.application.port.in.Authentication;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.RevokeKeyCommand;
import io.pagekeys.application.port.in.RotateKeyCommand;
import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Token;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthenticationTest {

    static ApiWorld world;

    @BeforeAll
    static void start() {
        world = ApiWorld.start(settings -> settings.trustingProxies(List.of(Cidr.parse("127.0.0.1"))));
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void aTokenDifferingOnlyInCaseFromTheOneBeforeItOnTheSameConnectionIsRefused() throws Exception {
        ApiWorld.Tenant tenant = world.tenant(0);
        String token = tenant.ownerToken();
        String changed = Character.toUpperCase(token.charAt(0)) + token.substring(1);
        String request = "GET /api/v2/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer %s\r\n%s\r\n";
        String answers;
        // Both requests on one kept-alive connection: the second reads its header after the first's.
        try (Socket socket = new Socket(world.base.getHost(), world.base.getPort())) {
            socket.getOutputStream().write((String.format(request, token, "")
                    + String.format(request, changed, "Connection: close\r\n")).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        int second = answers.indexOf("HTTP/1.1 ", 1);
        assertThat(answers).startsWith("HTTP/1.1 200");
        assertThat(second).as("a second answer in %s", answers).isPositive();
        assertThat(answers.substring(second)).startsWith("HTTP/1.1 401");
    }

    @Test
    void aRequestWithoutKeyIs401WithTheBearerChallenge() {
        ApiWorld.Answer answer = world.get("/api/v2/me", null).isProblem(401, "unauthorized");

        assertThat(answer.header("WWW-Authenticate")).hasValue("Bearer realm=\"pagekeys\"");
    }

    @Test
    void askingWhoAmICountsAsAUseOfTheKey() {
        ApiWorld.Tenant tenant = world.tenant(1);
        IssuedKey key = world.issueUserKey(tenant, tenant.owner(), ApiWorld.fullKey("who am i"));
        world.clock.advance(Duration.ofMinutes(5));

        world.get("/api/v2/me", key.token().reveal()).is(200);

        assertThat(world.access.authenticate(key.token().reveal(), Optional.empty()))
                .isInstanceOfSatisfying(Authentication.Authenticated.class,
                        who -> assertThat(who.principal().key().lastUsedAt()).contains(world.clock.instant()));
    }

    @Test
    void whoAmIShowsTheUseItCountsAsTheStoreKeepsIt() {
        ApiWorld.Tenant tenant = world.tenant(0);
        IssuedKey key = world.issueUserKey(tenant, tenant.owner(), ApiWorld.fullKey("who am i, twice"));
        world.clock.advance(Duration.ofMinutes(5));
        world.get("/api/v2/me", key.token().reveal()).is(200);
        world.clock.advance(Duration.ofMinutes(5));

        ApiWorld.Answer answer = world.get("/api/v2/me", key.token().reveal()).is(200);

        assertThat(answer.json().at("/api_key/last_used_at").asText()).isEqualTo(world.clock.instant().toString());
        assertThat(world.access.authenticate(key.token().reveal(), Optional.empty()))
                .isInstanceOfSatisfying(Authentication.Authenticated.class, who -> assertThat(who.principal().key().lastUsedAt())
                        .map(Object::toString).contains(answer.json().at("/api_key/last_used_at").asText()));
    }

    static Stream<Arguments> unusableKeys() {
        return Stream.of(
                Arguments.of("malformed", (Function<ApiWorld.Tenant, String>) tenant -> "uk_not-a-token"),
                Arguments.of("bad checksum", (Function<ApiWorld.Tenant, String>) tenant ->
                        tenant.ownerToken().substring(0, tenant.ownerToken().length() - 1) + "x"),
                Arguments.of("unknown", (Function<ApiWorld.Tenant, String>) tenant -> unknownToken()),
                Arguments.of("revoked", (Function<ApiWorld.Tenant, String>) tenant -> {
                    IssuedKey key = world.issueUserKey(tenant, tenant.owner(), ApiWorld.fullKey("revoked"));
                    world.keys.revokeOwnKey(Principal.person(tenant.owner()), new RevokeKeyCommand(tenant.id(), key.key().id()));
                    return key.token().reveal();
                }),
                Arguments.of("expired", (Function<ApiWorld.Tenant, String>) tenant -> {
                    String token = world.userKey(tenant, tenant.owner(),
                            ApiWorld.fullKey("expiring").expiringAt(world.clock.instant().plus(Duration.ofHours(1))));
                    world.clock.advance(Duration.ofHours(2));
                    return token;
                }),
                Arguments.of("rotated", (Function<ApiWorld.Tenant, String>) tenant -> {
                    IssuedKey key = world.issueUserKey(tenant, tenant.owner(), ApiWorld.fullKey("rotated"));
                    world.keys.rotateOwnKey(Principal.person(tenant.owner()),
                            new RotateKeyCommand(tenant.id(), key.key().id(), GracePeriod.none()));
                    return key.token().reveal();
                }));
    }

    /** A well-formed token, checksum and all, that no key has. */
    static String unknownToken() {
        byte[] secret = new byte[Token.SECRET_BYTES];
        Arrays.fill(secret, (byte) 0xAB);
        return Token.generate(KeyKind.USER, secret).reveal();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusableKeys")
    void everyUnusableKeyGetsTheSame401SayingNothingOfWhy(String situation, Function<ApiWorld.Tenant, String> key) {
        ApiWorld.Tenant tenant = world.tenant(1);
        String token = key.apply(tenant);
        String withoutKey = world.get("/api/v2/me", null).body();

        ApiWorld.Answer answer = world.get("/api/v2/me", token).isProblem(401, "unauthorized");

        assertThat(answer.body()).isEqualTo(withoutKey);
        assertThat(answer.header("WWW-Authenticate")).hasValue("Bearer realm=\"pagekeys\"");
        assertThat(answer.body()).doesNotContain(token)
                .doesNotContain("malformed", "unknown_key", "revoked", "expired", "rotated", "checksum");
    }

    @Test
    void theTokenAloneIsAcceptedAsWellAsTheBearerScheme() {
        ApiWorld.Tenant tenant = world.tenant(0);

        world.send(world.request("/api/v2/me", null).header("Authorization", tenant.ownerToken())).is(200);
        world.send(world.request("/api/v2/me", null).header("Authorization", "bearer " + tenant.ownerToken())).is(200);
        world.get("/api/v2/me", tenant.ownerToken()).is(200);
    }

    @Test
    void aKeyUsedFromOutsideItsAllowedAddressesIs403IpNotAllowed() {
        ApiWorld.Tenant tenant = world.tenant(0);
        String token = world.userKey(tenant, tenant.owner(),
                ApiWorld.fullKey("office only").fromAddresses(List.of(Cidr.parse("203.0.113.0/24"))));

        world.get("/api/v2/me", token).isProblem(403, "ip_not_allowed");
    }

    @Test
    void theForwardedAddressCountsWhenTheProxyIsTrusted() {
        ApiWorld.Tenant tenant = world.tenant(0);
        String token = world.userKey(tenant, tenant.owner(),
                ApiWorld.fullKey("office only").fromAddresses(List.of(Cidr.parse("203.0.113.0/24"))));

        world.send(world.request("/api/v2/me", token).header("X-Forwarded-For", "203.0.113.7")).is(200);
        world.send(world.request("/api/v2/me", token).header("X-Forwarded-For", "198.51.100.1, 203.0.113.7")).is(200);
        world.send(world.request("/api/v2/me", token).header("X-Forwarded-For", "203.0.113.7, 198.51.100.1"))
                .isProblem(403, "ip_not_allowed");
    }

    @Test
    void theForwardedAddressIsIgnoredFromAnUntrustedPeer() {
        try (ApiWorld untrusting = ApiWorld.start()) {
            ApiWorld.Tenant tenant = untrusting.tenant(0);
            String token = untrusting.userKey(tenant, tenant.owner(),
                    ApiWorld.fullKey("office only").fromAddresses(List.of(Cidr.parse("203.0.113.0/24"))));

            untrusting.send(untrusting.request("/api/v2/me", token).header("X-Forwarded-For", "203.0.113.7"))
                    .isProblem(403, "ip_not_allowed");
        }
    }

    @Test
    void meDescribesAUserKeyAndItsUser() {
        ApiWorld.Tenant tenant = world.tenant(2);
        ApiWorld.Person editor = world.member(tenant, Role.EDITOR);

        ApiWorld.Answer answer = world.get("/api/v2/me", editor.token()).is(200);

        assertThat(answer.json().at("/principal/type").asText()).isEqualTo("user");
        assertThat(answer.json().at("/principal/organization_id").asLong()).isEqualTo(tenant.org());
        assertThat(answer.json().at("/principal/user_id").asLong()).isEqualTo(editor.id().value());
        assertThat(answer.json().at("/principal/email").asText()).isEqualTo(editor.email());
        assertThat(answer.json().at("/api_key/kind").asText()).isEqualTo("user");
        assertThat(answer.json().at("/api_key/page_rule").asText()).isEqualTo("all");
        assertThat(answer.json().at("/api_key/scope")).hasSize(10);
        assertThat(answer.json().at("/api_key").has("token")).isFalse();
        assertThat(answer.body()).doesNotContain(editor.token());
    }

    @Test
    void meDescribesAnOrganizationKey() {
        ApiWorld.Tenant tenant = world.tenant(2);
        String token = world.organizationKey(tenant, KeyScope.readOnly(), tenant.page(1));

        ApiWorld.Answer answer = world.get("/api/v2/me", token).is(200);

        assertThat(answer.json().at("/principal/type").asText()).isEqualTo("organization");
        assertThat(answer.json().at("/principal/user_id").isNull()).isTrue();
        assertThat(answer.json().at("/principal/email").isNull()).isTrue();
        assertThat(answer.json().at("/api_key/scope").toString()).isEqualTo("[\"pages.read\"]");
        assertThat(answer.json().at("/api_key/page_rule").asText()).isEqualTo("selected");
        assertThat(answer.json().at("/api_key/status_pages").toString()).isEqualTo("[\"" + tenant.page(1) + "\"]");
    }
}
