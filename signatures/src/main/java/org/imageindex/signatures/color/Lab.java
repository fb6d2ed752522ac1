package org.imageindex.signatures.color;

/**
 * sRGB to CIELAB (D65) and back. Lab is used because Euclidean distance there roughly follows
 * perceived colour difference, and because lightness and chroma separate cleanly, which the
 * binning needs to treat black, grey and white apart from hues.
 */
final class Lab {

  /** sRGB 8-bit value to linear light, tabulated: the gamma curve is the costly part. */
  private static final double[] LINEAR = new double[256];

  static {
    for (int i = 0; i < 256; i++) {
      double c = i / 255.0;
      LINEAR[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
  }

  // D65 reference white.
  private static final double XN = 0.95047;
  private static final double YN = 1.0;
  private static final double ZN = 1.08883;

  private Lab() {}

  /** Writes L (0..100), a and b of the packed sRGB colour into {@code out[off..off+2]}. */
  static void fromRgb(int rgb, double[] out, int off) {
    double r = LINEAR[rgb >>> 16 & 0xFF];
    double g = LINEAR[rgb >>> 8 & 0xFF];
    double b = LINEAR[rgb & 0xFF];
    double x = f((0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / XN);
    double y = f((0.2126729 * r + 0.7151522 * g + 0.0721750 * b) / YN);
    double z = f((0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / ZN);
    out[off] = 116 * y - 16;
    out[off + 1] = 500 * (x - y);
    out[off + 2] = 200 * (y - z);
  }

  private static double f(double t) {
    return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
  }
}
