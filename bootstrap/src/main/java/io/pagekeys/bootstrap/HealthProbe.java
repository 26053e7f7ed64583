package io.pagekeys.bootstrap;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store answers now, decided within {@link #DEADLINE} whatever the database does: a frozen
 * server, a pool whose connections are all stuck, an unreachable host. The check itself (a connection
 * borrowed and validated) runs on a thread of its own, and callers that arrive while one is running wait
 * for the same one, so a monitor that asks often while the store hangs does not pile up threads.
 */
final class HealthProbe {

    static final Duration DEADLINE = Duration.ofMillis(1_500);
    private static final Logger LOG = LoggerFactory.getLogger(HealthProbe.class);
    private static final int VALIDATION_SECONDS = 1;

    private final DataSource dataSource;
    private final Executor executor;
    private CompletableFuture<Boolean> running;

    HealthProbe(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "data source is null");
        this.executor = task -> {
            Thread thread = new Thread(task, "pagekeys-health-probe");
            thread.setDaemon(true);
            thread.start();
        };
    }

    boolean storeAnswers() {
        CompletableFuture<Boolean> probe;
        synchronized (this) {
            if (running == null || running.isDone()) {
                running = CompletableFuture.supplyAsync(this::check, executor);
            }
            probe = running;
        }
        try {
            return probe.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.debug("the store gave no answer within {} ms", DEADLINE.toMillis());
            return false;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean check() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALIDATION_SECONDS);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("the store does not answer: {}", e.getMessage());
            return false;
        }
    }
}
