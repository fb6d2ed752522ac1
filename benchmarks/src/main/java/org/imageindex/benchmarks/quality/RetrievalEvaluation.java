package org.imageindex.benchmarks.quality;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imageindex.signatures.matching.MatchVerifier;

/**
 * Exact-ranking retrieval quality of one ground-truth set: every query ranks every image of the
 * set under each {@link SearchMode}, and the ranks are scored with {@link RankingMetrics}.
 *
 * <p>Exact ranking (all pairwise distances) is the reference: no index, no approximation.
 * Equal distances (common for the 0..64 Hamming distance and for rejected matches, all at
 * distance 1) are ordered by a fixed pseudo-random key of (query, candidate), so ties neither
 * favour nor penalise relevant images on average and a run is reproducible.
 */
final class RetrievalEvaluation {

  /** The cut-offs reported: P@k and R@k for each. */
  static final int[] CUTOFFS = {1, 4, 10};

  private final int threads;
  private final MatchVerifier verifier = MatchVerifier.standard();

  RetrievalEvaluation(int threads) {
    this.threads = threads;
  }

  /** Scores of every mode on the set whose signatures are {@code images} (in truth order). */
  RetrievalResult evaluate(GroundTruth truth, List<IndexedImage> images) {
    return evaluate(truth, images, EnumSet.allOf(SearchMode.class));
  }

  /**
   * Scores of the given modes only: verified matching costs one geometric verification per
   * (query, image) pair, which a set of a thousand images cannot afford for every query.
   */
  RetrievalResult evaluate(GroundTruth truth, List<IndexedImage> images, Set<SearchMode> modes) {
    Map<String, Integer> indexOf = new HashMap<>();
    for (int i = 0; i < images.size(); i++) {
      indexOf.put(images.get(i).name(), i);
    }
    List<String> queries = truth.queries();
    Map<SearchMode, RetrievalResult.Scores> scores = new EnumMap<>(SearchMode.class);
    Map<SearchMode, List<RetrievalResult.Scores>> all = new EnumMap<>(SearchMode.class);
    for (SearchMode mode : modes) {
      List<RetrievalResult.Scores> perQuery = Extraction.parallel(queries.size(),
          mode == SearchMode.MATCHING ? threads : 1,
          qi -> scoreQuery(truth, images, indexOf, queries.get(qi), mode));
      scores.put(mode, RetrievalResult.Scores.mean(perQuery, truth.hasGroupsOfFour()));
      all.put(mode, perQuery);
    }
    List<String> classes = truth.form() == GroundTruth.Form.GROUPS
        ? queries.stream().map(truth.groups()::get).toList() : List.of();
    return new RetrievalResult(truth.name(), truth.form(), images.size(), queries.size(),
        truth.hasGroupsOfFour(), scores, all, queries, classes);
  }

  private RetrievalResult.Scores scoreQuery(GroundTruth truth, List<IndexedImage> images,
      Map<String, Integer> indexOf, String queryName, SearchMode mode) {
    int q = indexOf.get(queryName);
    int n = images.size();
    double[] distance = new double[n];
    for (int r = 0; r < n; r++) {
      distance[r] = mode.distance(images.get(q), images.get(r), verifier);
    }
    List<Integer> order = rank(q, distance);
    Set<String> relevant = truth.relevant().get(queryName);
    boolean[] withQuery = new boolean[n];
    boolean[] withoutQuery = new boolean[n - 1];
    int j = 0;
    for (int rank = 0; rank < n; rank++) {
      int r = order.get(rank);
      boolean isRelevant = relevant.contains(images.get(r).name());
      withQuery[rank] = r == q || isRelevant;
      if (r != q) {
        withoutQuery[j++] = isRelevant;
      }
    }
    int total = relevant.size();
    double[] p = new double[CUTOFFS.length];
    double[] rc = new double[CUTOFFS.length];
    for (int c = 0; c < CUTOFFS.length; c++) {
      p[c] = RankingMetrics.precisionAt(withoutQuery, CUTOFFS[c]);
      rc[c] = RankingMetrics.recallAt(withoutQuery, CUTOFFS[c], total);
    }
    return new RetrievalResult.Scores(
        RankingMetrics.averagePrecision(withoutQuery, total), p, rc,
        RankingMetrics.nisterStewenius(withQuery),
        RankingMetrics.interpolatedPrecision(withoutQuery, total));
  }

  /** Candidates ordered by distance, ties by a fixed pseudo-random key of (query, candidate). */
  static List<Integer> rank(int query, double[] distance) {
    List<Integer> order = new ArrayList<>(distance.length);
    for (int i = 0; i < distance.length; i++) {
      order.add(i);
    }
    order.sort((a, b) -> {
      int byDistance = Double.compare(distance[a], distance[b]);
      return byDistance != 0 ? byDistance : Long.compare(tieKey(query, a), tieKey(query, b));
    });
    return order;
  }

  private static long tieKey(int query, int candidate) {
    long z = (query * 0x9E3779B97F4A7C15L) ^ (candidate + 0x632BE59BD9B4E019L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
