package org.imageindex.signatures.matching;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The matching signature of one image: its local features, strongest first, each with a
 * position, a size, an orientation, a contrast sign and a 64-byte descriptor.
 *
 * <p>Positions and sizes are in pixels of the analysed (working) image of
 * {@link #width()} x {@link #height()}, which is the decoded image reduced to the extractor's
 * working size. Descriptors are SURF descriptors (unit length) quantised to signed bytes
 * ({@code round(v * 256)}, clamped), which keeps nearest-neighbour order while taking a quarter
 * of the space.
 *
 * <p>Serialised by {@link #toBytes()} as: format version (1 byte), width, height, feature count
 * (unsigned 16-bit each), descriptor length (1 byte), then per feature x and y in 1/8 pixel and
 * radius in 1/8 pixel (unsigned 16-bit each), orientation in 1/256 turn (1 byte), contrast sign
 * (1 byte) and the descriptor — 72 bytes a feature, about 29 KB for 400 features.
 */
public final class MatchingFeatures {

  /** Format version written by {@link #toBytes()}; {@link #fromBytes} reads only this one. */
  public static final byte FORMAT_VERSION = 1;
  /** Bytes in one quantised descriptor (SURF's 64 dimensions). */
  public static final int DESCRIPTOR_LENGTH = 64;

  private static final int HEADER_BYTES = 1 + 2 + 2 + 2 + 1;
  private static final int FEATURE_BYTES = 2 + 2 + 2 + 1 + 1 + DESCRIPTOR_LENGTH;

  private final int width;
  private final int height;
  private final float[] x;
  private final float[] y;
  private final float[] radius;
  private final float[] orientation;
  private final boolean[] bright;
  private final byte[] descriptors;
  /**
   * The descriptors widened to ints and their squared norms, made on first use: a query is
   * associated with every candidate of a search, so its features are widened once, not once per
   * candidate; a stored reference never needs them.
   */
  private volatile int[] widened;
  private volatile int[] norms;
  private volatile int[] queryCells;

  MatchingFeatures(int width, int height, float[] x, float[] y, float[] radius,
      float[] orientation, boolean[] bright, byte[] descriptors) {
    if (width < 1 || height < 1 || width > 0xFFFF / 8 || height > 0xFFFF / 8) {
      throw new IllegalArgumentException(
          "working size must be within 1..8191 pixels a side, got: " + width + "x" + height);
    }
    int n = x.length;
    if (y.length != n || radius.length != n || orientation.length != n || bright.length != n
        || descriptors.length != n * DESCRIPTOR_LENGTH) {
      throw new IllegalArgumentException("feature arrays disagree on the feature count " + n);
    }
    if (n > 0xFFFF) {
      throw new IllegalArgumentException("at most 65535 features, got: " + n);
    }
    this.width = width;
    this.height = height;
    this.x = x;
    this.y = y;
    this.radius = radius;
    this.orientation = orientation;
    this.bright = bright;
    this.descriptors = descriptors;
  }

  /** Width in pixels of the image the features were found in. */
  public int width() {
    return width;
  }

  /** Height in pixels of the image the features were found in. */
  public int height() {
    return height;
  }

  /** Number of features. */
  public int size() {
    return x.length;
  }

  /** Horizontal position of feature {@code i}, in working-image pixels. */
  public float x(int i) {
    return x[i];
  }

  /** Vertical position of feature {@code i}, in working-image pixels. */
  public float y(int i) {
    return y[i];
  }

  /** Radius of feature {@code i}'s support region, in working-image pixels. */
  public float radius(int i) {
    return radius[i];
  }

  /** Orientation of feature {@code i}, radians in [-pi, pi). */
  public float orientation(int i) {
    return orientation[i];
  }

  /** Whether feature {@code i} is a bright blob on a dark background (the Laplacian's sign). */
  public boolean bright(int i) {
    return bright[i];
  }

  /** A copy of feature {@code i}'s quantised descriptor. */
  public byte[] descriptor(int i) {
    return Arrays.copyOfRange(descriptors, i * DESCRIPTOR_LENGTH, (i + 1) * DESCRIPTOR_LENGTH);
  }

  /** Descriptors of all features back to back; package-private to spare the copy when matching. */
  byte[] descriptorArray() {
    return descriptors;
  }

  /** {@link #descriptorArray()} widened to ints, computed once; callers must not modify it. */
  int[] widenedDescriptors() {
    int[] w = widened;
    if (w == null) {
      w = new int[descriptors.length];
      for (int i = 0; i < w.length; i++) {
        w[i] = descriptors[i];
      }
      widened = w;
    }
    return w;
  }

  /** The squared norm of each quantised descriptor, computed once; callers must not modify it. */
  int[] squaredNorms() {
    int[] n = norms;
    if (n == null) {
      n = new int[size()];
      for (int i = 0; i < descriptors.length; i++) {
        n[i / DESCRIPTOR_LENGTH] += descriptors[i] * descriptors[i];
      }
      norms = n;
    }
    return n;
  }

  /** {@link FeatureCells#queryCells} of the standard cells, computed once; callers must not modify it. */
  int[] queryCells() {
    int[] c = queryCells;
    if (c == null) {
      c = FeatureCells.standard().queryCells(widenedDescriptors(), size());
      queryCells = c;
    }
    return c;
  }

  /** The versioned byte form described in the class comment. */
  public byte[] toBytes() {
    int n = size();
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + n * FEATURE_BYTES);
    b.put(FORMAT_VERSION);
    b.putShort((short) width).putShort((short) height).putShort((short) n);
    b.put((byte) DESCRIPTOR_LENGTH);
    for (int i = 0; i < n; i++) {
      b.putShort(fixed(x[i]));
      b.putShort(fixed(y[i]));
      b.putShort(fixed(radius[i]));
      b.put((byte) Math.floorMod(Math.round(orientation[i] / (2 * Math.PI) * 256), 256));
      b.put((byte) (bright[i] ? 1 : 0));
      b.put(descriptors, i * DESCRIPTOR_LENGTH, DESCRIPTOR_LENGTH);
    }
    return b.array();
  }

  /**
   * Reads the form written by {@link #toBytes()}.
   *
   * @throws IllegalArgumentException if the bytes are of another format version or length
   */
  public static MatchingFeatures fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length < HEADER_BYTES) {
      throw new IllegalArgumentException("matching features need at least " + HEADER_BYTES
          + " bytes, got: " + (bytes == null ? "null" : bytes.length));
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte version = b.get();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("unknown matching features format version " + version
          + "; this library reads version " + FORMAT_VERSION);
    }
    int width = Short.toUnsignedInt(b.getShort());
    int height = Short.toUnsignedInt(b.getShort());
    int n = Short.toUnsignedInt(b.getShort());
    int descLength = Byte.toUnsignedInt(b.get());
    if (descLength != DESCRIPTOR_LENGTH) {
      throw new IllegalArgumentException("descriptor length must be " + DESCRIPTOR_LENGTH
          + ", got: " + descLength);
    }
    int expected = HEADER_BYTES + n * FEATURE_BYTES;
    if (bytes.length != expected) {
      throw new IllegalArgumentException("matching features of " + n + " features take "
          + expected + " bytes, got: " + bytes.length);
    }
    float[] x = new float[n];
    float[] y = new float[n];
    float[] r = new float[n];
    float[] o = new float[n];
    boolean[] bright = new boolean[n];
    byte[] desc = new byte[n * DESCRIPTOR_LENGTH];
    for (int i = 0; i < n; i++) {
      x[i] = Short.toUnsignedInt(b.getShort()) / 8f;
      y[i] = Short.toUnsignedInt(b.getShort()) / 8f;
      r[i] = Short.toUnsignedInt(b.getShort()) / 8f;
      int turn = Byte.toUnsignedInt(b.get());
      o[i] = (float) ((turn >= 128 ? turn - 256 : turn) * 2 * Math.PI / 256);
      bright[i] = b.get() != 0;
      b.get(desc, i * DESCRIPTOR_LENGTH, DESCRIPTOR_LENGTH);
    }
    return new MatchingFeatures(width, height, x, y, r, o, bright, desc);
  }

  /** Rounds a pixel quantity to what the byte form keeps (1/8 pixel), so a round trip is exact. */
  static float quantizePixels(double v) {
    return Short.toUnsignedInt(fixed((float) v)) / 8f;
  }

  /** Rounds an angle to what the byte form keeps (1/256 turn), in [-pi, pi). */
  static float quantizeAngle(double radians) {
    int turn = (int) Math.floorMod(Math.round(radians / (2 * Math.PI) * 256), 256);
    return (float) ((turn >= 128 ? turn - 256 : turn) * 2 * Math.PI / 256);
  }

  private static short fixed(float v) {
    return (short) Math.max(0, Math.min(0xFFFF, Math.round(v * 8)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MatchingFeatures f && width == f.width && height == f.height
        && Arrays.equals(x, f.x) && Arrays.equals(y, f.y) && Arrays.equals(radius, f.radius)
        && Arrays.equals(orientation, f.orientation) && Arrays.equals(bright, f.bright)
        && Arrays.equals(descriptors, f.descriptors);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(x) + Arrays.hashCode(y)) + Arrays.hashCode(descriptors);
  }

  @Override
  public String toString() {
    return "MatchingFeatures[" + size() + " features in " + width + "x" + height + "]";
  }
}
