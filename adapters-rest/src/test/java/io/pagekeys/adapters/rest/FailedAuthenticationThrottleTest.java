package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pagekeys.application.port.in.KeyRequest;
import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The loopback peer is a trusted proxy here, so that each test speaks for client addresses of its own
 * through {@code X-Forwarded-For}.
 */
class FailedAuthenticationThrottleTest {

    static ApiWorld world;
    static int addresses;

    @BeforeAll
    static void start() {
        world = ApiWorld.start(settings -> settings.trustingProxies(List.of(Cidr.parse("127.0.0.1"))));
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static synchronized String newAddress() {
        addresses++;
        return "198.51.100." + addresses;
    }

    /** The first four groups of an IPv6 /64 of its own, with a trailing colon. */
    private static synchronized String newNetwork() {
        addresses++;
        return "2001:db8:" + Integer.toHexString(addresses) + ":7:";
    }

    private static ApiWorld.Answer meFrom(String address, String token) {
        return world.send(world.request("/api/v2/me", token).header("X-Forwarded-For", address));
    }

    private static void failAHundredTimes(String address) {
        for (int i = 0; i < RestSettings.DEFAULT_FAILED_AUTHENTICATION_LIMIT; i++) {
            meFrom(address, i % 2 == 0 ? null : "uk_guess" + i).isProblem(401, "unauthorized");
        }
    }

    @Test
    void anAddressThatFailsAHundredTimesWithinAMinuteGets429WithRetryAfter() {
        String address = newAddress();
        failAHundredTimes(address);

        ApiWorld.Answer answer = meFrom(address, null).isProblem(429, "too_many_requests");

        assertThat(answer.header("Retry-After")).hasValue("60");
    }

    @Test
    void retryAfterCountsDownToWhenTheOldestFailureLeavesTheWindow() {
        String address = newAddress();
        failAHundredTimes(address);
        world.clock.advance(Duration.ofSeconds(45));

        assertThat(meFrom(address, "uk_wrong").isProblem(429, "too_many_requests").header("Retry-After")).hasValue("15");
    }

    @Test
    void aValidKeyIsNeverThrottled() {
        ApiWorld.Tenant tenant = world.tenant(0);
        String address = newAddress();
        failAHundredTimes(address);

        meFrom(address, tenant.ownerToken()).is(200);
        meFrom(address, AuthenticationTest.unknownToken()).isProblem(429, "too_many_requests");
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        String network = newNetwork();
        for (int i = 0; i < RestSettings.DEFAULT_FAILED_AUTHENTICATION_LIMIT; i++) {
            meFrom(network + Integer.toHexString(i + 1) + "::1", null).isProblem(401, "unauthorized");
        }

        meFrom(network + "ffff:ffff:ffff:ffff", null).isProblem(429, "too_many_requests");
        meFrom(network.replace(":7:", ":8:") + "1::1", null).isProblem(401, "unauthorized");
    }

    @Test
    void otherAddressesAreNotThrottled() {
        String address = newAddress();
        failAHundredTimes(address);

        meFrom(newAddress(), null).isProblem(401, "unauthorized");
    }

    @Test
    void failuresOlderThanAMinuteNoLongerCount() {
        String address = newAddress();
        failAHundredTimes(address);
        world.clock.advance(Duration.ofSeconds(61));

        meFrom(address, null).isProblem(401, "unauthorized");
    }

    @Test
    void ninetyNineFailuresAreNotYetThrottled() {
        String address = newAddress();
        for (int i = 0; i < RestSettings.DEFAULT_FAILED_AUTHENTICATION_LIMIT - 1; i++) {
            meFrom(address, null).is(401);
        }

        meFrom(address, null).isProblem(401, "unauthorized");
    }

    @Test
    void verifyIsNotThrottled() {
        ApiWorld.Tenant tenant = world.tenant(1);
        String address = newAddress();
        failAHundredTimes(address);

        ApiWorld.Answer answer = world.send(world.request("/api/v2/auth/verify", null)
                .header("X-Forwarded-For", address)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"token": "uk_wrong", "status_page": "%s", "permission": "pages.read"}""".formatted(tenant.page(0)))))
                .is(200);

        assertThat(answer.json().path("reason").asText()).isEqualTo("malformed");
    }

    @Test
    void aKeyFromOutsideItsAddressesIsStill403WhenTheAddressIsThrottled() {
        ApiWorld.Tenant tenant = world.tenant(0);
        String token = world.organizationKey(tenant, KeyRequest
                .of(KeyName.of("elsewhere"), KeyScope.readOnly())
                .fromAddresses(List.of(Cidr.parse("203.0.113.0/24")))).token().reveal();
        String address = newAddress();
        failAHundredTimes(address);

        meFrom(address, token).isProblem(403, "ip_not_allowed");
    }

    @Test
    void aLowerLimitCanBeConfigured() {
        try (ApiWorld strict = ApiWorld.start(settings -> settings.withFailedAuthenticationLimit(2))) {
            strict.get("/api/v2/me", null).is(401);
            strict.get("/api/v2/me", null).is(401);

            strict.get("/api/v2/me", null).isProblem(429, "too_many_requests");
        }
    }
}
