package org.imageindex.signatures.matching;

import java.util.Objects;

/**
 * The outcome of verifying a query against a reference, with everything a user needs to see
 * why: the verdict, where the shared content lies in each image, the transformation between
 * them and the scores behind the decision.
 *
 * <p>{@code distance} follows the media-database convention (lower = closer): it is
 * {@code 1 - score}, where {@code score = 0.6 * matchStrength + 0.2 * pointsRatio
 * + 0.2 * coveredSurface} for a {@link Verdict#MATCH} or {@link Verdict#CLONE}, and a rejection
 * always has distance 1 and score 0 so it sorts after every match.
 *
 * @param verdict the decision
 * @param queryBox the shared region in the query (the reference box mapped by the homography)
 * @param referenceBox the shared region in the reference (axis-aligned)
 * @param homography reference-to-query transformation; the identity when none was found
 * @param scores the evidence, all zero when no homography was found
 * @param inliers number of feature pairs that agree with the homography
 * @param candidates number of feature pairs proposed by descriptor matching before geometry
 * @param distance {@code 1 - score}, in [0, 1]
 */
public record MatchResult(
    Verdict verdict,
    MatchingBox queryBox,
    MatchingBox referenceBox,
    Homography homography,
    MatchScores scores,
    int inliers,
    int candidates,
    double distance) {

  public MatchResult {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(queryBox, "queryBox");
    Objects.requireNonNull(referenceBox, "referenceBox");
    Objects.requireNonNull(homography, "homography");
    Objects.requireNonNull(scores, "scores");
    if (!(distance >= 0 && distance <= 1)) {
      throw new IllegalArgumentException("distance must be in [0, 1], got: " + distance);
    }
  }

  /** {@code 1 - distance}: in [0, 1], higher = stronger match. */
  public double score() {
    return 1 - distance;
  }
}
