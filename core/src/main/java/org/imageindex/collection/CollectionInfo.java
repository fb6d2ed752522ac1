package org.imageindex.collection;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the similarity service's {@code info} call reports about a collection.
 *
 * <p>Fine-tuning is index-wide (one visual vocabulary serves every collection), so
 * {@code requiresFinetuning}, {@code lastFinetuned} and {@code finetuningProgress} are those of
 * {@code ImageIndex.fineTuningInfo()}, the same for every collection of an index.
 *
 * @param id                 the collection's id
 * @param name               its name
 * @param numberOfImages     visible records directly in it (deactivated ones and those of
 *                           subcollections not counted)
 * @param requiresFinetuning whether fine-tuning the index is advised ({@code FineTuningInfo} gives the rule)
 * @param lastModified       when the collection or its membership last changed
 * @param lastFinetuned      when the index was last fine-tuned, if ever
 * @param finetuningProgress progress of a running fine-tuning of the index in [0, 1]: 0 when none runs
 */
public record CollectionInfo(String id, String name, long numberOfImages, boolean requiresFinetuning, Instant lastModified,
                             Optional<Instant> lastFinetuned, double finetuningProgress) {

    public CollectionInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (numberOfImages < 0) {
            throw new IllegalArgumentException("numberOfImages must be >= 0, got: " + numberOfImages);
        }
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(lastFinetuned, "lastFinetuned");
        if (!(finetuningProgress >= 0 && finetuningProgress <= 1)) {
            throw new IllegalArgumentException("finetuningProgress must be in [0, 1], got: " + finetuningProgress);
        }
    }
}
