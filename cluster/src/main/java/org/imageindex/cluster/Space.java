package org.imageindex.cluster;

import java.util.List;

import org.imageindex.signatures.spi.VectorSimilarity;
import org.imageindex.spi.QueryVectors;

/**
 * The vector signature a kNN or range search compares: its name, similarity and dimension, with
 * the embedded index's distance, score, query-vector check and mean of several queries, so that
 * hits on the cluster carry the same numbers.
 *
 * @param color the colour signature, whose distance is the Euclidean distance of its unit vectors
 */
record Space(String name, VectorSimilarity similarity, int dimension, boolean color) {


    /**
     * Whether the engine's score of a hit gives its distance and score as exactly as comparing
     * the vectors here (to float noise): for a dot product, distance {@code 1 - a·b} follows from
     * the score linearly. Not for the colour signature's {@code sqrt(2 - 2 a·b)} nor a Euclidean
     * distance, whose square roots amplify the score's rounding near zero distance, where near
     * duplicates lie; nor cosine, where the exact scan's and the graph's scores differ in scale.
     */
    boolean exactFromScore() {
        return !color && similarity == VectorSimilarity.DOT_PRODUCT;
    }

    /**
     * A hit's distance and score from the engine's score for {@code innerproduct} on Lucene, as
     * the filtered search and the exact scan ({@code knn_score}) both give it: {@code 1 + a·b}
     * for {@code a·b ≥ 0}, else {@code 1 / (1 - a·b)} (Lucene's maximum inner product).
     *
     * @return {distance, score}
     */
    double[] fromScore(double engineScore) {
        if (!exactFromScore()) {
            throw new IllegalStateException("the " + name + " signature's distance does not follow from the engine's score");
        }
        double dot = engineScore >= 1 ? engineScore - 1 : 1 - 1 / engineScore;
        return new double[] {Math.max(0, 1 - dot), Math.clamp((1 + dot) / 2, 0, 1)};
    }

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

    /** A caller's query vector, checked as the embedded index checks it ({@link QueryVectors#checked}). */
    float[] checked(float[] v) {
        return QueryVectors.checked(name, similarity, dimension, v);
    }

    /** The mean of several query vectors, the embedded index's arithmetic ({@link QueryVectors#mean}). */
    float[] mean(List<float[]> vectors) {
        return QueryVectors.mean(similarity, dimension, vectors);
    }
}
