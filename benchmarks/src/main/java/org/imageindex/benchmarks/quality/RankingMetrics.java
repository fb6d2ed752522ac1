package org.imageindex.benchmarks.quality;

/**
 * Retrieval metrics of one ranked list, given as "is the item at rank i relevant".
 *
 * <p>All take {@code relevantAtRank[i]} for ranks 0, 1, 2, ... (best first) and, where recall
 * is involved, {@code totalRelevant}: how many relevant items exist, ranked or not.
 */
public final class RankingMetrics {

  /** Recall levels of the interpolated precision–recall curve: 0, 0.1, ..., 1. */
  public static final double[] RECALL_LEVELS = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1};

  private RankingMetrics() {}

  /**
   * Average precision: the mean, over the relevant items, of the precision at the rank where
   * each is found; a relevant item never ranked adds 0.
   *
   * @throws IllegalArgumentException if {@code totalRelevant < 1} or fewer than the relevant
   *     items ranked
   */
  public static double averagePrecision(boolean[] relevantAtRank, int totalRelevant) {
    checkTotal(relevantAtRank, totalRelevant);
    int hits = 0;
    double sum = 0;
    for (int i = 0; i < relevantAtRank.length; i++) {
      if (relevantAtRank[i]) {
        hits++;
        sum += (double) hits / (i + 1);
      }
    }
    return sum / totalRelevant;
  }

  /**
   * Relevant items in the top {@code k}, divided by {@code k} (a list shorter than {@code k}
   * still divides by {@code k}).
   *
   * @throws IllegalArgumentException if {@code k < 1}
   */
  public static double precisionAt(boolean[] relevantAtRank, int k) {
    checkK(k);
    return (double) hitsInTop(relevantAtRank, k) / k;
  }

  /**
   * Relevant items in the top {@code k}, divided by {@code totalRelevant}.
   *
   * @throws IllegalArgumentException if {@code k < 1} or {@code totalRelevant < 1}
   */
  public static double recallAt(boolean[] relevantAtRank, int k, int totalRelevant) {
    checkK(k);
    checkTotal(relevantAtRank, totalRelevant);
    return (double) hitsInTop(relevantAtRank, k) / totalRelevant;
  }

  /**
   * The Nistér–Stewénius (UKBench) score of one query: how many of its group's four images,
   * the query itself included, are in the top four of a ranking that includes the query.
   *
   * @param groupMemberAtRank for the ranking over all images (query included), whether the
   *     image at each rank is in the query's group (the query itself counts as a member)
   */
  public static int nisterStewenius(boolean[] groupMemberAtRank) {
    return hitsInTop(groupMemberAtRank, GroundTruth.NS_GROUP_SIZE);
  }

  /**
   * Interpolated precision at each of {@link #RECALL_LEVELS}: the highest precision at any rank
   * whose recall is at least the level (0 when the level is never reached).
   */
  public static double[] interpolatedPrecision(boolean[] relevantAtRank, int totalRelevant) {
    checkTotal(relevantAtRank, totalRelevant);
    int n = relevantAtRank.length;
    double[] precision = new double[n];
    double[] recall = new double[n];
    int hits = 0;
    for (int i = 0; i < n; i++) {
      if (relevantAtRank[i]) {
        hits++;
      }
      precision[i] = (double) hits / (i + 1);
      recall[i] = (double) hits / totalRelevant;
    }
    double[] curve = new double[RECALL_LEVELS.length];
    for (int l = 0; l < RECALL_LEVELS.length; l++) {
      double best = 0;
      for (int i = 0; i < n; i++) {
        if (recall[i] >= RECALL_LEVELS[l] - 1e-12) {
          best = Math.max(best, precision[i]);
        }
      }
      curve[l] = best;
    }
    return curve;
  }

  private static int hitsInTop(boolean[] relevantAtRank, int k) {
    int hits = 0;
    for (int i = 0; i < Math.min(k, relevantAtRank.length); i++) {
      if (relevantAtRank[i]) {
        hits++;
      }
    }
    return hits;
  }

  private static void checkK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got: " + k);
    }
  }

  private static void checkTotal(boolean[] relevantAtRank, int totalRelevant) {
    if (totalRelevant < 1) {
      throw new IllegalArgumentException("totalRelevant must be >= 1, got: " + totalRelevant);
    }
    int ranked = 0;
    for (boolean r : relevantAtRank) {
      if (r) {
        ranked++;
      }
    }
    if (ranked > totalRelevant) {
      throw new IllegalArgumentException("totalRelevant must be >= the " + ranked
          + " relevant items ranked, got: " + totalRelevant);
    }
  }
}
