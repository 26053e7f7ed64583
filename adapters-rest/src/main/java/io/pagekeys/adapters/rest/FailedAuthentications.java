package io.pagekeys.adapters.rest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The failed-authentication throttle: a client address that has failed authentication {@code limit}
 * times within the last minute is refused with 429 until the oldest of those failures is a minute old.
 * Kept per instance, in memory: behind a load balancer each instance counts its own (the limit is a brake
 * on guessing, not an exact quota).
 */
final class FailedAuthentications {

    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Beyond this many addresses, addresses without a failure in the window are forgotten. */
    private static final int SWEEP_ABOVE = 10_000;

    private final int limit;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    FailedAuthentications(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Records a failed authentication from {@code address}. */
    void record(String address) {
        Instant now = clock.instant();
        if (failures.size() > SWEEP_ABOVE) {
            sweep(now);
        }
        Deque<Instant> recent = failures.computeIfAbsent(address, any -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(now);
            while (recent.size() > limit) {
                recent.removeFirst();
            }
        }
    }

    /**
     * When {@code address} is throttled, the whole seconds until it may try again (at least 1); empty when
     * it is not.
     */
    OptionalLong retryAfter(String address) {
        Deque<Instant> recent = failures.get(address);
        if (recent == null) {
            return OptionalLong.empty();
        }
        Instant now = clock.instant();
        synchronized (recent) {
            Instant windowStart = now.minus(WINDOW);
            while (!recent.isEmpty() && !recent.peekFirst().isAfter(windowStart)) {
                recent.removeFirst();
            }
            if (recent.size() < limit) {
                return OptionalLong.empty();
            }
            Duration wait = Duration.between(now, recent.peekFirst().plus(WINDOW));
            long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
            return OptionalLong.of(Math.max(1, seconds));
        }
    }

    private void sweep(Instant now) {
        Instant windowStart = now.minus(WINDOW);
        failures.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                Instant last = entry.getValue().peekLast();
                return last == null || !last.isAfter(windowStart);
            }
        });
    }
}
