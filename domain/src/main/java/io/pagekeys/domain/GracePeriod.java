package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** How long a rotated key keeps working beside its replacement: 0 seconds to 7 days, inclusive. */
public record GracePeriod(Duration duration) {

    public static final Duration MAXIMUM = Duration.ofDays(7);

    public GracePeriod {
        requireNonNull(duration, "duration is null");
        if (duration.isNegative() || duration.compareTo(MAXIMUM) > 0) {
            throw new InvalidValueException("grace_period_seconds", "must be between 0 and " + MAXIMUM.toSeconds() + " seconds");
        }
    }

    public static GracePeriod none() {
        return new GracePeriod(Duration.ZERO);
    }

    public static GracePeriod ofSeconds(long seconds) {
        return new GracePeriod(Duration.ofSeconds(seconds));
    }
}
