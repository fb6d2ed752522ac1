package org.imageindex.embedded;

import org.imageindex.search.KnnPlan;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.MultiQuery;
import org.imageindex.search.RangeRequest;
import org.imageindex.search.SearchHit;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.spi.KnnPlanChoice;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConjunctionUtils;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.HitQueue;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.VectorScorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.RecordFields;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.color.ColorExtractor;
import org.imageindex.spi.TagOverlap;

/**
 * kNN (Q1, Q4) and range (Q3) searches over one vector signature.
 *
 * <p>kNN: Lucene's HNSW search ({@link KnnFloatVectorQuery}) with the visible-records filter
 * passed in (pre-filtering: Lucene explores the graph only through matching documents, or scans
 * them exactly when few match), for at least {@link KnnRequest#candidates()} neighbours; those
 * are re-ranked on their stored float vectors with the signature's own distance, so distances
 * are exact and ascending, then {@code from} are skipped. Multi-image queries search the mean
 * vector or fuse per-query rankings; tag weighting re-ranks a candidate pool widened by the
 * records sharing a query tag; product diversification keeps the best hit per product and widens
 * the pool until {@code k + from} products are found or no record is left.
 *
 * <p>The candidates come from one of two plans ({@link KnnPlan}): an exact scan of the vectors the
 * filter keeps, or the graph walk; by default the cheaper for the filter's cardinality
 * ({@link KnnPlanChoice}). The visibility clause costs nothing when no record is deactivated: the
 * index's visible-records query drops it on readers that hold none.
 *
 * <p>Range: nearest neighbours by the same filtered HNSW search with a growing {@code k} (x4 from
 * 100) until a neighbour lies beyond the radius, the filter is exhausted or the limit is reached;
 * distances are checked exactly. Lucene's {@code FloatVectorSimilarityQuery} (graph traversal
 * down to a score threshold) was measured first: on the 173 real images it missed 3 of the 13
 * records within a similarity radius, because the walk stops at nodes under the threshold.
 */
final class VectorSearch {

    /** Reciprocal rank fusion's constant (Cormack, Clarke and Buettcher, 2009). */
    private static final int RRF_K = 60;

    private final SearchableIndex index;

    VectorSearch(SearchableIndex index) {
        this.index = index;
    }

    /** A candidate: a document with its exact distance and ranking score. */
    private record Candidate(int doc, double distance, double score, double rank) {
    }

    SearchResult knn(KnnRequest r) {
        VectorSpace space = VectorSpace.of(index, r.signature());
        Query filter = index.visibleQuery(r.filter());
        String productField = checkedProductField(r.productField());
        int want = r.k() + r.from();
        return index.read(s -> {
            List<float[]> queries = new ArrayList<>();
            Set<String> queryTags = new LinkedHashSet<>(r.queryTags());
            for (SearchQuery q : r.queries()) {
                queries.add(vectorOf(s, space, q));
                if (r.tagWeight() > 0 && r.queryTags().isEmpty() && q instanceof SearchQuery.ById byId) {
                    queryTags.addAll(index.record(s, index.visibleDoc(s, byId.id()), FieldSelection.of(FieldSelection.TAGS)).tags());
                }
            }
            int pool = r.candidates();
            while (true) {
                List<Candidate> ranked = rank(s, space, r, queries, queryTags, filter, pool);
                List<Candidate> kept = productField == null ? ranked : onePerProduct(s, ranked, productField, want);
                boolean exhausted = ranked.size() < pool;
                if (kept.size() >= want || exhausted || productField == null) {
                    return hits(s, kept, r.from(), r.k(), r.fields());
                }
                int wider = (int) Math.min((long) pool * 4, Math.max(pool, s.count(filter)));
                if (wider <= pool) {
                    return hits(s, kept, r.from(), r.k(), r.fields());
                }
                pool = wider;
            }
        });
    }

    SearchResult range(RangeRequest r) {
        VectorSpace space = VectorSpace.of(index, r.signature());
        Query filter = index.visibleQuery(r.filter());
        String productField = checkedProductField(r.productField());
        return index.read(s -> {
            float[] q = vectorOf(s, space, r.query());
            int k = Math.min(KnnRequest.MIN_CANDIDATES, r.limit() + 1);
            while (true) {
                ScoreDoc[] found = neighbours(s, space, q, filter, k, KnnPlan.AUTO);
                List<Candidate> ranked = exact(s, space, List.of(q), found);
                ranked.sort(BY_DISTANCE);
                List<Candidate> within = ranked.stream().filter(c -> c.distance() <= r.radius()).toList();
                List<Candidate> kept = productField == null ? within : onePerProduct(s, within, productField, r.limit());
                boolean passedRadius = within.size() < ranked.size();
                boolean exhausted = found.length < k;
                if (passedRadius || exhausted || kept.size() >= r.limit() || k > RangeRequest.MAX_LIMIT) {
                    return hits(s, kept, 0, r.limit(), r.fields());
                }
                k = Math.min(k * 4, RangeRequest.MAX_LIMIT + 1);
            }
        });
    }

