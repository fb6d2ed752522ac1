package org.imageindex.matching;

import java.util.Objects;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.matching.MatchResult;
import org.imageindex.signatures.matching.Verdict;

/**
 * One answer of a search by image: the record and the verification that explains it — verdict
 * (Clone, Match, or a rejection), matching boxes in query and reference, homography, scores and
 * distance (lower = closer; a rejection has distance 1).
 *
 * @param record the record, with the parts the query asked for
 * @param result the geometric verification of the query against the record
 */
public record ImageMatch(StoredRecord record, MatchResult result) {

    public ImageMatch {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(result, "result");
    }

    /** The record's id. */
    public String id() {
        return record.id();
    }

    /** The verdict. */
    public Verdict verdict() {
        return result.verdict();
    }

    /** The match distance in [0, 1], lower = closer. */
    public double distance() {
        return result.distance();
    }
}
