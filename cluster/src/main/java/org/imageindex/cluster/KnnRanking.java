package org.imageindex.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.imageindex.record.RecordFields;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.MultiQuery;
import org.imageindex.spi.TagOverlap;

/**
 * The ranking of a kNN search on the cluster, the embedded index's ({@code VectorSearch}) rule
 * for rule, computed here on the candidates the cluster returns (by the embedded index's plan:
 * an exact scan of the filter's matches or the filtered HNSW search): several
 * queries by their mean vector or by interleaved rank fusion, visual + tags scoring over a pool
 * widened by the records sharing a query tag, one hit per product with the pool widened until
 * enough products are found. Ties go by id where the embedded index's go by document order (the
 * same order for records inserted in id order).
 *
 * <p>One bound the embedded index does not have: the cluster returns at most
 * {@link #MAX_CANDIDATES} neighbours per search (OpenSearch's bound on {@code k} and on a page),
 * so one hit per product stops widening there, where the embedded index widens up to every
 * record the filter matches.
 */
final class KnnRanking {

    /** Reciprocal rank fusion's constant (Cormack, Clarke and Buettcher, 2009), as the embedded index's. */
    private static final int RRF_K = 60;

    /** OpenSearch's bound on a kNN search's {@code k} and on a search page ({@code index.max_result_window}). */
    static final int MAX_CANDIDATES = 10_000;

    /** Visible for tests: the widest pool of a one-hit-per-product search opened after it is set. */
    static volatile int maxCandidatesForTests = MAX_CANDIDATES;

    private KnnRanking() {
    }

    /**
     * A neighbour fetched from the cluster: its id and {@code _source}, and either its vector of
     * the searched signature or, when the engine's score gives it exactly
     * ({@link Space#exactFromScore()}), its distance and score to the query it was found for.
     */
    record Found(String id, JsonNode source, float[] vector, double distance, double score) {
        static Found withVector(String id, JsonNode source, float[] vector) {
            return new Found(id, source, vector, Double.NaN, Double.NaN);
        }

        static Found measured(String id, JsonNode source, double distance, double score) {
            return new Found(id, source, null, distance, score);
        }
    }

    /** A candidate with its exact distance and score, and the key it is ranked by (lower first). */
    record Ranked(Found found, double distance, double score, double rank) {
        String id() {
            return found.id();
        }
    }

    /**
     * Hits returned beyond the {@code k + from} a plain search shows when vectors must come back,
     * so that neighbours whose engine scores tie within float noise at the cut are re-ranked here too.
     */
    static final int TIE_MARGIN = 10;

    /** The cluster's side of a search. */
    interface Candidates {
        /**
         * The {@code n} neighbours of {@code q} the cluster's search considers among the request's
         * visible records (restricted to those carrying one of {@code tags} when it is not null),
         * of which the {@code returned} best by the engine's score come back, with their vectors
         * when {@code vectors} is set, else measured from the engine's score.
         */
        List<Found> near(float[] q, Set<String> tags, int n, int returned, boolean vectors);
    }

    private static final Comparator<Ranked> BY_DISTANCE = Comparator.comparingDouble(Ranked::distance).thenComparing(Ranked::id);

    /** {@code found} with exact distances to {@code q}, closest first, ties by id. */
    static List<Ranked> byDistance(Space space, float[] q, List<Found> found) {
        List<Ranked> out = exact(space, List.of(q), found);
        out.sort(BY_DISTANCE);
        return out;
    }

    /**
     * The request's ranking, best first, cut to {@code k + from} products when a product field is
     * given: the pool of {@link KnnRequest#candidates()} per query, widened ×4 (up to the
     * filter's {@code count} and {@link #MAX_CANDIDATES}) while too few products were found and
     * the cluster had more.
     *
     * @param product the product of a candidate (equal values, one product), or null for none
     */
    static List<Ranked> knn(Space space, KnnRequest r, List<float[]> queries, Set<String> queryTags, Candidates cluster,
                            LongSupplier count, Function<Found, Object> product) {
        int want = r.k() + r.from();
        int bound = maxCandidatesForTests;
        int pool = r.candidates();
        while (true) {
            List<Ranked> ranked = rank(space, r, queries, queryTags, cluster, pool, product != null);
            List<Ranked> kept = product == null ? ranked : onePerProduct(ranked, product, want);
            boolean exhausted = ranked.size() < pool;
            if (kept.size() >= want || exhausted || product == null) {
                return kept;
            }
            int wider = (int) Math.min(Math.min((long) pool * 4, Math.max(pool, count.getAsLong())), Math.max(pool, bound));
            if (wider <= pool) {
                return kept;
            }
            pool = wider;
        }
    }

