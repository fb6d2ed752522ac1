package org.imageindex;

import java.io.IOException;

/**
 * An existing index that this library, as configured, must not open: another on-disk format
 * version, a directory holding some other Lucene index, or signatures configured differently
 * from those the index was built with (another similarity model, a caller's vector with
 * another dimension, similarity or version). The message names both sides.
 */
public final class IncompatibleIndexException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what the index holds and what this library expects */
    public IncompatibleIndexException(String message) {
        super(message);
    }
}
