package org.imageindex.benchmarks.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

  private static final boolean T = true;
  private static final boolean F = false;

  @Test
  void averagePrecisionIsTheMeanPrecisionAtEachRelevantRank() {
    // relevant at ranks 1 and 3: (1/1 + 2/3) / 2
    assertEquals((1.0 + 2.0 / 3) / 2, RankingMetrics.averagePrecision(new boolean[] {T, F, T, F}, 2), 1e-12);
    assertEquals(1.0, RankingMetrics.averagePrecision(new boolean[] {T, T, F}, 2), 1e-12);
    // a relevant item that is never ranked adds 0
    assertEquals(0.5, RankingMetrics.averagePrecision(new boolean[] {T, F, F}, 2), 1e-12);
    // found last of 4: 1/4
    assertEquals(0.25, RankingMetrics.averagePrecision(new boolean[] {F, F, F, T}, 1), 1e-12);
  }

  @Test
  void precisionAndRecallAtK() {
    boolean[] ranking = {T, F, T, F};
    assertEquals(1.0, RankingMetrics.precisionAt(ranking, 1), 1e-12);
    assertEquals(0.5, RankingMetrics.precisionAt(ranking, 4), 1e-12);
    assertEquals(0.2, RankingMetrics.precisionAt(ranking, 10), 1e-12, "a short list still divides by k");
    assertEquals(1.0 / 3, RankingMetrics.recallAt(ranking, 1, 3), 1e-12);
    assertEquals(2.0 / 3, RankingMetrics.recallAt(ranking, 4, 3), 1e-12);
    assertEquals(0.0, RankingMetrics.recallAt(new boolean[] {F, F}, 1, 1), 1e-12);
  }

  @Test
  void nisterSteweniusCountsGroupMembersInTheTopFourIncludingTheQuery() {
    assertEquals(4, RankingMetrics.nisterStewenius(new boolean[] {T, T, T, T, F, F}));
    assertEquals(3, RankingMetrics.nisterStewenius(new boolean[] {T, F, T, T, T, F}));
    assertEquals(1, RankingMetrics.nisterStewenius(new boolean[] {F, F, F, T, T, T, T}));
  }

  @Test
  void interpolatedPrecisionTakesTheBestPrecisionAtOrBeyondEachRecallLevel() {
    // precision 1, 1/2, 1/3, 1/2 at recall 1/2, 1/2, 1/2, 1
    double[] curve = RankingMetrics.interpolatedPrecision(new boolean[] {T, F, F, T}, 2);
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5}, curve, 1e-12);
    // recall 1 never reached: 0 there
    double[] partial = RankingMetrics.interpolatedPrecision(new boolean[] {F, T}, 2);
    assertEquals(0.5, partial[5], 1e-12);
    assertEquals(0.0, partial[6], 1e-12);
  }

  @Test
  void badArgumentsAreNamed() {
    IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
        () -> RankingMetrics.precisionAt(new boolean[] {T}, 0));
    assertEquals("k must be >= 1, got: 0", k.getMessage());
    IllegalArgumentException total = assertThrows(IllegalArgumentException.class,
        () -> RankingMetrics.averagePrecision(new boolean[] {T, T}, 1));
    assertEquals("totalRelevant must be >= the 2 relevant items ranked, got: 1", total.getMessage());
  }

  @Test
  void rankingOrdersByDistanceAndBreaksTiesTheSameWayEveryTime() {
    double[] distance = {0.5, 0.1, 0.5, 0.0, 0.5};
    List<Integer> order = RetrievalEvaluation.rank(7, distance);
    assertEquals(List.of(3, 1), order.subList(0, 2));
    assertEquals(order, RetrievalEvaluation.rank(7, distance));
  }
}
