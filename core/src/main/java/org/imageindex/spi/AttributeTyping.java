package org.imageindex.spi;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.yaml.ImageRecordFields;
import org.imageindex.record.Attributes;

/**
 * The typing rule of attribute paths, one for every backend: the first value seen for a path
 * fixes its type (the caller's declaration if any, else the type {@link ImageRecordFields#SCHEMA}
 * gives it, so {@code title} is text and the YAML rules work, else the value's own), and a later
 * value of another type is refused, never converted.
 */
public final class AttributeTyping {

    private AttributeTyping() {
    }

    /** The type {@code path} gets when first seen with {@code value}. */
    public static FieldType firstType(String path, Object value, Map<String, FieldType> declared) {
        FieldType d = declared.get(path);
        if (d != null) {
            return d;
        }
        return ImageRecordFields.SCHEMA.spec(path).map(FieldSpec::type).orElseGet(() -> FieldType.natural(value));
    }

    /** Whether {@code value} may be stored in a field of {@code type}: its own type, or a string in a text field. */
    public static boolean fits(FieldType type, Object value) {
        FieldType natural = FieldType.natural(value);
        return natural == type || (natural == FieldType.KEYWORD && type == FieldType.TEXT);
    }

    /**
     * Why {@code attrs} cannot be stored, or empty if it can. {@code known} gives a path's type
     * where the index already holds one (null where not); a new path takes its
     * {@link #firstType first type}.
     */
    public static Optional<String> check(Attributes attrs, Function<String, FieldType> known, Map<String, FieldType> declared) {
        for (Map.Entry<String, Object> e : attrs.asMap().entrySet()) {
            FieldType held = known.apply(e.getKey());
            FieldType wanted = held != null ? held : firstType(e.getKey(), e.getValue(), declared);
            if (!fits(wanted, e.getValue())) {
                String how = held != null ? "the index holds it as " + held.label() + " since its first value"
                        : "it is declared " + wanted.label();
                return Optional.of("attribute '" + e.getKey() + "' is " + Attributes.typeName(e.getValue()) + " but " + how
                        + "; values are never converted, so store " + wanted.label()
                        + (wanted == FieldType.DOUBLE ? " (write 5.0, not 5)" : "") + " values in it or use another path");
            }
        }
        return Optional.empty();
    }
}
