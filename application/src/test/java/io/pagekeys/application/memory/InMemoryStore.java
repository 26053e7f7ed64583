package io.pagekeys.application.memory;

import static java.util.Objects.requireNonNull;

import io.pagekeys.application.StoreUnavailableException;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.Incident;
import io.pagekeys.domain.IncidentId;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.Membership;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.TokenFingerprint;
import io.pagekeys.domain.User;
import io.pagekeys.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One in-memory database behind every driven port: the single object a test creates, handing out the
 * ports through {@link #apiKeys()}, {@link #memberships()}, ..., {@link #unitOfWork()}.
 *
 * <p>It behaves as the PostgreSQL schema will, so that a service tested on it meets no surprise on the
 * real store:
 *
 * <ul>
 *   <li>Every call is atomic, and thread-safe: one lock guards the whole store, and a unit of work holds
 *       it from start to end, so units of work run one at a time ({@code lockById} holds trivially).
 *   <li>A call that throws changes nothing; a unit of work that throws is undone entirely, including the
 *       effect of nested units; a nested unit that throws is undone on its own (a savepoint).
 *   <li>Identifiers of organizations, users and incidents come from sequences starting at 1 that, like
 *       PostgreSQL's, are not rolled back: an id is never handed out twice.
 *   <li>Foreign keys hold: a page needs its organization; a membership its user, organization and page
 *       (of that organization); a key its organization, user and selected pages (of its organization);
 *       an incident its page; an event its key (of that organization). A violation is a bug of the
 *       caller and throws {@link IllegalArgumentException}. As in the schema, a rotated key's
 *       {@code replacedBy} and an event's related key are checked only when the outermost unit of work
 *       ends (deferred constraints), so that they may be written in either order.
 *   <li>Deleting a page deletes its page-level memberships and incidents and takes it out of every key's
 *       selection, as the schema's {@code ON DELETE CASCADE} does.
 *   <li>Instants are stored as PostgreSQL stores them, to the microsecond; an instant finer than that is
 *       refused ({@link IllegalArgumentException}) rather than silently rounded, so that a test with a
 *       nanosecond clock fails here and not only on the real database. Use {@link MutableClock}.
 * </ul>
 *
 * <p>{@link #failAll(boolean)} makes every port method throw {@link StoreUnavailableException}, for tests
 * of failing closed. {@link #afterCommitFailures()} shows what the actions run after a commit threw, which
 * the unit of work swallows (the jOOQ adapter logs them).
 */
public final class InMemoryStore {

    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong organizationSequence = new AtomicLong();
    private final AtomicLong userSequence = new AtomicLong();
    private final AtomicLong incidentSequence = new AtomicLong();
    private volatile boolean failing;
    private final List<RuntimeException> afterCommitFailures = new CopyOnWriteArrayList<>();

    // Guarded by lock.
    private Tables tables = new Tables();
    private int unitDepth;
    private final List<Runnable> afterCommit = new ArrayList<>();

    private final InMemoryApiKeys apiKeys = new InMemoryApiKeys(this);
    private final InMemoryMemberships memberships = new InMemoryMemberships(this);
    private final InMemoryOrganizations organizations = new InMemoryOrganizations(this);
    private final InMemoryUsers users = new InMemoryUsers(this);
    private final InMemoryStatusPages statusPages = new InMemoryStatusPages(this);
    private final InMemoryIncidents incidents = new InMemoryIncidents(this);
    private final InMemoryKeyEvents keyEvents = new InMemoryKeyEvents(this);
    private final InMemoryUnitOfWork unitOfWork = new InMemoryUnitOfWork(this);

    public InMemoryApiKeys apiKeys() {
        return apiKeys;
    }

    public InMemoryMemberships memberships() {
        return memberships;
    }

    public InMemoryOrganizations organizations() {
        return organizations;
    }

    public InMemoryUsers users() {
        return users;
    }

    public InMemoryStatusPages statusPages() {
        return statusPages;
    }

    public InMemoryIncidents incidents() {
        return incidents;
    }

    public InMemoryKeyEvents keyEvents() {
        return keyEvents;
    }

    public InMemoryUnitOfWork unitOfWork() {
        return unitOfWork;
    }

    /**
     * While {@code failing} is true, every port method (and the start of every unit of work) throws
     * {@link StoreUnavailableException}, as when the database is down. The data is kept, and is there
     * again once the switch is turned off.
     */
    public void failAll(boolean failing) {
        this.failing = failing;
    }

    /**
     * What the actions given to {@link InMemoryUnitOfWork#afterCommit(Runnable)} inside a unit of work
     * threw after its commit, in the order they threw it: the unit of work swallows it, so that tests can
     * see it here.
     *
     * @return the failures so far, a snapshot; never null
     */
    public List<RuntimeException> afterCommitFailures() {
        return List.copyOf(afterCommitFailures);
    }

    // ---- what the ports build on ------------------------------------------------------------------

    /** Runs a read under the store's lock. */
    <T> T read(Function<Tables, T> query) {
        lock.lock();
        try {
            failIfSwitchedOff();
            return query.apply(tables);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a change under the store's lock, atomically: when it throws, the tables are as before. Outside
     * a unit of work it commits at once, deferred constraints included.
     */
    <T> T write(Function<Tables, T> change) {
        lock.lock();
        try {
            failIfSwitchedOff();
            Tables before = tables.copy();
            try {
                T result = change.apply(tables);
                if (unitDepth == 0) {
                    checkDeferredConstraints();
                }
                return result;
            } catch (RuntimeException | Error e) {
                tables = before;
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} as a unit of work: alone in the store, undone entirely when it throws. A nested
     * unit joins the outer one (its changes are committed with it), and is undone on its own when it
     * throws, like a savepoint.
     */
    <T> T inUnit(Supplier<T> work) {
        requireNonNull(work, "work is null");
        T result;
        List<Runnable> committed;
        lock.lock();
        try {
            if (unitDepth == 0) {
                failIfSwitchedOff();
            }
            Tables before = tables.copy();
            int actionsBefore = afterCommit.size();
            unitDepth++;
            try {
                result = work.get();
                if (unitDepth == 1) {
                    checkDeferredConstraints();
                }
            } catch (Throwable e) {
                tables = before;
                afterCommit.subList(actionsBefore, afterCommit.size()).clear();
                throw InMemoryStore.<RuntimeException>rethrow(e);
            } finally {
                unitDepth--;
            }
            if (unitDepth > 0) {
                return result;
            }
            committed = List.copyOf(afterCommit);
            afterCommit.clear();
        } finally {
            lock.unlock();
        }
        runAfterCommit(committed);
        return result;
    }

    /**
     * Keeps {@code action} until the outermost unit of work of the calling thread commits, or runs it at
     * once, as a plain call, when the thread is in no unit.
     */
    void afterCommit(Runnable action) {
        requireNonNull(action, "action is null");
        if (inUnitOfWork()) {
            afterCommit.add(action);
            return;
        }
        action.run();
    }

    /** Whether the calling thread is inside a unit of work of this store (for tests of where calls happen). */
    public boolean inUnitOfWork() {
        // Only the thread running a unit holds the lock while unitDepth > 0, so the test needs no waiting.
        return lock.isHeldByCurrentThread() && unitDepth > 0;
    }

    /** Runs the actions of a committed unit one after the other; what one throws is kept, not thrown. */
    private void runAfterCommit(List<Runnable> actions) {
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                afterCommitFailures.add(e);
            }
        }
    }

    long nextOrganizationId() {
        return organizationSequence.incrementAndGet();
    }

    long nextUserId() {
        return userSequence.incrementAndGet();
    }

    long nextIncidentId() {
        return incidentSequence.incrementAndGet();
    }

    /** Refuses an instant that PostgreSQL could not keep as it is. */
    static Instant stored(String what, Instant instant) {
        requireNonNull(instant, what + " is null");
        if (instant.getNano() % 1_000 != 0) {
            throw new IllegalArgumentException(what + " " + instant
                    + " is finer than a microsecond, which the database does not keep; use a clock of microsecond precision");
        }
        return instant;
    }

    static Optional<Instant> stored(String what, Optional<Instant> instant) {
        requireNonNull(instant, what + " is null").ifPresent(value -> stored(what, value));
        return instant;
    }

    private void failIfSwitchedOff() {
        if (failing) {
            throw new StoreUnavailableException("the in-memory store is switched off", null);
        }
    }

    private void checkDeferredConstraints() {
        for (ApiKey key : tables.keys.values()) {
            key.rotation().ifPresent(rotation -> {
                if (!tables.keys.containsKey(rotation.replacedBy())) {
                    throw new IllegalArgumentException("key " + key.id() + " is replaced by key " + rotation.replacedBy()
                            + ", which does not exist (a foreign key violation in the database)");
                }
            });
        }
        for (KeyEvent event : tables.events) {
            event.relatedKey().ifPresent(related -> {
                if (!tables.keys.containsKey(related)) {
                    throw new IllegalArgumentException("an event of key " + event.key() + " names key " + related
                            + ", which does not exist (a foreign key violation in the database)");
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable e) throws E {
        // Rethrows the work's exception as it is, checked ones included.
        throw (E) e;
    }

    /** The rows of every table. Values are immutable, so a copy of the maps is a snapshot. */
    static final class Tables {

        final Map<OrganizationId, Organization> organizations;
        final Map<UserId, User> users;
        final Map<EmailAddress, UserId> usersByEmail;
        final Map<Subdomain, StatusPage> pages;
        final Map<MembershipKey, Membership> memberships;
        final Map<ApiKeyId, ApiKey> keys;
        final Map<TokenFingerprint, ApiKeyId> keysByFingerprint;
        final Map<IncidentId, Incident> incidents;
        final List<KeyEvent> events;

        Tables() {
            organizations = new HashMap<>();
            users = new HashMap<>();
            usersByEmail = new HashMap<>();
            pages = new TreeMap<>();
            memberships = new LinkedHashMap<>();
            keys = new LinkedHashMap<>();
            keysByFingerprint = new HashMap<>();
            incidents = new HashMap<>();
            events = new ArrayList<>();
        }

        private Tables(Tables other) {
            organizations = new HashMap<>(other.organizations);
            users = new HashMap<>(other.users);
            usersByEmail = new HashMap<>(other.usersByEmail);
            pages = new TreeMap<>(other.pages);
            memberships = new LinkedHashMap<>(other.memberships);
            keys = new LinkedHashMap<>(other.keys);
            keysByFingerprint = new HashMap<>(other.keysByFingerprint);
            incidents = new HashMap<>(other.incidents);
            events = new ArrayList<>(other.events);
        }

        Tables copy() {
            return new Tables(this);
        }

        /** Every row of every table, as values that compare equal when the tables hold the same rows. */
        List<Object> rows() {
            Tables copy = copy();
            return List.of(copy.organizations, copy.users, copy.usersByEmail, copy.pages, copy.memberships, copy.keys,
                    copy.keysByFingerprint, copy.incidents, copy.events);
        }

        void requireOrganization(OrganizationId organization, String referrer) {
            if (!organizations.containsKey(organization)) {
                throw foreignKey(referrer, "organization " + organization);
            }
        }

        void requireUser(UserId user, String referrer) {
            if (!users.containsKey(user)) {
                throw foreignKey(referrer, "user " + user);
            }
        }

        void requirePage(Subdomain page, String referrer) {
            if (!pages.containsKey(page)) {
                throw foreignKey(referrer, "page " + page);
            }
        }

        void requirePageOf(OrganizationId organization, Subdomain page, String referrer) {
            StatusPage stored = pages.get(page);
            if (stored == null || !stored.organization().equals(organization)) {
                throw foreignKey(referrer, "page " + page + " of organization " + organization);
            }
        }

        static IllegalArgumentException foreignKey(String referrer, String missing) {
            return new IllegalArgumentException(
                    referrer + " refers to " + missing + ", which does not exist (a foreign key violation in the database)");
        }
    }

    /** What makes a membership unique: one per user and organization, and one per user and page. */
    record MembershipKey(UserId user, OrganizationId organization, Optional<Subdomain> page) {

        static MembershipKey of(Membership membership) {
            return new MembershipKey(membership.user(), membership.organization(), membership.page());
        }
    }
}
