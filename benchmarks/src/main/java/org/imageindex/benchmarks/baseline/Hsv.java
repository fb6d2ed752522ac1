package org.imageindex.benchmarks.baseline;

/** RGB to HSV (hexcone model, Smith 1978), as the HSV histogram and CEDD read colour. */
final class Hsv {

  private Hsv() {}

  /**
   * Hue in [0, 360) degrees (0 for greys), saturation and value in [0, 1], of a packed
   * {@code 0xRRGGBB} pixel, written into {@code out[0..2]}.
   */
  static void of(int rgb, double[] out) {
    of((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, out);
  }

  /** Same as {@link #of(int, double[])} for channels in [0, 255] (fractions allowed). */
  static void of(double r, double g, double b, double[] out) {
    double max = Math.max(r, Math.max(g, b));
    double min = Math.min(r, Math.min(g, b));
    double delta = max - min;
    double h;
    if (delta <= 0) {
      h = 0;
    } else if (max == r) {
      h = 60 * ((g - b) / delta);
    } else if (max == g) {
      h = 60 * ((b - r) / delta + 2);
    } else {
      h = 60 * ((r - g) / delta + 4);
    }
    if (h < 0) {
      h += 360;
    }
    if (h >= 360) {
      h -= 360;
    }
    out[0] = h;
    out[1] = max <= 0 ? 0 : delta / max;
    out[2] = max / 255.0;
  }
}
