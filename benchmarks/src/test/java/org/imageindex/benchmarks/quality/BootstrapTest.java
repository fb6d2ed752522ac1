package org.imageindex.benchmarks.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BootstrapTest {

  @Test
  void constantValuesHaveAZeroWidthInterval() {
    Bootstrap.Interval i = Bootstrap.of(new double[] {0.5, 0.5, 0.5, 0.5});
    assertEquals(new Bootstrap.Interval(0.5, 0.5, 0.5), i);
  }

  @Test
  void theIntervalHoldsTheMeanIsReproducibleAndNarrowsWithMoreQueries() {
    double[] few = new double[20];
    double[] many = new double[2000];
    for (int i = 0; i < many.length; i++) {
      double v = i % 2 == 0 ? 1 : 0;
      many[i] = v;
      if (i < few.length) {
        few[i] = v;
      }
    }
    Bootstrap.Interval a = Bootstrap.of(few);
    assertEquals(a, Bootstrap.of(few), "fixed seed");
    assertEquals(0.5, a.mean(), 1e-12);
    assertTrue(a.low() < 0.5 && a.high() > 0.5, a.toString());
    // Standard error of a mean of 20 fair coin flips is 0.112: the 95 % interval spans about ±0.22.
    assertTrue(a.high() - a.low() > 0.3 && a.high() - a.low() < 0.6, a.toString());
    Bootstrap.Interval b = Bootstrap.of(many);
    assertTrue(b.high() - b.low() < 0.06, b.toString());
  }

  @Test
  void pairedDifferencesOfIdenticalModesAreZero() {
    double[] a = {0.1, 0.9, 0.4, 0.7};
    assertEquals(new Bootstrap.Interval(0, 0, 0), Bootstrap.ofDifference(a, a.clone()));
    double[] b = {0.2, 1.0, 0.5, 0.8};
    Bootstrap.Interval d = Bootstrap.ofDifference(b, a);
    // Every query gains 0.1: the paired interval is exactly 0.1, whatever the spread between queries.
    assertEquals(0.1, d.low(), 1e-9);
    assertEquals(0.1, d.high(), 1e-9);
  }
}
