package io.pagekeys.adapters.persistence;

import java.nio.file.Path;

/**
 * A process that starts the embedded server of a data directory, announces its port on standard
 * output and then waits to be killed: what a server killed with SIGKILL leaves behind.
 */
public final class EmbeddedDatabaseHolder {

    private EmbeddedDatabaseHolder() {}

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(args[0]));
        System.out.println("ready " + database.port());
        System.out.flush();
        // Blocks until the test kills this process; it never writes to standard input.
        System.in.read();
        database.close();
    }
}
