package io.pagekeys.application.memory;

import static java.util.Objects.requireNonNull;

import io.pagekeys.application.port.out.RandomSource;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A deterministic {@link RandomSource} for tests: each call answers bytes that hold a counter (big-endian,
 * in the last bytes), so that every call differs from the others and two runs give the same ids and
 * tokens. Values queued with {@link #thenGive(byte[]...)} come first, for a test that needs a given
 * secret or a collision. Thread-safe. Never for production: it is predictable by design.
 */
public final class SequenceRandomSource implements RandomSource {

    private final Deque<byte[]> queued = new ArrayDeque<>();
    private long next;

    /** A source whose first answer holds 1. */
    public SequenceRandomSource() {
        this(1);
    }

    /** A source whose first answer holds {@code first}. */
    public SequenceRandomSource(long first) {
        this.next = first;
    }

    /**
     * Makes the next calls answer {@code values}, in order, before the counter resumes. Each must have
     * the length that its call asks for.
     */
    public synchronized SequenceRandomSource thenGive(byte[]... values) {
        for (byte[] value : requireNonNull(values, "values is null")) {
            queued.add(requireNonNull(value, "value is null").clone());
        }
        return this;
    }

    @Override
    public synchronized byte[] nextBytes(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count is negative");
        }
        byte[] value = queued.poll();
        if (value != null) {
            if (value.length != count) {
                throw new IllegalStateException("the queued value has " + value.length + " bytes, the call asks for " + count);
            }
            return value;
        }
        byte[] bytes = new byte[count];
        long counter = next++;
        for (int i = count - 1; i >= 0 && i >= count - Long.BYTES; i--) {
            bytes[i] = (byte) counter;
            counter >>>= 8;
        }
        return bytes;
    }
}
