package org.imageindex.signatures.color;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An image's colour distribution as a unit vector, with its dominant-colour palette.
 *
 * <p><b>Index it with dot-product (or cosine) similarity.</b> The vector has
 * {@link ColorExtractor#DIMENSION} non-negative components and unit L2 norm, so in Lucene use
 * {@code VectorSimilarityFunction.DOT_PRODUCT} (COSINE gives the same order; EUCLIDEAN too,
 * since for unit vectors it is a monotone function of the dot product).
 *
 * <p><b>Distance</b> is the Euclidean distance between the two unit vectors, in [0, √2]
 * (0 = same distribution; √2 = no colour in common). <b>Score</b> is their dot product, in
 * [0, 1] because no component is negative: {@code score = 1 - distance² / 2}. The dot product
 * of these Hellinger-mapped histograms is the Bhattacharyya coefficient of the histograms.
 *
 * @param vector the unit-length colour vector (copied in and out)
 * @param palette the dominant colours with their shares
 */
public record ColorSignature(float[] vector, Palette palette) {

  /**
   * Leading byte of {@link #toBytes()}; bumped when the bins or the pixel weighting change,
   * since vectors of two versions do not compare. Version 1 weighted pixels by border colour
   * bins; version 2 by a per-pixel subject mask, over 41 bins (5 greys); version 3 adds the
   * subject's area to that weighting, over 45 bins (9 greys). {@link #fromBytes} reads only the
   * current version: an earlier one cannot be converted, because the pixels it came from are
   * needed to weight them anew.
   */
  public static final byte FORMAT_VERSION = 3;

  /** Allowed deviation of the vector's norm from 1 (float rounding over 45 components). */
  private static final double NORM_TOLERANCE = 1e-3;

  /** Validates and copies. */
  public ColorSignature {
    Objects.requireNonNull(vector, "vector");
    Objects.requireNonNull(palette, "palette");
    if (vector.length != ColorExtractor.DIMENSION) {
      throw new IllegalArgumentException("vector must have length " + ColorExtractor.DIMENSION
          + ", got: " + vector.length);
    }
    double norm = 0;
    for (float v : vector) {
      if (!(v >= 0) || Float.isInfinite(v)) {
        throw new IllegalArgumentException("vector components must be finite and >= 0, got: " + v);
      }
      norm += v * v;
    }
    if (Math.abs(Math.sqrt(norm) - 1) > NORM_TOLERANCE) {
      throw new IllegalArgumentException("vector must have unit length, got norm: " + Math.sqrt(norm));
    }
    vector = vector.clone();
  }

  /** A copy of the vector. */
  @Override
  public float[] vector() {
    return vector.clone();
  }

  /** Dot product of the two unit vectors, in [0, 1]; higher is more similar. */
  public double score(ColorSignature other) {
    double dot = 0;
    for (int k = 0; k < vector.length; k++) {
      dot += (double) vector[k] * other.vector[k];
    }
    return Math.clamp(dot, 0, 1);
  }

  /** Euclidean distance between the two unit vectors, {@code sqrt(2 - 2 score)}, in [0, √2]. */
  public double distance(ColorSignature other) {
    return Math.sqrt(2 - 2 * score(other));
  }

  /**
   * Versioned binary form: version byte, vector length (short), the floats, palette size (byte),
   * then per colour its 0xRRGGBB int and weight float.
   */
  public byte[] toBytes() {
    List<PaletteColor> colors = palette.colors();
    ByteBuffer b = ByteBuffer.allocate(1 + 2 + 4 * vector.length + 1 + 8 * colors.size());
    b.put(FORMAT_VERSION).putShort((short) vector.length);
    for (float v : vector) {
      b.putFloat(v);
    }
    b.put((byte) colors.size());
    for (PaletteColor c : colors) {
      b.putInt(c.rgb()).putFloat((float) c.weight());
    }
    return b.array();
  }

  /**
   * Reads {@link #toBytes()}.
   *
   * @throws IllegalArgumentException naming what is wrong: length, version, dimension, palette
   */
  public static ColorSignature fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    // The version first: an earlier version has another length, and the version is what to report.
    if (bytes.length > 0 && bytes[0] != FORMAT_VERSION) {
      if (bytes[0] >= 1 && bytes[0] < FORMAT_VERSION) {
        throw new IllegalArgumentException("colour signature format version " + bytes[0] + " was written by an earlier"
            + " release and does not compare with version " + FORMAT_VERSION + " (other bins and pixel weighting);"
            + " extract the colour signature again from the image (re-index it)");
      }
      throw new IllegalArgumentException("colour signature format version must be " + FORMAT_VERSION + ", got: " + bytes[0]);
    }
    int fixed = 1 + 2 + 4 * ColorExtractor.DIMENSION + 1;
    if (bytes.length < fixed + 8) {
      throw new IllegalArgumentException("colour signature bytes must have length >= " + (fixed + 8)
          + ", got: " + bytes.length);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    b.get();
    int dim = b.getShort();
    if (dim != ColorExtractor.DIMENSION) {
      throw new IllegalArgumentException("colour vector dimension must be " + ColorExtractor.DIMENSION + ", got: " + dim);
    }
    float[] v = new float[dim];
    for (int k = 0; k < dim; k++) {
      v[k] = b.getFloat();
    }
    int count = b.get() & 0xFF;
    if (bytes.length != fixed + 8 * count) {
      throw new IllegalArgumentException("colour signature with " + count + " palette colours must have length "
          + (fixed + 8 * count) + ", got: " + bytes.length);
    }
    List<PaletteColor> colors = new ArrayList<>();
    double sum = 0;
    for (int i = 0; i < count; i++) {
      int rgb = b.getInt();
      float w = b.getFloat();
      colors.add(new PaletteColor(rgb, w));
      sum += w;
    }
    // Weights were stored as floats: renormalise the rounding away.
    List<PaletteColor> exact = new ArrayList<>();
    for (PaletteColor c : colors) {
      exact.add(new PaletteColor(c.rgb(), c.weight() / sum));
    }
    return new ColorSignature(v, new Palette(Palette.fixRounding(exact)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColorSignature s && java.util.Arrays.equals(vector, s.vector) && palette.equals(s.palette);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(vector) + palette.hashCode();
  }

  @Override
  public String toString() {
    return "ColorSignature[palette=" + palette + "]";
  }
}
