package org.imageindex.query.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The index's schema as the query module needs it: field name to {@link FieldSpec}. The Lucene
 * syntax parser uses it to read typed values ({@code size:[30000 TO *]} on a long field) and the
 * compiler to choose Lucene queries. A filter may name a field that is not here: MongoDB treats
 * such a field as absent from every document, and so do we.
 *
 * <p>Field names are dotted paths as written in filters ({@code "exif.camera"}); they must not
 * start with {@value #RESERVED_PREFIX} nor contain {@value #RESERVED_CHAR}, which the index
 * uses for its hidden helper fields.
 *
 * {@snippet :
 * FieldTypes types = FieldTypes.builder()
 *         .add("name", FieldSpec.single(FieldType.KEYWORD))
 *         .add("size", FieldSpec.single(FieldType.LONG))
 *         .add("tags", FieldSpec.multi(FieldType.KEYWORD))
 *         .build();
 * }
 */
public final class FieldTypes {

    /** Prefix of the index's hidden bookkeeping fields. */
    public static final String RESERVED_PREFIX = "__";
    /** Separator of a field's hidden companion fields ({@code title#lower}). */
    public static final String RESERVED_CHAR = "#";

    private static final FieldTypes EMPTY = new FieldTypes(Map.of());

    private final Map<String, FieldSpec> fields;

    private FieldTypes(Map<String, FieldSpec> fields) {
        this.fields = fields;
    }

    /** A schema with no fields. */
    public static FieldTypes empty() {
        return EMPTY;
    }

    /** A schema holding exactly these fields. */
    public static FieldTypes of(Map<String, FieldSpec> fields) {
        Builder b = builder();
        fields.forEach(b::add);
        return b.build();
    }

    /** Starts an empty schema. */
    public static Builder builder() {
        return new Builder();
    }

    /** The spec of {@code field}, or empty if the schema does not know it. */
    public Optional<FieldSpec> spec(String field) {
        return Optional.ofNullable(fields.get(field));
    }

    /** All field names, in insertion order. */
    public Set<String> names() {
        return fields.keySet();
    }

    /** All fields as an unmodifiable map. */
    public Map<String, FieldSpec> asMap() {
        return fields;
    }

    /** A copy of this schema with {@code other}'s fields added; a name in both must have the same spec. */
    public FieldTypes merge(FieldTypes other) {
        Builder b = builder();
        fields.forEach(b::add);
        other.fields.forEach((name, spec) -> {
            FieldSpec mine = fields.get(name);
            if (mine == null) {
                b.add(name, spec);
            } else if (!mine.equals(spec)) {
                throw new IllegalArgumentException("field " + name + " is " + mine + " here and " + spec + " in the other schema");
            }
        });
        return b.build();
    }

    /** Throws unless {@code name} can be a field name. */
    public static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("field name must not be empty");
        }
        if (name.startsWith(RESERVED_PREFIX) || name.contains(RESERVED_CHAR)) {
            throw new IllegalArgumentException("field name must not start with " + RESERVED_PREFIX
                    + " nor contain " + RESERVED_CHAR + ", got: " + name);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldTypes other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "FieldTypes" + fields;
    }

    /** Collects fields; {@link #build()} may be called more than once. */
    public static final class Builder {
        private final Map<String, FieldSpec> fields = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a field; a name may be added only once. */
        public Builder add(String name, FieldSpec spec) {
            checkName(name);
            Objects.requireNonNull(spec, "spec");
            if (fields.putIfAbsent(name, spec) != null) {
                throw new IllegalArgumentException("field " + name + " was already added as " + fields.get(name));
            }
            return this;
        }

        /** The schema so far. */
        public FieldTypes build() {
            return new FieldTypes(Collections.unmodifiableMap(new LinkedHashMap<>(fields)));
        }
    }
}
