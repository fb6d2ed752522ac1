package org.imageindex.signatures.spi;

/**
 * How two vectors of a signature are compared. The names and score scales are those of
 * Lucene's HNSW vector fields, so an index can store the vector as is and report the same
 * score the signature computes here.
 */
public enum VectorSimilarity {
  /**
   * For unit-length vectors: {@code distance = 1 - a·b} in [0, 2], {@code score = (1 + a·b) / 2}.
   * The fastest choice; an extractor that declares it must return unit-length vectors.
   */
  DOT_PRODUCT,
  /** Any non-zero vectors: as {@link #DOT_PRODUCT} on the normalised vectors. */
  COSINE,
  /** {@code distance = |a - b|} (Euclidean), {@code score = 1 / (1 + |a - b|²)}. */
  EUCLIDEAN;

  /** Distance between {@code a} and {@code b}: lower = closer. */
  public double distance(float[] a, float[] b) {
    check(a, b);
    return switch (this) {
      case DOT_PRODUCT -> 1 - dot(a, b);
      case COSINE -> 1 - cosine(a, b);
      case EUCLIDEAN -> Math.sqrt(squaredDistance(a, b));
    };
  }

  /** Score of {@code b} for query {@code a} in [0, 1]: higher = more similar. */
  public double score(float[] a, float[] b) {
    check(a, b);
    return switch (this) {
      case DOT_PRODUCT -> Math.max(0, Math.min(1, (1 + dot(a, b)) / 2));
      case COSINE -> Math.max(0, Math.min(1, (1 + cosine(a, b)) / 2));
      case EUCLIDEAN -> 1 / (1 + squaredDistance(a, b));
    };
  }

  private static void check(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors differ in dimension: " + a.length + " vs " + b.length);
    }
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  private static double cosine(float[] a, float[] b) {
    double na = dot(a, a);
    double nb = dot(b, b);
    return na == 0 || nb == 0 ? 0 : dot(a, b) / Math.sqrt(na * nb);
  }

  private static double squaredDistance(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }
}
