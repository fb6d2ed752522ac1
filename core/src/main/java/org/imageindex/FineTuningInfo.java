package org.imageindex;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The fine-tuning state of an index (the similarity service's {@code info}), from
 * {@link ImageIndex#fineTuningInfo()}.
 *
 * <p>{@code requiresFinetuning} follows one rule: the index holds records and either some lack the
 * visual words of the current vocabulary (an index written before words existed), or the changes
 * since the last training — records written plus records removed — reach the larger of 1,000
 * and a fifth of the records the vocabulary was trained on. docs/architecture.md explains why.
 *
 * @param numberOfImages     visible records
 * @param requiresFinetuning whether {@link ImageIndex#fineTune()} is advised, by the rule above
 * @param lastModified       when a record was last written (inserted, updated or re-encoded), if ever
 * @param lastFinetuned      when the current vocabulary was trained on the index, if ever
 * @param progress           progress of a running fine-tuning in [0, 1]; 0 when none runs
 * @param running            whether a fine-tuning runs now
 * @param vocabularyId       the id of the visual vocabulary searches use
 * @param similaritySpaceId  the id of the space similarity searches compare in: the similarity
 *                           model's id, followed by {@code /} and the id of the whitening
 *                           fine-tuning learned from the index's own vectors, if any
 * @param lastGain           what the last fine-tuning run since the index was opened measured on its
 *                           held-out records and what it adopted; empty if none ran since
 */
public record FineTuningInfo(long numberOfImages, boolean requiresFinetuning, Optional<Instant> lastModified,
                             Optional<Instant> lastFinetuned, double progress, boolean running, String vocabularyId,
                             String similaritySpaceId, Optional<FineTuningGain> lastGain) {

    public FineTuningInfo {
        if (numberOfImages < 0) {
            throw new IllegalArgumentException("numberOfImages must be >= 0, got: " + numberOfImages);
        }
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(lastFinetuned, "lastFinetuned");
        if (!(progress >= 0 && progress <= 1)) {
            throw new IllegalArgumentException("progress must be in [0, 1], got: " + progress);
        }
        Objects.requireNonNull(vocabularyId, "vocabularyId");
        Objects.requireNonNull(similaritySpaceId, "similaritySpaceId");
        Objects.requireNonNull(lastGain, "lastGain");
    }
}
