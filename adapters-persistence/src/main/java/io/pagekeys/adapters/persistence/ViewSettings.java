package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the in-process view of decisions ({@link DecisionView}) is bounded, and how often it writes the
 * uses of keys.
 *
 * @param maximumEntries at most this many entries of each kind (keys, a user's memberships in an
 *     organization, pages, organizations); the least likely to be used again go first
 * @param timeToLive an entry is read again from the store at the latest this long after it was loaded,
 *     whatever the notifications say: a safety net, not the way changes arrive
 * @param useFlushInterval uses of keys are written at most once per key per interval, all keys in one
 *     statement; a crash loses at most one interval of {@code last_used_at}
 */
public record ViewSettings(int maximumEntries, Duration timeToLive, Duration useFlushInterval) {

    public ViewSettings {
        requireNonNull(timeToLive, "time to live is null");
        requireNonNull(useFlushInterval, "use flush interval is null");
        if (maximumEntries < 1) {
            throw new IllegalArgumentException("the view needs room for at least 1 entry, not " + maximumEntries);
        }
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("the view's time to live must be positive");
        }
        if (useFlushInterval.isNegative() || useFlushInterval.isZero()) {
            throw new IllegalArgumentException("the interval between writes of uses must be positive");
        }
    }

    /** 10,000 entries of each kind, 5 minutes at most, uses written every second. */
    public static ViewSettings defaults() {
        return new ViewSettings(10_000, Duration.ofMinutes(5), Duration.ofSeconds(1));
    }
}
