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

/**
 * What a failure of the database means to the application. A store that cannot answer (no connection,
 * a pool that timed out, a server shut down or out of resources, a statement cancelled, a deadlock)
 * becomes {@link StoreUnavailableException}, so that callers fail closed; a unique violation of a
 * constraint that stands for a conflict becomes that {@link ConflictException}; anything else is a
 * broken invariant ({@link IllegalStateException}). The cause kept is the JDBC exception, never a jOOQ
 * type.
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
                || sqlState.startsWith("57P") // server shut down, crashed, or starting up
                || sqlState.equals("57014") // statement cancelled or timed out
                || sqlState.equals("40001") // serialization failure
                || sqlState.equals("40P01"); // deadlock detected
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
