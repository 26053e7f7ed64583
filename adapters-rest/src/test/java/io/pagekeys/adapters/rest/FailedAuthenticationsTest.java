package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pagekeys.application.memory.MutableClock;
import io.pagekeys.domain.IpAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The throttle's memory, without HTTP: who counts as one client, and how many clients it keeps. */
class FailedAuthenticationsTest {

    private final MutableClock clock = new MutableClock();

    private static Optional<IpAddress> address(String text) {
        return Optional.of(IpAddress.parse(text));
    }

    @Test
    void anIpv6ClientIsItsSlash64AndAnIpv4ClientItsAddress() {
        assertThat(FailedAuthentications.client(address("2001:db8:a:b:1:2:3:4")))
                .isEqualTo(FailedAuthentications.client(address("2001:db8:a:b::9")))
                .isEqualTo("2001:db8:a:b::/64")
                .isNotEqualTo(FailedAuthentications.client(address("2001:db8:a:c::9")));
        assertThat(FailedAuthentications.client(address("198.51.100.7"))).isEqualTo("198.51.100.7")
                .isNotEqualTo(FailedAuthentications.client(address("198.51.100.8")));
        assertThat(FailedAuthentications.client(Optional.empty())).isEqualTo("unknown");
    }

    @Test
    void theClientsFollowedAreBoundedAndTheOneWhoseLastFailureIsOldestIsForgottenFirst() {
        FailedAuthentications failures = new FailedAuthentications(1, 3, clock);
        failures.record(address("192.0.2.1"));
        clock.advance(Duration.ofSeconds(1));
        failures.record(address("192.0.2.2"));
        clock.advance(Duration.ofSeconds(1));
        failures.record(address("192.0.2.3"));
        clock.advance(Duration.ofSeconds(1));
        failures.record(address("192.0.2.1"));

        failures.record(address("192.0.2.4"));

        assertThat(failures.clients()).isEqualTo(3);
        assertThat(failures.retryAfter(address("192.0.2.2"))).isEmpty();
        assertThat(failures.retryAfter(address("192.0.2.1"))).isPresent();
        assertThat(failures.retryAfter(address("192.0.2.3"))).isPresent();
        assertThat(failures.retryAfter(address("192.0.2.4"))).isPresent();
    }

    @Test
    void aFloodOfAddressesKeepsNoMoreThanTheBound() {
        FailedAuthentications failures = new FailedAuthentications(100, 1_000, clock);

        for (int i = 0; i < 20_000; i++) {
            failures.record(address("2001:db8:" + Integer.toHexString(i >> 16) + ":" + Integer.toHexString(i & 0xFFFF) + "::1"));
        }

        assertThat(failures.clients()).isEqualTo(1_000);
    }

    @Test
    void clientsWhoseFailuresHaveAllLeftTheWindowAreForgottenAtTheNextFailure() {
        FailedAuthentications failures = new FailedAuthentications(100, 1_000, clock);
        failures.record(address("192.0.2.1"));
        failures.record(address("192.0.2.2"));
        clock.advance(Duration.ofSeconds(30));
        failures.record(address("192.0.2.3"));
        clock.advance(Duration.ofSeconds(31));

        failures.record(address("192.0.2.4"));

        assertThat(failures.clients()).isEqualTo(2);
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilTheOldestCountedFailureLeavesTheWindow() {
        FailedAuthentications failures = new FailedAuthentications(2, 10, clock);
        failures.record(address("192.0.2.1"));
        clock.advance(Duration.ofMillis(10_500));
        failures.record(address("192.0.2.1"));

        assertThat(failures.retryAfter(address("192.0.2.1"))).hasValue(50);
        clock.advance(Duration.ofMillis(49_499));
        assertThat(failures.retryAfter(address("192.0.2.1"))).hasValue(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(failures.retryAfter(address("192.0.2.1"))).isEmpty();
    }
}
