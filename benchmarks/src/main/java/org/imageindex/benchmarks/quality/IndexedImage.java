package org.imageindex.benchmarks.quality;

import java.util.Objects;
import org.imageindex.signatures.ImageSignatures;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.similarity.SimilarityWhitening;

/**
 * One image's signatures as the harness ranks them: ours, plus the baseline RGB histogram.
 *
 * @param name the image's path relative to its set's folder
 * @param signatures every signature of the image, from one decode
 * @param rgbHistogram the baseline: 8×8×8 RGB histogram of the same working-size pixels,
 *     summing to 1
 * @param tunedSimilarity the similarity vector in the space fine-tuning learns from every image
 *     of the run ({@link #withTuning}); the model's own vector until then
 */
record IndexedImage(String name, ImageSignatures signatures, float[] rgbHistogram, float[] tunedSimilarity) {

  /** Bins per channel of the baseline histogram. */
  static final int HISTOGRAM_BINS_PER_CHANNEL = 8;

  IndexedImage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(signatures, "signatures");
    Objects.requireNonNull(rgbHistogram, "rgbHistogram");
    Objects.requireNonNull(tunedSimilarity, "tunedSimilarity");
  }

  /** An image as extracted, before any fine-tuning. */
  IndexedImage(String name, ImageSignatures signatures, float[] rgbHistogram) {
    this(name, signatures, rgbHistogram, signatures.similarity().vector());
  }

  /** This image with its similarity vector mapped by {@code whitening}. */
  IndexedImage withTuning(SimilarityWhitening whitening) {
    return new IndexedImage(name, signatures, rgbHistogram, whitening.apply(signatures.similarity().vector()));
  }

  /** The plain 8×8×8 RGB histogram, normalised to sum 1. */
  static float[] rgbHistogram(Images.Pixels pixels) {
    int b = HISTOGRAM_BINS_PER_CHANNEL;
    float[] h = new float[b * b * b];
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

  /** L1 distance of two histograms, in [0, 2]. */
  static double l1(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += Math.abs(a[i] - b[i]);
    }
    return d;
  }
}
