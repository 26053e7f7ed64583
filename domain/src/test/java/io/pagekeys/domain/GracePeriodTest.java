package io.pagekeys.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GracePeriodTest {

    @Test
    void noGraceIsZero() {
        assertThat(GracePeriod.none().duration()).isEqualTo(Duration.ZERO);
        assertThat(GracePeriod.ofSeconds(0)).isEqualTo(GracePeriod.none());
    }

    @Test
    void sevenDaysIsTheLongestGrace() {
        assertThat(GracePeriod.ofSeconds(7 * 24 * 3600).duration()).isEqualTo(Duration.ofDays(7));
        assertThat(new GracePeriod(Duration.ofDays(7)).duration()).isEqualTo(GracePeriod.MAXIMUM);
    }

    @Test
    void graceBeyondSevenDaysIsRefused() {
        assertThatThrownBy(() -> GracePeriod.ofSeconds(7 * 24 * 3600 + 1))
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.field()).isEqualTo("grace_period_seconds"));
        assertThatThrownBy(() -> new GracePeriod(Duration.ofDays(7).plusNanos(1))).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void negativeGraceIsRefused() {
        assertThatThrownBy(() -> GracePeriod.ofSeconds(-1)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new GracePeriod(Duration.ofNanos(-1))).isInstanceOf(InvalidValueException.class);
    }
}
