package org.imageindex.query.compile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;

/**
 * Adds a record's metadata values to a Lucene {@link Document} exactly the way
 * {@link FilterCompiler} expects to find them. Index every filterable field through this class
 * and the compiled filters and sorts are right; see the package documentation for the layout.
 *
 * <p>Values are Java objects: {@link String} for keyword and text fields; {@link Long},
 * {@link Integer}, {@link Short} or {@link Byte} for long fields; any {@link Number} for double
 * fields; {@link Boolean}; {@link Instant} or {@link Date} (or epoch milliseconds as a
 * {@link Long}) for date fields; {@code null}; and for multi-valued fields a {@link Collection}
 * or array of those (an empty one is a present, empty array). Nothing is stored: keeping the
 * original values for retrieval is the caller's business.
 *
 * <p>Thread-safe and immutable.
 */
public final class FieldIndexer {

    private final FieldTypes types;

    private FieldIndexer(FieldTypes types) {
        this.types = types;
    }

    /** An indexer for the given schema. */
    public static FieldIndexer of(FieldTypes types) {
        return new FieldIndexer(Objects.requireNonNull(types, "types"));
    }

    /** The schema this indexer writes. */
    public FieldTypes types() {
        return types;
    }

    /**
     * Adds {@code field}'s value to {@code doc}. Call it at most once per field and document (pass
     * arrays whole); a field not added is missing, as in MongoDB.
     *
     * @throws IllegalArgumentException if the field is not in the schema, or the value does not
     *                                  fit its type, or several values go to a single-valued field
     */
    public void add(Document doc, String field, Object value) {
        Objects.requireNonNull(doc, "doc");
        FieldSpec spec = types.spec(field).orElseThrow(() -> new IllegalArgumentException(
                "field " + field + " is not in the schema; known fields: " + types.names()));
        List<?> values = asList(value);
        if (values != null && !spec.multiValued() && values.size() != 1) {
            throw new IllegalArgumentException("field " + field + " is single-valued, got " + values.size() + " values");
        }
        doc.add(new StringField(IndexLayout.EXISTS_FIELD, field, Field.Store.NO));
        boolean hasNull = false;
        for (Object v : values == null ? Collections.singletonList(value) : values) {
            if (v == null) {
                hasNull = true;
            } else {
                addOne(doc, field, spec.type(), v);
            }
        }
        if (hasNull) {
            doc.add(new StringField(IndexLayout.NULL_FIELD, field, Field.Store.NO));
        }
    }

    private static List<?> asList(Object value) {
        if (value instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        if (value instanceof Object[] array) {
            return Arrays.asList(array);
        }
        if (value != null && value.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(value);
            Object[] boxed = new Object[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = java.lang.reflect.Array.get(value, i);
            }
            return Arrays.asList(boxed);
        }
        return null;
    }

    private static void addOne(Document doc, String field, FieldType type, Object v) {
        switch (type) {
            case KEYWORD -> doc.add(new KeywordField(field, string(field, type, v), Field.Store.NO));
            case TEXT -> {
                String s = string(field, type, v);
                doc.add(new KeywordField(field, s, Field.Store.NO));
                doc.add(new StringField(field + IndexLayout.LOWER_SUFFIX, IndexLayout.lower(s), Field.Store.NO));
                doc.add(new SortedSetDocValuesField(field + IndexLayout.COLLATION_SUFFIX,
                        new BytesRef(IndexLayout.collationKey(s))));
                for (String word : IndexLayout.words(s)) {
                    doc.add(new StringField(field + IndexLayout.WORDS_SUFFIX, word, Field.Store.NO));
                }
            }
            case LONG -> doc.add(new LongField(field, whole(field, v), Field.Store.NO));
            case DOUBLE -> doc.add(new DoubleField(field, real(field, v), Field.Store.NO));
            case BOOLEAN -> {
                if (!(v instanceof Boolean b)) {
                    throw wrongType(field, type, v);
                }
                doc.add(new KeywordField(field, IndexLayout.bool(b), Field.Store.NO));
            }
            case DATE -> doc.add(new LongField(field, millis(field, v), Field.Store.NO));
        }
    }

    private static String string(String field, FieldType type, Object v) {
        if (v instanceof String s) {
            return s;
        }
        throw wrongType(field, type, v);
    }

    private static long whole(String field, Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw wrongType(field, FieldType.LONG, v);
    }

    private static double real(String field, Object v) {
        if (v instanceof Number n && !(v instanceof Boolean)) {
            double d = n.doubleValue();
            if (Double.isNaN(d)) {
                throw new IllegalArgumentException("field " + field + " must not hold NaN: MongoDB orders it apart from all numbers");
            }
            // -0.0 and 0.0 are equal in MongoDB but distinct points in Lucene.
            return d == 0.0 ? 0.0 : d;
        }
        throw wrongType(field, FieldType.DOUBLE, v);
    }

    static long millis(String field, Object v) {
        if (v instanceof Instant i) {
            return i.toEpochMilli();
        }
        if (v instanceof Date d) {
            return d.getTime();
        }
        if (v instanceof Long l) {
            return l;
        }
        throw wrongType(field, FieldType.DATE, v);
    }

    private static IllegalArgumentException wrongType(String field, FieldType type, Object v) {
        return new IllegalArgumentException("field " + field + " is " + type.label() + ", got "
                + v.getClass().getSimpleName() + ": " + v);
    }
}
