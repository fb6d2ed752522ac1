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

    /**
     * The type an attribute value has by itself, before any schema says otherwise: a string is a
     * keyword (text only where the schema declares it), a list has its elements' type. Every
     * backend maps a new attribute path by this rule, so the embedded index and a cluster agree.
     *
     * @throws IllegalArgumentException if {@code value} is not a String, Long, Double, Boolean or
     *                                  Instant (or a non-empty list of one of them)
     */
    public static FieldType natural(Object value) {
        Object v = value instanceof java.util.List<?> l && !l.isEmpty() ? l.get(0) : value;
        return switch (v) {
            case String s -> KEYWORD;
            case Long l -> LONG;
            case Double d -> DOUBLE;
            case Boolean b -> BOOLEAN;
            case java.time.Instant i -> DATE;
            case null, default -> throw new IllegalArgumentException("not an attribute value: " + v);
        };
    }

    /** The lower-case name used in messages, e.g. {@code "long"}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
