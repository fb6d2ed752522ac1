package org.imageindex;

import org.imageindex.spi.RecordState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Filter;
import org.imageindex.record.Attributes;
import org.imageindex.search.KnnPlan;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.VectorSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both kNN plans against a brute-force scan over the same 4,000 synthetic clustered 512-d
 * records: the exact scan returns exactly the brute-force top 10 at every selectivity, the graph
 * walk and the automatic choice keep recall; deactivated records stay out of every plan, come back
 * when restored, and both hold across reopening the index (the visibility clause is dropped only
 * while no record is inactive).
 */
class KnnPlanTest {

    static final long SEED = 4_019_2026L;
    static final int N = 4_000;
    static final int QUERIES = 20;

    @TempDir
    Path dir;

    float[][] vectors;
    long[] bucket;

    static String id(int i) {
        return String.format("p%05d", i);
    }

    ImageIndex build(Path where) throws Exception {
        Random rnd = new Random(SEED);
        vectors = SearchFixtures.clustered(N, 512, rnd);
        bucket = new long[N];
        ImageIndex index = ImageIndex.builder().commitInterval(Duration.ZERO).open(where);
        List<RecordState> states = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            bucket[i] = rnd.nextInt(100);
            states.add(SearchFixtures.state(id(i), List.of(), Attributes.of(Map.of("bucket", bucket[i])),
                    Instant.ofEpochSecond(1_700_000_000L + i), SearchFixtures.synthetic(vectors[i], rnd)));
        }
        SearchFixtures.insertDirect(index, states);
        return index;
    }

    /** The brute-force top k of the records {@code keep} accepts, by dot product, ties by id. */
    List<String> bruteForce(float[] q, int k, IntPredicate keep) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            if (keep.test(i)) {
                order.add(i);
            }
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -SearchFixtures.dot(q, vectors[i])).thenComparing(i -> i));
        return order.subList(0, Math.min(k, order.size())).stream().map(KnnPlanTest::id).toList();
    }

    List<String> search(ImageIndex index, float[] q, Filter f, KnnPlan plan) {
        return index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.vector(q)).k(10).filter(f).plan(plan).build())
                .ids();
    }

    record Case(String filter, IntPredicate keep) {
    }

    List<Case> cases() {
        return List.of(new Case("{}", i -> true),
                new Case("{\"bucket\": {\"$lt\": 50}}", i -> bucket[i] < 50),
                new Case("{\"bucket\": {\"$lt\": 10}}", i -> bucket[i] < 10),
                new Case("{\"bucket\": 3}", i -> bucket[i] == 3));
    }

    @Test
    void exactScanIsBruteForceAndTheOtherPlansKeepRecall() throws Exception {
        try (ImageIndex index = build(dir.resolve("plans"))) {
            Random rnd = new Random(SEED + 1);
            for (Case c : cases()) {
                Filter f = index.filter(c.filter(), QueryLanguage.MONGO_JSON);
                double graphFound = 0;
                double autoFound = 0;
                for (int qi = 0; qi < QUERIES; qi++) {
                    float[] q = vectors[rnd.nextInt(N)];
                    List<String> exact = bruteForce(q, 10, c.keep());
                    assertEquals(exact, search(index, q, f, KnnPlan.EXACT_SCAN), c.filter() + " query " + qi);
                    List<String> graph = search(index, q, f, KnnPlan.GRAPH);
                    List<String> auto = search(index, q, f, KnnPlan.AUTO);
                    assertEquals(exact.size(), graph.size());
                    assertEquals(exact.size(), auto.size());
                    graphFound += graph.stream().filter(exact::contains).count();
                    autoFound += auto.stream().filter(exact::contains).count();
                }
                assertTrue(graphFound / (10.0 * QUERIES) >= 0.95, c.filter() + " graph recall " + graphFound / (10.0 * QUERIES));
                assertTrue(autoFound / (10.0 * QUERIES) >= 0.95, c.filter() + " auto recall " + autoFound / (10.0 * QUERIES));
            }
        }
    }

    @Test
    void deactivatedRecordsStayOutOfEveryPlanUntilRestoredAcrossReopen() throws Exception {
        Path where = dir.resolve("visibility");
        Random rnd = new Random(SEED + 2);
        float[] q;
        Set<String> hidden = new HashSet<>();
        try (ImageIndex index = build(where)) {
            q = vectors[rnd.nextInt(N)];
            assertEquals(0, index.countInactive());
            // Hide the best five records of each filter: the ones every plan would return first.
            for (Case c : cases()) {
                hidden.addAll(bruteForce(q, 5, c.keep()));
            }
            assertTrue(index.deactivate(List.copyOf(hidden)).allSucceeded());
            assertHidden(index, q, hidden);
        }
        try (ImageIndex index = ImageIndex.builder().commitInterval(Duration.ZERO).open(where)) {
            assertEquals(hidden.size(), index.countInactive());
            assertHidden(index, q, hidden);
            assertTrue(index.restore(List.copyOf(hidden)).allSucceeded());
            assertEquals(0, index.countInactive());
            assertHidden(index, q, Set.of());
        }
        try (ImageIndex index = ImageIndex.builder().commitInterval(Duration.ZERO).open(where)) {
            assertHidden(index, q, Set.of());
            // Deactivated again in the reopened index, then one restored: the others stay hidden.
            assertTrue(index.deactivate(List.copyOf(hidden)).allSucceeded());
            String back = hidden.iterator().next();
            assertTrue(index.restore(List.of(back)).allSucceeded());
            Set<String> still = new HashSet<>(hidden);
            still.remove(back);
            assertHidden(index, q, still);
        }
    }

    /** Every plan under every filter returns the brute-force top 10 of the records not {@code hidden}. */
    void assertHidden(ImageIndex index, float[] q, Set<String> hidden) {
        for (Case c : cases()) {
            Filter f = index.filter(c.filter(), QueryLanguage.MONGO_JSON);
            List<String> exact = bruteForce(q, 10, i -> c.keep().test(i) && !hidden.contains(id(i)));
            assertEquals(exact, search(index, q, f, KnnPlan.EXACT_SCAN), c.filter());
            for (KnnPlan plan : List.of(KnnPlan.GRAPH, KnnPlan.AUTO)) {
                List<String> got = search(index, q, f, plan);
                assertEquals(10, got.size(), c.filter() + " " + plan);
                assertFalse(got.stream().anyMatch(hidden::contains), c.filter() + " " + plan + " returned a deactivated record: " + got);
                assertTrue(got.stream().filter(exact::contains).count() >= 9, c.filter() + " " + plan + " " + got + " vs " + exact);
            }
            long visible = java.util.stream.IntStream.range(0, N).filter(i -> c.keep().test(i) && !hidden.contains(id(i))).count();
            assertEquals(visible, index.count(f), c.filter());
        }
    }
}
