package org.imageindex.benchmarks.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

  private static RetrievalResult.Scores score(double v) {
    double[] three = {v, v, v};
    return new RetrievalResult.Scores(v, three, three.clone(), Double.NaN, new double[RankingMetrics.RECALL_LEVELS.length]);
  }

  @Test
  void everyModeAndBaselineGetsARowWithIntervalsAndThePairedGainOverTheBestBaseline() {
    List<String> queries = List.of("a", "b", "c", "d");
    List<String> classes = List.of("red", "red", "black", "black");
    Map<SearchMode, List<RetrievalResult.Scores>> perQuery = new EnumMap<>(SearchMode.class);
    Map<SearchMode, RetrievalResult.Scores> means = new EnumMap<>(SearchMode.class);
    for (SearchMode m : SearchMode.values()) {
      // CEDD is the best baseline at 0.5 everywhere; colour gains 0.25 on every query.
      double v = m == SearchMode.CEDD ? 0.5 : m == SearchMode.COLOR ? 0.75 : 0.25;
      List<RetrievalResult.Scores> s = new ArrayList<>();
      queries.forEach(q -> s.add(score(v)));
      perQuery.put(m, s);
      means.put(m, RetrievalResult.Scores.mean(s, false));
    }
    RetrievalResult r = new RetrievalResult("set/truth", GroundTruth.Form.GROUPS, 4, 4, false, means, perQuery,
        queries, classes);
    assertEquals(SearchMode.CEDD, r.bestBaseline());
    String md = Report.markdown(List.of(r), List.of(), null);
    for (SearchMode m : SearchMode.values()) {
      assertTrue(md.contains("| " + m.label() + " |"), m.label());
    }
    assertTrue(md.contains("| colour kNN (S3) | 0.750 [0.75, 0.75] |"), md);
    assertTrue(md.contains("+0.250 [+0.25, +0.25] |"), md);
    assertTrue(md.contains("| (best baseline) |"), md);
    assertTrue(md.contains("| red (2) |") && md.contains("| black (2) |"), md);
    String json = Report.json(List.of(r), List.of(), null);
    assertTrue(json.contains("\"per_class\": {\"red\": {\"queries\": 2, \"map\": [0.2500, 0.2500, 0.2500]"), json);
  }
}
