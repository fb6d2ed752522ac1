package org.imageindex.benchmarks.quality;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Retrieval quality of one ground-truth set, per search mode.
 *
 * @param set the set's name
 * @param form how its CSV gave relevance
 * @param images images ranked
 * @param queries queries scored (images with at least one relevant image)
 * @param nsApplicable whether every group has four images, so the N-S score means something
 * @param scores mean scores per mode
 */
record RetrievalResult(
    String set,
    GroundTruth.Form form,
    int images,
    int queries,
    boolean nsApplicable,
    Map<SearchMode, Scores> scores) {

  RetrievalResult {
    scores = Collections.unmodifiableMap(new EnumMap<>(scores));
  }

  /**
   * Scores, one query's or the mean over queries.
   *
   * @param map (mean) average precision
   * @param precision P@k for each of {@link RetrievalEvaluation#CUTOFFS}
   * @param recall R@k for each of {@link RetrievalEvaluation#CUTOFFS}
   * @param ns N-S score (0..4), NaN when not applicable
   * @param prCurve interpolated precision at {@link RankingMetrics#RECALL_LEVELS}
   */
  record Scores(double map, double[] precision, double[] recall, double ns, double[] prCurve) {

    static Scores mean(List<Scores> perQuery, boolean nsApplicable) {
      int n = perQuery.size();
      if (n == 0) {
        throw new IllegalArgumentException("no queries: every image is alone in its group");
      }
      double map = 0;
      double ns = 0;
      double[] p = new double[RetrievalEvaluation.CUTOFFS.length];
      double[] r = new double[p.length];
      double[] curve = new double[RankingMetrics.RECALL_LEVELS.length];
      for (Scores s : perQuery) {
        map += s.map / n;
        ns += s.ns / n;
        for (int c = 0; c < p.length; c++) {
          p[c] += s.precision[c] / n;
          r[c] += s.recall[c] / n;
        }
        for (int l = 0; l < curve.length; l++) {
          curve[l] += s.prCurve[l] / n;
        }
      }
      return new Scores(map, p, r, nsApplicable ? ns : Double.NaN, curve);
    }
  }
}
