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
     * Each query searched on its own, rankings interleaved: a record's best rank in any query's
     * list orders first (each query's nearest records lead, a query image itself at the top), and
     * among records of the same best rank the reciprocal-rank sum over all lists
     * ({@code sum 1/(60 + rank)}, Cormack et al. 2009) puts those close to several queries ahead.
     * Records close to any one of the queries rank high. A hit's distance is its smallest
     * distance to any query.
     */
    RANK_FUSION
}
