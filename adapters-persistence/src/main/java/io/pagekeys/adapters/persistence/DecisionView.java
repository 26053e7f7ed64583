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
import java.util.function.Predicate;
import java.util.function.Supplier;

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
 *       confirmation. When the listener is not connected, or falls behind, every read goes to the store
 *       (which fails closed when it is down). Each time the listener connects it forgets everything, so
 *       that nothing missed while it was away survives.
 * </ol>
 *
 * <p>No load that began before a change may put back what the change made the view forget: every
 * change counts in {@link #changes}, and a value loaded from the store is kept only if no change was
 * counted while it was loading (checked atomically with the insertion). Entries also expire after the
 * configured time to live, as a safety net.
 *
 * <p>Not started, the view is never trusted: every read goes to the store. {@link #start()} starts the
 * listener and the writer of uses; {@link #close()} stops them, writing the uses still pending.
 */
public final class DecisionView implements AutoCloseable {

    /** How long a confirmation of the listener lets the view answer: the promise of propagation. */
    static final long LEASE_MILLIS = 1_000;

    private static final long LEASE_NANOS = TimeUnit.MILLISECONDS.toNanos(LEASE_MILLIS);

    private final Transactions transactions;
    private final Cache<TokenFingerprint, Entry<Optional<ApiKey>>> keysByFingerprint;
    private final Cache<ApiKeyId, Entry<Optional<ApiKey>>> keysById;
    private final Cache<MembershipsOf, Entry<List<Membership>>> memberships;
    private final Cache<Subdomain, Entry<Optional<StatusPage>>> pages;
    private final Cache<OrganizationId, Entry<Optional<Organization>>> organizations;
    private final BatchedUses uses;
    private final ChangeListener listener;

    /** Every change counted so far; a load keeps its value only if this did not move while it loaded. */
    private final AtomicLong changes = new AtomicLong();

    /** Entries loaded before this count of changes are dead: {@link #forgetAll} was called after them. */
    private volatile long forgottenBefore;

    private volatile boolean listening;
    private volatile long confirmedAt;

    private final Counter localInvalidations;
    private final Counter notifiedInvalidations;
    private final Counter fullInvalidations;

    /** A value of the store as loaded after {@code changesBefore} changes. */
    private record Entry<V>(V value, long changesBefore) {}

    /** The key of the memberships cache. */
    private record MembershipsOf(UserId user, OrganizationId organization) {}

    DecisionView(Transactions transactions, DedicatedConnection connections, ViewSettings settings, MeterRegistry registry) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        requireNonNull(connections, "connections is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(registry, "registry is null");
        this.keysByFingerprint = cache(settings, registry, "keys_by_fingerprint");
        this.keysById = cache(settings, registry, "keys_by_id");
        this.memberships = cache(settings, registry, "memberships");
        this.pages = cache(settings, registry, "pages");
        this.organizations = cache(settings, registry, "organizations");
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
        listener.start();
    }

    /**
     * Whether reads outside a unit of work may be answered from memory now: the listener is connected
     * and confirmed less than {@value #LEASE_MILLIS} ms ago that it has applied every change before.
     */
    public boolean trusted() {
        return listening && System.nanoTime() - confirmedAt < LEASE_NANOS;
    }

    /** Stops the listener, then writes the uses still pending. Idempotent. */
    @Override
    public synchronized void close() {
        listener.close();
        listening = false;
        uses.close();
    }

    // ---- reads -------------------------------------------------------------------------------

    /** The key of that fingerprint, from memory when the view may answer, else as {@code load} reads it. */
    Optional<ApiKey> keyByFingerprint(TokenFingerprint fingerprint, Supplier<Optional<ApiKey>> load) {
        // Only keys that exist are kept: a stream of invented tokens must not crowd out the real ones.
        return read(keysByFingerprint, fingerprint, load, Optional::isPresent);
    }

    /** The key of that id, from memory when the view may answer, else as {@code load} reads it. */
    Optional<ApiKey> keyById(ApiKeyId id, Supplier<Optional<ApiKey>> load) {
        return read(keysById, id, load, Optional::isPresent);
    }

    /** Both levels of memberships of a user in an organization (none is an answer kept too). */
    List<Membership> memberships(UserId user, OrganizationId organization, Supplier<List<Membership>> load) {
        return read(memberships, new MembershipsOf(user, organization), load, found -> true);
    }

    Optional<StatusPage> page(Subdomain subdomain, Supplier<Optional<StatusPage>> load) {
        // An unknown page is kept too: creating it notifies, as any change does.
        return read(pages, subdomain, load, found -> true);
    }

    Optional<Organization> organization(OrganizationId id, Supplier<Optional<Organization>> load) {
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
            forgetAll(keysByFingerprint, keysById);
            localInvalidations.increment();
        });
    }

    void changedMemberships(UserId user, OrganizationId organization) {
        transactions.afterCommit(() -> {
            forget(memberships, new MembershipsOf(user, organization));
            localInvalidations.increment();
        });
    }

    /** A page changed, or went with its page-level memberships and its place in keys' selections. */
    void changedPage(Subdomain subdomain, boolean removed) {
        transactions.afterCommit(() -> {
            forget(pages, subdomain);
            if (removed) {
                forgetAll();
            }
            localInvalidations.increment();
        });
    }

    void changedOrganization(OrganizationId id) {
        transactions.afterCommit(() -> {
            forget(organizations, id);
            localInvalidations.increment();
        });
    }

    /** What a notification names: forgotten at once. */
    void notified(ChangeNotice notice) {
        if (notice instanceof ChangeNotice.OfKey key) {
            forgetKey(key.id(), key.fingerprint());
        } else if (notice instanceof ChangeNotice.OfMemberships of) {
            forget(memberships, new MembershipsOf(of.user(), of.organization()));
        } else if (notice instanceof ChangeNotice.OfPage page) {
            forget(pages, page.subdomain());
        } else if (notice instanceof ChangeNotice.OfOrganization organization) {
            forget(organizations, organization.id());
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
    }

    void listenerLost() {
        listening = false;
    }

    // ---- the machinery -----------------------------------------------------------------------

    private <K, V> V read(Cache<K, Entry<V>> cache, K key, Supplier<V> load, Predicate<V> keep) {
        if (transactions.inUnitOfWork() || !trusted()) {
            return load.get();
        }
        Entry<V> entry = cache.getIfPresent(key);
        if (entry != null && entry.changesBefore() >= forgottenBefore) {
            return entry.value();
        }
        long before = changes.get();
        V value = load.get();
        if (keep.test(value)) {
            // Atomic with forget() of the same key, which counts the change first and then removes:
            // either this runs first and forget() removes what it put, or it sees the count moved.
            cache.asMap().compute(key, (k, old) -> changes.get() == before ? new Entry<>(value, before) : null);
        }
        return value;
    }

    private void forgetKey(ApiKeyId id, Optional<TokenFingerprint> fingerprint) {
        if (fingerprint.isPresent()) {
            forget(keysByFingerprint, fingerprint.get());
        } else {
            // The notification of a key that is gone names no fingerprint: forget every key's.
            forgetAll(keysByFingerprint);
        }
        forget(keysById, id);
    }

    private <K> void forget(Cache<K, ?> cache, K key) {
        changes.incrementAndGet();
        cache.invalidate(key);
    }

    private void forgetAll() {
        forgetAll(keysByFingerprint, keysById, memberships, pages, organizations);
        fullInvalidations.increment();
    }

    private void forgetAll(Cache<?, ?>... caches) {
        changes.incrementAndGet();
        for (Cache<?, ?> cache : caches) {
            cache.invalidateAll();
        }
        // invalidateAll may miss an entry put while it ran; the count marks every older entry dead. The
        // dead entries of the caches not named here die too: they are loaded again, which is harmless.
        forgottenBefore = changes.incrementAndGet();
    }

    private static <K, V> Cache<K, V> cache(ViewSettings settings, MeterRegistry registry, String name) {
        Cache<K, V> cache = Caffeine.newBuilder()
                .maximumSize(settings.maximumEntries())
                .expireAfterWrite(settings.timeToLive())
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, cache, "pagekeys_view_" + name);
        return cache;
    }

    private static Counter invalidations(MeterRegistry registry, String source) {
        return Counter.builder("pagekeys.view.invalidations")
                .description("entries of the view forgotten because something changed")
                .tag("source", source)
                .register(registry);
    }
}
