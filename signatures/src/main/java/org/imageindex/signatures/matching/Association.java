package org.imageindex.signatures.matching;

/**
 * Proposes feature pairs by descriptor similarity alone: for each query feature, the nearest
 * reference feature of the same contrast sign, kept only when it is clearly nearer than the
 * second nearest (Lowe's ratio test) and the query feature is in turn the reference feature's
 * nearest (mutual check). Both filters throw out most pairs that geometry would reject anyway,
 * so RANSAC sees a cleaner set and needs fewer iterations.
 */
final class Association {

  private Association() {}

  /**
   * Returns pairs as {@code {queryIndex, referenceIndex}} rows.
   *
   * @param ratio the largest allowed nearest / second-nearest distance ratio
   */
  static int[][] associate(MatchingFeatures query, MatchingFeatures reference, double ratio) {
    int nq = query.size();
    int nr = reference.size();
    if (nq == 0 || nr == 0) {
      return new int[0][];
    }
    byte[] qd = query.descriptorArray();
    byte[] rd = reference.descriptorArray();
    int len = MatchingFeatures.DESCRIPTOR_LENGTH;
    int[] bestR = new int[nq];
    long[] bestRDist = new long[nq];
    long[] secondRDist = new long[nq];
    int[] bestQ = new int[nr];
    long[] bestQDist = new long[nr];
    java.util.Arrays.fill(bestQDist, Long.MAX_VALUE);
    for (int q = 0; q < nq; q++) {
      long best = Long.MAX_VALUE;
      long second = Long.MAX_VALUE;
      int arg = -1;
      boolean qb = query.bright(q);
      int qo = q * len;
      for (int r = 0; r < nr; r++) {
        if (reference.bright(r) != qb) {
          continue;
        }
        int ro = r * len;
        long d = 0;
        for (int j = 0; j < len; j++) {
          int diff = qd[qo + j] - rd[ro + j];
          d += diff * diff;
        }
        if (d < best) {
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
      // With a single candidate of that sign there is no second: accept on mutuality alone.
      if (secondRDist[q] != Long.MAX_VALUE && bestRDist[q] > ratio2 * secondRDist[q]) {
        continue;
      }
      pairs[count++] = new int[] {q, r};
    }
    return java.util.Arrays.copyOf(pairs, count);
  }
}
