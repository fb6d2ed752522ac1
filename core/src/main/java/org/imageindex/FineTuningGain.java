package org.imageindex;

/**
 * What a fine-tuning measured on the records it held out of training, and what it kept.
 *
 * <p>Fine-tuning sets aside about one record in five (chosen by id, so the same records are held
 * out every time) and trains on the others. It then asks both the model in use and the newly
 * trained one the same questions about the held-out records, and switches only to what answers
 * better: a fine-tuning that does not help keeps the index as it was.
 *
 * <ul>
 *   <li><b>Matching</b> (the visual vocabulary): the share of (query, record) pairs whose record is
 *       among the candidates a matching search verifies by default. Queries are each held-out
 *       record's stored features attacked in feature space (a crop to 30 % of the area, and a copy
 *       losing half its features, both with jittered descriptors; the original is the record
 *       sought) and its features as stored, seeking the other records it verifies against.
 *   <li><b>Similarity</b> (the whitening): the mean average precision, over held-out records with at
 *       least one verified match, of those matches in the similarity ranking of the sample.
 * </ul>
 *
 * @param heldOut             records held out of training and measured on
 * @param matchingQueries     (query, record) pairs asked of both vocabularies
 * @param matchingBefore      their share found with the vocabulary in use before, in [0, 1]
 * @param matchingAfter       their share found with the newly trained vocabulary, in [0, 1]
 * @param vocabularyAdopted   whether the index switched to the new vocabulary (it found more)
 * @param similarityQueries   held-out records with a verified match, asked of both spaces
 * @param similarityBefore    their mean average precision in the space in use before, in [0, 1]
 * @param similarityAfter     their mean average precision with the new whitening, in [0, 1]
 * @param whiteningAdopted    whether the index switched to the new whitening (it ranked better)
 */
public record FineTuningGain(int heldOut, int matchingQueries, double matchingBefore, double matchingAfter,
                             boolean vocabularyAdopted, int similarityQueries, double similarityBefore,
                             double similarityAfter, boolean whiteningAdopted) {

    public FineTuningGain {
        if (heldOut < 0 || matchingQueries < 0 || similarityQueries < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got: " + heldOut + ", " + matchingQueries + ", "
                    + similarityQueries);
        }
        check("matchingBefore", matchingBefore);
        check("matchingAfter", matchingAfter);
        check("similarityBefore", similarityBefore);
        check("similarityAfter", similarityAfter);
    }

    /** Gain of matching: {@link #matchingAfter} minus {@link #matchingBefore}. */
    public double matchingGain() {
        return matchingAfter - matchingBefore;
    }

    /** Gain of similarity: {@link #similarityAfter} minus {@link #similarityBefore}. */
    public double similarityGain() {
        return similarityAfter - similarityBefore;
    }

    private static void check(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got: " + v);
        }
    }
}
