package org.imageindex.spi;

import org.imageindex.record.ImageSource;
import org.imageindex.signatures.QueryImage;

/**
 * What {@code ImageIndex} does for its backend above the boundary: reading and decoding query
 * images (the backend extracts no signature itself) and making the handles of fine-tunings.
 */
public interface IndexServices {

    /**
     * A query image read from {@code source} within the index's limits; its signatures are
     * extracted when first asked for.
     *
     * @throws IllegalArgumentException if the image cannot be read or decoded, with the reason
     */
    QueryImage queryOf(ImageSource source);

    /** A new handle for a fine-tuning about to start. */
    FineTuningJob newFineTuningJob();
}
