package io.pagekeys.adapters.persistence;

import java.util.function.Supplier;

/**
 * Reading rows back into the model. A row that the model refuses (a value that a constraint of the
 * schema lets through but the domain does not, written by hand or by an older version) is a broken
 * invariant of the store, not a client's invalid input: it comes out as {@link IllegalStateException}
 * naming the table and the row's id, never as the domain's {@code InvalidValueException}, which callers
 * would answer as a client error. The id is all it names: never a column's value, since a value the
 * model refuses may be anything.
 */
final class StoredRows {

    private StoredRows() {}

    /**
     * What {@code mapping} makes of the row of {@code table} with id {@code id}.
     *
     * @throws IllegalStateException when the mapping fails, with its failure as cause
     */
    static <T> T restore(String table, Object id, Supplier<T> mapping) {
        try {
            return mapping.get();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the row " + id + " of " + table + " holds what the model refuses", e);
        }
    }
}
