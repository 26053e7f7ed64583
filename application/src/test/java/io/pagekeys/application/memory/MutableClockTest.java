package io.pagekeys.application.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void aNewClockStandsAtItsStartInUtc() {
        MutableClock clock = new MutableClock();

        assertThat(clock.instant()).isEqualTo(MutableClock.DEFAULT_START);
        assertThat(clock.instant()).isEqualTo(clock.instant());
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void theClockMovesOnlyWhenSetOrAdvanced() {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00.000001Z"));

        clock.set(Instant.parse("2031-05-05T10:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2031-05-05T10:00:00Z"));

        assertThat(clock.advance(Duration.ofMillis(1_500))).isEqualTo(Instant.parse("2031-05-05T10:00:01.500Z"));
        assertThat(clock.advance(Duration.ofNanos(-1_000))).isEqualTo(Instant.parse("2031-05-05T10:00:01.499999Z"));
        assertThat(clock.millis()).isEqualTo(Instant.parse("2031-05-05T10:00:01.499Z").toEpochMilli());
    }

    @Test
    void anInstantOrStepFinerThanAMicrosecondIsRefused() {
        MutableClock clock = new MutableClock();

        assertThatThrownBy(() -> new MutableClock(Instant.EPOCH.plusNanos(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.set(Instant.EPOCH.plusNanos(999))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.advance(Duration.ofNanos(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.instant()).isEqualTo(MutableClock.DEFAULT_START);
    }

    @Test
    void aViewInAnotherZoneMovesWithTheClock() {
        MutableClock clock = new MutableClock();
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

        clock.advance(Duration.ofHours(1));

        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(paris.instant()).isEqualTo(clock.instant());
    }
}
