package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * A write that PostgreSQL refused because of a named constraint of the schema (V1__schema.sql names
 * all of them), found in the cause chain of a jOOQ or JDBC exception. Lets an adapter turn, say, a
 * violation of {@code status_pages_pkey} into "subdomain taken" without parsing messages.
 */
public record ConstraintViolation(Kind kind, String constraint) {

    /** The SQLSTATE classes of integrity violations, as PostgreSQL reports them. */
    public enum Kind {
        UNIQUE("23505"),
        FOREIGN_KEY("23503"),
        CHECK("23514"),
        NOT_NULL("23502"),
        EXCLUSION("23P01");

        private final String sqlState;

        Kind(String sqlState) {
            this.sqlState = sqlState;
        }

        static Optional<Kind> of(String sqlState) {
            for (Kind kind : values()) {
                if (kind.sqlState.equals(sqlState)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    public ConstraintViolation {
        requireNonNull(kind, "kind is null");
        requireNonNull(constraint, "constraint is null");
    }

    /**
     * The violation behind {@code failure}, or empty when it was not caused by an integrity constraint.
     * A NOT NULL violation has no constraint name: its {@code constraint} is the column's name.
     */
    public static Optional<ConstraintViolation> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                ServerErrorMessage message = psql.getServerErrorMessage();
                Optional<Kind> kind = Kind.of(message.getSQLState());
                String name = message.getConstraint();
                if (kind.isPresent() && kind.get() == Kind.NOT_NULL && name == null) {
                    name = message.getColumn();
                }
                if (kind.isEmpty() || name == null) {
                    return Optional.empty();
                }
                return Optional.of(new ConstraintViolation(kind.get(), name));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    /** Whether this is a violation of the constraint (or unique index) of that name. */
    public boolean is(String constraintName) {
        return constraint.equals(constraintName);
    }
}
