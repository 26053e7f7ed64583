package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.Membership;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.TokenFingerprint;
import io.pagekeys.domain.UserId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Function;

/**
 * What decisions need, kept in this process: keys by fingerprint and by id, a user's memberships in an
 * organization, pages by subdomain, organizations by id. The jOOQ adapters read through it outside a
 * unit of work (authentication, verification, use cases that only read); inside one, every read goes
 * to the store, in its transaction, as before. A use of a key is kept here too, and written in batches
 * ({@link BatchedUses}).
 *
 * <p>It is kept fresh in three layers:
 *
 * <ol>
 *   <li>a change made through this process forgets what it changed once its unit of work has committed,
 *       before the use case returns (read your writes);
 *   <li>triggers on the tables notify every instance at commit (channel {@code pagekeys_view}), and a
 *       {@link ChangeListener} on a connection of its own forgets what they name;
 *   <li>the view is trusted only while that listener holds a lease: it confirms, by a round trip on
 *       its connection, that it has applied every notification of changes committed before the round
 *       trip began, and the view answers for at most {@value #LEASE_MILLIS} ms after such a
 *       confirmation. The lease is judged off the request path: a thread of its own looks at the clock
 *       every {@value #TICK_MILLIS} ms and withdraws the trust once {@value #TRUST_MILLIS} ms have
 *       passed since the last confirmation, so that a read of the view costs no reading of the clock (on
 *       a virtual machine, one costs as much as half a SHA-256 of a token) and that a lease check late by
 *       up to {@value #GUARD_MILLIS} ms still ends the trust within the lease. When the listener is not
 *       connected, or falls behind, every read goes to the store (which fails closed when it is down).
 *       Each time the listener connects it forgets everything, so that nothing missed while it was away
 *       survives.
 * </ol>
 *
 * <p>No load that began before a change may put back what the change made the view forget: each cache
 * counts its changes, and a value loaded from the store is kept only if no change of that cache was
 * counted while it was loading (checked atomically with the insertion). Entries also expire after the
 * configured time to live, as a safety net.
 *
 * <p>Not started, the view is never trusted: every read goes to the store. {@link #start()} starts the
 * listener and the writer of uses; {@link #close()} stops them, writing the uses still pending.
 */
public final class DecisionView implements AutoCloseable {

    /** How long a confirmation of the listener lets the view answer: the promise of propagation. */
    static final long LEASE_MILLIS = 1_000;

    /** How often the lease is judged, and the age of entries measured. */
    static final long TICK_MILLIS = 10;

    /** How much later than due a judgement of the lease may come and still end the trust within it. */
    static final long GUARD_MILLIS = 100;

    /** How long after a confirmation the view stops answering, at the judgement due then. */
    static final long TRUST_MILLIS = LEASE_MILLIS - GUARD_MILLIS;

    private static final long TRUST_NANOS = TimeUnit.MILLISECONDS.toNanos(TRUST_MILLIS);

    private final Transactions transactions;
    private final Region<TokenFingerprint, Optional<ApiKey>> keysByFingerprint;
    private final Region<ApiKeyId, Optional<ApiKey>> keysById;
    private final Region<MembershipsOf, List<Membership>> memberships;
    private final Region<Subdomain, Optional<StatusPage>> pages;
    private final Region<OrganizationId, Optional<Organization>> organizations;
    private final List<Region<?, ?>> regions;
    private final BatchedUses uses;
    private final ChangeListener listener;

    private final Daemon lease = new Daemon("pagekeys-view-lease", this::judgeUntilStopped);
    private final Object judging = new Object();

    private volatile boolean listening;
    private volatile long confirmedAt;
    /** Whether reads outside a unit of work may be answered from memory: judged by the lease's thread ({@link #judgeUntilStopped}). */
    private volatile boolean trusted;
    /** The {@link System#nanoTime()} of the lease's last judgement: the clock of entries' ages. */
    private volatile long tick = System.nanoTime();

    private final Counter localInvalidations;
    private final Counter notifiedInvalidations;
    private final Counter fullInvalidations;

    /** The key of the memberships cache: a user in an organization. */
    record MembershipsOf(UserId user, OrganizationId organization) {}

    DecisionView(Transactions transactions, DedicatedConnection connections, ViewSettings settings, MeterRegistry registry) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        requireNonNull(connections, "connections is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(registry, "registry is null");
        this.keysByFingerprint = new Region<>(settings, registry, "keys_by_fingerprint");
        this.keysById = new Region<>(settings, registry, "keys_by_id");
        this.memberships = new Region<>(settings, registry, "memberships");
        this.pages = new Region<>(settings, registry, "pages");
        this.organizations = new Region<>(settings, registry, "organizations");
        this.regions = List.of(keysByFingerprint, keysById, memberships, pages, organizations);
        this.localInvalidations = invalidations(registry, "local");
        this.notifiedInvalidations = invalidations(registry, "notification");
        this.fullInvalidations = invalidations(registry, "everything");
        Gauge.builder("pagekeys.view.trusted", this, view -> view.trusted() ? 1 : 0)
                .description("1 while the view answers decisions, 0 while they go to the store")
                .register(registry);
        this.uses = new BatchedUses(transactions, settings.useFlushInterval(), registry);
        this.listener = new ChangeListener(connections, this, registry);
    }

