package org.imageindex.query.schema;

import org.imageindex.query.ast.Value;

/** How a metadata field's values are typed, and so which filters can match them. */
public enum FieldType {
    /** An exact string, never split into words (ids, tags, formats, hashes). */
    KEYWORD(Value.Kind.STRING),
    /** A string that is also searchable by word and by case-insensitive substring (titles, descriptions). */
    TEXT(Value.Kind.STRING),
    /** A 64-bit whole number. */
    LONG(Value.Kind.NUMBER),
    /** A 64-bit floating-point number; whole numbers in filters compare by value. */
    DOUBLE(Value.Kind.NUMBER),
    /** true / false. */
    BOOLEAN(Value.Kind.BOOLEAN),
    /** An instant with millisecond precision. */
    DATE(Value.Kind.DATE);

    private final Value.Kind kind;

    FieldType(Value.Kind kind) {
        this.kind = kind;
    }

    /** The type bracket of this field's values; a filter value of another bracket never matches. */
    public Value.Kind kind() {
        return kind;
    }

    /** The lower-case name used in messages, e.g. {@code "long"}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
