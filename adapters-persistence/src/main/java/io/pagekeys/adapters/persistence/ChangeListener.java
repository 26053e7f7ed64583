package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on one dedicated connection for the notifications of changes that the schema's triggers send,
 * and hands them to the {@link DecisionView}. Between notifications it confirms, by a round trip every
 * {@value #HEARTBEAT_MILLIS} ms at the most, that its connection is alive and that it has read every
 * notification sent before: a notification travels on the same connection as the answers, ahead of
 * the answer to a query sent after the change committed, so once that answer is in, they are all in.
 *
 * <p>A connection that fails or is closed by the server ({@code pg_terminate_backend}, a restart) makes
 * the view distrust itself at once; the listener connects again with a growing pause (from
 * {@value #FIRST_RETRY_MILLIS} ms to {@value #LAST_RETRY_MILLIS} ms), and the view forgets everything
 * when it does. Each round trip has a network timeout, so a frozen server does not hold the listener
 * past the view's lease.
 */
final class ChangeListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);

    static final int HEARTBEAT_MILLIS = 200;
    private static final int NETWORK_TIMEOUT_MILLIS = 2_000;
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long LAST_RETRY_MILLIS = 5_000;

    private final DedicatedConnection connections;
    private final DecisionView view;
    private final Object pause = new Object();

    private final Daemon daemon = new Daemon("pagekeys-change-listener", this::listen);
    private volatile boolean connected;
    private volatile Connection current;

    ChangeListener(DedicatedConnection connections, DecisionView view, MeterRegistry registry) {
        this.connections = requireNonNull(connections, "connections is null");
        this.view = requireNonNull(view, "view is null");
        Gauge.builder("pagekeys.view.listener.connected", this, listener -> listener.connected ? 1 : 0)
                .description("1 while the listener for changes is connected and listening")
                .register(registry);
    }

    void start() {
        daemon.start();
    }

    /** Stops listening and closes the connection; returns once the listener's thread has ended. */
    @Override
    public void close() {
        daemon.stop(stopping -> {
            synchronized (pause) {
                pause.notifyAll();
            }
            Connection open = current;
            if (open != null) {
                // Unblocks a read in progress: the thread sees it is no longer running and ends.
                abort(open);
            }
        });
    }

    private void listen() {
        long retry = FIRST_RETRY_MILLIS;
        boolean reported = false;
        while (daemon.running()) {
            try (Connection connection = connections.open()) {
                current = connection;
                listenOn(connection);
                if (reported) {
                    LOG.info("the listener for changes is connected again; the view answers once it has confirmed");
                }
                reported = false;
                retry = FIRST_RETRY_MILLIS;
                confirmUntilStopped(connection);
            } catch (SQLException | RuntimeException e) {
                view.listenerLost();
                if (!daemon.running()) {
                    break;
                }
                if (!reported) {
                    LOG.warn("the listener for changes lost its connection; decisions go to the store until it is back: {}",
                            e.getMessage());
                    reported = true;
                }
            } finally {
                connected = false;
                view.listenerLost();
                current = null;
            }
            retry = pauseFor(retry);
        }
    }

    private void listenOn(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + ChangeNotice.CHANNEL);
        }
        connected = true;
        // Listening from here on: whatever changed before is forgotten, whatever changes after is notified.
        view.listenerConnected();
    }

    private void confirmUntilStopped(Connection connection) throws SQLException {
        PGConnection notifications = connection.unwrap(PGConnection.class);
        try (PreparedStatement roundTrip = connection.prepareStatement("SELECT 1")) {
            while (daemon.running()) {
                long sentAt = System.nanoTime();
                roundTrip.execute();
                // Without waiting: those read with the answer, hence all sent before the round trip.
                apply(notifications.getNotifications());
                view.confirmed(sentAt);
                // Waits for the next ones, at most until the next round trip is due.
                apply(notifications.getNotifications(HEARTBEAT_MILLIS));
            }
        }
    }

    private void apply(PGNotification[] received) {
        if (received == null) {
            return;
        }
        for (PGNotification notification : received) {
            view.notified(ChangeNotice.parse(notification.getParameter()));
        }
    }

    private long pauseFor(long millis) {
        synchronized (pause) {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            long left;
            while (daemon.running() && (left = until - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(pause, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    daemon.giveUp();
                }
            }
        }
        return Math.min(millis * 2, LAST_RETRY_MILLIS);
    }

    private static void abort(Connection connection) {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing the listener's connection: {}", e.getMessage());
        }
    }
}
