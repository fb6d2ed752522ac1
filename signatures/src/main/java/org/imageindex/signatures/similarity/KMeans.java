package org.imageindex.signatures.similarity;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Seeded k-means (k-means++ seeding, then Lloyd iterations) over projected descriptors: the
 * visual words. Single-threaded and order-preserving so the same input and seed always give
 * bit-identical centroids.
 */
final class KMeans {

  private KMeans() {}

  /**
   * Returns {@code k} centroids of {@code dims} floats each, row after row.
   *
   * @param afterIteration told the number of each finished iteration, 1-based; it may throw to
   *     stop the run
   */
  static float[] fit(List<float[]> points, int k, int dims, int iterations, Random random,
      IntConsumer afterIteration) {
    int n = points.size();
    float[] centroids = seed(points, k, dims, random);
    int[] assignment = new int[n];
    double[] sums = new double[k * dims];
    int[] counts = new int[k];
    for (int it = 1; it <= iterations; it++) {
      Arrays.fill(sums, 0);
      Arrays.fill(counts, 0);
      int changed = 0;
      for (int p = 0; p < n; p++) {
        float[] x = points.get(p);
        int c = Vlad.nearest(centroids, dims, x);
        if (c != assignment[p] || it == 1) {
          changed++;
        }
        assignment[p] = c;
        counts[c]++;
        for (int j = 0; j < dims; j++) {
          sums[c * dims + j] += x[j];
        }
      }
      for (int c = 0; c < k; c++) {
        if (counts[c] == 0) {
          // An empty word would waste a block of the vector: move it onto the point worst
          // served by the current words.
          float[] far = points.get(farthest(points, centroids, dims));
          System.arraycopy(far, 0, centroids, c * dims, dims);
        } else {
          for (int j = 0; j < dims; j++) {
            centroids[c * dims + j] = (float) (sums[c * dims + j] / counts[c]);
          }
        }
      }
      afterIteration.accept(it);
      if (changed == 0) {
        for (int rest = it + 1; rest <= iterations; rest++) {
          afterIteration.accept(rest);
        }
        break;
      }
    }
    return centroids;
  }

  /** k-means++: each next centre drawn with probability proportional to squared distance. */
  private static float[] seed(List<float[]> points, int k, int dims, Random random) {
    int n = points.size();
    float[] centroids = new float[k * dims];
    System.arraycopy(points.get(random.nextInt(n)), 0, centroids, 0, dims);
    double[] d2 = new double[n];
    for (int p = 0; p < n; p++) {
      d2[p] = dist2(points.get(p), centroids, 0, dims);
    }
    for (int c = 1; c < k; c++) {
      double total = 0;
      for (double d : d2) {
        total += d;
      }
      int pick;
      if (total <= 0) {
        pick = random.nextInt(n); // all points coincide with a centre already
      } else {
        double r = random.nextDouble() * total;
        pick = n - 1;
        for (int p = 0; p < n; p++) {
          r -= d2[p];
          if (r < 0) {
            pick = p;
            break;
          }
        }
      }
      System.arraycopy(points.get(pick), 0, centroids, c * dims, dims);
      for (int p = 0; p < n; p++) {
        d2[p] = Math.min(d2[p], dist2(points.get(p), centroids, c * dims, dims));
      }
    }
    return centroids;
  }

  private static int farthest(List<float[]> points, float[] centroids, int dims) {
    int best = 0;
    double bestDist = -1;
    for (int p = 0; p < points.size(); p++) {
      float[] x = points.get(p);
      double d = dist2(x, centroids, Vlad.nearest(centroids, dims, x) * dims, dims);
      if (d > bestDist) {
        bestDist = d;
        best = p;
      }
    }
    return best;
  }

  private static double dist2(float[] x, float[] centroids, int row, int dims) {
    double s = 0;
    for (int j = 0; j < dims; j++) {
      double d = x[j] - centroids[row + j];
      s += d * d;
    }
    return s;
  }
}
