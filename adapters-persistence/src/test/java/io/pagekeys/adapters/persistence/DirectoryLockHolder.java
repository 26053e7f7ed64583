package io.pagekeys.adapters.persistence;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A process that holds the lock of a data directory, as a pagekeys server does, but runs no postmaster
 * there: what the CLI finds next to a server whose database is down. Announces "locked" on standard
 * output and waits to be killed.
 */
public final class DirectoryLockHolder {

    private DirectoryLockHolder() {}

    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]).resolve("epg-lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            channel.lock();
            System.out.println("locked");
            System.out.flush();
            // Blocks until the test kills this process; it never writes to standard input.
            System.in.read();
        }
    }
}
