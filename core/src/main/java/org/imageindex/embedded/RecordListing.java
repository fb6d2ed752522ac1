package org.imageindex.embedded;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedSetSortField;
import org.apache.lucene.search.TopFieldDocs;
import org.imageindex.query.ast.SortKey;
import org.imageindex.record.RecordFields;
import org.apache.lucene.index.StoredFields;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.compile.FilterCompiler;
import org.imageindex.query.compile.ListingSorts;
import org.imageindex.query.schema.FieldTypes;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.RecordPage;
import org.imageindex.record.StoredRecord;

/**
 * Metadata listings (Q5, minimal): a filter over visible records, sorted and paged by offset,
 * with the exact total; counts; random records. Cursor paging past deep offsets belongs here
 * too, next to {@link #find}.
 */
final class RecordListing {

    /**
     * 2,000 records per page: rokka's upper bound for {@code limit}; a page holds the records'
     * metadata in memory at once.
     */
    static final int MAX_LIMIT = 2000;

    /**
     * Offset plus limit at most 10,000: beyond it an offset page costs a sort of every earlier
     * hit, which is what rokka's cursor paging (and Elasticsearch's max_result_window) avoids.
     */
    static final int MAX_WINDOW = 10_000;

    private final IndexStore store;
    private final java.util.Set<String> vectorNames;

    public RecordListing(IndexStore store, java.util.Set<String> vectorNames) {
        this.store = store;
        this.vectorNames = vectorNames;
    }

    /** The Lucene query of {@code filter} over visible records, compiled against the current types. */
    public Query visibleQuery(Filter filter) {
        Objects.requireNonNull(filter, "filter");
        return IndexStore.visible(FilterCompiler.of(store.schema().types()).compile(filter));
    }

    public RecordPage find(Filter filter, Listing listing, FieldSelection fields, long randomSeed) {
        Objects.requireNonNull(listing, "listing");
        Objects.requireNonNull(fields, "fields");
        if (listing.limit() > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in 0.." + MAX_LIMIT + ", got: " + listing.limit());
        }
        if ((long) listing.offset() + listing.limit() > MAX_WINDOW) {
            throw new IllegalArgumentException("offset + limit must be <= " + MAX_WINDOW + ", got: " + listing.offset() + " + "
                    + listing.limit() + "; page deeper with a cursor");
        }
        Query query = visibleQuery(filter);
        FieldTypes types = store.schema().types();
        // Ties on every key go by id, as on the cluster and in cursor pages, not by document
        // order, which merges reshuffle.
        Sort sort = listing.random() || listing.sort().isEmpty() ? ListingSorts.toSort(listing, types, randomSeed)
                : cursorSort(listing.sort());
        return store.read(s -> {
            int total = s.count(query);
            int n = listing.offset() + listing.limit();
            if (listing.limit() == 0 || listing.offset() >= total) {
                return new RecordPage(total, listing.offset(), List.of());
            }
            TopDocs top = sort == null ? s.search(query, n) : s.search(query, n, sort);
            List<StoredRecord> records = read(s, top.scoreDocs, listing.offset(), fields);
            return new RecordPage(total, listing.offset(), records);
        });
    }

    /**
     * The sort of {@code keys} with the id as final key, so that no two records tie: the order
     * cursor paging (searchAfter) needs to visit every record exactly once, and the one sorted
     * finds use so that ties do not follow document order.
     */
    public Sort cursorSort(List<SortKey> keys) {
        List<SortField> fields = new ArrayList<>();
        if (!keys.isEmpty()) {
            fields.addAll(List.of(ListingSorts.toSort(Listing.of(keys, 0, 0), store.schema().types(), 0).getSort()));
        }
        fields.add(new SortedSetSortField(RecordFields.ID, false));
        return new Sort(fields.toArray(SortField[]::new));
    }

    /** The first {@code n} matches of {@code query} in order {@code sort} after {@code after} (null: from the start). */
    public TopFieldDocs page(IndexSearcher s, Query query, Sort sort, FieldDoc after, int n) throws IOException {
        return (TopFieldDocs) s.searchAfter(after, query, n, sort);
    }

    public long count(Filter filter) {
        Query q = visibleQuery(filter);
        return store.read(s -> (long) s.count(q));
    }

    public List<StoredRecord> random(int n, Filter filter, FieldSelection fields, long seed) {
        if (n < 0 || n > MAX_LIMIT) {
            throw new IllegalArgumentException("count must be in 0.." + MAX_LIMIT + ", got: " + n);
        }
        return find(filter, Listing.randomOrder(0, n), fields, seed).records();
    }

    private List<StoredRecord> read(IndexSearcher s, ScoreDoc[] docs, int from, FieldSelection fields) throws IOException {
        StoredFields stored = s.storedFields();
        boolean sigs = fields.includes(FieldSelection.SIGNATURES);
        List<StoredRecord> out = new ArrayList<>();
        for (int i = from; i < docs.length; i++) {
            out.add(RecordDocuments.read(stored, docs[i].doc, sigs, vectorNames).view(fields));
        }
        return out;
    }
}