    /** Candidates ranked best first: by distance, by fused rank, or by visual + tag score. */
    private static List<Ranked> rank(Space space, KnnRequest r, List<float[]> queries, Set<String> queryTags, Candidates cluster,
                                     int pool, boolean perProduct) {
        Map<String, Double> fused = new HashMap<>();
        Map<String, Found> docs = new LinkedHashMap<>();
        List<float[]> compared;
        if (queries.size() == 1 || r.multi() == MultiQuery.MEAN_VECTOR) {
            float[] q = queries.size() == 1 ? queries.get(0) : space.mean(queries);
            compared = List.of(q);
            // Vectors are most of a reply's bytes and of the nodes' work to write it. Where the
            // engine's score gives the exact distance, none comes back. Otherwise a plain search
            // shows only the first k + from of its pool, which are the engine's best by score (the
            // cluster's vectors are the same floats, not quantised): only those, and a margin for
            // ties, need their vectors. Tag weighting and one hit per product rank the whole pool.
            boolean byScore = space.exactFromScore();
            boolean plain = r.tagWeight() == 0 && !perProduct;
            int returned = byScore || !plain ? pool : Math.min(pool, r.k() + r.from() + TIE_MARGIN);
            cluster.near(q, null, pool, returned, !byScore).forEach(f -> docs.putIfAbsent(f.id(), f));
            if (r.tagWeight() > 0 && !queryTags.isEmpty()) {
                cluster.near(q, queryTags, pool, pool, !byScore).forEach(f -> docs.putIfAbsent(f.id(), f));
            }
        } else {
            compared = queries;
            // Interleaved fusion, as the embedded index: a record's best rank in any query's list
            // decides first; among records of the same best rank, the reciprocal-rank sum over all
            // lists (agreement) decides.
            Map<String, Integer> bestRank = new HashMap<>();
            for (float[] q : queries) {
                // each candidate is compared with every query: vectors needed
                List<Ranked> ranked = byDistance(space, q, cluster.near(q, null, pool, pool, true));
                for (int i = 0; i < ranked.size(); i++) {
                    String id = ranked.get(i).id();
                    fused.merge(id, 1.0 / (RRF_K + i + 1), Double::sum);
                    bestRank.merge(id, i + 1, Math::min);
                    docs.putIfAbsent(id, ranked.get(i).found());
                }
            }
            // The sum over n lists is below n / (RRF_K + 1) < n, so the key's fraction never reaches the next rank.
            int n = queries.size();
            fused.replaceAll((id, sum) -> -(bestRank.get(id) + 0.5 * (1 - sum / n)));
        }
        List<Ranked> ranked = exact(space, compared, docs.values());
        if (r.tagWeight() > 0) {
            double w = r.tagWeight();
            List<Ranked> combined = new ArrayList<>(ranked.size());
            for (Ranked c : ranked) {
                double score = (1 - w) * c.score() + w * TagOverlap.jaccard(queryTags, tags(c.found().source()));
                combined.add(new Ranked(c.found(), 1 - score, score, -score));
            }
            ranked = combined;
        } else if (!fused.isEmpty()) {
            List<Ranked> withRank = new ArrayList<>(ranked.size());
            for (Ranked c : ranked) {
                withRank.add(new Ranked(c.found(), c.distance(), c.score(), -fused.get(c.id())));
            }
            ranked = withRank;
        }
        ranked.sort(Comparator.comparingDouble(Ranked::rank).thenComparingDouble(Ranked::distance).thenComparing(Ranked::id));
        return ranked;
    }

    /**
     * Exact distances of the candidates to the closest of {@code queries} (the first of equal ones
     * gives the score); rank = distance. A candidate measured by the engine was found for the
     * single query compared.
     */
    private static List<Ranked> exact(Space space, List<float[]> queries, java.util.Collection<Found> found) {
        List<Ranked> out = new ArrayList<>(found.size());
        for (Found f : found) {
            if (f.vector() == null) {
                if (queries.size() != 1) {
                    throw new IllegalStateException("a candidate without its vector compared with " + queries.size() + " queries");
                }
                out.add(new Ranked(f, f.distance(), f.score(), f.distance()));
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            double score = 0;
            for (float[] q : queries) {
                double d = space.distance(q, f.vector());
                if (d < best) {
                    best = d;
                    score = space.score(q, f.vector());
                }
            }
            out.add(new Ranked(f, best, score, best));
        }
        return out;
    }

    private static List<String> tags(JsonNode source) {
        List<String> out = new ArrayList<>();
        source.path(RecordFields.TAGS).forEach(t -> out.add(t.asText()));
        return out;
    }

    /** The best candidate of each product, in ranking order, stopping at {@code want}. */
    static List<Ranked> onePerProduct(List<Ranked> ranked, Function<Found, Object> product, int want) {
        Set<Object> seen = new HashSet<>();
        List<Ranked> out = new ArrayList<>();
        for (Ranked c : ranked) {
            if (seen.add(product.apply(c.found()))) {
                out.add(c);
                if (out.size() >= want) {
                    break;
                }
            }
        }
        return out;
    }
}
