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
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldTypes;

/**
 * Turns a {@link Listing}'s order into a Lucene {@link Sort} over fields written by
 * {@link FieldIndexer} (which adds the doc values sorting needs). Multi-valued fields sort by
 * their smallest value ascending and their largest descending, as MongoDB does; documents
 * without the field sort last in both directions. Ties are left in index order.
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
        return switch (spec.type()) {
            case KEYWORD, TEXT, BOOLEAN -> {
                SortField f = new SortedSetSortField(key.field(), desc,
                        desc ? SortedSetSelector.Type.MAX : SortedSetSelector.Type.MIN);
                f.setMissingValue(desc ? SortField.STRING_FIRST : SortField.STRING_LAST);
                yield f;
            }
            case LONG, DATE -> {
                SortField f = new SortedNumericSortField(key.field(), SortField.Type.LONG, desc,
                        desc ? SortedNumericSelector.Type.MAX : SortedNumericSelector.Type.MIN);
                f.setMissingValue(desc ? Long.MIN_VALUE : Long.MAX_VALUE);
                yield f;
            }
            case DOUBLE -> {
                SortField f = new SortedNumericSortField(key.field(), SortField.Type.DOUBLE, desc,
                        desc ? SortedNumericSelector.Type.MAX : SortedNumericSelector.Type.MIN);
                f.setMissingValue(desc ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
                yield f;
            }
        };
    }
}
