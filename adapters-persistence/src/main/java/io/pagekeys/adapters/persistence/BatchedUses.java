package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uses of keys, coalesced in memory and written in the background: per key only the latest use of
 * an interval is kept, and all keys used in it are written by one statement, which sets
 * {@code last_used_at} where the stored one is older. No request waits for it or holds a key's row lock
 * for it. A use stays pending until a write of it succeeded: a failing write is logged and tried again
 * at the next interval, and reads of keys through this process see pending uses meanwhile
 * ({@link #latest}). {@link #close()} writes what is pending. A crash loses at most one interval.
 *
 * <p>Recording takes no lock: the pending use of a key is a {@link Use} whose instant only moves
 * forward by compare-and-set, so that the requests of one busy key never queue on a lock for it (a
 * {@code ConcurrentHashMap.merge} locks the key's bin). A written use is retired before its entry is
 * removed; a request that finds it retired records into a new one, so that no use recorded during a
 * write is lost with the entry.
 */
final class BatchedUses implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchedUses.class);

    private static final String WRITE = "UPDATE api_keys AS k SET last_used_at = u.at"
            + " FROM unnest(?::text[], ?::timestamptz[]) AS u(id, at)"
            + " WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.at)";

    private final Transactions transactions;
    private final Duration interval;
    private final Map<ApiKeyId, Use> pending = new ConcurrentHashMap<>();
    private final Counter written;
    private final Counter failures;
    private ScheduledExecutorService writer;
    private volatile boolean failing;

    BatchedUses(Transactions transactions, Duration interval, MeterRegistry registry) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.interval = requireNonNull(interval, "interval is null");
        Gauge.builder("pagekeys.uses.pending", pending, Map::size)
                .description("keys whose latest use is not written yet")
                .register(registry);
        this.written = Counter.builder("pagekeys.uses.flushed")
                .description("uses of keys written to the store")
                .register(registry);
        this.failures = Counter.builder("pagekeys.uses.flush.failures")
                .description("writes of uses that failed and wait for the next interval")
                .register(registry);
    }

    /** Records a use of {@code key} at {@code at}; a later one already pending is kept. */
    void record(ApiKeyId key, Instant at) {
        requireNonNull(key, "key is null");
        requireNonNull(at, "at is null");
        long nanos = nanosOf(at);
        while (true) {
            Use use = pending.get(key);
            if (use == null) {
                use = pending.putIfAbsent(key, new Use(nanos));
                if (use == null) {
                    return;
                }
            }
            if (use.advanceTo(nanos)) {
                return;
            }
            // Written and retired meanwhile: out of the way, and into a new one.
            pending.remove(key, use);
        }
    }

    /** {@code key} with its pending use, when that is later than the one it holds. */
    ApiKey latest(ApiKey key) {
        Use pendingUse = pending.get(key.id());
        long use = pendingUse == null ? Use.RETIRED : pendingUse.at;
        if (use == Use.RETIRED) {
            return key;
        }
        Optional<Instant> stored = key.lastUsedAt();
        return stored.isPresent() && nanosOf(stored.get()) >= use ? key : key.usedAt(instantOf(use));
    }

    /**
     * Like {@link #latest(ApiKey)} for a key that may be absent: the same {@code Optional} when nothing
     * is pending for it, so that reading a key allocates nothing more than the copy a later use needs.
     */
    Optional<ApiKey> latestOf(Optional<ApiKey> key) {
        if (key.isEmpty()) {
            return key;
        }
        ApiKey found = key.get();
        ApiKey latest = latest(found);
        return latest == found ? key : Optional.of(latest);
    }

    /**
     * Forgets the pending use of {@code key}: the key has just been written whole, its last use as the
     * writer gave it (which, read through this process, already included the pending one).
     */
    void discard(ApiKeyId key) {
        Use use = pending.get(key);
        if (use != null) {
            use.retire();
            pending.remove(key, use);
        }
    }

    synchronized void start() {
        if (writer != null) {
            return;
        }
        writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pagekeys-uses-writer");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        writer.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Writes every pending use in one statement, and forgets those written (a use recorded meanwhile
     * stays for the next time).
     *
     * @return how many keys were written
     * @throws io.pagekeys.application.StoreUnavailableException when the store cannot take them; they stay pending
     */
    synchronized int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        List<Written> batch = new ArrayList<>();
        // What each pending use holds now: the map goes on taking uses while the statement runs.
        pending.forEach((key, use) -> {
            long at = use.at;
            if (at != Use.RETIRED) {
                batch.add(new Written(key, use, at));
            }
        });
        if (batch.isEmpty()) {
            return 0;
        }
        String[] ids = new String[batch.size()];
        OffsetDateTime[] ats = new OffsetDateTime[batch.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = batch.get(i).key().value();
            ats[i] = instantOf(batch.get(i).at()).atOffset(ZoneOffset.UTC);
        }
        transactions.statement(sql -> sql.execute(WRITE,
                DSL.val(ids, SQLDataType.CLOB.array()),
                DSL.val(ats, SQLDataType.TIMESTAMPWITHTIMEZONE.array())));
        for (Written done : batch) {
            // A use recorded while the statement ran moved the instant on: it stays for the next time.
            if (done.use().retireIfStill(done.at())) {
                pending.remove(done.key(), done.use());
            }
        }
        written.increment(batch.size());
        return batch.size();
    }

    /** Stops the background writer, then writes what is pending. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = writer;
            writer = null;
        }
        if (stopping != null) {
            stopping.shutdown();
            try {
                stopping.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flushQuietly();
    }

    /**
     * The latest use of one key not written yet: its instant, in nanoseconds since the epoch, moves only
     * forward, until it is retired. A number rather than an {@code Instant}: recording a use then
     * compares and sets a primitive field, where a reference would take the collector's barriers on
     * every request (a new, young instant stored into an old object).
     */
    private static final class Use {

        /** The instant of a use that was written and retired: no use records into it any more. */
        static final long RETIRED = Long.MIN_VALUE;

        private static final VarHandle AT;

        static {
            try {
                AT = MethodHandles.lookup().findVarHandle(Use.class, "at", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        volatile long at;

        Use(long at) {
            this.at = at;
        }

        /** Moves the instant to {@code later} unless it is later already; false once retired. */
        boolean advanceTo(long later) {
            while (true) {
                long current = at;
                if (current == RETIRED) {
                    return false;
                }
                if (current >= later || AT.compareAndSet(this, current, later)) {
                    return true;
                }
            }
        }

        /** Retires this use if it still holds {@code written}, the instant just written. */
        boolean retireIfStill(long written) {
            return AT.compareAndSet(this, written, RETIRED);
        }

        void retire() {
            at = RETIRED;
        }
    }

    /**
     * {@code instant} in nanoseconds since the epoch; instants outside the years 1678 to 2261, which
     * no clock of a running server gives, are held at the nearest end of that range.
     */
    static long nanosOf(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
            // One above the mark of a retired use.
            return Use.RETIRED + 1;
        }
        return seconds * 1_000_000_000L + instant.getNano();
    }

    static Instant instantOf(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** A use as a write took it. */
    private record Written(ApiKeyId key, Use use, long at) {}

    private void flushQuietly() {
        try {
            flush();
            if (failing) {
                LOG.info("uses of keys are written again");
                failing = false;
            }
        } catch (RuntimeException e) {
            failures.increment();
            if (!failing) {
                LOG.warn("could not write {} use(s) of keys; trying again in {} ms: {}", pending.size(), interval.toMillis(),
                        e.getMessage());
                failing = true;
            }
        }
    }
}
