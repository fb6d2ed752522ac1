package org.imageindex.search;

import java.util.Objects;

/**
 * Which vector signature a search compares: the built-in {@link #SIMILARITY} ("looks like") or
 * {@link #COLOR} (colour distribution), or a caller's vector extractor by its name.
 *
 * <p>Distances are the signature's own (lower = closer): similarity and dot-product or cosine
 * vectors {@code 1 - a·b} in [0, 2]; colour the Euclidean distance of the unit vectors
 * {@code sqrt(2 - 2 a·b)} in [0, √2]; Euclidean vectors {@code |a - b|}. Scores are in [0, 1]
 * (higher = more similar): {@code (1 + a·b) / 2}, colour {@code a·b}, Euclidean
 * {@code 1 / (1 + |a - b|²)}.
 *
 * @param name {@code similarity}, {@code color}, or a caller's vector name
 */
public record VectorSignature(String name) {

    /** The similarity signature (512 floats): images that look like the query. */
    public static final VectorSignature SIMILARITY = new VectorSignature("similarity");

    /** The colour signature (45 floats): images in the same colour range. */
    public static final VectorSignature COLOR = new VectorSignature("color");

    public VectorSignature {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9_]{0,39}")) {
            throw new IllegalArgumentException("signature name must match [a-z][a-z0-9_]{0,39}, got: '" + name + "'");
        }
    }

    /** A caller's vector signature, by the name of its {@code VectorExtractor}. */
    public static VectorSignature of(String name) {
        return new VectorSignature(name);
    }
}
