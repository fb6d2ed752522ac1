package org.imageindex.spi;

import org.imageindex.search.KnnPlan;

/**
 * The choice of {@link KnnPlan#AUTO}, the same for every backend: an exact scan of the vectors
 * the filter keeps, or the filtered HNSW walk, whichever compares fewer vectors. Both backends
 * choosing alike makes them find the same candidates where the exact scan is chosen (small
 * filters, small indexes), rather than one scanning and the other walking its own graph.
 */
public final class KnnPlanChoice {

    /**
     * Graph nodes a walk compares per candidate and per natural-log level of the graph, fitted on
     * the unfiltered synthetic 512-d sets of docs/performance.md: at 100,000 and 1,000,000
     * records the graph walk for 100 candidates cost as much as an exact scan of 7,000 and 14,000
     * vectors, about 6 and 10 per candidate and level.
     */
    public static final double GRAPH_COMPARISONS_PER_CANDIDATE_LEVEL = 6;

    private KnnPlanChoice() {
    }

    /**
     * The cheaper plan for {@code matches} of {@code records} live documents and {@code n}
     * candidates. An exact scan compares every match once. A filtered walk compares about
     * {@code n × ln(records) × GRAPH_COMPARISONS_PER_CANDIDATE_LEVEL} nodes when every node
     * passes; with a share {@code matches / records} of them passing it must meet proportionally
     * more to collect {@code n}.
     */
    public static KnnPlan cheaper(long matches, long records, int n) {
        if (matches <= n) {
            return KnnPlan.EXACT_SCAN;
        }
        double walk = n * Math.log(Math.max(Math.E, records)) * GRAPH_COMPARISONS_PER_CANDIDATE_LEVEL;
        double share = (double) matches / Math.max(1, records);
        return matches <= walk / share ? KnnPlan.EXACT_SCAN : KnnPlan.GRAPH;
    }
}