    private static final Comparator<Candidate> BY_DISTANCE = Comparator.comparingDouble(Candidate::distance)
            .thenComparingInt(Candidate::doc);

    /** Candidates of the request ranked best first: by distance, fused rank, or visual + tag score. */
    private List<Candidate> rank(IndexSearcher s, VectorSpace space, KnnRequest r, List<float[]> queries, Set<String> queryTags,
                                 Query filter, int pool) throws IOException {
        Map<Integer, Double> fused = new HashMap<>();
        Set<Integer> docs = new HashSet<>();
        List<float[]> compared;
        if (queries.size() == 1 || r.multi() == MultiQuery.MEAN_VECTOR) {
            float[] q = queries.size() == 1 ? queries.get(0) : space.mean(queries);
            compared = List.of(q);
            for (ScoreDoc d : neighbours(s, space, q, filter, pool, r.plan())) {
                docs.add(d.doc);
            }
            if (r.tagWeight() > 0 && !queryTags.isEmpty()) {
                for (ScoreDoc d : neighbours(s, space, q, withTags(filter, queryTags), pool, r.plan())) {
                    docs.add(d.doc);
                }
            }
        } else {
            compared = queries;
            // Interleaved fusion: a record's best rank in any query's list decides first, so each
            // query's nearest records (the query images themselves first) lead; among records of
            // the same best rank, the reciprocal-rank sum over all lists (agreement) decides.
            Map<Integer, Integer> bestRank = new HashMap<>();
            for (float[] q : queries) {
                List<Candidate> ranked = exact(s, space, List.of(q), neighbours(s, space, q, filter, pool, r.plan()));
                ranked.sort(BY_DISTANCE);
                for (int i = 0; i < ranked.size(); i++) {
                    fused.merge(ranked.get(i).doc(), 1.0 / (RRF_K + i + 1), Double::sum);
                    bestRank.merge(ranked.get(i).doc(), i + 1, Math::min);
                    docs.add(ranked.get(i).doc());
                }
            }
            // The sum over n lists is below n / (RRF_K + 1) < n, so the key's fraction never reaches the next rank.
            int n = queries.size();
            fused.replaceAll((doc, sum) -> -(bestRank.get(doc) + 0.5 * (1 - sum / n)));
        }
        ScoreDoc[] all = docs.stream().map(d -> new ScoreDoc(d, 0)).toArray(ScoreDoc[]::new);
        List<Candidate> ranked = exact(s, space, compared, all);
        if (r.tagWeight() > 0) {
            double w = r.tagWeight();
            List<Candidate> combined = new ArrayList<>(ranked.size());
            for (Candidate c : ranked) {
                List<String> tags = index.record(s, c.doc(), FieldSelection.of(FieldSelection.TAGS)).tags();
                double score = (1 - w) * c.score() + w * TagOverlap.jaccard(queryTags, tags);
                combined.add(new Candidate(c.doc(), 1 - score, score, -score));
            }
            ranked = combined;
        } else if (!fused.isEmpty()) {
            List<Candidate> withRank = new ArrayList<>(ranked.size());
            for (Candidate c : ranked) {
                withRank.add(new Candidate(c.doc(), c.distance(), c.score(), -fused.get(c.doc())));
            }
            ranked = withRank;
        }
        ranked.sort(Comparator.comparingDouble(Candidate::rank).thenComparingDouble(Candidate::distance)
                .thenComparingInt(Candidate::doc));
        return ranked;
    }

    private static ScoreDoc[] neighbours(IndexSearcher s, VectorSpace space, float[] q, Query filter, int n, KnnPlan plan)
            throws IOException {
        KnnPlan chosen = plan == KnnPlan.AUTO ? cheaper(s.count(filter), s.getIndexReader().numDocs(), n) : plan;
        if (chosen == KnnPlan.EXACT_SCAN) {
            return scan(s, space.field(), q, filter, n);
        }
        return s.search(new KnnFloatVectorQuery(space.field(), q, n, filter), n).scoreDocs;
    }

    /** The cheaper plan for {@code matches} of {@code records} and {@code n} candidates: {@link KnnPlanChoice}, shared with the cluster. */
    static KnnPlan cheaper(int matches, int records, int n) {
        return KnnPlanChoice.cheaper(matches, records, n);
    }

