package io.pagekeys.adapters.persistence;

import com.zaxxer.hikari.HikariDataSource;
import io.pagekeys.application.memory.MutableClock;
import io.pagekeys.application.port.in.Authentication;
import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.application.service.AccessCheckService;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.Token;
import io.pagekeys.domain.TokenFingerprint;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Times the lookup of a presented key by its fingerprint ({@link JooqApiKeys#findByFingerprint}), the
 * query behind every request, next to a bare primary-key {@code SELECT} over plain JDBC and the pool's
 * own borrow and return, on one embedded PostgreSQL holding 100,000 keys. Not a unit test: run it by
 * hand, as docs/persistence.md says, after installing the reactor once ({@code ./mvnw -q -DskipTests
 * install}):
 *
 * <pre>
 * ./mvnw -q -o -pl adapters-persistence test-compile exec:java@lookup-benchmark
 * </pre>
 *
 * <p>Sizes, all optional, as system properties (not {@code -Dexec.args}, which would also replace the
 * arguments of the module's jOOQ code generation): {@code -Dlookup.keys} keys in the table (100000),
 * {@code -Dlookup.lookups} timed lookups per way (10000), {@code -Dlookup.warmup} warm-up lookups per way
 * (10000).
 *
 * <p>On a machine of few CPUs the time of a round trip depends on where the scheduler puts the client
 * thread and the server process that answers it: on the same CPU, one switch between them; on two, the
 * wake-up of the other CPU each way, which on a virtual machine whose idle CPUs halt costs tens of
 * microseconds. So the program prints, for every way, the median of each block and whether the backend
 * serving it ran on the client thread's CPU at the end of the block. Prefix the command with
 * {@code taskset -c 0} to run the client and the server on one CPU; add {@code -Dlookup.serverCpus=1} to
 * it to move the server (its postmaster and every process of it, {@code taskset -a -p}) to another.
 */
public final class LookupBenchmark {

    private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");
    private static final int BLOCKS = 10;
    private static final int PAGES = 20;

    private LookupBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            throw new IllegalArgumentException("no arguments: sizes are -Dlookup.keys, -Dlookup.lookups and -Dlookup.warmup");
        }
        int keys = size("lookup.keys", 100_000);
        int lookups = size("lookup.lookups", 10_000);
        int warmUp = size("lookup.warmup", 10_000);
        if (lookups < BLOCKS) {
            throw new IllegalArgumentException("lookup.lookups must be at least " + BLOCKS);
        }
        SecureRandom random = new SecureRandom();

        try (EmbeddedDatabase database = EmbeddedDatabase.startTemporary();
                HikariDataSource pool = ConnectionPool.create(database.jdbcUrl(), database.user(), database.password(), 4)) {
            Migrations.apply(pool);
            long postmaster = postmaster(pool);
            String serverCpus = System.getProperty("lookup.serverCpus", "");
            if (!serverCpus.isEmpty()) {
                pinServer(postmaster, serverCpus);
            }
            System.out.printf("PostgreSQL %s, %s %s, %d processors; CPUs allowed to this JVM: %s, to the server: %s;"
                    + " load average %s%n", serverVersion(pool), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), allowedCpus("self"),
                    allowedCpus(Long.toString(postmaster)), loadAverage());

            long loadStarted = System.nanoTime();
            List<Stored> stored = load(pool, keys, random);
            System.out.printf("loaded %,d keys (every 10th with a selection of 2 of %d pages) with COPY in %,d ms%n",
                    keys, PAGES, (System.nanoTime() - loadStarted) / 1_000_000);

            DrivenPorts ports = JooqPorts.on(pool);
            ApiKeys apiKeys = ports.apiKeys();
            AccessCheckService access = new AccessCheckService(ports.apiKeys(), ports.memberships(), ports.organizations(),
                    ports.statusPages(), ports.users(), ports.unitOfWork(), new MutableClock(CREATED.plusSeconds(60)));

            // The same random order of keys for every way of looking them up.
            int[] order = random.ints(warmUp + lookups, 0, stored.size()).toArray();

            try (Connection held = pool.getConnection();
                    PreparedStatement byId = held.prepareStatement("SELECT * FROM api_keys WHERE id = ?")) {
                IntConsumer jooq = i -> {
                    if (apiKeys.findByFingerprint(stored.get(order[i]).fingerprint()).isEmpty()) {
                        throw new IllegalStateException("a stored key was not found");
                    }
                };
                IntConsumer bareJdbc = i -> selectById(byId, stored.get(order[i]).id());
                IntConsumer pooledJdbc = i -> {
                    try (Connection connection = pool.getConnection();
                            PreparedStatement statement = connection.prepareStatement("SELECT * FROM api_keys WHERE id = ?")) {
                        selectById(statement, stored.get(order[i]).id());
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                };
                IntConsumer poolOnly = i -> {
                    try (Connection connection = pool.getConnection()) {
                        if (connection.isClosed()) {
                            throw new IllegalStateException("the pool lent a closed connection");
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                };
                IntConsumer authenticate = i -> {
                    if (!(access.authenticate(stored.get(order[i]).token(), Optional.empty()) instanceof Authentication.Authenticated)) {
                        throw new IllegalStateException("a stored key did not authenticate");
                    }
                };
                List<Way> ways = List.of(
                        new Way("JooqApiKeys.findByFingerprint (key + selection, pooled, autocommit)", jooq),
                        new Way("plain JDBC primary-key SELECT, one held connection, reused statement", bareJdbc),
                        new Way("plain JDBC primary-key SELECT, pooled connection, new statement", pooledJdbc),
                        new Way("AccessCheckService.authenticate (parse, hash, lookup in autocommit)", authenticate),
                        new Way("the pool alone: getConnection() and close(), no statement", poolOnly, false));
                long heldBackend = held.unwrap(PGConnection.class).getBackendPID();

                for (Way way : ways) {
                    for (int i = 0; i < warmUp; i++) {
                        way.call().accept(i);
                    }
                }
                // Interleaved blocks, so that a drift of the machine touches every way alike.
                int perBlock = lookups / BLOCKS;
                for (int block = 0; block < BLOCKS; block++) {
                    for (Way way : ways) {
                        for (int n = 0; n < perBlock; n++) {
                            int i = warmUp + block * perBlock + n;
                            long started = System.nanoTime();
                            way.call().accept(i);
                            way.nanos().add(System.nanoTime() - started);
                        }
                        List<Long> blockNanos = way.nanos().subList(way.nanos().size() - perBlock, way.nanos().size());
                        way.blockMedians().add(percentile(sorted(blockNanos), 50));
                        if (way.talksToServer()) {
                            // The backend that served the block's last lookup: the held one, or the one the pool lends next.
                            way.sameCpu().add(sameCpu(way.call() == bareJdbc ? heldBackend : lentBackend(pool)));
                        }
                    }
                }

                System.out.printf("%,d timed lookups per way after %,d warm-up lookups, in %d interleaved blocks%n",
                        perBlock * BLOCKS, warmUp, BLOCKS);
                System.out.printf("%-75s %9s %9s %9s%n", "way", "median", "p99", "mean");
                for (Way way : ways) {
                    long[] sorted = sorted(way.nanos());
                    System.out.printf("%-75s %7.1f µs %7.1f µs %7.1f µs%n", way.name(), micros(percentile(sorted, 50)),
                            micros(percentile(sorted, 99)), micros((long) Arrays.stream(sorted).average().orElseThrow()));
                }
                System.out.println("\nmedian of each block (µs), and where the serving backend was at the end of each block"
                        + " (S: on the client thread's CPU, O: on another, ?: unknown):");
                for (Way way : ways) {
                    StringBuilder medians = new StringBuilder();
                    way.blockMedians().forEach(nanos -> medians.append(String.format(" %6.1f", micros(nanos))));
                    StringBuilder places = new StringBuilder();
                    way.sameCpu().forEach(same -> places.append(same.map(s -> s ? "S" : "O").orElse("?")));
                    System.out.printf("%-75s%s  %s%n", way.name(), medians, places);
                }
            }

            System.out.println("load average after: " + loadAverage());

            // Adapters of their own, on a data source that remembers SQL: the timed ones go without the detour.
            AtomicReference<String> lastSql = new AtomicReference<>();
            JooqPorts.on(recordingSql(pool, lastSql)).apiKeys().findByFingerprint(stored.get(0).fingerprint());
            System.out.println("\nthe lookup's statement, as jOOQ renders it:\n" + lastSql.get());
            System.out.println("\nits plan:");
            explain(pool, lastSql.get(), stored.get(9).fingerprint().hex()).forEach(line -> System.out.println("  " + line));
        }
    }

    /** A key as loaded: what a client would present, and what finds it. */
    private record Stored(ApiKeyId id, String token, TokenFingerprint fingerprint) {}

    private record Way(String name, IntConsumer call, boolean talksToServer, List<Long> nanos, List<Long> blockMedians,
            List<Optional<Boolean>> sameCpu) {

        Way(String name, IntConsumer call) {
            this(name, call, true);
        }

        Way(String name, IntConsumer call, boolean talksToServer) {
            this(name, call, talksToServer, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    private static int size(String property, int byDefault) {
        int value = Integer.getInteger(property, byDefault);
        if (value < 1) {
            throw new IllegalArgumentException(property + " must be positive, was " + value);
        }
        return value;
    }

    private static long[] sorted(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** The server process behind the connection that the pool lends this thread next. */
    private static long lentBackend(DataSource pool) {
        try (Connection connection = pool.getConnection()) {
            return connection.unwrap(PGConnection.class).getBackendPID();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the process {@code pid} last ran on the CPU this thread runs on, where Linux tells it. */
    private static Optional<Boolean> sameCpu(long pid) {
        try {
            return Optional.of(lastCpu(Path.of("/proc/thread-self/stat")).equals(lastCpu(Path.of("/proc/" + pid + "/stat"))));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Field 39 of /proc/.../stat: the CPU the task last ran on. */
    private static String lastCpu(Path stat) throws java.io.IOException {
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
        return fields[39 - 3];
    }

    /** The server's postmaster: the parent of the backend behind a connection. */
    private static long postmaster(DataSource pool) throws SQLException {
        long backend;
        try (Connection connection = pool.getConnection()) {
            backend = connection.unwrap(PGConnection.class).getBackendPID();
        }
        return ProcessHandle.of(backend).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                .orElseThrow(() -> new IllegalStateException("no parent process found for backend " + backend));
    }

    /** Restricts the server's processes, those running and those it starts later, to {@code cpus} (Linux only). */
    private static void pinServer(long postmaster, String cpus) throws java.io.IOException, InterruptedException {
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster);
        ProcessHandle.of(postmaster).orElseThrow().children().forEach(child -> pids.add(child.pid()));
        for (long pid : pids) {
            Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
                    .redirectErrorStream(true).start();
            String output = new String(taskset.getInputStream().readAllBytes());
            if (taskset.waitFor() != 0 && ProcessHandle.of(pid).isPresent()) {
                throw new IllegalStateException("taskset -a -p -c " + cpus + " " + pid + " failed: " + output);
            }
        }
    }

    /** The CPUs that the process {@code pid} ("self" for this one) may run on, where Linux tells it. */
    private static String allowedCpus(String pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(line -> line.startsWith("Cpus_allowed_list:"))
                    .map(line -> line.substring("Cpus_allowed_list:".length()).trim())
                    .findFirst().orElse("unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** One organization, its pages, and {@code count} organization keys with COPY, then ANALYZE. */
    private static List<Stored> load(DataSource dataSource, int count, SecureRandom random) throws SQLException, java.io.IOException {
        List<Stored> stored = new ArrayList<>(count);
        StringBuilder keys = new StringBuilder(count * 200);
        StringBuilder selections = new StringBuilder();
        byte[] secret = new byte[Token.SECRET_BYTES];
        byte[] idBytes = new byte[ApiKeyId.RANDOM_BYTES];
        for (int n = 0; n < count; n++) {
            random.nextBytes(secret);
            random.nextBytes(idBytes);
            Token token = Token.generate(KeyKind.ORGANIZATION, secret);
            ApiKeyId id = ApiKeyId.generate(idBytes);
            boolean selected = n % 10 == 9;
            keys.append(id.value()).append("\torganization\t1\tkey ").append(n).append("\t{pages.read}\t")
                    .append(selected ? "selected" : "all").append("\t{}\t").append(token.fingerprint().hex()).append('\t')
                    .append(token.hint()).append('\t').append(CREATED).append("\toperator\n");
            if (selected) {
                selections.append(id.value()).append("\tpage-").append(n % PAGES).append("\t1\n");
                selections.append(id.value()).append("\tpage-").append((n + 1) % PAGES).append("\t1\n");
            }
            stored.add(new Stored(id, token.reveal(), token.fingerprint()));
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO organizations (id, name, created_at) VALUES (1, 'Benchmark', '" + CREATED + "')");
            statement.execute("INSERT INTO status_pages (subdomain, organization_id, name, created_at, updated_at)"
                    + " SELECT 'page-' || n, 1, 'Page ' || n, '" + CREATED + "', '" + CREATED + "' FROM generate_series(0, "
                    + (PAGES - 1) + ") n");
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY api_keys (id, kind, organization_id, name, scope, page_rule, allowed_cidrs, fingerprint, hint,"
                    + " created_at, created_by) FROM STDIN", new StringReader(keys.toString()));
            copy.copyIn("COPY api_key_pages (key_id, subdomain, organization_id) FROM STDIN", new StringReader(selections.toString()));
            statement.execute("ANALYZE");
        }
        return stored;
    }

    private static void selectById(PreparedStatement statement, ApiKeyId id) {
        try {
            statement.setString(1, id.value());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("a stored key was not found");
                }
                row.getString("fingerprint");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code dataSource}, remembering the last statement that its connections prepared. */
    private static DataSource recordingSql(DataSource dataSource, AtomicReference<String> lastSql) {
        return (DataSource) Proxy.newProxyInstance(LookupBenchmark.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, arguments) -> {
                    Object answer = invoke(method, dataSource, arguments);
                    if (!(answer instanceof Connection connection)) {
                        return answer;
                    }
                    return Proxy.newProxyInstance(LookupBenchmark.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (connectionProxy, connectionMethod, connectionArguments) -> {
                                if (connectionMethod.getName().equals("prepareStatement")) {
                                    lastSql.set((String) connectionArguments[0]);
                                }
                                return invoke(connectionMethod, connection, connectionArguments);
                            });
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static List<String> explain(DataSource dataSource, String sql, String fingerprint) throws SQLException {
        List<String> plan = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)) {
            statement.setString(1, fingerprint);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    plan.add(rows.getString(1));
                }
            }
        }
        return plan;
    }

    private static String serverVersion(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductVersion();
        }
    }

    /** The machine's load over the last 1, 5 and 15 minutes, where Linux tells it: others' work skews timings. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double micros(long nanos) {
        return nanos / 1_000.0;
    }
}
