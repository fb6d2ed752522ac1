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
        List<NearDuplicatePairs.Pair> pairs = allPairs(ids, Arrays.copyOf(hashes[0], ids.size()), radius);
        return new NearDuplicatePairs(radius, pairs, groups(pairs));
    }

    /** Multi-index hashing in memory; see the class comment. */
    static List<NearDuplicatePairs.Pair> allPairs(List<String> ids, long[] hashes, int radius) {
        int n = hashes.length;
        int bands = 4;
        int perBand = radius / bands;
        int[] flips = flipMasks(perBand);
        List<NearDuplicatePairs.Pair> out = new ArrayList<>();
        int[] lastSeenBy = new int[n];
        Arrays.fill(lastSeenBy, -1);
        int[][] start = new int[bands][];
        int[][] members = new int[bands][];
        for (int b = 0; b < bands; b++) {
            int[] count = new int[(1 << 16) + 1];
            for (long h : hashes) {
                count[band(h, b) + 1]++;
            }
            for (int v = 0; v < 1 << 16; v++) {
                count[v + 1] += count[v];
            }
            int[] fill = Arrays.copyOf(count, count.length);
            int[] m = new int[n];
            for (int i = 0; i < n; i++) {
                m[fill[band(hashes[i], b)]++] = i;
            }
            start[b] = count;
            members[b] = m;
        }
        for (int i = 0; i < n; i++) {
            long hi = hashes[i];
            for (int b = 0; b < bands; b++) {
                int value = band(hi, b);
                for (int mask : flips) {
                    int v = value ^ mask;
                    for (int p = start[b][v]; p < start[b][v + 1]; p++) {
                        int j = members[b][p];
                        if (j <= i || lastSeenBy[j] == i) {
                            continue;
                        }
                        lastSeenBy[j] = i;
                        int d = Long.bitCount(hi ^ hashes[j]);
                        if (d <= radius) {
                            String a = ids.get(i);
                            String c = ids.get(j);
                            out.add(a.compareTo(c) < 0 ? new NearDuplicatePairs.Pair(a, c, d) : new NearDuplicatePairs.Pair(c, a, d));
                        }
                    }
                }
            }
        }
        out.sort(Comparator.comparingInt(NearDuplicatePairs.Pair::distance).thenComparing(NearDuplicatePairs.Pair::a)
                .thenComparing(NearDuplicatePairs.Pair::b));
        return out;
    }

    private static int band(long bits, int b) {
        return (int) ((bits >>> (b * 16)) & 0xFFFF);
    }

    /** Every 16-bit mask with at most {@code budget} bits set. */
    private static int[] flipMasks(int budget) {
        List<Integer> masks = new ArrayList<>();
        for (int m = 0; m < 1 << 16; m++) {
            if (Integer.bitCount(m) <= budget) {
                masks.add(m);
            }
        }
        return masks.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Connected components of the pairs, each sorted, largest first. */
    private static List<List<String>> groups(List<NearDuplicatePairs.Pair> pairs) {
        Map<String, String> parent = new HashMap<>();
        for (NearDuplicatePairs.Pair p : pairs) {
            String ra = root(parent, p.a());
            String rb = root(parent, p.b());
            if (!ra.equals(rb)) {
                parent.put(ra.compareTo(rb) < 0 ? rb : ra, ra.compareTo(rb) < 0 ? ra : rb);
            }
        }
        Map<String, List<String>> byRoot = new HashMap<>();
        for (String id : parent.keySet()) {
            byRoot.computeIfAbsent(root(parent, id), k -> new ArrayList<>()).add(id);
        }
        List<List<String>> groups = new ArrayList<>();
        for (List<String> g : byRoot.values()) {
            g.sort(null);
            groups.add(g);
        }
        groups.sort(Comparator.<List<String>>comparingInt(List::size).reversed().thenComparing(g -> g.get(0)));
        return groups;
    }

    private static String root(Map<String, String> parent, String id) {
        parent.putIfAbsent(id, id);
        String r = id;
        while (!parent.get(r).equals(r)) {
            r = parent.get(r);
        }
        parent.put(id, r);
        return r;
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
