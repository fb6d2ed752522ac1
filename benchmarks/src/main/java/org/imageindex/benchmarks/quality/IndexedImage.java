package org.imageindex.benchmarks.quality;

import java.util.Objects;
import org.imageindex.benchmarks.baseline.Baseline;
import org.imageindex.signatures.ImageSignatures;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.similarity.SimilarityWhitening;

/**
 * One image's signatures as the harness ranks them: ours, plus every {@link Baseline}.
 *
 * @param name the image's path relative to its set's folder
 * @param signatures every signature of the image, from one decode
 * @param baselines each {@link Baseline}'s descriptor of the same working-size pixels, by
 *     ordinal
 * @param neural the neural similarity vector (MobileNetV2, default layer, unit length) of the same
 *     working-size pixels
 * @param tunedSimilarity the similarity vector in the space fine-tuning learns from every image
 *     of the run ({@link #withTuning}); the model's own vector until then
 */
record IndexedImage(String name, ImageSignatures signatures, float[][] baselines, float[] neural, float[] tunedSimilarity) {

  IndexedImage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(signatures, "signatures");
    Objects.requireNonNull(baselines, "baselines");
    if (baselines.length != Baseline.values().length) {
      throw new IllegalArgumentException("baselines must hold one descriptor per Baseline, got: " + baselines.length);
    }
    Objects.requireNonNull(neural, "neural");
    Objects.requireNonNull(tunedSimilarity, "tunedSimilarity");
  }

  /** An image as extracted, before any fine-tuning. */
  IndexedImage(String name, ImageSignatures signatures, float[][] baselines, float[] neural) {
    this(name, signatures, baselines, neural, signatures.similarity().vector());
  }

  /** Every baseline's descriptor of {@code pixels}, by ordinal. */
  static float[][] baselines(Images.Pixels pixels) {
    Baseline[] all = Baseline.values();
    float[][] d = new float[all.length][];
    for (Baseline b : all) {
      d[b.ordinal()] = b.extract(pixels);
    }
    return d;
  }

  /** This image's descriptor under {@code baseline}. */
  float[] baseline(Baseline baseline) {
    return baselines[baseline.ordinal()];
  }

  /** This image with its similarity vector mapped by {@code whitening}. */
  IndexedImage withTuning(SimilarityWhitening whitening) {
    return new IndexedImage(name, signatures, baselines, neural, whitening.apply(signatures.similarity().vector()));
  }

  /** The plain 8×8×8 RGB histogram, normalised to sum 1. */
  static float[] rgbHistogram(Images.Pixels pixels) {
    return Baseline.RGB_HISTOGRAM.extract(pixels);
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
