package io.pagekeys.bootstrap.cli;

import io.pagekeys.bootstrap.Configuration;
import io.pagekeys.bootstrap.Pagekeys;
import io.pagekeys.bootstrap.Server;
import java.util.concurrent.CountDownLatch;

/** The executable: {@code java -jar pagekeys.jar <serve|init|issue-user-key|help> [options]}. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        Cli cli = new Cli(System.out, System.err, Configuration::fromEnvironment, Pagekeys::open, Main::serveUntilStopped);
        int status = cli.run(args);
        System.exit(status);
    }

    /** Runs the server until the JVM is asked to stop (Ctrl-C, SIGTERM), then shuts it down in order. */
    private static void serveUntilStopped(Configuration configuration) {
        Server server = Server.start(configuration);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "pagekeys-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
