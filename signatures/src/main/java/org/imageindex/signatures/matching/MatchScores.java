package org.imageindex.signatures.matching;

/**
 * The evidence behind a verdict, each in [0, 1], higher = stronger.
 *
 * @param pointsRatio share of the query's features inside the query matching box that agree
 *     with the homography ({@code boxPointsRatioHomography} in the media-database reports)
 * @param coveredSurface share of the reference matching box covered by agreeing features,
 *     measured on a 10 x 10 grid ({@code boxCoveredSurface})
 * @param matchStrength grows with the number of agreeing features:
 *     {@code 1 - exp(-inliers / 20)}, so 10 agreeing features give 0.39, 20 give 0.63,
 *     60 give 0.95 ({@code matchStrength})
 */
public record MatchScores(double pointsRatio, double coveredSurface, double matchStrength) {

  public MatchScores {
    check("pointsRatio", pointsRatio);
    check("coveredSurface", coveredSurface);
    check("matchStrength", matchStrength);
  }

  /** All zero: no geometry was found. */
  public static MatchScores none() {
    return new MatchScores(0, 0, 0);
  }

  private static void check(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got: " + v);
    }
  }
}
