package org.imageindex.search;

import java.util.List;

/**
 * The ranked answer of a search: hits closest first (Ximilar's {@code answer_records} and
 * {@code answer_distances}).
 *
 * @param hits the hits, distance ascending (ties by id)
 */
public record SearchResult(List<SearchHit> hits) {

    public SearchResult {
        hits = List.copyOf(hits);
    }

    /** The hits' ids, in order. */
    public List<String> ids() {
        return hits.stream().map(SearchHit::id).toList();
    }

    /** The hits' distances, in order (ascending). */
    public List<Double> distances() {
        return hits.stream().map(SearchHit::distance).toList();
    }

    /** How many hits. */
    public int size() {
        return hits.size();
    }
}
