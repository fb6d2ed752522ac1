package org.imageindex.benchmarks.baseline;

import org.imageindex.signatures.Images;

/** The plain colour histogram: 8 levels per RGB channel, 512 bins summing to 1. */
final class RgbHistogram {

  static final int BINS_PER_CHANNEL = 8;
  static final int LENGTH = BINS_PER_CHANNEL * BINS_PER_CHANNEL * BINS_PER_CHANNEL;

  private RgbHistogram() {}

  static float[] extract(Images.Pixels pixels) {
    int b = BINS_PER_CHANNEL;
    float[] h = new float[LENGTH];
    int shift = 8 - Integer.numberOfTrailingZeros(b);
    for (int p : pixels.rgb()) {
      int r = ((p >> 16) & 0xff) >> shift;
      int g = ((p >> 8) & 0xff) >> shift;
      int bl = (p & 0xff) >> shift;
      h[(r * b + g) * b + bl]++;
    }
    float n = pixels.rgb().length;
    for (int i = 0; i < h.length; i++) {
      h[i] /= n;
    }
    return h;
  }
}
