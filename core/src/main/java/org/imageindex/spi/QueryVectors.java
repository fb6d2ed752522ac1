package org.imageindex.spi;

import java.util.List;

import org.imageindex.signatures.spi.VectorSimilarity;

/**
 * The query-vector arithmetic every backend shares: the check of a caller's vector and the mean
 * of several query vectors. Kept in one place so that the embedded index and a cluster search
 * the very same float vector (a differential test compares their hits).
 */
public final class QueryVectors {

    /** Relative tolerance on a dot-product query vector's length: float rounding, not a wrong vector. */
    private static final double UNIT_TOLERANCE = 1e-3;

    private QueryVectors() {
    }

    /**
     * A caller's query vector for {@code signature}, checked.
     *
     * @return {@code v} itself
     * @throws IllegalArgumentException on a wrong dimension, a non-finite value, a dot-product
     *                                  vector that is not of unit length, or all zeros
     */
    public static float[] checked(String signature, VectorSimilarity similarity, int dimension, float[] v) {
        if (v.length != dimension) {
            throw new IllegalArgumentException("vector for signature '" + signature + "' must have " + dimension
                    + " dimensions, got: " + v.length);
        }
        double norm = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("vector for signature '" + signature + "' must hold finite values, got: " + x);
            }
            norm += (double) x * x;
        }
        if (similarity == VectorSimilarity.DOT_PRODUCT && Math.abs(Math.sqrt(norm) - 1) > UNIT_TOLERANCE) {
            throw new IllegalArgumentException("vector for signature '" + signature
                    + "' must have unit length (dot-product similarity), got length: " + Math.sqrt(norm));
        }
        if (norm == 0) {
            throw new IllegalArgumentException("vector for signature '" + signature + "' must not be all zeros");
        }
        return v;
    }

    /**
     * The mean of unit vectors, normalised again (dot product, cosine); the plain mean for
     * Euclidean. Float sums of {@code v / n}, in the order given.
     *
     * @throws IllegalArgumentException when the vectors cancel out
     */
    public static float[] mean(VectorSimilarity similarity, int dimension, List<float[]> vectors) {
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
