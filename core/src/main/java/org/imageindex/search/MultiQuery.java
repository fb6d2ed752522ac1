package org.imageindex.search;

/**
 * How the queries of a multi-image search (Ximilar's visualKNNMulti) are combined.
 */
public enum MultiQuery {
    /**
     * The mean of the queries' vectors, normalised again to unit length (dot-product and cosine
     * signatures), searched as one query: records that look like all of the queries at once.
     * Distances are to that mean vector.
     */
    MEAN_VECTOR,
    /**
     * Each query searched on its own, rankings fused by reciprocal rank ({@code sum 1/(60 + rank)},
     * Cormack et al. 2009): records close to any one of the queries rank high. A hit's distance
     * is its smallest distance to any query.
     */
    RANK_FUSION
}
