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
 * @param perQuery every query's scores per mode, in the order of {@code queryNames}
 * @param queryNames the queries, in truth order
 * @param queryClasses each query's group label (the class per-class figures are given for), or
 *     empty when the set's relevance is not given by groups
 */
record RetrievalResult(
    String set,
    GroundTruth.Form form,
    int images,
    int queries,
    boolean nsApplicable,
    Map<SearchMode, Scores> scores,
    Map<SearchMode, List<Scores>> perQuery,
    List<String> queryNames,
    List<String> queryClasses) {

  RetrievalResult {
    scores = Collections.unmodifiableMap(new EnumMap<>(scores));
    perQuery = Collections.unmodifiableMap(new EnumMap<>(perQuery));
    queryNames = List.copyOf(queryNames);
    queryClasses = List.copyOf(queryClasses);
  }

  /** One metric of every query under {@code mode}, restricted to the queries of {@code class} (null: all). */
  double[] values(SearchMode mode, java.util.function.ToDoubleFunction<Scores> metric, String inClass) {
    List<Scores> s = perQuery.get(mode);
    return java.util.stream.IntStream.range(0, s.size())
        .filter(i -> inClass == null || inClass.equals(queryClasses.get(i)))
        .mapToDouble(i -> metric.applyAsDouble(s.get(i))).toArray();
  }

  /** The modes this set was ranked by, in {@link SearchMode} order. */
  java.util.Set<SearchMode> modes() {
    return scores.keySet();
  }

  /** The classes of the queries, in first-seen order; empty when the set has no groups. */
  List<String> classes() {
    return queryClasses.stream().distinct().toList();
  }

  /**
   * The baseline with the highest mAP on the whole set: what each of our figures is measured
   * against (ties: the first in {@link SearchMode} order).
   */
  SearchMode bestBaseline() {
    SearchMode best = null;
    for (SearchMode m : modes()) {
      if (m.isBaseline() && (best == null || scores.get(m).map() > scores.get(best).map())) {
        best = m;
      }
    }
    return best;
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
