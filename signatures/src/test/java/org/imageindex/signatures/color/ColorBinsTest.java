package org.imageindex.signatures.color;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ColorBinsTest {

  /** The polynomial arctangent stays within 2e-5 rad (0.001 degrees) of the library's on every Lab a, b pair. */
  @Test
  void fastArctangentMatchesTheLibraryOnTheLabPlane() {
    double worst = 0;
    for (int a = -128; a <= 127; a++) {
      for (int b = -128; b <= 127; b++) {
        if (a != 0 || b != 0) {
          worst = Math.max(worst, Math.abs(ColorBins.atan2(b, a) - Math.atan2(b, a)));
        }
      }
    }
    for (double t = -Math.PI; t < Math.PI; t += 1e-3) {
      worst = Math.max(worst, Math.abs(ColorBins.atan2(Math.sin(t), Math.cos(t)) - Math.atan2(Math.sin(t), Math.cos(t))));
    }
    assertTrue(worst < 2e-5, "worst error " + worst + " rad");
  }

  @Test
  void everyColourAddsItsWholeWeight() {
    for (int rgb = 0; rgb < 1 << 24; rgb += 4099) {
      double[] lab = new double[3];
      Lab.fromRgb(rgb, lab, 0);
      float[] hist = new float[ColorBins.DIMENSION];
      ColorBins.add(lab[0], lab[1], lab[2], 1, hist);
      double sum = 0;
      for (float v : hist) {
        sum += v;
      }
      assertEquals(1, sum, 1e-5, String.format("#%06x", rgb));
    }
  }
}
