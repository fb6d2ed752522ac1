package org.imageindex.signatures.matching;

import org.imageindex.signatures.matching.vocabulary.VisualVocabulary;

/**
 * A coarse partition of descriptor space into cells: the first level of the shipped vocabulary
 * tree, ten centroids. {@link Association} compares a query feature only with the reference
 * features of the two cells nearest to it, which is where its nearest neighbour lies unless the
 * two descriptors sit far apart — too far, then, to be a pair that geometry would keep.
 *
 * <p>The shipped vocabulary is used whatever vocabulary an index was fine-tuned to: the cells
 * only need to split typical descriptors into groups of similar size, and a fixed partition
 * keeps verification independent of the index.
 */
final class FeatureCells {

  /** Cells a query feature is compared in: its three nearest. */
  static final int QUERY_CELLS = 3;

  private static final int D = MatchingFeatures.DESCRIPTOR_LENGTH;
  private static volatile FeatureCells standard;

  private final int count;
  private final int[] centroids;
  private final int[] norms;

  private FeatureCells(byte[] centroidBytes) {
    this.count = centroidBytes.length / D;
    this.centroids = new int[centroidBytes.length];
    this.norms = new int[count];
    for (int i = 0; i < centroidBytes.length; i++) {
      centroids[i] = centroidBytes[i];
      norms[i / D] += centroidBytes[i] * centroidBytes[i];
    }
  }

  /** The cells of {@link VisualVocabulary#standard()}'s first level. */
  static FeatureCells standard() {
    FeatureCells c = standard;
    if (c == null) {
      c = new FeatureCells(VisualVocabulary.standard().firstLevelCentroids());
      standard = c;
    }
    return c;
  }

  /** Number of cells. */
  int count() {
    return count;
  }

  /** The nearest cell of each of the {@code n} widened descriptors. */
  int[] nearest(int[] descriptors, int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int best = 0;
      int bestD = Integer.MAX_VALUE;
      for (int c = 0; c < count; c++) {
        int d = norms[c] - 2 * dot(descriptors, i * D, c * D);
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /**
   * The {@link #QUERY_CELLS} nearest cells of each of the {@code n} widened descriptors, nearest
   * first: those of descriptor {@code i} from {@code QUERY_CELLS * i} on (repeated when there are
   * fewer cells).
   */
  int[] queryCells(int[] descriptors, int n) {
    int k = QUERY_CELLS;
    int[] out = new int[k * n];
    int[] dist = new int[k];
    for (int i = 0; i < n; i++) {
      int o = k * i;
      java.util.Arrays.fill(dist, Integer.MAX_VALUE);
      java.util.Arrays.fill(out, o, o + k, 0);
      for (int c = 0; c < count; c++) {
        int d = norms[c] - 2 * dot(descriptors, i * D, c * D);
        // insertion into the sorted k nearest; ties keep the lower cell first
        for (int p = 0; p < k; p++) {
          if (d < dist[p]) {
            for (int s = k - 1; s > p; s--) {
              dist[s] = dist[s - 1];
              out[o + s] = out[o + s - 1];
            }
            dist[p] = d;
            out[o + p] = c;
            break;
          }
        }
      }
      for (int p = Math.min(count, k); p < k; p++) {
        out[o + p] = out[o];
      }
    }
    return out;
  }

  private int dot(int[] a, int from, int centroid) {
    int s = 0;
    for (int j = 0; j < D; j++) {
      s += a[from + j] * centroids[centroid + j];
    }
    return s;
  }
}
