package org.imageindex.cluster;

import java.util.List;

import org.imageindex.signatures.spi.VectorSimilarity;

/**
 * The vector signature a kNN or range search compares: its name, similarity and dimension, with
 * the embedded index's distance, score, query-vector check and mean of several queries, so that
 * hits on the cluster carry the same numbers.
 *
 * @param color the colour signature, whose distance is the Euclidean distance of its unit vectors
 */
record Space(String name, VectorSimilarity similarity, int dimension, boolean color) {

    /** Relative tolerance on a dot-product query vector's length: float rounding, not a wrong vector. */
    private static final double UNIT_TOLERANCE = 1e-3;

    /** The signature's distance, lower = closer. */
    double distance(float[] q, float[] v) {
        return color ? Math.sqrt(Math.max(0, 2 - 2 * dot(q, v))) : Math.max(0, similarity.distance(q, v));
    }

    /** The signature's score in [0, 1], higher = more similar. */
    double score(float[] q, float[] v) {
        return color ? Math.clamp(dot(q, v), 0, 1) : Math.clamp(similarity.score(q, v), 0, 1);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /**
     * A caller's query vector, checked.
     *
     * @throws IllegalArgumentException on a wrong dimension, a non-finite value, a dot-product
     *                                  vector that is not of unit length, or all zeros
     */
    float[] checked(float[] v) {
        if (v.length != dimension) {
            throw new IllegalArgumentException("vector for signature '" + name + "' must have " + dimension
                    + " dimensions, got: " + v.length);
        }
        double norm = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("vector for signature '" + name + "' must hold finite values, got: " + x);
            }
            norm += (double) x * x;
        }
        if (similarity == VectorSimilarity.DOT_PRODUCT && Math.abs(Math.sqrt(norm) - 1) > UNIT_TOLERANCE) {
            throw new IllegalArgumentException("vector for signature '" + name
                    + "' must have unit length (dot-product similarity), got length: " + Math.sqrt(norm));
        }
        if (norm == 0) {
            throw new IllegalArgumentException("vector for signature '" + name + "' must not be all zeros");
        }
        return v;
    }

    /**
     * The mean of unit vectors, normalised again (dot product, cosine); the plain mean for
     * Euclidean. The embedded index's arithmetic step for step (float sums of {@code v / n}), so
     * both search the same float vector.
     */
    float[] mean(List<float[]> vectors) {
        float[] m = new float[dimension];
        for (float[] v : vectors) {
            for (int i = 0; i < dimension; i++) {
                m[i] += v[i] / vectors.size();
            }
        }
        if (similarity != VectorSimilarity.EUCLIDEAN) {
            double norm = 0;
            for (float x : m) {
                norm += (double) x * x;
            }
            if (norm == 0) {
                throw new IllegalArgumentException("queries cancel out: the mean of their vectors is zero; use MultiQuery.RANK_FUSION");
            }
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < dimension; i++) {
                m[i] *= inv;
            }
        }
        return m;
    }
}
