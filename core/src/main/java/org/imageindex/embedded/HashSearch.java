package org.imageindex.embedded;

import org.imageindex.search.NearDuplicatePairs;
import org.imageindex.search.NearDuplicateRequest;
import org.imageindex.search.SearchHit;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.imageindex.query.ast.Filter;
import org.imageindex.record.RecordFields;
import org.imageindex.signatures.QueryImage;
import org.imageindex.signatures.hash.HashSignature;

/**
 * Near duplicates by perceptual hash (Q3): for one query through the index's multi-index hashing
 * terms, and for all pairs in memory with the same banding.
 *
 * <p>All pairs: the {@code (id, hash)} of every visible record the filter matches is loaded
 * (8 bytes a hash), each of the four 16-bit bands is bucketed by a counting sort, and each record
 * probes, per band, the buckets within {@code floor(radius / 4)} flipped bits of its own band
 * value. Two hashes within the radius agree that closely in at least one band (pigeonhole), so
 * no pair is missed; each candidate is checked exactly. Work grows with the records times the
 * probes per record (4 × 697 at radius 12) plus the candidates, not with the square of the
 * records.
 */
final class HashSearch {

    private final SearchableIndex index;

    HashSearch(SearchableIndex index) {
        this.index = index;
    }

    SearchResult nearDuplicates(NearDuplicateRequest r) {
        Query filter = index.visibleQuery(r.filter());
        return index.read(s -> {
            long bits = hashOf(s, r.query());
            Query q = new BooleanQuery.Builder()
                    .add(index.hashCandidates(bits, r.radius()), BooleanClause.Occur.MUST)
                    .add(filter, BooleanClause.Occur.FILTER)
                    .build();
            List<long[]> found = new ArrayList<>(); // {doc, distance}
            DocLookup.forEach(s, q, (leaf, doc) -> {
                NumericDocValues hashes = DocValues.getNumeric(leaf.reader(), index.hashField());
                if (hashes.advanceExact(doc)) {
                    int d = Long.bitCount(hashes.longValue() ^ bits);
                    if (d <= r.radius()) {
                        found.add(new long[] {leaf.docBase + doc, d});
                    }
                }
            });
            List<SearchHit> hits = new ArrayList<>();
            for (long[] f : found) {
                hits.add(new SearchHit(index.record(s, (int) f[0], r.fields()), f[1], 1 - f[1] / (double) HashSignature.BITS));
            }
            hits.sort(Comparator.comparingDouble(SearchHit::distance).thenComparing(SearchHit::id));
            return new SearchResult(hits);
        });
    }

    NearDuplicatePairs pairs(int radius, Filter filter) {
        if (radius < 0 || radius > HashSignature.BITS) {
            throw new IllegalArgumentException("radius must be in 0.." + HashSignature.BITS + ", got: " + radius);
        }
        Query q = index.visibleQuery(filter);
        List<String> ids = new ArrayList<>();
        long[][] hashes = {new long[1024]};
        index.read(s -> {
            Object[] current = new Object[3]; // leaf, hash doc values, id doc values
            DocLookup.forEach(s, q, (leaf, doc) -> {
                if (current[0] != leaf) {
                    current[0] = leaf;
                    current[1] = DocValues.getNumeric(leaf.reader(), index.hashField());
                    current[2] = DocValues.getSortedSet(leaf.reader(), RecordFields.ID);
                }
                NumericDocValues h = (NumericDocValues) current[1];
                SortedSetDocValues id = (SortedSetDocValues) current[2];
                if (h.advanceExact(doc) && id.advanceExact(doc)) {
                    if (ids.size() == hashes[0].length) {
                        hashes[0] = Arrays.copyOf(hashes[0], hashes[0].length * 2);
                    }
                    hashes[0][ids.size()] = h.longValue();
                    ids.add(id.lookupOrd(id.nextOrd()).utf8ToString());
                }
            });
            return null;
        });
        return org.imageindex.spi.HashPairs.of(ids, Arrays.copyOf(hashes[0], ids.size()), radius);
    }

    private long hashOf(IndexSearcher s, SearchQuery q) throws IOException {
        return switch (q) {
            case SearchQuery.ById byId -> {
                int doc = index.visibleDoc(s, byId.id());
                if (doc < 0) {
                    throw new IllegalArgumentException("query id must name a visible record, got: '" + byId.id() + "'");
                }
                List<LeafReaderContext> leaves = s.getIndexReader().leaves();
                LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves));
                NumericDocValues h = DocValues.getNumeric(leaf.reader(), index.hashField());
                if (!h.advanceExact(doc - leaf.docBase)) {
                    throw new IllegalStateException("record '" + byId.id() + "' has no perceptual hash; the index is damaged");
                }
                yield h.longValue();
            }
            case SearchQuery.ByImage image -> index.extract(image.source()).hash().bits();
            case SearchQuery.ByRaster raster -> index.extractor().query(raster.image()).hash().bits();
            case SearchQuery.ByVector v -> throw new IllegalArgumentException("query must be a record id or an image, got: " + v);
            case SearchQuery.ByColors c -> throw new IllegalArgumentException("query must be a record id or an image, got: " + c);
        };
    }
}
