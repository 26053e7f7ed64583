package io.pagekeys.adapters.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What {@code postmaster.pid} of a data directory says: the postmaster's pid, its port, whether it is
 * ready, and the System V shared memory segment through which PostgreSQL tells whether processes of a
 * server are still running.
 *
 * <p>Lines: pid, data directory, start time, port, socket directory, listen address, shared memory key
 * and id, status.
 */
record PostmasterPidFile(long pid, OptionalInt port, OptionalLong sharedMemoryId, boolean ready) {

    static final String NAME = "postmaster.pid";

    /** The pid file of {@code directory}, or empty when there is none or it cannot be understood. */
    static Optional<PostmasterPidFile> of(Path directory) {
        List<String> lines;
        try {
            lines = Files.readAllLines(directory.resolve(NAME));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pid file of " + directory, e);
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            OptionalInt port = lines.size() > 3 ? OptionalInt.of(Integer.parseInt(lines.get(3).trim())) : OptionalInt.empty();
            OptionalLong segment = OptionalLong.empty();
            if (lines.size() > 6) {
                String[] keyAndId = lines.get(6).trim().split("\\s+");
                if (keyAndId.length == 2) {
                    segment = OptionalLong.of(Long.parseLong(keyAndId[1]));
                }
            }
            boolean ready = lines.size() > 7 && lines.get(7).trim().equals("ready");
            return Optional.of(new PostmasterPidFile(pid, port, segment, ready));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The running process the file names, if any. A zombie (a killed postmaster whose parent does not
     * reap it, as in a container whose first process never waits) is no running process.
     */
    Optional<ProcessHandle> process() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    /**
     * How many processes are still attached to the server's shared memory (backends that outlived a
     * killed postmaster), from Linux's {@code /proc/sysvipc/shm}: 0 when the segment is gone, empty when
     * it cannot be told.
     */
    OptionalInt attachedProcesses() {
        if (sharedMemoryId.isEmpty()) {
            return OptionalInt.empty();
        }
        List<String> segments;
        try {
            segments = Files.readAllLines(Path.of("/proc/sysvipc/shm"));
        } catch (IOException | UncheckedIOException e) {
            return OptionalInt.empty();
        }
        // Columns: key shmid perms size cpid lpid nattch ...
        for (String segment : segments.subList(Math.min(1, segments.size()), segments.size())) {
            String[] columns = segment.trim().split("\\s+");
            if (columns.length > 6 && columns[1].equals(Long.toString(sharedMemoryId.getAsLong()))) {
                try {
                    return OptionalInt.of(Integer.parseInt(columns[6]));
                } catch (NumberFormatException e) {
                    return OptionalInt.empty();
                }
            }
        }
        return OptionalInt.of(0);
    }

    static void delete(Path directory) {
        try {
            Files.deleteIfExists(directory.resolve(NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the stale pid file of " + directory, e);
        }
    }
}
