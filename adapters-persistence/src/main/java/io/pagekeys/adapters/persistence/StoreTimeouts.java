package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long pagekeys waits for PostgreSQL, counted on the client's side, so that a database that is
 * frozen, unreachable or gone makes a request fail closed (503) within seconds instead of hanging: the
 * server's own limits ({@code statement_timeout}, {@code lock_timeout}) cannot fire while the server is
 * stopped.
 *
 * @param connect opening a connection: the TCP connect ({@code connectTimeout}), and with authentication
 *     one second more ({@code loginTimeout}); whole seconds, at least 1
 * @param query one round trip on an open connection ({@code socketTimeout}): a statement that gets no
 *     answer for this long fails and its connection is discarded. The session's {@code statement_timeout}
 *     and {@code lock_timeout} are one second less, so that the server's own, cleaner refusal comes first
 *     when the server is alive; whole seconds, at least 2
 * @param poolWait waiting for a connection of the pool ({@code connectionTimeout}) when none is free or
 *     the free ones are found dead; at least 250 ms
 */
public record StoreTimeouts(Duration connect, Duration query, Duration poolWait) {

    public static final StoreTimeouts DEFAULTS = new StoreTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(2));

    public StoreTimeouts {
        requireNonNull(connect, "connect is null");
        requireNonNull(query, "query is null");
        requireNonNull(poolWait, "pool wait is null");
        if (connect.toSeconds() < 1 || connect.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("the connect timeout must be whole seconds, at least 1, not " + connect);
        }
        if (query.toSeconds() < 2 || query.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("the query timeout must be whole seconds, at least 2, not " + query);
        }
        if (poolWait.toMillis() < 250) {
            throw new IllegalArgumentException("the pool's wait must be at least 250 ms, not " + poolWait);
        }
    }

    /** The session's {@code statement_timeout} and {@code lock_timeout}: one second under the client's bound. */
    Duration serverStatementLimit() {
        return query.minusSeconds(1);
    }

    /** How long the pool tries a free connection before lending it; below its wait, so a dead one is replaced in time. */
    Duration validation() {
        return Duration.ofMillis(Math.max(250, Math.min(1000, poolWait.toMillis() / 2)));
    }
}
