package org.imageindex.embedded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.imageindex.query.json.JsonValues;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;
import org.imageindex.query.yaml.ImageRecordFields;
import org.imageindex.record.Attributes;
import org.imageindex.record.RecordFields;
import org.imageindex.spi.AttributeTyping;

/**
 * The index's field-type map: the built-in fields ({@link RecordFields#SCHEMA}) plus one entry
 * per attribute path ever indexed. The first value seen for a path fixes its type; a later value
 * of another type is refused ({@link #check}), never coerced. Attribute fields are all
 * multi-valued, so a path may hold a scalar in one record and a list in the next, as in MongoDB.
 *
 * <p>A path's type on first sight is the caller's declaration if any, else the type
 * {@link ImageRecordFields#SCHEMA} gives it (so {@code title} is text and the YAML rules work),
 * else follows the value: string → keyword, long → long, double → double, boolean → boolean,
 * Instant → date.
 *
 * <p>Not thread-safe for writers: {@link #admit} runs under the index's write lock. Readers
 * take the immutable {@link #types()} snapshot, replaced atomically on every change.
 */
public final class Schema {

    private final Map<String, FieldType> declared;
    private final Map<String, FieldType> attributes = new LinkedHashMap<>();
    private volatile FieldTypes types;

    Schema(Map<String, FieldType> declared, Map<String, FieldType> persisted) {
        this.declared = Map.copyOf(declared);
        this.attributes.putAll(persisted);
        this.types = build(attributes);
    }

    /** Built-in and attribute fields, for compiling filters and indexing documents. */
    public FieldTypes types() {
        return types;
    }

    /** Attribute path to type, in order of first sight. */
    public Map<String, FieldType> attributeTypes() {
        synchronized (attributes) {
            return Map.copyOf(attributes);
        }
    }

    /**
     * The reason {@code attrs} cannot be indexed under the current types, or empty if it can.
     * Paths not yet known are fine.
     */
    public Optional<String> check(Attributes attrs) {
        return AttributeTyping.check(attrs, attributes::get, declared);
    }

    /**
     * The types with {@code attrs}'s new paths added; the schema itself is unchanged until
     * {@link #commit}. Call {@link #check} first.
     */
    public FieldTypes with(Attributes attrs) {
        Map<String, FieldType> added = newPaths(attrs);
        if (added.isEmpty()) {
            return types;
        }
        Map<String, FieldType> all = new LinkedHashMap<>(attributes);
        all.putAll(added);
        return build(all);
    }

    /** Fixes the types of {@code attrs}'s new paths; returns true when something was added. */
    public boolean commit(Attributes attrs) {
        Map<String, FieldType> added = newPaths(attrs);
        if (added.isEmpty()) {
            return false;
        }
        synchronized (attributes) {
            attributes.putAll(added);
            types = build(attributes);
        }
        return true;
    }

    private Map<String, FieldType> newPaths(Attributes attrs) {
        Map<String, FieldType> added = new LinkedHashMap<>();
        attrs.asMap().forEach((path, value) -> {
            if (!attributes.containsKey(path)) {
                added.put(path, firstType(path, value));
            }
        });
        return added;
    }

    /** The type a path gets when first seen with {@code value}. */
    FieldType firstType(String path, Object value) {
        return AttributeTyping.firstType(path, value, declared);
    }


    private static FieldTypes build(Map<String, FieldType> attrs) {
        FieldTypes.Builder b = FieldTypes.builder();
        RecordFields.SCHEMA.asMap().forEach(b::add);
        attrs.forEach((path, type) -> b.add(path, FieldSpec.multi(type)));
        return b.build();
    }

    /** The attribute types as the JSON kept in the commit user data. */
    static String toJson(Map<String, FieldType> attrs) {
        Map<String, Object> out = new LinkedHashMap<>();
        attrs.forEach((k, v) -> out.put(k, v.label()));
        return JsonValues.write(out);
    }

    /**
     * The attribute types from the commit user data.
     *
     * @throws IllegalStateException if the text is damaged
     */
    static Map<String, FieldType> fromJson(String json) {
        Map<String, FieldType> out = new LinkedHashMap<>();
        if (!(JsonValues.parse(json) instanceof Map<?, ?> map)) {
            throw new IllegalStateException("field-type map in the index's commit data is not a JSON object: " + json);
        }
        map.forEach((k, v) -> {
            try {
                out.put((String) k, FieldType.valueOf(String.valueOf(v).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("field-type map in the index's commit data has an unknown type for " + k + ": " + v, e);
            }
        });
        return out;
    }
}
