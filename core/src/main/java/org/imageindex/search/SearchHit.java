package org.imageindex.search;

import java.util.Objects;
import org.imageindex.record.StoredRecord;

/**
 * One record found by a search.
 *
 * @param record   the record, with the parts the request's field selection asked for
 * @param distance the signature's distance to the query, lower = closer (see
 *                 {@link VectorSignature}; Hamming bits for near duplicates)
 * @param score    the same closeness as a score in [0, 1], higher = more similar
 */
public record SearchHit(StoredRecord record, double distance, double score) {

    public SearchHit {
        Objects.requireNonNull(record, "record");
        if (!(distance >= 0)) {
            throw new IllegalArgumentException("distance must be >= 0, got: " + distance);
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1], got: " + score);
        }
    }

    /** The record's id. */
    public String id() {
        return record.id();
    }
}
