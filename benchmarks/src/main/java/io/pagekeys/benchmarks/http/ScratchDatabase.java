package io.pagekeys.benchmarks.http;

import io.pagekeys.adapters.persistence.EmbeddedDatabase;
import java.time.Duration;
import java.util.Optional;

/**
 * A throwaway PostgreSQL for the HTTP runs, which the servers under test reach as an external store
 * ({@code PAGEKEYS_JDBC_URL}), so that the runs depend on nothing of how the server would start its
 * embedded one: {@link EmbeddedDatabase#startTemporary()}, on a free port of localhost, its data in a new
 * temporary directory deleted when it stops, the superuser {@code postgres} with a random password.
 *
 * <p>Prints two lines on standard output, its JDBC URL and the password, then runs until it is sent
 * SIGTERM, its parent process ends, or its lifetime is over (an hour unless given in seconds as the only
 * argument), whichever comes first, so that a script that dies leaves nothing behind.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.pagekeys.benchmarks.http.ScratchDatabase [seconds]</pre>
 */
public final class ScratchDatabase {

    private ScratchDatabase() {}

    public static void main(String[] args) throws InterruptedException {
        Duration lifetime = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 3600);
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        EmbeddedDatabase postgres = EmbeddedDatabase.startTemporary();
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "scratch-database-stop"));
        System.out.println(postgres.jdbcUrl());
        System.out.println(postgres.password());
        System.out.flush();
        long deadline = System.nanoTime() + lifetime.toNanos();
        while (System.nanoTime() < deadline && parent.map(ProcessHandle::isAlive).orElse(true)) {
            Thread.sleep(500);
        }
        System.exit(0);
    }
}
