package io.pagekeys.adapters.persistence;

import io.pagekeys.application.ApplicationException;
import io.pagekeys.application.ConflictException;
import io.pagekeys.application.StoreUnavailableException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a failure of the database means to the application. A store that cannot answer (no connection,
 * a pool that timed out, a server shut down or out of resources, a statement cancelled or timed out, a
 * lock not granted in time, a deadlock) becomes {@link StoreUnavailableException}, so that callers fail
 * closed; a unique violation of a constraint that stands for a conflict becomes that
 * {@link ConflictException}, and a foreign-key violation (a row referred to was deleted meanwhile, such
 * as a page deleted while a key selecting it is issued) a {@link ConflictException} of code
 * {@value #CONFLICT}; anything else is a broken invariant ({@link IllegalStateException}). The cause kept
 * is the JDBC exception, never a jOOQ type.
 */
final class StoreFailures {

    /**
     * Unique constraints whose violation is a conflict with existing data. The adapters avoid raising
     * them ({@code INSERT ... ON CONFLICT DO NOTHING}, so that a refusal leaves the transaction usable);
     * this table is what a statement that does raise one means.
     */
    private static final Map<String, String> CONFLICTS = Map.of(
            "status_pages_pkey", ConflictException.SUBDOMAIN_TAKEN,
            "status_pages_subdomain_organization_key", ConflictException.SUBDOMAIN_TAKEN,
            "api_keys_pkey", ConflictException.DUPLICATE,
            "api_keys_id_organization_key", ConflictException.DUPLICATE,
            "api_keys_fingerprint_key", ConflictException.DUPLICATE,
            "memberships_organization_level_key", ConflictException.ALREADY_MEMBER,
            "memberships_page_level_key", ConflictException.ALREADY_MEMBER);

    /**
     * The code of a conflict with data that changed meanwhile, such as a foreign-key violation. The
     * application's {@link ConflictException} has no constant for it.
     */
    static final String CONFLICT = "conflict";

    /** SQLSTATEs of a transaction that PostgreSQL gave up on and that may succeed when run again. */
    private static final Set<String> RETRYABLE = Set.of(
            "40001", // serialization failure
            "40P01"); // deadlock detected

    private StoreFailures() {}

    /** The application's exception for {@code failure}, a jOOQ or JDBC exception. Never null. */
    static RuntimeException translated(Throwable failure) {
        Optional<ApplicationException> already = find(failure, ApplicationException.class);
        if (already.isPresent()) {
            return already.get();
        }
        Throwable cause = find(failure, SQLException.class).<Throwable>map(e -> e).orElse(failure);
        if (isUnavailability(failure)) {
            return new StoreUnavailableException("the store could not answer" + sqlState(failure), cause);
        }
        Optional<ConstraintViolation> violation = ConstraintViolation.of(failure);
        if (violation.isPresent() && violation.get().kind() == ConstraintViolation.Kind.UNIQUE) {
            String code = CONFLICTS.get(violation.get().constraint());
            if (code != null) {
                return new ConflictException(code, "conflicts with existing data (" + violation.get().constraint() + ")");
            }
        }
        if (violation.isPresent() && violation.get().kind() == ConstraintViolation.Kind.FOREIGN_KEY) {
            // ConflictException takes no cause: the constraint's name is what the log needs.
            return new ConflictException(CONFLICT,
                    "refers to data that does not exist (any more) (" + violation.get().constraint() + ")");
        }
        return new IllegalStateException(
                "the store refused a statement" + sqlState(failure)
                        + violation.map(v -> " on constraint " + v.constraint()).orElse(""),
                cause);
    }

    /** Whether {@code failure} says that the store could not answer, rather than that it refused. */
    static boolean isUnavailability(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof StoreUnavailableException
                    || cause instanceof SQLTransientException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof IOException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && isUnavailability(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnavailability(String sqlState) {
        return sqlState.startsWith("08") // connection exception
                || sqlState.startsWith("53") // insufficient resources, too many connections
                || sqlState.startsWith("57P") // server shut down, crashed, or starting up; idle session timeout
                || sqlState.startsWith("58") // system error: I/O error, undefined file
                || sqlState.equals("57014") // statement cancelled or timed out (statement_timeout)
                || sqlState.equals("55P03") // lock not available (lock_timeout, NOWAIT)
                || sqlState.equals("25P03") // idle-in-transaction timeout: the server ended the session
                || RETRYABLE.contains(sqlState);
    }

    /**
     * Whether {@code failure} is a transaction that PostgreSQL aborted to let others through (a deadlock
     * or a serialization failure), which may well succeed when run again from the start.
     */
    static boolean isRetryable(Throwable failure) {
        return find(failure, SQLException.class)
                .map(SQLException::getSQLState)
                .filter(RETRYABLE::contains)
                .isPresent();
    }

    private static String sqlState(Throwable failure) {
        return find(failure, SQLException.class)
                .map(SQLException::getSQLState)
                .map(state -> " (SQLState " + state + ")")
                .orElse("");
    }

    private static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }
}
