package org.imageindex.signatures.matching;

import boofcv.alg.geo.robust.GenerateHomographyLinear;
import boofcv.struct.geo.AssociatedPair;
import georegression.struct.homography.Homography2D_F64;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * RANSAC for a reference-to-query homography, written for the verifier's hot path: a match
 * search verifies dozens of candidates, and BoofCV's generic RANSAC (a normalised SVD per
 * 4-point sample, a fixed 2000 samples) took about 13 ms a candidate, against about 0.2 ms
 * here. A sample costs one 8x8 elimination and no allocation, samples whose points turn the other way in the query (a fold,
 * which no view of a flat region produces) are dropped before counting, and the loop stops as
 * soon as the best consensus makes a better one unlikely (the classic adaptive bound, at
 * {@link #CONFIDENCE}, but never before {@link #MIN_ITERATIONS}), so a clear copy is settled in
 * a few hundred samples while a hopeless pair still gets the full budget before it is rejected.
 *
 * <p>Each new best model is refined at once by a least-squares fit on the pairs it explains,
 * repeated while that explains more (local optimisation, as in LO-RANSAC). A 4-point model is
 * the least accurate one consistent with its consensus.
 */
final class HomographyRansac {

  /** Probability that the search drew at least one clean sample, given the best consensus. */
  static final double CONFIDENCE = 0.999;
  /**
   * Samples drawn at least. The adaptive bound alone stopped clear copies after a few dozen
   * samples on a model whose consensus was a little short of the best, and whose corners were
   * then off by 2 to 4 % of the image: 7 of 32 rescaled copies (0.3x) lost their Clone verdict.
   * From 200 samples on all 32 were Clones again, as with a fixed 2000; 200 samples cost about a
   * tenth of a millisecond.
   */
  static final int MIN_ITERATIONS = 200;
  /** Least-squares refits of a new best model; two or three usually reach a fixed point. */
  static final int REFINE_ROUNDS = 4;

  private final double[] rx;
  private final double[] ry;
  private final double[] qx;
  private final double[] qy;
  private final int n;
  // The 8x9 augmented system of one sample, reused across samples.
  private final double[][] system = new double[8][9];
  private final double[] h = new double[9];

  /**
   * @param points {@code {refX, refY, queryX, queryY}} rows, in pixels
   */
  HomographyRansac(double[][] points) {
    n = points.length;
    rx = new double[n];
    ry = new double[n];
    qx = new double[n];
    qy = new double[n];
    for (int i = 0; i < n; i++) {
      rx[i] = points[i][0];
      ry[i] = points[i][1];
      qx[i] = points[i][2];
      qy[i] = points[i][3];
    }
  }

  /**
   * Returns the model with the largest consensus, or null when no sample gave a usable model.
   *
   * @param tolerance largest reprojection error of an agreeing pair, in query pixels
   * @param maxIterations samples drawn at most
   */
  Homography2D_F64 fit(double tolerance, int maxIterations, long seed) {
    if (n < 4) {
      return null;
    }
    SplittableRandom random = new SplittableRandom(seed);
    double t2 = tolerance * tolerance;
    double[] best = null;
    int bestCount = 0;
    long needed = maxIterations;
    int[] sample = new int[4];
    for (int iteration = 0; iteration < needed; iteration++) {
      draw(random, sample);
      if (!sameTurns(sample) || !solve(sample)) {
        continue;
      }
      int count = consensus(t2, bestCount);
      if (count > bestCount) {
        count = refine(count, t2);
        bestCount = count;
        best = h.clone();
        needed = Math.min(maxIterations, Math.max(MIN_ITERATIONS, samplesNeeded(bestCount / (double) n)));
      }
    }
    if (best == null) {
      return null;
    }
    return new Homography2D_F64(best[0], best[1], best[2], best[3], best[4], best[5], best[6], best[7], best[8]);
  }

  /**
   * Refits the current model on the pairs it explains while the refit explains more; leaves the
   * last refit that explains at least as many in {@code h} and returns its consensus.
   */
  private int refine(int count, double t2) {
    for (int round = 0; round < REFINE_ROUNDS && count >= 4; round++) {
      List<AssociatedPair> agreeing = new ArrayList<>(count);
      for (int i = 0; i < n; i++) {
        if (agrees(i, t2)) {
          agreeing.add(new AssociatedPair(rx[i], ry[i], qx[i], qy[i]));
        }
      }
      Homography2D_F64 fit = new Homography2D_F64();
      if (!new GenerateHomographyLinear(true).generate(agreeing, fit) || Math.abs(fit.a33) < 1e-12) {
        return count;
      }
      double[] previous = h.clone();
      double s = fit.a33;
      h[0] = fit.a11 / s; h[1] = fit.a12 / s; h[2] = fit.a13 / s;
      h[3] = fit.a21 / s; h[4] = fit.a22 / s; h[5] = fit.a23 / s;
      h[6] = fit.a31 / s; h[7] = fit.a32 / s; h[8] = 1;
      int refined = consensus(t2, 0);
      if (refined < count) {
        System.arraycopy(previous, 0, h, 0, 9);
        return count;
      }
      // An equal consensus still gains: the refit is the more accurate model of the same pairs.
      if (refined == count) {
        return count;
      }
      count = refined;
    }
    return count;
  }

  /** Samples that miss every clean 4-point draw with probability 1 - CONFIDENCE. */
  static long samplesNeeded(double inlierShare) {
    double clean = Math.pow(inlierShare, 4);
    if (clean >= 1) {
      return 1;
    }
    if (clean <= 0) {
      return Long.MAX_VALUE;
    }
    return (long) Math.ceil(Math.log(1 - CONFIDENCE) / Math.log(1 - clean));
  }

  private void draw(SplittableRandom random, int[] sample) {
    for (int i = 0; i < 4; i++) {
      int s;
      boolean repeat;
      do {
        s = random.nextInt(n);
        repeat = false;
        for (int j = 0; j < i; j++) {
          repeat |= sample[j] == s;
        }
      } while (repeat);
      sample[i] = s;
    }
  }

  /**
   * A homography that does not fold the plane keeps the turning direction of every three of
   * the sample's points; a sample that breaks this cannot be a view and is not worth solving.
   * Nearly collinear triples are refused too, as their solution is unstable.
   */
  private boolean sameTurns(int[] s) {
    for (int i = 0; i < 4; i++) {
      int a = s[i];
      int b = s[(i + 1) % 4];
      int c = s[(i + 2) % 4];
      double ref = (rx[b] - rx[a]) * (ry[c] - ry[a]) - (ry[b] - ry[a]) * (rx[c] - rx[a]);
      double query = (qx[b] - qx[a]) * (qy[c] - qy[a]) - (qy[b] - qy[a]) * (qx[c] - qx[a]);
      if (ref * query <= 0 || Math.abs(ref) < 1 || Math.abs(query) < 1) {
        return false;
      }
    }
    return true;
  }

  /** Solves the 4-point system with h33 = 1 by Gaussian elimination with partial pivoting. */
  private boolean solve(int[] s) {
    double[][] m = system;
    for (int i = 0; i < 4; i++) {
      int p = s[i];
      double x = rx[p];
      double y = ry[p];
      double u = qx[p];
      double v = qy[p];
      double[] a = m[2 * i];
      a[0] = x; a[1] = y; a[2] = 1; a[3] = 0; a[4] = 0; a[5] = 0; a[6] = -x * u; a[7] = -y * u; a[8] = u;
      double[] b = m[2 * i + 1];
      b[0] = 0; b[1] = 0; b[2] = 0; b[3] = x; b[4] = y; b[5] = 1; b[6] = -x * v; b[7] = -y * v; b[8] = v;
    }
    for (int col = 0; col < 8; col++) {
      int pivot = col;
      for (int r = col + 1; r < 8; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      if (Math.abs(m[pivot][col]) < 1e-12) {
        return false;
      }
      double[] tmp = m[pivot];
      m[pivot] = m[col];
      m[col] = tmp;
      double[] top = m[col];
      for (int r = col + 1; r < 8; r++) {
        double[] row = m[r];
        double f = row[col] / top[col];
        if (f != 0) {
          for (int c = col; c < 9; c++) {
            row[c] -= f * top[c];
          }
        }
      }
    }
    for (int r = 7; r >= 0; r--) {
      double sum = m[r][8];
      for (int c = r + 1; c < 8; c++) {
        sum -= m[r][c] * h[c];
      }
      h[r] = sum / m[r][r];
    }
    h[8] = 1;
    return true;
  }

  /** Pairs within tolerance of the current model; gives up once it cannot beat {@code toBeat}. */
  private int consensus(double t2, int toBeat) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (agrees(i, t2)) {
        count++;
      }
      if (count + (n - 1 - i) <= toBeat) {
        return count;
      }
    }
    return count;
  }

  private boolean agrees(int i, double t2) {
    double w = h[6] * rx[i] + h[7] * ry[i] + h[8];
    if (w <= 0) {
      return false;
    }
    double dx = (h[0] * rx[i] + h[1] * ry[i] + h[2]) / w - qx[i];
    double dy = (h[3] * rx[i] + h[4] * ry[i] + h[5]) / w - qy[i];
    return dx * dx + dy * dy <= t2;
  }
}
