package org.imageindex.signatures.matching;

/**
 * How a pair is verified.
 *
 * @param ratio largest nearest / second-nearest descriptor distance ratio for a proposed pair
 * @param minInliers fewest feature pairs that must agree on a homography for a match
 * @param tolerance largest reprojection error of an agreeing pair, as a fraction of the query's
 *     longer side
 * @param iterations most RANSAC samples; the search stops earlier once its best consensus makes a
 *     better one unlikely
 * @param seed RANSAC's random seed: verification is deterministic for a given seed
 * @param maxFalseAlarms below {@code minInliers}, a consensus of at least
 *     {@link MatchVerifier#MIN_SIGNIFICANT_INLIERS} distinct pairs is still accepted when the number
 *     of false alarms it would give by chance (its NFA, see {@link MatchVerifier}) is at most this;
 *     0 turns the significance test off and keeps the fixed count alone
 */
public record VerificationOptions(double ratio, int minInliers, double tolerance, int iterations, long seed,
    double maxFalseAlarms) {

  /**
   * 0.85: a little looser than Lowe's 0.8, because the mutual-nearest check already removes most
   * false pairs. Tuning runs on the test photographs (0.85 together with more features) raised
   * the weakest 30 % crop's agreeing pairs from 20 to 29 while the best chance consensus between
   * different photographs stayed at 6 or 7; with the shipped 500 features that crop keeps 23.
   */
  public static final double DEFAULT_RATIO = 0.85;
  /**
   * 12 agreeing pairs: over the 992 ordered pairs of different photographs in the test set the
   * best chance homography gathers 6, while every generated copy keeps at least 19
   * (docs/signatures.md gives the measured figures).
   */
  public static final int DEFAULT_MIN_INLIERS = 12;
  /** 1 % of the longer side (5 pixels at the 512-pixel working size): JPEG and resampling jitter. */
  public static final double DEFAULT_TOLERANCE = 0.01;
  /**
   * 2000 iterations: when half of the candidates are true pairs a clean 4-point sample comes one
   * time in 16, so 2000 samples all miss with odds below 1e-50; when only a fifth are (one clean
   * sample in 625) they miss about 4 % of the time. The ratio and mutual filters keep real
   * matches well above a fifth.
   */
  public static final int DEFAULT_ITERATIONS = 2000;
  /**
   * A consensus expected by chance once in 10,000 verifications at most. Measured on the test
   * photographs (MatchSignificanceTest): the most significant chance consensus of 1,991 unrelated
   * pairs has an NFA of 10^-0.5 (6 pairs of 17), while true weak copies with 8 or 9 agreeing
   * pairs among 19-36 proposed reach 10^-5.8 to 10^-6.6; 10^-4 leaves room on both sides.
   */
  public static final double DEFAULT_MAX_FALSE_ALARMS = 1e-4;
  /** Any fixed seed: it makes a verdict reproducible. */
  public static final long DEFAULT_SEED = 0x1D5EEDL;

  public VerificationOptions {
    if (!(ratio > 0 && ratio <= 1)) {
      throw new IllegalArgumentException("ratio must be in (0, 1], got: " + ratio);
    }
    if (minInliers < 4) {
      throw new IllegalArgumentException("minInliers must be >= 4 (a homography needs 4 pairs), got: " + minInliers);
    }
    if (!(tolerance > 0 && tolerance < 0.5)) {
      throw new IllegalArgumentException("tolerance must be in (0, 0.5), got: " + tolerance);
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be >= 1, got: " + iterations);
    }
    if (!(maxFalseAlarms >= 0 && maxFalseAlarms <= 1)) {
      throw new IllegalArgumentException("maxFalseAlarms must be in [0, 1], got: " + maxFalseAlarms);
    }
  }

  /** The defaults above. */
  public static VerificationOptions defaults() {
    return new VerificationOptions(DEFAULT_RATIO, DEFAULT_MIN_INLIERS, DEFAULT_TOLERANCE,
        DEFAULT_ITERATIONS, DEFAULT_SEED, DEFAULT_MAX_FALSE_ALARMS);
  }
}
