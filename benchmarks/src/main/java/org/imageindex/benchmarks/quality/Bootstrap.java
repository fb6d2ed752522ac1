package org.imageindex.benchmarks.quality;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence intervals of a mean over queries (Efron &amp; Tibshirani 1993):
 * the queries are resampled with replacement {@value #RESAMPLES} times and the interval is the
 * 2.5th to 97.5th percentile of the resampled means.
 *
 * <p>The seed is fixed, so a run is reproducible; and every mode of a set is resampled with the
 * same draws, so differences between modes are paired (same queries in every resample). Queries
 * of one group are not independent (they share their relevant images), so the interval is a
 * lower bound on the true uncertainty, not an overstatement of it.
 */
final class Bootstrap {

  static final int RESAMPLES = 1000;
  static final long SEED = 20071;
  static final double LEVEL = 0.95;

  /** An estimate: the mean over queries and its interval. */
  record Interval(double mean, double low, double high) {}

  private Bootstrap() {}

  /** The mean of {@code values} and its 95 % percentile-bootstrap interval. */
  static Interval of(double[] values) {
    int n = values.length;
    if (n == 0) {
      return new Interval(Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= n;
    SplittableRandom random = new SplittableRandom(SEED ^ n);
    double[] means = new double[RESAMPLES];
    for (int r = 0; r < RESAMPLES; r++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += values[random.nextInt(n)];
      }
      means[r] = s / n;
    }
    Arrays.sort(means);
    double tail = (1 - LEVEL) / 2;
    int lo = (int) Math.floor(tail * RESAMPLES);
    int hi = (int) Math.ceil((1 - tail) * RESAMPLES) - 1;
    return new Interval(mean, means[lo], means[hi]);
  }

  /** The mean of {@code a − b} over paired queries and its interval. */
  static Interval ofDifference(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return of(d);
  }
}
