package org.imageindex.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.imageindex.query.ast.Filter;
import org.imageindex.record.FieldSelection;

/**
 * A k-nearest-neighbour search (Ximilar's visualKNN, visualKNNMulti, visualTagsKNN,
 * visualTagsKNNMulti): the {@code k} visible records closest to the query by one vector
 * signature, after skipping {@code from}, among the records {@code filter} matches.
 *
 * {@snippet :
 * KnnRequest r = KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("11959"))
 *         .k(3)
 *         .filter(index.filter("{\"artist\": {\"$ne\": \"david_27\"}}", QueryLanguage.MONGO_JSON))
 *         .build();
 * SearchResult result = index.search(r);      // result.ids(), result.distances()
 * }
 *
 * @param signature    the vector signature compared
 * @param queries      one query, or several for a multi-image search
 * @param multi        how several queries combine
 * @param k            hits to return, 1..{@link #MAX_WINDOW}
 * @param from         hits to skip first, >= 0, with {@code k + from <= MAX_WINDOW}
 * @param filter       the records searched (pre-filtering: the k hits all match it)
 * @param fields       the parts of each hit's record to return
 * @param productField null, or a field of which each hit must have a value of its own
 *                     (one hit per product); records without the field count as their own product
 * @param tagWeight    0 for a visual search; otherwise the weight of tag similarity in
 *                     {@code score = (1 - w) visualScore + w jaccard(queryTags, tags)}
 * @param queryTags    the tags compared with records' tags when {@code tagWeight > 0}; when empty,
 *                     the stored tags of the {@link SearchQuery.ById} queries
 * @param candidates   neighbours collected from the HNSW graph per query before exact re-ranking
 *                     (Ximilar's {@code cand_set_size}); at least {@code k + from}
 * @param plan         how the candidates are found: {@link KnnPlan#AUTO} picks an exact scan of
 *                     the filter's matches or the graph walk, whichever costs less
 */
public record KnnRequest(VectorSignature signature, List<SearchQuery> queries, MultiQuery multi, int k, int from,
                         Filter filter, FieldSelection fields, String productField, double tagWeight,
                         List<String> queryTags, int candidates, KnnPlan plan) {

    /** Ximilar's default {@code k}. */
    public static final int DEFAULT_K = 20;

    /**
     * {@code k + from} at most 10,000: deeper pages of a nearest-neighbour ranking mean walking
     * the graph for that many neighbours per request, the same bound as listings' offsets.
     */
    public static final int MAX_WINDOW = 10_000;

    /**
     * At least 100 graph neighbours are collected and re-ranked exactly: Lucene's HNSW search
     * uses k as its beam width, and 100 keeps recall@10 at or above 0.95 on the measured sets
     * (see docs/performance.md) while costing little more than k = 10.
     */
    public static final int MIN_CANDIDATES = 100;

    /**
     * Tags weigh a quarter when asked for without a weight: visual similarity leads, shared tags
     * reorder records that look alike.
     */
    public static final double DEFAULT_TAG_WEIGHT = 0.25;

    public KnnRequest {
        Objects.requireNonNull(signature, "signature");
        queries = List.copyOf(queries);
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("queries must hold at least one query, got: []");
        }
        Objects.requireNonNull(multi, "multi");
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got: " + k);
        }
        if (from < 0) {
            throw new IllegalArgumentException("from must be >= 0, got: " + from);
        }
        if ((long) k + from > MAX_WINDOW) {
            throw new IllegalArgumentException("k + from must be <= " + MAX_WINDOW + ", got: " + k + " + " + from);
        }
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(fields, "fields");
        if (productField != null && productField.isEmpty()) {
            throw new IllegalArgumentException("productField must be a field name or null, got: ''");
        }
        if (!(tagWeight >= 0 && tagWeight <= 1)) {
            throw new IllegalArgumentException("tagWeight must be in [0, 1], got: " + tagWeight);
        }
        queryTags = List.copyOf(queryTags);
        if (candidates < k + from) {
            throw new IllegalArgumentException("candidates must be >= k + from (" + (k + from) + "), got: " + candidates);
        }
        Objects.requireNonNull(plan, "plan");
    }

    /** A builder for a search of {@code signature} by {@code query}. */
    public static Builder builder(VectorSignature signature, SearchQuery query) {
        return new Builder(signature, List.of(query));
    }

    /** A builder for a multi-image search of {@code signature} by {@code queries}. */
    public static Builder builder(VectorSignature signature, List<SearchQuery> queries) {
        return new Builder(signature, queries);
    }

    /** Chooses a request's options; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private final VectorSignature signature;
        private final List<SearchQuery> queries;
        private MultiQuery multi = MultiQuery.MEAN_VECTOR;
        private int k = DEFAULT_K;
        private int from;
        private Filter filter = AllRecords.FILTER;
        private FieldSelection fields = FieldSelection.ID_ONLY;
        private String productField;
        private double tagWeight;
        private List<String> queryTags = List.of();
        private int candidates = -1;
        private KnnPlan plan = KnnPlan.AUTO;

        private Builder(VectorSignature signature, List<SearchQuery> queries) {
            this.signature = Objects.requireNonNull(signature, "signature");
            this.queries = new ArrayList<>(Objects.requireNonNull(queries, "queries"));
        }

        /** How several queries combine; default {@link MultiQuery#MEAN_VECTOR}. */
        public Builder multi(MultiQuery multi) {
            this.multi = Objects.requireNonNull(multi, "multi");
            return this;
        }

        /** Hits to return; default {@link #DEFAULT_K}. */
        public Builder k(int k) {
            this.k = k;
            return this;
        }

        /** Hits to skip; default 0. */
        public Builder from(int from) {
            this.from = from;
            return this;
        }

        /** Only records matching {@code filter}; default every visible record. */
        public Builder filter(Filter filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** The parts of each record to return; default the id only, as Ximilar. */
        public Builder fields(FieldSelection fields) {
            this.fields = Objects.requireNonNull(fields, "fields");
            return this;
        }

        /** One hit per value of this field (Ximilar's {@code product_field}). */
        public Builder productField(String field) {
            this.productField = Objects.requireNonNull(field, "field");
            return this;
        }

        /** Combines visual and tag similarity (visualTagsKNN) with tags weighing {@code weight}. */
        public Builder tagWeight(double weight) {
            this.tagWeight = weight;
            return this;
        }

        /** The tags to compare with; default the stored tags of the queries given by id. */
        public Builder queryTags(List<String> tags) {
            this.queryTags = List.copyOf(tags);
            if (tagWeight == 0) {
                tagWeight = DEFAULT_TAG_WEIGHT;
            }
            return this;
        }

        /** Graph neighbours collected per query before exact re-ranking; default max(k + from, {@link #MIN_CANDIDATES}). */
        public Builder candidates(int candidates) {
            this.candidates = candidates;
            return this;
        }

        /** How candidates are found; default {@link KnnPlan#AUTO}. */
        public Builder plan(KnnPlan plan) {
            this.plan = Objects.requireNonNull(plan, "plan");
            return this;
        }

        /**
         * The request.
         *
         * @throws IllegalArgumentException naming the first invalid option
         */
        public KnnRequest build() {
            int c = candidates > 0 ? candidates : Math.max(k + Math.max(0, from), MIN_CANDIDATES);
            return new KnnRequest(signature, queries, multi, k, from, filter, fields, productField, tagWeight, queryTags, c, plan);
        }
    }
}
