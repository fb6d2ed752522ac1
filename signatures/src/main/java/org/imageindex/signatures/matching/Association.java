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
    int len = MatchingFeatures.DESCRIPTOR_LENGTH;
    // Squared distances as |q|^2 + |r|^2 - 2 q.r over ints: the same integers as summing squared
    // byte differences, but a plain int dot product is a loop the JIT turns into vector
    // instructions, about four times faster; this loop is most of a candidate's verification.
    // (A transposed layout, one query row against all references at once, and a short-typed
    // multiply-add were both measured slower than this reduction on AVX-512.)
    // The query's widened descriptors and norms are made once per search, not per candidate.
    int[] qd = query.widenedDescriptors();
    int[] rd = widen(reference.descriptorArray());
    int[] qNorm = query.squaredNorms();
    int[] rNorm = squaredNorms(rd, nr);
    int[][] bySign = {indicesOfSign(reference, false), indicesOfSign(reference, true)};
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
      int qo = q * len;
      for (int r : bySign[query.bright(q) ? 1 : 0]) {
        long d = qNorm[q] + rNorm[r] - 2L * dot(qd, qo, rd, r * len);
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

  private static int dot(int[] a, int aFrom, int[] b, int bFrom) {
    int d = 0;
    for (int j = 0; j < MatchingFeatures.DESCRIPTOR_LENGTH; j++) {
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
      out[i] = dot(descriptors, i * MatchingFeatures.DESCRIPTOR_LENGTH, descriptors, i * MatchingFeatures.DESCRIPTOR_LENGTH);
    }
    return out;
  }

  private static int[] indicesOfSign(MatchingFeatures features, boolean bright) {
    int count = 0;
    for (int i = 0; i < features.size(); i++) {
      count += features.bright(i) == bright ? 1 : 0;
    }
    int[] out = new int[count];
    for (int i = 0, k = 0; i < features.size(); i++) {
      if (features.bright(i) == bright) {
        out[k++] = i;
      }
    }
    return out;
  }
}