    /** Starts listening for changes and writing uses. Until the listener confirms, reads go to the store. */
    public synchronized void start() {
        uses.start();
        lease.start();
        listener.start();
    }

    /**
     * Whether reads outside a unit of work may be answered from memory now: the listener is connected
     * and confirmed less than {@value #LEASE_MILLIS} ms ago that it has applied every change before.
     */
    public boolean trusted() {
        return trusted;
    }

    /** Judges the lease now: trusted while the listener listens and confirmed less than {@value #TRUST_MILLIS} ms ago. */
    private void judge() {
        // One judgement at a time, so that none made before the listener was lost writes after it.
        synchronized (judging) {
            long now = System.nanoTime();
            tick = now;
            trusted = listening && now - confirmedAt < TRUST_NANOS;
        }
    }

    /**
     * Whether the listener has confirmed that it applied every change committed before {@code nanoTime}
     * (a {@link System#nanoTime()}), and still listens.
     */
    boolean caughtUpWith(long nanoTime) {
        return listening && confirmedAt - nanoTime >= 0;
    }

    /** Stops the listener, then writes the uses still pending. Idempotent. */
    @Override
    public synchronized void close() {
        listener.close();
        listenerLost();
        lease.stop(LockSupport::unpark);
        uses.close();
    }

    // ---- reads -------------------------------------------------------------------------------

    // Each read takes the loader as a function of its key, which the adapters hold in a field: a loader
    // capturing the key would be made on every read, even when memory answers.

    /** The key of that fingerprint, from memory when the view may answer, else as {@code load} reads it. */
    Optional<ApiKey> keyByFingerprint(TokenFingerprint fingerprint, Function<TokenFingerprint, Optional<ApiKey>> load) {
        // Only keys that exist are kept: a stream of invented tokens must not crowd out the real ones.
        return read(keysByFingerprint, fingerprint, load, Optional::isPresent);
    }

    /** The key of that id, from memory when the view may answer, else as {@code load} reads it. */
    Optional<ApiKey> keyById(ApiKeyId id, Function<ApiKeyId, Optional<ApiKey>> load) {
        return read(keysById, id, load, Optional::isPresent);
    }

    /** Both levels of memberships of a user in an organization (none is an answer kept too). */
    List<Membership> memberships(MembershipsOf of, Function<MembershipsOf, List<Membership>> load) {
        return read(memberships, of, load, found -> true);
    }

    Optional<StatusPage> page(Subdomain subdomain, Function<Subdomain, Optional<StatusPage>> load) {
        // An unknown page is kept too: creating it notifies, as any change does.
        return read(pages, subdomain, load, found -> true);
    }

    Optional<Organization> organization(OrganizationId id, Function<OrganizationId, Optional<Organization>> load) {
        return read(organizations, id, load, found -> true);
    }

    /** Uses of keys recorded here and not written yet. */
    BatchedUses uses() {
        return uses;
    }

    // ---- what changed ------------------------------------------------------------------------

    /** Forgets a key changed by this process, once the current unit of work commits. */
    void changedKey(ApiKeyId id, TokenFingerprint fingerprint) {
        transactions.afterCommit(() -> {
            forgetKey(id, Optional.of(fingerprint));
            localInvalidations.increment();
        });
    }

    /** Forgets every key, once the current unit of work commits: for a change to many keys' selections. */
    void changedAllKeys() {
        transactions.afterCommit(() -> {
            keysByFingerprint.forgetAll();
            keysById.forgetAll();
            localInvalidations.increment();
        });
    }

    void changedMemberships(UserId user, OrganizationId organization) {
        transactions.afterCommit(() -> {
            memberships.forget(new MembershipsOf(user, organization));
            localInvalidations.increment();
        });
    }

    /** A page changed, or went with its page-level memberships and its place in keys' selections. */
    void changedPage(Subdomain subdomain, boolean removed) {
        transactions.afterCommit(() -> {
            pages.forget(subdomain);
            if (removed) {
                forgetAll();
            }
            localInvalidations.increment();
        });
    }

    void changedOrganization(OrganizationId id) {
        transactions.afterCommit(() -> {
            organizations.forget(id);
            localInvalidations.increment();
        });
    }

    /** What a notification names: forgotten at once. */
    void notified(ChangeNotice notice) {
        if (notice instanceof ChangeNotice.OfKey key) {
            forgetKey(key.id(), key.fingerprint());
        } else if (notice instanceof ChangeNotice.OfMemberships of) {
            memberships.forget(new MembershipsOf(of.user(), of.organization()));
        } else if (notice instanceof ChangeNotice.OfPage page) {
            pages.forget(page.subdomain());
        } else if (notice instanceof ChangeNotice.OfOrganization organization) {
            organizations.forget(organization.id());
        } else {
            forgetAll();
        }
        notifiedInvalidations.increment();
    }

