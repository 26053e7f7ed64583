package io.pagekeys.application.port.out.contract;

import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.application.port.out.Incidents;
import io.pagekeys.application.port.out.KeyEvents;
import io.pagekeys.application.port.out.Memberships;
import io.pagekeys.application.port.out.Organizations;
import io.pagekeys.application.port.out.StatusPages;
import io.pagekeys.application.port.out.UnitOfWork;
import io.pagekeys.application.port.out.Users;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.KeySettings;
import io.pagekeys.domain.Membership;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.Token;
import io.pagekeys.domain.User;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every contract of a driven port shares: the one hook an adapter implements, and fixtures.
 *
 * <p>The store is not assumed empty: an adapter may hand the same database to every test of a class (or
 * of a JVM). So each test makes its own organizations, users and pages, under subdomains and e-mail
 * addresses unique to this run, and asserts only about rows it made. Rows that others refer to are made
 * first (organization, user, page, then key or membership), as the database's foreign keys require.
 * Every instant is at microsecond precision, which is what PostgreSQL keeps.
 */
public abstract class PortContract {

    /** A start for the instants of a test, at microsecond precision. */
    protected static final Instant T0 = Instant.parse("2025-06-01T12:00:00.123456Z");

    /** Makes subdomains and e-mail addresses unique across runs that share a database. */
    private static final String RUN = runId();

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();

    private DrivenPorts ports;

    /**
     * The ports under test. Called once before each test; may answer the same ports (and the same
     * database) every time, since no test assumes an empty store.
     */
    protected abstract DrivenPorts ports();

    @BeforeEach
    final void takePorts() {
        ports = ports();
    }

    protected final ApiKeys apiKeys() {
        return ports.apiKeys();
    }

    protected final Memberships memberships() {
        return ports.memberships();
    }

    protected final Organizations organizations() {
        return ports.organizations();
    }

    protected final Users users() {
        return ports.users();
    }

    protected final StatusPages statusPages() {
        return ports.statusPages();
    }

    protected final Incidents incidents() {
        return ports.incidents();
    }

    protected final KeyEvents keyEvents() {
        return ports.keyEvents();
    }

    protected final UnitOfWork unitOfWork() {
        return ports.unitOfWork();
    }

    // ---- instants ----------------------------------------------------------------------------------

    protected static Instant at(long secondsAfterT0) {
        return T0.plusSeconds(secondsAfterT0);
    }

    protected static Instant at(Duration afterT0) {
        return T0.plus(afterT0);
    }

    // ---- names unique to this run ------------------------------------------------------------------

    /**
     * A stem of lower-case letters and digits that no other test uses, {@code p<run><n>x}: with anything
     * after it, a subdomain (or e-mail local part) of the calling test's own.
     */
    protected static String uniqueStem() {
        return "p" + RUN + COUNTER.incrementAndGet() + "x";
    }

    /** A subdomain no other test uses, ending in {@code suffix}. */
    protected static Subdomain uniqueSubdomain(String suffix) {
        return Subdomain.of(uniqueStem() + suffix);
    }

    protected static Subdomain uniqueSubdomain() {
        return uniqueSubdomain("");
    }

    protected static EmailAddress uniqueEmail() {
        return EmailAddress.of("person-" + RUN + "-" + COUNTER.incrementAndGet() + "@example.com");
    }

    protected static ApiKeyId newKeyId() {
        byte[] random = new byte[ApiKeyId.RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return ApiKeyId.generate(random);
    }

    protected static Token newToken(KeyKind kind) {
        byte[] secret = new byte[Token.SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return Token.generate(kind, secret);
    }

    // ---- stored fixtures ---------------------------------------------------------------------------

    protected final Organization anOrganization() {
        return organizations().create("Organization " + COUNTER.incrementAndGet(), T0);
    }

    protected final User aUser() {
        return users().findOrCreate(uniqueEmail(), T0);
    }

    protected final StatusPage aPageOf(Organization organization) {
        return aPageOf(organization, uniqueSubdomain());
    }

    protected final StatusPage aPageOf(Organization organization, Subdomain subdomain) {
        StatusPage page = StatusPage.create(subdomain, organization.id(), "Page " + subdomain, T0);
        statusPages().add(page);
        return page;
    }

    /** A user holding {@code role} at organization level in {@code organization}. */
    protected final User aMemberOf(Organization organization, Role role) {
        User user = aUser();
        memberships().save(Membership.organizationLevel(user.id(), organization.id(), role));
        return user;
    }

    // ---- keys, not stored --------------------------------------------------------------------------

    protected static KeySettings readOnlyEverywhere() {
        return KeySettings.of(KeyName.of("read only"), KeyScope.readOnly());
    }

    protected static ApiKey userKey(Organization organization, User user, KeySettings settings, Instant createdAt) {
        return ApiKey.issueUserKey(newKeyId(), organization.id(), user.id(), settings, newToken(KeyKind.USER),
                Actor.user(user.id()), createdAt);
    }

    protected static ApiKey organizationKey(Organization organization, KeySettings settings, Instant createdAt) {
        return ApiKey.issueOrganizationKey(newKeyId(), organization.id(), settings, newToken(KeyKind.ORGANIZATION),
                Actor.operator(), createdAt);
    }

    /** A stored organization key of {@code organization}, read-only on every page, made at {@code createdAt}. */
    protected final ApiKey anOrganizationKeyOf(Organization organization, Instant createdAt) {
        ApiKey key = organizationKey(organization, readOnlyEverywhere(), createdAt);
        apiKeys().add(key);
        return key;
    }

    // ---- concurrency -------------------------------------------------------------------------------

    /**
     * Runs {@code task} on {@code threads} threads released at the same moment, and answers what each
     * answered. Fails the test when one throws or when they take more than a minute together (a
     * deadlock, not a slow machine).
     */
    protected static <T> List<T> concurrently(int threads, Callable<T> task) {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(executor.submit(() -> {
                    ready.countDown();
                    start.await();
                    return task.call();
                }));
            }
            if (!ready.await(1, TimeUnit.MINUTES)) {
                throw new AssertionError("the threads did not start");
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            for (Future<T> future : futures) {
                results.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return results;
        } catch (ExecutionException e) {
            throw new AssertionError("a thread failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the threads did not finish within a minute", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            executor.shutdownNow();
        }
    }

    private static String runId() {
        StringBuilder id = new StringBuilder();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 6; i++) {
            id.append(Character.forDigit(random.nextInt(36), 36));
        }
        return id.toString().toLowerCase(Locale.ROOT);
    }
}