    /**
     * The exact {@code n} nearest live documents of {@code filter} by the field's own similarity,
     * best first: every matching vector is scored with Lucene's (vectorised) scorer on the stored
     * float vectors, kept in a bounded queue.
     */
    static ScoreDoc[] scan(IndexSearcher s, String field, float[] q, Query filter, int n) throws IOException {
        Weight w = s.createWeight(s.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
        HitQueue best = new HitQueue(n, false);
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            FloatVectorValues values = leaf.reader().getFloatVectorValues(field);
            Scorer matches = values == null ? null : w.scorer(leaf);
            VectorScorer scorer = matches == null ? null : values.scorer(q);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            DocIdSetIterator both = ConjunctionUtils.intersectIterators(List.of(matches.iterator(), scorer.iterator()));
            for (int d = both.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = both.nextDoc()) {
                if (live == null || live.get(d)) {
                    best.insertWithOverflow(new ScoreDoc(leaf.docBase + d, scorer.score()));
                }
            }
        }
        ScoreDoc[] out = new ScoreDoc[best.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = best.pop();
        }
        return out;
    }

    private static Query withTags(Query filter, Set<String> tags) {
        return new BooleanQuery.Builder()
                .add(filter, BooleanClause.Occur.FILTER)
                .add(new TermInSetQuery(RecordFields.TAGS, tags.stream().map(BytesRef::new).toList()), BooleanClause.Occur.FILTER)
                .build();
    }

    /** Exact distances of the docs to the closest of {@code queries}; rank = distance. */
    private static List<Candidate> exact(IndexSearcher s, VectorSpace space, List<float[]> queries, ScoreDoc[] hits)
            throws IOException {
        int[] docs = Arrays.stream(hits).mapToInt(h -> h.doc).sorted().toArray();
        float[][] vectors = space.stored(s, docs);
        List<Candidate> out = new ArrayList<>(docs.length);
        for (int i = 0; i < docs.length; i++) {
            if (vectors[i] == null) {
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            double score = 0;
            for (float[] q : queries) {
                double d = space.distance(q, vectors[i]);
                if (d < best) {
                    best = d;
                    score = space.score(q, vectors[i]);
                }
            }
            out.add(new Candidate(docs[i], best, score, best));
        }
        return out;
    }

    /** The best candidate of each product, in ranking order, stopping at {@code want}. */
    private List<Candidate> onePerProduct(IndexSearcher s, List<Candidate> ranked, String field, int want) throws IOException {
        Set<Object> seen = new HashSet<>();
        List<Candidate> out = new ArrayList<>();
        FieldSelection sel = FieldSelection.of(field);
        for (Candidate c : ranked) {
            StoredRecord rec = index.record(s, c.doc(), sel);
            Object product = rec.attributes().get(field).map(v -> (Object) List.of(v)).orElse(List.of("\u0000id", rec.id()));
            if (seen.add(product)) {
                out.add(c);
                if (out.size() >= want) {
                    break;
                }
            }
        }
        return out;
    }

    private String checkedProductField(String field) {
        if (field != null && index.fieldTypes().spec(field).isEmpty()) {
            throw new IllegalArgumentException("productField must be an attribute path the index holds, one of "
                    + index.fieldTypes().names() + ", got: " + field);
        }
        if (field != null && RecordFields.BUILT_IN.contains(field)) {
            throw new IllegalArgumentException("productField must be an attribute path, not the built-in field '" + field + "'");
        }
        return field;
    }

    private SearchResult hits(IndexSearcher s, List<Candidate> ranked, int from, int k, FieldSelection fields) throws IOException {
        List<SearchHit> hits = new ArrayList<>();
        for (int i = from; i < Math.min(ranked.size(), from + k); i++) {
            Candidate c = ranked.get(i);
            hits.add(new SearchHit(index.record(s, c.doc(), fields), c.distance(), c.score()));
        }
        return new SearchResult(hits);
    }

    /** The query's vector in {@code space}, in the space of the HNSW field as searcher {@code s} shows it. */
    private float[] vectorOf(IndexSearcher s, VectorSpace space, SearchQuery q) throws IOException {
        float[] own;
        switch (q) {
            case SearchQuery.ById byId -> {
                // Read from the HNSW field itself: already in the index's space.
                int doc = index.visibleDoc(s, byId.id());
                if (doc < 0) {
                    throw new IllegalArgumentException("query id must name a visible record, got: '" + byId.id() + "'");
                }
                float[] v = space.stored(s, new int[] {doc})[0];
                if (v == null) {
                    throw new IllegalArgumentException("record '" + byId.id() + "' has no vector in field " + space.field());
                }
                return v;
            }
            case SearchQuery.ByImage image -> own = space.vectorOf(index.extract(image.source()));
            case SearchQuery.ByRaster raster -> own = space.vectorOf(index.extractor().query(raster.image()));
            case SearchQuery.ByVector vector -> own = space.checked(vector.vector());
            case SearchQuery.ByColors colors -> {
                if (!space.isColor()) {
                    throw new IllegalArgumentException("colours as text query the color signature only, got signature: "
                            + space.name());
                }
                own = ColorExtractor.standard().query(colors.colors()).vector();
            }
        }
        // An image's or a caller's vector is in the signature's own space; the HNSW field may hold
        // the index's fine-tuned one.
        return index.toIndexSpace(s, space.name(), own);
    }
}
