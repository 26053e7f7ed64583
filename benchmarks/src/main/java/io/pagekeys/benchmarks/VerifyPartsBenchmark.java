package io.pagekeys.benchmarks;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pagekeys.adapters.persistence.ConnectionPool;
import io.pagekeys.adapters.persistence.DecisionView;
import io.pagekeys.adapters.persistence.EmbeddedDatabase;
import io.pagekeys.adapters.persistence.Migrations;
import io.pagekeys.adapters.persistence.PersistenceModule;
import io.pagekeys.application.port.in.AccessCheck;
import io.pagekeys.application.port.in.Administration;
import io.pagekeys.application.port.in.CreateOrganizationCommand;
import io.pagekeys.application.port.in.CreateStatusPageCommand;
import io.pagekeys.application.port.in.CreatedOrganization;
import io.pagekeys.application.port.in.IssueOrganizationKeyCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.KeyManagement;
import io.pagekeys.application.port.in.KeyRequest;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.VerifyQuery;
import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.application.port.out.StatusPages;
import io.pagekeys.application.port.out.UnitOfWork;
import io.pagekeys.application.service.AccessCheckService;
import io.pagekeys.bootstrap.ApplicationModule;
import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.Token;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parts of a warm verification, each alone, to see where {@code VerifyBenchmark.verifyWarm} spends
 * its time: parsing the token, parsing and fingerprinting it, the two reads of the view that a
 * verification on a page makes (page and key, inside the reading unit of work, token parsed too), one
 * read of the clock, and the whole verification through the application service without metrics and
 * through the metered {@code AccessCheck} (metrics in a {@link SimpleMeterRegistry}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifyPartsBenchmark {

    private static final int KEYS = 200;
    private EmbeddedDatabase database;
    private HikariDataSource pool;
    private DecisionView view;
    private AccessCheck metered;
    private AccessCheckService service;
    private ApiKeys apiKeys;
    private StatusPages pages;
    private UnitOfWork unitOfWork;
    private VerifyQuery[] queries;
    private String[] tokens;
    private Subdomain page;
    private Clock clock;
    private int next;

    @Setup(Level.Trial)
    public void world() throws Exception {
        database = EmbeddedDatabase.startTemporary();
        pool = ConnectionPool.create(database.jdbcUrl(), database.user(), database.password(), 4);
        Migrations.apply(pool);
        Injector injector = Guice.createInjector(new PersistenceModule(pool), new ApplicationModule(new SimpleMeterRegistry()));
        view = injector.getInstance(DecisionView.class);
        clock = injector.getInstance(Clock.class);
        view.start();
        metered = injector.getInstance(AccessCheck.class);
        service = injector.getInstance(AccessCheckService.class);
        apiKeys = injector.getInstance(ApiKeys.class);
        pages = injector.getInstance(StatusPages.class);
        unitOfWork = injector.getInstance(UnitOfWork.class);
        Administration administration = injector.getInstance(Administration.class);
        KeyManagement keys = injector.getInstance(KeyManagement.class);
        CreatedOrganization acme = administration.createOrganization(
                new CreateOrganizationCommand("Acme", EmailAddress.of("owner@acme.example")));
        Principal owner = Principal.person(acme.owner().id());
        page = Subdomain.of("acme-status");
        administration.createStatusPage(owner, new CreateStatusPageCommand(acme.organization().id(), page, "Acme"));
        queries = new VerifyQuery[KEYS];
        tokens = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            IssuedKey issued = keys.issueOrganizationKey(owner, new IssueOrganizationKeyCommand(
                    acme.organization().id(), KeyRequest.of(KeyName.of("Monitor " + i), KeyScope.readOnly())));
            tokens[i] = issued.token().reveal();
            queries[i] = new VerifyQuery(tokens[i], VerifyQuery.Target.page(page), Permission.PAGES_READ, Optional.empty());
        }
        // Measured once the view answers: until its listener has confirmed, every read goes to the store.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!view.trusted()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the view is not trusted after 30 s");
            }
            Thread.sleep(10);
        }
        for (VerifyQuery query : queries) {
            if (!service.verify(query).decision().isAllowed()) {
                throw new IllegalStateException("the benchmark's key is refused");
            }
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        view.close();
        pool.close();
        database.close();
    }

    private int next() {
        int i = next;
        next = i + 1 == KEYS ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public Object parse() {
        return Token.parse(tokens[next()]);
    }

    @Benchmark
    public Object parseAndFingerprint() {
        return Token.parse(tokens[next()]).get().fingerprint();
    }

    @Benchmark
    public Object lookups() {
        Token token = Token.parse(tokens[next()]).get();
        return unitOfWork.read(() -> pages.find(page).isPresent() ? apiKeys.findToDecide(token.fingerprint()) : null);
    }

    @Benchmark
    public Instant clock() {
        return clock.instant();
    }

    @Benchmark
    public AccessDecision serviceVerify() {
        return service.verify(queries[next()]).decision();
    }

    @Benchmark
    public AccessDecision meteredVerify() {
        return metered.verify(queries[next()]).decision();
    }
}
