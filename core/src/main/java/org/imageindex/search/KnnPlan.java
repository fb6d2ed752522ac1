package org.imageindex.search;

/**
 * How a kNN search finds its candidates among the records its filter keeps.
 *
 * <p>{@link #AUTO}, the default, chooses per query from the filter's cardinality: scanning the
 * matching vectors costs one comparison per match, while a filtered walk of the HNSW graph costs
 * about {@code candidates × ln(records)} comparisons divided by the share of records the filter
 * keeps (most nodes the walk meets are rejected). docs/performance.md gives both costs side by
 * side. The other two force one plan, for measurements and for callers who want the exact answer
 * whatever it costs.
 */
public enum KnnPlan {
    /** The cheaper of the two plans below for the filter's cardinality. */
    AUTO,
    /** Every vector the filter keeps is compared with the query: the exact top candidates. */
    EXACT_SCAN,
    /** Lucene's filtered HNSW search (which still falls back to a scan when few records match). */
    GRAPH
}
