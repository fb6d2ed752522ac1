package org.imageindex.benchmarks.quality;

import java.util.List;

/**
 * Copy-detection figures of one folder, one row per attack.
 *
 * @param folder the folder's name
 * @param photos photos in it
 * @param indexed photos indexed
 * @param distractors photos held out, whose copies should match nothing
 * @param rows one per attack kind and strength
 */
record CopyDetectionResult(String folder, int photos, int indexed, int distractors, List<Row> rows) {

  CopyDetectionResult {
    rows = List.copyOf(rows);
  }

  /**
   * Counts for one attack.
   *
   * @param copies copies of indexed photos queried
   * @param found copies whose original ranked first by verified match distance, as Clone or Match
   * @param hashFound copies whose original had the smallest Hamming distance (baseline)
   * @param matchVerdicts Clone/Match verdicts given for copies of indexed photos
   * @param matchVerdictsRight of those, the ones pointing at the copy's original
   * @param hashVerdicts hash near-duplicate hits (within the radius) for those copies
   * @param hashVerdictsRight of those, the ones pointing at the original
   * @param distractorQueries copies of held-out photos queried
   * @param falseMatches distractor copies that got at least one Clone/Match verdict
   * @param hashFalse distractor copies within the hash radius of some indexed photo
   * @param falseMatchVerdicts Clone/Match verdicts over all (distractor copy, indexed photo) pairs
   */
  record Row(Attack attack, int copies, int found, int hashFound, int matchVerdicts,
      int matchVerdictsRight, int hashVerdicts, int hashVerdictsRight, int distractorQueries,
      int falseMatches, int hashFalse, int falseMatchVerdicts) {

    /**
     * The 95 % Wilson score interval of recall@1: copies are independent trials here (one per
     * photo and attack), so the binomial interval applies, and it stays inside [0, 1] at 0 or
     * all found.
     */
    double[] recallInterval() {
      if (copies == 0) {
        return new double[] {Double.NaN, Double.NaN};
      }
      double z = 1.959964;
      double p = (double) found / copies;
      double d = 1 + z * z / copies;
      double centre = (p + z * z / (2.0 * copies)) / d;
      double half = z * Math.sqrt(p * (1 - p) / copies + z * z / (4.0 * copies * copies)) / d;
      return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    double recallAt1() {
      return ratio(found, copies);
    }

    double hashRecallAt1() {
      return ratio(hashFound, copies);
    }

    double verdictPrecision() {
      return ratio(matchVerdictsRight, matchVerdicts);
    }

    double hashVerdictPrecision() {
      return ratio(hashVerdictsRight, hashVerdicts);
    }

    double falseMatchRate() {
      return ratio(falseMatches, distractorQueries);
    }

    double hashFalseRate() {
      return ratio(hashFalse, distractorQueries);
    }

    private static double ratio(int a, int b) {
      return b == 0 ? Double.NaN : (double) a / b;
    }
  }
}
