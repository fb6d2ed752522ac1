package org.imageindex.signatures.similarity;

import java.util.Arrays;
import java.util.List;

/**
 * VLAD aggregation (Jégou et al. 2010, with the normalisations of Arandjelović and Zisserman
 * 2013, "All about VLAD"): for each visual word, the sum of the residuals of the descriptors
 * assigned to it, in the model's projected space.
 */
final class Vlad {

  private Vlad() {}

  /** Projects a RootSURF descriptor onto the model's axes after removing the mean. */
  static float[] project(SimilarityModel model, float[] descriptor) {
    int dims = model.pcaDims();
    int length = DenseDescriptors.LENGTH;
    float[] mean = model.mean();
    float[] axes = model.axes();
    float[] centred = new float[length];
    for (int i = 0; i < length; i++) {
      centred[i] = descriptor[i] - mean[i];
    }
    float[] out = new float[dims];
    for (int d = 0, row = 0; d < dims; d++, row += length) {
      float s = 0;
      for (int i = 0; i < length; i++) {
        s += axes[row + i] * centred[i];
      }
      out[d] = s;
    }
    return out;
  }

  /** Index of the centroid nearest to {@code point} (squared Euclidean; first wins ties). */
  static int nearest(float[] centroids, int dims, float[] point) {
    int best = 0;
    float bestDist = Float.POSITIVE_INFINITY;
    for (int k = 0, row = 0; row < centroids.length; k++, row += dims) {
      float dist = 0;
      for (int j = 0; j < dims; j++) {
        float diff = point[j] - centroids[row + j];
        dist += diff * diff;
      }
      if (dist < bestDist) {
        bestDist = dist;
        best = k;
      }
    }
    return best;
  }

  /**
   * The normalised VLAD vector of an image's descriptors: {@code words * pcaDims} floats of
   * unit L2 length.
   *
   * <ol>
   *   <li>Residual sums per word.
   *   <li>Signed square root (power normalisation): damps bursts, the many near-identical
   *       descriptors a repeated texture gives, which otherwise swamp the rest of the picture.
   *   <li>Intra-normalisation: each word's block to unit length, so every word present counts
   *       equally however many descriptors fell into it.
   *   <li>L2 over the whole vector, so a dot product is a cosine.
   * </ol>
   *
   * <p>An image without descriptors (too thin to hold one patch) gets the constant vector
   * with every component {@code 1/sqrt(length)}: unit length as the vector index requires,
   * and equally far from every real image's pattern.
   */
  static float[] aggregate(SimilarityModel model, List<float[]> descriptors) {
    int dims = model.pcaDims();
    float[] centroids = model.centroids();
    float[] vlad = new float[model.words() * dims];
    for (float[] descriptor : descriptors) {
      float[] p = project(model, descriptor);
      int k = nearest(centroids, dims, p);
      int row = k * dims;
      for (int j = 0; j < dims; j++) {
        vlad[row + j] += p[j] - centroids[row + j];
      }
    }
    for (int i = 0; i < vlad.length; i++) {
      float v = vlad[i];
      vlad[i] = v < 0 ? (float) -Math.sqrt(-v) : (float) Math.sqrt(v);
    }
    for (int row = 0; row < vlad.length; row += dims) {
      normalise(vlad, row, dims);
    }
    if (!normalise(vlad, 0, vlad.length)) {
      Arrays.fill(vlad, (float) (1 / Math.sqrt(vlad.length)));
    }
    return vlad;
  }

  /** Scales {@code v[from, from+n)} to unit length; returns false (leaving zeros) if it is zero. */
  static boolean normalise(float[] v, int from, int n) {
    double s = 0;
    for (int i = from; i < from + n; i++) {
      s += (double) v[i] * v[i];
    }
    if (s <= 0) {
      return false;
    }
    float inv = (float) (1 / Math.sqrt(s));
    for (int i = from; i < from + n; i++) {
      v[i] *= inv;
    }
    return true;
  }
}
