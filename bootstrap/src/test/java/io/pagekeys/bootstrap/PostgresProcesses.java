package io.pagekeys.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The processes of a PostgreSQL server, found from its data directory, and signals sent to them as a fault would. */
final class PostgresProcesses {

    private PostgresProcesses() {}

    /** The postmaster's pid, from the first line of {@code dataDirectory}'s {@code postmaster.pid}; -1 while there is none. */
    static long postmaster(Path dataDirectory) throws IOException {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return lines.isEmpty() || lines.get(0).isBlank() ? -1 : Long.parseLong(lines.get(0).strip());
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    /**
     * Stops (SIGSTOP) the server on {@code dataDirectory} whole, and returns the processes stopped. The
     * postmaster is stopped first and seen stopped before its children are listed, so that a backend it
     * forks meanwhile (a pool filling up, a listener reconnecting) cannot be left running; the listing
     * is repeated until it finds no process not yet stopped.
     */
    static List<Long> freeze(Path dataDirectory) throws IOException, InterruptedException {
        long postmaster = postmaster(dataDirectory);
        assertThat(postmaster).as("a running postmaster").isPositive();
        List<Long> stopped = new ArrayList<>(List.of(postmaster));
        signal("-STOP", stopped);
        awaitStopped(postmaster);
        while (true) {
            List<Long> running = new ArrayList<>();
            ProcessHandle.of(postmaster).orElseThrow().descendants()
                    .filter(child -> !stopped.contains(child.pid())).forEach(child -> running.add(child.pid()));
            if (running.isEmpty()) {
                return stopped;
            }
            signal("-STOP", running);
            for (long pid : running) {
                awaitStopped(pid);
            }
            stopped.addAll(running);
        }
    }

    /** Waits until the kernel reports {@code pid} stopped (state T in {@code /proc/<pid>/stat}), or gone. */
    private static void awaitStopped(long pid) throws IOException, InterruptedException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String line;
            try {
                line = Files.readString(stat);
            } catch (NoSuchFileException e) {
                return;
            }
            // The state follows the command name, which is in parentheses and may hold spaces.
            char state = line.charAt(line.lastIndexOf(')') + 2);
            if (state == 'T' || state == 't' || state == 'Z' || state == 'X') {
                return;
            }
            assertThat(System.nanoTime()).as("process %d stopped within 10 s", pid).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** Sends {@code signal} (as {@code kill} spells it: {@code -STOP}, {@code -CONT}, {@code -KILL}) to each of {@code processes}. */
    static void signal(String signal, List<Long> processes) throws IOException, InterruptedException {
        if (processes.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", signal));
        processes.forEach(pid -> command.add(Long.toString(pid)));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
}
