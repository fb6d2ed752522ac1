package org.imageindex.query.ast;

import java.util.Objects;

/**
 * One sort criterion. For a multi-valued field MongoDB sorts by the smallest element ascending and
 * by the largest descending; the Lucene conversion does the same. A record without the field
 * sorts last in both directions, unless {@code missing} gives the value it counts as (the dataset
 * platform's region count: an unannotated picture has 0 regions).
 *
 * @param field      the field to sort on
 * @param descending true for largest first
 * @param missing    the number a record without the field sorts as, or {@code null} to sort it last
 */
public record SortKey(String field, boolean descending, Value missing) {

    public SortKey {
        Objects.requireNonNull(field, "field");
        if (field.isEmpty()) {
            throw new IllegalArgumentException("field must not be empty");
        }
        if (missing != null && missing.kind() != Value.Kind.NUMBER) {
            throw new IllegalArgumentException("missing must be a number (or null to sort last), got: " + missing);
        }
    }

    /** Missing values sort last. */
    public SortKey(String field, boolean descending) {
        this(field, descending, null);
    }

    /** Smallest first. */
    public static SortKey ascending(String field) {
        return new SortKey(field, false);
    }

    /** Largest first. */
    public static SortKey descending(String field) {
        return new SortKey(field, true);
    }

    /** This key, with records lacking the field sorted as if they held {@code value}. */
    public SortKey missingAs(long value) {
        return new SortKey(field, descending, Value.of(value));
    }
}
