package org.imageindex.signatures.similarity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** Mean average precision of a distance over a labelled set, every image querying all others. */
final class Retrieval {

  @FunctionalInterface
  interface Distance {
    double between(int a, int b);
  }

  private Retrieval() {}

  /**
   * Mean over queries of the average precision of the ranking of all other images, relevant
   * meaning same label. Queries whose label has no other member are skipped. Ties in distance
   * are broken against the query (relevant images ranked last among equals) so a constant
   * distance cannot score well.
   */
  static double meanAveragePrecision(List<String> labels, Distance distance) {
    int n = labels.size();
    double sum = 0;
    int queries = 0;
    for (int q = 0; q < n; q++) {
      String label = labels.get(q);
      int relevant = Collections.frequency(labels, label) - 1;
      if (relevant < 1) {
        continue;
      }
      List<double[]> ranked = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (i != q) {
          ranked.add(new double[] {distance.between(q, i), labels.get(i).equals(label) ? 1 : 0});
        }
      }
      ranked.sort(Comparator.<double[]>comparingDouble(r -> r[0]).thenComparingDouble(r -> r[1]));
      double ap = 0;
      int hits = 0;
      for (int rank = 0; rank < ranked.size(); rank++) {
        if (ranked.get(rank)[1] == 1) {
          hits++;
          ap += (double) hits / (rank + 1);
        }
      }
      sum += ap / relevant;
      queries++;
    }
    return sum / queries;
  }
}
