package org.imageindex.benchmarks.baseline;

import org.imageindex.signatures.Images;

/**
 * The HSV colour histogram: hue in 16 sectors of 22.5°, saturation and value in 4 levels each,
 * 256 bins summing to 1. Hue gets the finest split because it is what a person names a colour
 * by; saturation and value, coarse, still tell pastel from vivid and dark from light.
 */
final class HsvHistogram {

  static final int HUES = 16;
  static final int SATURATIONS = 4;
  static final int VALUES = 4;
  static final int LENGTH = HUES * SATURATIONS * VALUES;

  private HsvHistogram() {}

  static float[] extract(Images.Pixels pixels) {
    float[] h = new float[LENGTH];
    double[] hsv = new double[3];
    for (int p : pixels.rgb()) {
      Hsv.of(p, hsv);
      h[bin(hsv[0], hsv[1], hsv[2])]++;
    }
    float n = pixels.rgb().length;
    for (int i = 0; i < h.length; i++) {
      h[i] /= n;
    }
    return h;
  }

  /** The bin of a colour with hue in degrees, saturation and value in [0, 1]. */
  static int bin(double hue, double saturation, double value) {
    int hb = Math.min(HUES - 1, (int) (hue / (360.0 / HUES)));
    int sb = Math.min(SATURATIONS - 1, (int) (saturation * SATURATIONS));
    int vb = Math.min(VALUES - 1, (int) (value * VALUES));
    return (hb * SATURATIONS + sb) * VALUES + vb;
  }
}
