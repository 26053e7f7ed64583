package io.pagekeys.application.memory;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that a test sets and advances, at microsecond precision (what PostgreSQL keeps), in UTC. Safe
 * to read from any thread. It stands still until told to move.
 */
public final class MutableClock extends Clock {

    /** Where a clock created without an instant starts. */
    public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** A clock standing at {@link #DEFAULT_START}. */
    public MutableClock() {
        this(DEFAULT_START);
    }

    /**
     * A clock standing at {@code start}.
     *
     * @throws IllegalArgumentException when {@code start} is finer than a microsecond
     */
    public MutableClock(Instant start) {
        this(new AtomicReference<>(checked(start)), ZoneOffset.UTC);
    }

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * Moves the clock to {@code instant}, forwards or backwards.
     *
     * @throws IllegalArgumentException when {@code instant} is finer than a microsecond
     */
    public void set(Instant instant) {
        now.set(checked(instant));
    }

    /**
     * Moves the clock forwards (or backwards, for a negative duration) by {@code duration}, and returns
     * the new instant.
     *
     * @throws IllegalArgumentException when {@code duration} is finer than a microsecond
     */
    public Instant advance(Duration duration) {
        requireNonNull(duration, "duration is null");
        if (duration.getNano() % 1_000 != 0) {
            throw new IllegalArgumentException("the clock moves by whole microseconds, not " + duration);
        }
        return now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view of this clock in another zone: it moves when this one does. */
    @Override
    public Clock withZone(ZoneId otherZone) {
        return new MutableClock(now, requireNonNull(otherZone, "zone is null"));
    }

    private static Instant checked(Instant instant) {
        requireNonNull(instant, "instant is null");
        if (instant.getNano() % 1_000 != 0) {
            throw new IllegalArgumentException(instant + " is finer than a microsecond");
        }
        return instant;
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + ", " + zone + "]";
    }
}
