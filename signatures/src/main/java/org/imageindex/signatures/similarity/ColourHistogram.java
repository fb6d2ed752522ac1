package org.imageindex.signatures.similarity;

import org.imageindex.signatures.Images;

/**
 * The global colour part of the similarity vector: a coarse RGB histogram (4 levels per
 * channel), square-rooted so that a dot product of two of them is the Bhattacharyya
 * coefficient of the distributions.
 *
 * <p>Gradient descriptors ignore colour, yet a red car and a grey car do not "look like" each
 * other as much as two red cars. Appended with a small weight it raised pixabay-categories mAP
 * from 0.15 to 0.20 while leaving same-scene retrieval on boofcv-triples perfect, even for
 * queries under a simulated change of light. Four levels per channel, not eight, so the part
 * stays 64 floats (the vector 512) and coarse cells absorb small white-balance differences.
 */
final class ColourHistogram {

  /** Levels per channel. */
  static final int LEVELS = 4;

  /** Floats in the part: one per RGB cell. */
  static final int LENGTH = LEVELS * LEVELS * LEVELS;

  private static final int SHIFT = 8 - Integer.numberOfTrailingZeros(LEVELS);

  private ColourHistogram() {}

  /** Square roots of the cell frequencies; unit L2 length because frequencies sum to 1. */
  static float[] of(Images.Pixels pixels) {
    int[] rgb = pixels.rgb();
    long[] counts = new long[LENGTH];
    for (int p : rgb) {
      int r = (p >>> 16 & 0xFF) >> SHIFT;
      int g = (p >>> 8 & 0xFF) >> SHIFT;
      int b = (p & 0xFF) >> SHIFT;
      counts[(r * LEVELS + g) * LEVELS + b]++;
    }
    float[] out = new float[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      out[i] = (float) Math.sqrt((double) counts[i] / rgb.length);
    }
    return out;
  }
}
