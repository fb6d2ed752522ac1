package org.imageindex.signatures.matching;

import java.util.Arrays;

/**
 * Proposes feature pairs by descriptor similarity alone: for each query feature, the nearest
 * reference feature of the same contrast sign, kept only when it is clearly nearer than the
 * second nearest (Lowe's ratio test) and the query feature is in turn the reference feature's
 * nearest (mutual check). Both filters throw out most pairs that geometry would reject anyway,
 * so RANSAC sees a cleaner set and needs fewer iterations.
 *
 * <p>Neighbours are searched among the reference features that share a coarse cell with the
 * query feature ({@link FeatureCells}: each reference feature in its nearest of ten cells, each
 * query feature looked up in its two nearest), not among all: about a fifth of the distance
 * computations, which are most of a candidate's verification. A true pair is near in descriptor
 * space, so its reference feature lies in one of the query feature's two nearest cells; on the
 * test photographs' generated copies the agreeing pairs stay within a few of the exhaustive
 * search's, and chance consensus between different photographs does not grow (docs/performance.md).
 */
final class Association {

  private static final int D = MatchingFeatures.DESCRIPTOR_LENGTH;

  private Association() {}

  /**
   * Returns pairs as {@code {queryIndex, referenceIndex}} rows, in query order.
   *
   * @param ratio the largest allowed nearest / second-nearest distance ratio
   */
  static int[][] associate(MatchingFeatures query, MatchingFeatures reference, double ratio) {
    int nq = query.size();
    int nr = reference.size();
    if (nq == 0 || nr == 0) {
      return new int[0][];
    }
    // Squared distances as |q|^2 + |r|^2 - 2 q.r over ints: the same integers as summing squared
    // byte differences, but a plain int dot product is a loop the JIT turns into vector
    // instructions, about four times faster. (A transposed layout, one query row against all
    // references at once, and a short-typed multiply-add were both measured slower than this
    // reduction on AVX-512.) The query's widened descriptors, norms and cells are made once per
    // search, not once per candidate.
    int[] qd = query.widenedDescriptors();
    int[] qNorm = query.squaredNorms();
    int[] qCells = query.queryCells();
    int[] rd = widen(reference.descriptorArray());
    int[] rNorm = squaredNorms(rd, nr);
    FeatureCells cells = FeatureCells.standard();
    int[][] groups = groups(reference, cells.nearest(rd, nr), cells.count());
    int[] bestR = new int[nq];
    long[] bestRDist = new long[nq];
    long[] secondRDist = new long[nq];
    int[] bestQ = new int[nr];
    long[] bestQDist = new long[nr];
    Arrays.fill(bestQDist, Long.MAX_VALUE);
    for (int q = 0; q < nq; q++) {
      long best = Long.MAX_VALUE;
      long second = Long.MAX_VALUE;
      int arg = -1;
      int qo = q * D;
      int sign = query.bright(q) ? cells.count() : 0;
      int o = FeatureCells.QUERY_CELLS * q;
      for (int k = 0; k < FeatureCells.QUERY_CELLS; k++) {
        int cell = qCells[o + k];
        if (k > 0 && cell == qCells[o]) {
          continue; // fewer cells than looked up: the nearest repeated
        }
        for (int r : groups[sign + cell]) {
          long d = qNorm[q] + rNorm[r] - 2L * dot(qd, qo, rd, r * D);
          // ties go to the lower reference index, as in index order
          if (d < best || (d == best && r < arg)) {
            second = best;
            best = d;
            arg = r;
          } else if (d < second) {
            second = d;
          }
          if (d < bestQDist[r]) {
            bestQDist[r] = d;
            bestQ[r] = q;
          }
        }
      }
      bestR[q] = arg;
      bestRDist[q] = best;
      secondRDist[q] = second;
    }
    double ratio2 = ratio * ratio;
    int[][] pairs = new int[nq][];
    int count = 0;
    for (int q = 0; q < nq; q++) {
      int r = bestR[q];
      if (r < 0 || bestQ[r] != q) {
        continue;
      }
      // With a single candidate there is no second: accept on mutuality alone.
      if (secondRDist[q] != Long.MAX_VALUE && bestRDist[q] > ratio2 * secondRDist[q]) {
        continue;
      }
      pairs[count++] = new int[] {q, r};
    }
    return Arrays.copyOf(pairs, count);
  }

  /** Reference indices by contrast sign and cell: group {@code sign * cells + cell}, ascending. */
  private static int[][] groups(MatchingFeatures reference, int[] cell, int cells) {
    int[] sizes = new int[2 * cells];
    for (int i = 0; i < cell.length; i++) {
      sizes[(reference.bright(i) ? cells : 0) + cell[i]]++;
    }
    int[][] out = new int[2 * cells][];
    for (int g = 0; g < out.length; g++) {
      out[g] = new int[sizes[g]];
    }
    int[] fill = new int[2 * cells];
    for (int i = 0; i < cell.length; i++) {
      int g = (reference.bright(i) ? cells : 0) + cell[i];
      out[g][fill[g]++] = i;
    }
    return out;
  }

  private static int dot(int[] a, int aFrom, int[] b, int bFrom) {
    int d = 0;
    for (int j = 0; j < D; j++) {
      d += a[aFrom + j] * b[bFrom + j];
    }
    return d;
  }

  private static int[] widen(byte[] bytes) {
    int[] out = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[i];
    }
    return out;
  }

  private static int[] squaredNorms(int[] descriptors, int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = dot(descriptors, i * D, descriptors, i * D);
    }
    return out;
  }
}