    /** The listener is connected and listens: forget everything it may have missed, and wait for its confirmation. */
    void listenerConnected() {
        forgetAll();
        listening = true;
    }

    /** Every change committed before {@code sentAt} (a {@link System#nanoTime()}) has been applied. */
    void confirmed(long sentAt) {
        confirmedAt = sentAt;
        judge();
    }

    void listenerLost() {
        synchronized (judging) {
            listening = false;
            trusted = false;
        }
    }

    /** The {@link System#nanoTime()} by which entries' ages are told now (the lease's last judgement). */
    long ageClock() {
        return tick;
    }

    // ---- the machinery -----------------------------------------------------------------------

    private <K, V> V read(Region<K, V> region, K key, Function<K, V> load, Predicate<V> keep) {
        if (!trusted || transactions.inUnitOfWork()) {
            return load.apply(key);
        }
        return region.read(key, load, keep, tick);
    }

    private void forgetKey(ApiKeyId id, Optional<TokenFingerprint> fingerprint) {
        if (fingerprint.isPresent()) {
            keysByFingerprint.forget(fingerprint.get());
        } else {
            // The notification of a key that is gone names no fingerprint: forget every key's.
            keysByFingerprint.forgetAll();
        }
        keysById.forget(id);
    }

    private void forgetAll() {
        regions.forEach(Region::forgetAll);
        fullInvalidations.increment();
    }

    private static Counter invalidations(MeterRegistry registry, String source) {
        return Counter.builder("pagekeys.view.invalidations")
                .description("entries of the view forgotten because something changed")
                .tag("source", source)
                .register(registry);
    }

    /**
     * The work of the lease's thread: judges the lease every {@value #TICK_MILLIS} ms. A judgement
     * withdraws the trust as soon as it finds the lease run out, whatever it is late by; a thread that
     * ends, or fails, withdraws it too.
     */
    private void judgeUntilStopped() {
        long period = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
        try {
            while (lease.running()) {
                judge();
                LockSupport.parkNanos(this, period);
            }
        } finally {
            trusted = false;
        }
    }

    /**
     * One cache of the view, with its own count of changes: a load keeps its value only if no change of
     * this cache was counted while it loaded, so that a load that began before a change cannot put back
     * what the change made the view forget. Changes of other caches do not disturb its loads.
     */
    private static final class Region<K, V> {

        /**
         * A value of the store as loaded after {@code changesBefore} changes of this cache, by a load
         * that began at {@code loadedAt} (a {@link System#nanoTime()}).
         */
        private record Entry<V>(V value, long changesBefore, long loadedAt) {}

        private final Cache<K, Entry<V>> cache;

        /**
         * The time to live, judged here rather than by the cache, against the lease's last judgement: a
         * cache that expires entries itself reads the clock on every read.
         */
        private final long timeToLiveNanos;

        /** Every change of this cache counted so far. */
        private final AtomicLong changes = new AtomicLong();

        /** Entries loaded before this count of changes are dead: {@link #forgetAll} was called after them. */
        private volatile long forgottenBefore;

        Region(ViewSettings settings, MeterRegistry registry, String name) {
            // An entry past its time to live is loaded again when read, and goes when the size needs room.
            this.cache = Caffeine.newBuilder()
                    .maximumSize(settings.maximumEntries())
                    .recordStats()
                    .build();
            this.timeToLiveNanos = settings.timeToLive().toNanos();
            CaffeineCacheMetrics.monitor(registry, cache, "pagekeys_view_" + name);
        }

        /** The value of {@code key}, from memory when it holds a live one, else as {@code load} reads it at {@code now}. */
        V read(K key, Function<K, V> load, Predicate<V> keep, long now) {
            Entry<V> entry = cache.getIfPresent(key);
            if (entry != null && entry.changesBefore() >= forgottenBefore && now - entry.loadedAt() < timeToLiveNanos) {
                return entry.value();
            }
            long before = changes.get();
            V value = load.apply(key);
            if (keep.test(value)) {
                // Atomic with forget() of the same key, which counts the change first and then removes:
                // either this runs first and forget() removes what it put, or it sees the count moved.
                cache.asMap().compute(key, (k, old) -> changes.get() == before ? new Entry<>(value, before, now) : null);
            }
            return value;
        }

        void forget(K key) {
            changes.incrementAndGet();
            cache.invalidate(key);
        }

        void forgetAll() {
            changes.incrementAndGet();
            cache.invalidateAll();
            // invalidateAll may miss an entry put while it ran; the count marks every older entry dead.
            forgottenBefore = changes.incrementAndGet();
        }
    }
}
