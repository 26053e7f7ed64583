package io.pagekeys.adapters.rest;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How often one kind of log line about a request may be written: at most {@code burst} lines in each
 * window, and the first line after a window in which some were held back says how many. A client that
 * makes every request fail (the store down, a request that trips a defect) then cannot fill the disk
 * through the log.
 */
final class ThrottledLog {

    /** The answer to "may I write this line?": whether, and how many lines were held back since the last one written. */
    record Permit(boolean write, long suppressedBefore) {}

    private final int burst;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private long windowStart;
    private int written;
    private long suppressed;

    ThrottledLog(int burst, long window, TimeUnit unit) {
        this(burst, window, unit, System::nanoTime);
    }

    ThrottledLog(int burst, long window, TimeUnit unit, LongSupplier nanoTime) {
        if (burst < 1 || window <= 0) {
            throw new IllegalArgumentException("a burst of at least one line in a positive window");
        }
        this.burst = burst;
        this.windowNanos = unit.toNanos(window);
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
    }

    synchronized Permit permit() {
        long now = nanoTime.getAsLong();
        if (now - windowStart >= windowNanos) {
            windowStart = now;
            written = 0;
        }
        if (written >= burst) {
            suppressed++;
            return new Permit(false, 0);
        }
        written++;
        long before = suppressed;
        suppressed = 0;
        return new Permit(true, before);
    }
}
