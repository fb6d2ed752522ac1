package org.imageindex.query.ast;

import java.util.Objects;

/**
 * One sort criterion. For a multi-valued field MongoDB sorts by the smallest element ascending and
 * by the largest descending; the Lucene conversion does the same.
 *
 * @param field      the field to sort on
 * @param descending true for largest first
 */
public record SortKey(String field, boolean descending) {

    public SortKey {
        Objects.requireNonNull(field, "field");
        if (field.isEmpty()) {
            throw new IllegalArgumentException("field must not be empty");
        }
    }

    /** Smallest first. */
    public static SortKey ascending(String field) {
        return new SortKey(field, false);
    }

    /** Largest first. */
    public static SortKey descending(String field) {
        return new SortKey(field, true);
    }
}
