package org.imageindex.benchmarks.quality;

import org.imageindex.benchmarks.baseline.Baseline;
import org.imageindex.signatures.matching.MatchVerifier;

/**
 * How the harness ranks the indexed images for a query: by one of our signatures, or by a
 * baseline. Each mode names the baseline it is reported against.
 */
public enum SearchMode {
  /** S2: similarity kNN, {@code 1 − cos}. */
  SIMILARITY("similarity kNN (S2)"),
  /**
   * S2 after fine-tuning (F1): the similarity vectors whitened as {@code ImageIndex.fineTune()}
   * whitens an index holding every image the run indexes, {@code 1 − cos}.
   */
  SIMILARITY_FINE_TUNED("similarity kNN, fine-tuned (S2, F1)"),
  /**
   * S6: the optional neural similarity signature (MobileNetV2, its default layer), {@code 1 − cos}
   * of the unit vectors.
   */
  NEURAL("neural kNN (S6, MobileNetV2)"),
  /** S3: colour kNN, Euclidean distance of the unit colour vectors. */
  COLOR("colour kNN (S3)"),
  /** S4: Hamming distance of the 64-bit perceptual hashes; also the copy-detection baseline. */
  HASH("perceptual hash (S4)"),
  /** S1: every candidate verified geometrically, ranked by match distance (rejections last). */
  MATCHING("matching, verified (S1)"),
  /** Baseline: plain 8×8×8 RGB histogram of the working-size pixels, L1 distance. */
  RGB_HISTOGRAM(Baseline.RGB_HISTOGRAM),
  /** Baseline: HSV 16×4×4 histogram, L1. */
  HSV_HISTOGRAM(Baseline.HSV_HISTOGRAM),
  /** Baseline: MPEG-7 colour layout, weighted L2. */
  COLOR_LAYOUT(Baseline.COLOR_LAYOUT),
  /** Baseline: CEDD, Tanimoto. */
  CEDD(Baseline.CEDD),
  /** Baseline: PHOG, χ². */
  PHOG(Baseline.PHOG);

  private final String label;
  private final Baseline descriptor;

  SearchMode(String label) {
    this.label = label;
    this.descriptor = null;
  }

  SearchMode(Baseline descriptor) {
    this.label = "baseline: " + descriptor.label();
    this.descriptor = descriptor;
  }

  /** The textbook descriptor this mode ranks by, or null for our own signatures. */
  public Baseline descriptor() {
    return descriptor;
  }

  /** Whether this mode is one of the textbook baselines. */
  public boolean isBaseline() {
    return descriptor != null;
  }

  /** How reports name the mode. */
  public String label() {
    return label;
  }

  /**
   * The mode this one is reported against: the RGB histogram for the global signatures, the
   * similarity signature as shipped for the fine-tuned one, the perceptual hash alone for
   * matching (the cheap way to find copies); none for the textbook baselines.
   */
  public SearchMode baseline() {
    return switch (this) {
      case SIMILARITY, NEURAL, COLOR, HASH -> RGB_HISTOGRAM;
      case SIMILARITY_FINE_TUNED -> SIMILARITY;
      case MATCHING -> HASH;
      case RGB_HISTOGRAM, HSV_HISTOGRAM, COLOR_LAYOUT, CEDD, PHOG -> null;
    };
  }

  /** Distance from the query to the reference under this mode; lower is closer. */
  double distance(IndexedImage query, IndexedImage reference, MatchVerifier verifier) {
    return switch (this) {
      case SIMILARITY -> query.signatures().similarity().distance(reference.signatures().similarity());
      case SIMILARITY_FINE_TUNED -> 1 - dot(query.tunedSimilarity(), reference.tunedSimilarity());
      case NEURAL -> 1 - dot(query.neural(), reference.neural());
      case COLOR -> query.signatures().color().distance(reference.signatures().color());
      case HASH -> query.signatures().hash().distance(reference.signatures().hash());
      case MATCHING -> verifier.verify(query.signatures().matching(), reference.signatures().matching()).distance();
      case RGB_HISTOGRAM, HSV_HISTOGRAM, COLOR_LAYOUT, CEDD, PHOG ->
          descriptor.distance(query.baseline(descriptor), reference.baseline(descriptor));
    };
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
