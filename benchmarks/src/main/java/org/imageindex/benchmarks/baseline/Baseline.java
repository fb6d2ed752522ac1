package org.imageindex.benchmarks.baseline;

import java.util.Objects;
import org.imageindex.signatures.Images;

/**
 * The textbook descriptors the harness reports every figure beside. Each is extracted from the
 * same working-size pixels our signatures see, and compared with the distance its paper uses
 * (lower is closer, 0 for identical descriptors).
 */
public enum Baseline {
  /** Plain 8×8×8 RGB histogram (Swain &amp; Ballard 1991), L1. */
  RGB_HISTOGRAM("RGB 8×8×8 histogram, L1", "RGB hist"),
  /** HSV histogram, 16 hues × 4 saturations × 4 values, L1. */
  HSV_HISTOGRAM("HSV 16×4×4 histogram, L1", "HSV hist"),
  /** MPEG-7 Colour Layout Descriptor (Kasutani &amp; Yamada 2001): 6+3+3 DCT coefficients, weighted L2. */
  COLOR_LAYOUT("MPEG-7 colour layout 6Y+3Cb+3Cr, weighted L2", "CLD"),
  /** CEDD (Chatzichristofis &amp; Boutalis 2008): 6 texture areas × 24 fuzzy colours, 3 bits each, Tanimoto. */
  CEDD("CEDD 144 bins × 3 bits, Tanimoto", "CEDD"),
  /** PHOG (Bosch, Zisserman &amp; Muñoz 2007): 8 edge orientations over a 3-level pyramid, χ². */
  PHOG("PHOG 8 orientations, pyramid L=3, χ²", "PHOG");

  private final String label;
  private final String shortName;

  Baseline(String label, String shortName) {
    this.label = label;
    this.shortName = shortName;
  }

  /** How reports name the descriptor and its distance. */
  public String label() {
    return label;
  }

  /** A short name for table headers. */
  public String shortName() {
    return shortName;
  }

  /** Length of every descriptor {@link #extract} returns. */
  public int length() {
    return switch (this) {
      case RGB_HISTOGRAM -> RgbHistogram.LENGTH;
      case HSV_HISTOGRAM -> HsvHistogram.LENGTH;
      case COLOR_LAYOUT -> ColorLayout.LENGTH;
      case CEDD -> Cedd.LENGTH;
      case PHOG -> Phog.LENGTH;
    };
  }

  /** The descriptor of {@code pixels}. */
  public float[] extract(Images.Pixels pixels) {
    Objects.requireNonNull(pixels, "pixels");
    return switch (this) {
      case RGB_HISTOGRAM -> RgbHistogram.extract(pixels);
      case HSV_HISTOGRAM -> HsvHistogram.extract(pixels);
      case COLOR_LAYOUT -> ColorLayout.extract(pixels);
      case CEDD -> Cedd.extract(pixels);
      case PHOG -> Phog.extract(pixels);
    };
  }

  /**
   * The paper's distance of two descriptors of this kind; lower is closer.
   *
   * @throws IllegalArgumentException if either is not {@link #length()} long
   */
  public double distance(float[] a, float[] b) {
    check(a, "a");
    check(b, "b");
    return switch (this) {
      case RGB_HISTOGRAM, HSV_HISTOGRAM -> l1(a, b);
      case COLOR_LAYOUT -> ColorLayout.distance(a, b);
      case CEDD -> Cedd.distance(a, b);
      case PHOG -> Phog.distance(a, b);
    };
  }

  private void check(float[] d, String name) {
    Objects.requireNonNull(d, name);
    if (d.length != length()) {
      throw new IllegalArgumentException(name + " must be a " + this + " descriptor of " + length()
          + " values, got: " + d.length);
    }
  }

  /** L1 distance; in [0, 2] for histograms that sum to 1. */
  static double l1(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += Math.abs(a[i] - b[i]);
    }
    return d;
  }
}
