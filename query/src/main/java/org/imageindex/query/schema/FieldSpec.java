package org.imageindex.query.schema;

import java.util.Objects;

/**
 * The type of one field and whether a document may hold several values (an array) in it.
 *
 * @param type        the values' type
 * @param multiValued true when documents may hold arrays of values
 */
public record FieldSpec(FieldType type, boolean multiValued) {

    public FieldSpec {
        Objects.requireNonNull(type, "type");
    }

    /** A field with at most one value per document. */
    public static FieldSpec single(FieldType type) {
        return new FieldSpec(type, false);
    }

    /** A field whose documents may hold arrays of values. */
    public static FieldSpec multi(FieldType type) {
        return new FieldSpec(type, true);
    }
}
