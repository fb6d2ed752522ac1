package org.imageindex.query.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.SortedSetSelector;
import org.apache.lucene.search.SortedSetSortField;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.query.ast.Value;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;

/**
 * Turns a {@link Listing}'s order into a Lucene {@link Sort} over fields written by
 * {@link FieldIndexer} (which adds the doc values sorting needs). Multi-valued fields sort by
 * their smallest value ascending and their largest descending, as MongoDB does; documents
 * without the field sort last in both directions unless the key gives a default
 * ({@link SortKey#missing()}). Text fields sort case-insensitively, as the root-locale
 * {@link java.text.Collator} orders them ("grass" before "Zebra dog"); keyword fields by code
 * point. Ties are left in index order.
 */
public final class ListingSorts {

    private ListingSorts() {
    }

    /**
     * The sort for {@code listing}; {@code null} when it has neither keys nor a random order
     * (then search without a sort). {@code randomSeed} fixes a random order, so the pages of one
     * listing agree with each other when the caller reuses the seed.
     *
     * @throws IllegalArgumentException if a sort key names a field that is not in {@code types}
     */
    public static Sort toSort(Listing listing, FieldTypes types, long randomSeed) {
        Objects.requireNonNull(listing, "listing");
        Objects.requireNonNull(types, "types");
        if (listing.random()) {
            return new Sort(new SortField("random", new RandomOrder(randomSeed)));
        }
        if (listing.sort().isEmpty()) {
            return null;
        }
        List<SortField> fields = new ArrayList<>();
        for (SortKey key : listing.sort()) {
            FieldSpec spec = types.spec(key.field()).orElseThrow(() -> new IllegalArgumentException(
                    "sort field must be one of " + types.names() + ", got: " + key.field()));
            fields.add(sortField(key, spec));
        }
        return new Sort(fields.toArray(SortField[]::new));
    }

    private static SortField sortField(SortKey key, FieldSpec spec) {
        boolean desc = key.descending();
        Value missing = key.missing();
        if (missing != null && spec.type() != FieldType.LONG && spec.type() != FieldType.DOUBLE) {
            throw new IllegalArgumentException("a missing-value default needs a long or double field, got the "
                    + spec.type().label() + " field " + key.field());
        }
        return switch (spec.type()) {
            case KEYWORD, BOOLEAN -> strings(key.field(), desc);
            // Text is prose: sort it as people read it, by the collation key FieldIndexer writes beside it.
            case TEXT -> strings(key.field() + IndexLayout.COLLATION_SUFFIX, desc);
            case LONG, DATE -> {
                SortField f = new SortedNumericSortField(key.field(), SortField.Type.LONG, desc,
                        desc ? SortedNumericSelector.Type.MAX : SortedNumericSelector.Type.MIN);
                f.setMissingValue(missing != null ? (Object) asLong(missing, key)
                        : desc ? Long.MIN_VALUE : Long.MAX_VALUE);
                yield f;
            }
            case DOUBLE -> {
                SortField f = new SortedNumericSortField(key.field(), SortField.Type.DOUBLE, desc,
                        desc ? SortedNumericSelector.Type.MAX : SortedNumericSelector.Type.MIN);
                f.setMissingValue(missing != null ? (Object) asDouble(missing)
                        : desc ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
                yield f;
            }
        };
    }

    /**
     * The bytes a text value sorts by (unsigned, lexicographic): the root-locale collation key of
     * its first 1,000 characters, as {@link FieldIndexer} writes it beside a text field. Another
     * store that sorts text must store this key to give the same order.
     */
    public static byte[] collationKey(String text) {
        return IndexLayout.collationKey(Objects.requireNonNull(text, "text"));
    }

    private static SortField strings(String field, boolean desc) {
        SortField f = new SortedSetSortField(field, desc, desc ? SortedSetSelector.Type.MAX : SortedSetSelector.Type.MIN);
        f.setMissingValue(desc ? SortField.STRING_FIRST : SortField.STRING_LAST);
        return f;
    }

    private static long asLong(Value v, SortKey key) {
        if (v instanceof Value.Whole w) {
            return w.value();
        }
        throw new IllegalArgumentException("the missing-value default of long field " + key.field()
                + " must be a whole number, got: " + v);
    }

    private static double asDouble(Value v) {
        return v instanceof Value.Whole w ? w.value() : ((Value.Real) v).value();
    }
}
