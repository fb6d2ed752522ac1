package org.imageindex.benchmarks.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imageindex.benchmarks.matching.MatchingSearchBenchmark;

/**
 * One JMH run of the suite: the benchmarks a regular expression selects, the {@code @Param}
 * values that replace their defaults, and explicit fork, warm-up and measurement settings that
 * replace the classes' annotations so the suite's duration does not depend on them.
 *
 * @param name             file name of the part's results, e.g. {@code knn-100000}
 * @param title            what the part measures, for the run table
 * @param include          JMH's include regular expression
 * @param params           parameter values replacing the benchmarks' defaults
 * @param warmups          warm-up iterations
 * @param warmupSeconds    seconds per warm-up iteration
 * @param iterations       measured iterations
 * @param iterationSeconds seconds per measured iteration
 * @param setupSeconds     rough seconds of JVM start and {@code @Setup} per fork, for the estimate only
 * @param vectorApi        whether the forked JVMs read {@code jdk.incubator.vector}
 */
record Part(String name, String title, String include, Map<String, List<String>> params, int warmups, int warmupSeconds,
            int iterations, int iterationSeconds, int setupSeconds, boolean vectorApi) {

    /** One fork per benchmark: two would double the run for an error the shared cores dwarf anyway. */
    static final int FORKS = 1;

    Part {
        params = Map.copyOf(params);
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got: " + iterations);
        }
    }

    /** The settings as the report states them. */
    String settings() {
        return String.format(Locale.ROOT, "%d fork, %s, %d × %d s measured", FORKS,
                warmups == 0 ? "no warm-up" : warmups + " × " + warmupSeconds + " s warm-up", iterations, iterationSeconds);
    }

    /** Seconds one benchmark-and-parameters combination should take. */
    int secondsPerCombination() {
        return FORKS * (setupSeconds + warmups * warmupSeconds + iterations * iterationSeconds);
    }

    /**
     * The synthetic indexes the part's benchmarks open: their {@code size} parameter, or the
     * 100,000 records they declare by default.
     */
    List<Integer> syntheticSizes() {
        if (!include.contains("SearchBenchmark") && !include.contains("ListingPagingBenchmark")) {
            return List.of();
        }
        return params.getOrDefault("size", List.of("100000")).stream().map(Integer::parseInt).toList();
    }

    /** This part with every iteration cut to one second and no warm-up, to check the machinery. */
    Part quick() {
        return new Part(name, title, include, params, 0, 1, 1, 1, setupSeconds, vectorApi);
    }

    /**
     * The suite: every area of the issue, with settings chosen so the whole run stays within 30
     * minutes on two cores (see the estimate the suite prints before it starts).
     *
     * @param sizes     synthetic index sizes for kNN and the scaling curves
     * @param quickSize the one size of a quick run's listing and compiled-filter indexes, or 0 for a full run
     */
    static List<Part> suite(List<Integer> sizes, int quickSize) {
        String pkg = "org\\.imageindex\\.benchmarks\\.";
        List<Part> parts = new ArrayList<>();
        // JIT of the extractors settles within two 2 s iterations; 3 measured average over the 4 photos many times.
        parts.add(new Part("extraction", "decoding and each signature, 1 MP JPEG", pkg + "signatures\\.ExtractionBenchmark\\.",
                Map.of(), 2, 2, 3, 2, 4, true));
        // One invocation inserts 32 photographs (about 4 s on two cores): 5 s iterations hold one or two.
        parts.add(new Part("insert", "insert with extraction vs decode only", pkg + "index\\.InsertBenchmark\\.",
                Map.of(), 1, 5, 2, 5, 6, true));
        for (int size : sizes) {
            boolean large = size >= 1_000_000;
            // setup regenerates the vectors and measures recall: about 40 s at 1M, seconds below
            int setup = large ? 40 : size >= 100_000 ? 6 : 3;
            parts.add(new Part("knn-" + size, "kNN k=10, plain and filtered, " + label(size) + " records",
                    pkg + "index\\.SearchBenchmark\\.knn$", params("size", size, "selectivity", "100", "50", "10", "1"),
                    1, 3, 2, 3, setup, true));
            parts.add(new Part("exact-" + size, "exact scan baseline, " + label(size) + " records",
                    pkg + "index\\.SearchBenchmark\\.exactScan$", params("size", size, "selectivity", "100", "1"),
                    1, 3, 2, 3, large ? 20 : setup, true));
        }
        int vectorSize = sizes.contains(100_000) ? 100_000 : sizes.getFirst();
        parts.add(new Part("knn-no-vector-api", "kNN without the Vector API, " + label(vectorSize) + " records",
                pkg + "index\\.SearchBenchmark\\.knn$", params("size", vectorSize, "selectivity", "100", "1"),
                1, 3, 2, 3, 6, false));
        parts.add(new Part("listing", "listing pages by offset and by cursor",
                pkg + "index\\.ListingPagingBenchmark\\.", quickSize > 0 ? Map.of("size", List.of(Integer.toString(quickSize)))
                        : Map.of(), 1, 3, 2, 3, 4, true));
        // SnakeYAML and Jackson keep getting faster for about 10 s (see the class): keep its warm-up.
        parts.add(new Part("parse-compile", "filter parse + compile, three languages",
                pkg + "query\\.QueryParseCompileBenchmark\\.", Map.of(), 5, 2, 3, 1, 1, true));
        parts.add(new Part("compiled-filter", "compiled filter vs hand-written Lucene query",
                pkg + "query\\.CompiledFilterSearchBenchmark\\.", quickSize > 0
                        ? Map.of("size", List.of(Integer.toString(quickSize))) : Map.of(), 2, 2, 3, 2, 3, true));
        // Whatever the matching package holds when the suite runs. Its search indexes are cached under the
        // temporary directory; the 10,000-record one is built in setup when missing (about a minute), the
        // 100,000-record one (about 12 minutes) only by hand, so a run from scratch stays within 30 minutes.
        Map<String, List<String>> matchingParams = MatchingSearchBenchmark.indexCached(100_000)
                ? Map.of() : Map.of("size", List.of("10000"));
        // Three warm-ups: SURF, association and RANSAC are still being compiled through the first
        // 3 s (a search then takes twice as long as after it), and one warm-up left that in the figure.
        parts.add(new Part("matching", "matching search and fine-tuning", pkg + "matching\\..*", matchingParams,
                3, 3, 2, 3, 20, true));
        return parts;
    }

    private static Map<String, List<String>> params(String sizeName, int size, String otherName, String... values) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(sizeName, List.of(Integer.toString(size)));
        m.put(otherName, List.of(values));
        return m;
    }

    static String label(int size) {
        return String.format(Locale.ROOT, "%,d", size);
    }
}
