package io.pagekeys.benchmarks;

import com.google.inject.Guice;
import com.zaxxer.hikari.HikariDataSource;
import io.pagekeys.adapters.persistence.ConnectionPool;
import io.pagekeys.adapters.persistence.EmbeddedDatabase;
import io.pagekeys.adapters.persistence.PersistenceModule;
import io.pagekeys.application.port.in.Administration;
import io.pagekeys.application.port.in.CreateOrganizationCommand;
import io.pagekeys.application.port.in.CreateStatusPageCommand;
import io.pagekeys.application.port.in.CreatedOrganization;
import io.pagekeys.application.port.in.IssueOrganizationKeyCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.KeyRequest;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.VerifyQuery;
import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.bootstrap.Pagekeys;
import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.TokenFingerprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * A verification through {@code AccessCheck.verify} on the real jOOQ adapter and an embedded PostgreSQL,
 * as an embedding host makes it: warm (key, page and organization in the view: parse, checksum,
 * fingerprint, lookups in memory, the access rule, the use recorded) against one SHA-256 of the token;
 * and a cold lookup of a key by fingerprint (the view not used) against a bare JDBC select of the same
 * row by primary key, on the same pool.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifyBenchmark {

    private static final int KEYS = 200;

    private EmbeddedDatabase database;
    private HikariDataSource pool;
    private Pagekeys pagekeys;
    private ApiKeys unviewed;
    private VerifyQuery[] queries;
    private byte[][] tokens;
    private TokenFingerprint[] fingerprints;
    private String[] ids;
    private MessageDigest sha256;
    private int next;

    @Setup(Level.Trial)
    public void world() throws NoSuchAlgorithmException {
        database = EmbeddedDatabase.startTemporary();
        pool = ConnectionPool.create(database.jdbcUrl(), database.user(), database.password(), 4);
        pagekeys = Pagekeys.on(pool);
        Administration administration = pagekeys.administration();
        CreatedOrganization acme = administration.createOrganization(
                new CreateOrganizationCommand("Acme", EmailAddress.of("owner@acme.example")));
        Principal owner = Principal.person(acme.owner().id());
        Subdomain page = Subdomain.of("acme-status");
        administration.createStatusPage(owner, new CreateStatusPageCommand(acme.organization().id(), page, "Acme"));
        queries = new VerifyQuery[KEYS];
        tokens = new byte[KEYS][];
        fingerprints = new TokenFingerprint[KEYS];
        ids = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            IssuedKey issued = pagekeys.keyManagement().issueOrganizationKey(owner, new IssueOrganizationKeyCommand(
                    acme.organization().id(), KeyRequest.of(KeyName.of("Monitor " + i), KeyScope.readOnly())));
            queries[i] = new VerifyQuery(issued.token().reveal(), VerifyQuery.Target.page(page), Permission.PAGES_READ, Optional.empty());
            tokens[i] = issued.token().reveal().getBytes(StandardCharsets.US_ASCII);
            fingerprints[i] = issued.token().fingerprint();
            ids[i] = issued.key().id().value();
        }
        // The same store through the adapter alone, its view never started: every read goes to the store.
        unviewed = Guice.createInjector(new PersistenceModule(pool)).getInstance(ApiKeys.class);
        sha256 = MessageDigest.getInstance("SHA-256");
        for (VerifyQuery query : queries) {
            if (!pagekeys.accessCheck().verify(query).decision().isAllowed()) {
                throw new IllegalStateException("the benchmark's key is refused");
            }
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        pagekeys.close();
        pool.close();
        database.close();
    }

    private int next() {
        int i = next;
        next = i + 1 == KEYS ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public AccessDecision verifyWarm() {
        return pagekeys.accessCheck().verify(queries[next()]).decision();
    }

    @Benchmark
    public byte[] sha256OfTheToken() {
        return sha256.digest(tokens[next()]);
    }

    @Benchmark
    public Optional<ApiKey> coldLookupByFingerprint() {
        return unviewed.findByFingerprint(fingerprints[next()]);
    }

    @Benchmark
    public String bareJdbcSelectByPrimaryKey() throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT * FROM api_keys WHERE id = ?")) {
            select.setString(1, ids[next()]);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString("name");
            }
        }
    }
}
