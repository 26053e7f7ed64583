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

    /** The postmaster of the server on {@code dataDirectory} and every process it started. */
    static List<Long> of(Path dataDirectory) throws IOException {
        long postmaster = postmaster(dataDirectory);
        assertThat(postmaster).as("a running postmaster").isPositive();
        List<Long> processes = new ArrayList<>();
        processes.add(postmaster);
        ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(child -> processes.add(child.pid()));
        return processes;
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
