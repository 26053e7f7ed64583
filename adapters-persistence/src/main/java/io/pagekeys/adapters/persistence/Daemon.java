package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A daemon thread of the adapter that runs its work until stopped: started at most once at a time, and
 * stopped by clearing {@link #running()}, waking the thread and waiting for it to end.
 */
final class Daemon {

    /** How long {@link #stop} waits for the thread to end. */
    private static final long JOIN_SECONDS = 5;

    private final String name;
    private final Runnable work;
    private volatile boolean running;
    private Thread thread;

    /** {@code work} runs on a thread of that name, and should return soon once {@link #running()} is false. */
    Daemon(String name, Runnable work) {
        this.name = requireNonNull(name, "name is null");
        this.work = requireNonNull(work, "work is null");
    }

    /** Starts the thread, unless it runs already. */
    synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the work should go on: false once {@link #stop} (or {@link #giveUp}) was called. */
    boolean running() {
        return running;
    }

    /** Called on the thread itself: its work ends as if stopped (an interrupt, for instance). */
    void giveUp() {
        running = false;
    }

    /**
     * Stops the thread: clears {@link #running()}, then gives the thread to {@code wake} to unblock what
     * it may wait for, and returns once it has ended (or {@value #JOIN_SECONDS} s have passed). Does
     * nothing when it is not running.
     */
    void stop(Consumer<Thread> wake) {
        Thread stopping;
        synchronized (this) {
            running = false;
            stopping = thread;
            thread = null;
        }
        if (stopping == null) {
            return;
        }
        wake.accept(stopping);
        try {
            stopping.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
