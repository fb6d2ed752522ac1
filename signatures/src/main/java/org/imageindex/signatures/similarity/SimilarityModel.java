package org.imageindex.signatures.similarity;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * What the similarity vector needs besides the image: a projection of the local descriptors
 * (mean and principal axes) and a codebook of visual words in the projected space.
 *
 * <p>A model is immutable and safe to share between threads. {@link #standard()} is the model
 * shipped in the jar; {@link SimilarityTrainer} makes new ones from a collection's own images.
 * Vectors are comparable only when made with the same model, which {@link #id()} names: the id
 * is derived from the model's content, so two models with the same id give the same vectors.
 *
 * <p>It also fixes the weight of the colour part appended to the aggregated descriptors.
 *
 * <p>Binary format, version {@value #FORMAT_VERSION}, big-endian: the 4 ASCII bytes
 * {@code IISM}; a version byte; three ints (descriptor length, projected dimensions, words);
 * the colour weight as a float; the mean, the axes (one row per projected dimension) and the
 * centroids (one row per word) as floats; a CRC-32 of everything before it as an int.
 */
public final class SimilarityModel {

  /** Format version written by {@link #write} and the only one {@link #read} accepts. */
  public static final int FORMAT_VERSION = 1;

  /** Resource holding the shipped model, next to this class. */
  static final String STANDARD_RESOURCE = "default-model.bin";

  private static final byte[] MAGIC = {'I', 'I', 'S', 'M'};

  /** Upper bound on words x dimensions: Lucene's default limit for an HNSW vector field. */
  static final int MAX_DIMENSION = 1024;

  private final int pcaDims;
  private final int words;
  private final float colourWeight;
  private final float[] mean;
  private final float[] axes;
  private final float[] centroids;
  private final String id;

  SimilarityModel(int pcaDims, int words, float colourWeight, float[] mean, float[] axes, float[] centroids) {
    checkShape(pcaDims, words);
    checkColourWeight(colourWeight);
    if (mean.length != DenseDescriptors.LENGTH) {
      throw new IllegalArgumentException(
          "mean must have " + DenseDescriptors.LENGTH + " values, got: " + mean.length);
    }
    if (axes.length != pcaDims * DenseDescriptors.LENGTH) {
      throw new IllegalArgumentException(
          "axes must have pcaDims*" + DenseDescriptors.LENGTH + " = " + pcaDims * DenseDescriptors.LENGTH
              + " values, got: " + axes.length);
    }
    if (centroids.length != words * pcaDims) {
      throw new IllegalArgumentException(
          "centroids must have words*pcaDims = " + words * pcaDims + " values, got: " + centroids.length);
    }
    checkFinite("mean", mean);
    checkFinite("axes", axes);
    checkFinite("centroids", centroids);
    this.pcaDims = pcaDims;
    this.words = words;
    this.colourWeight = colourWeight;
    this.mean = mean.clone();
    this.axes = axes.clone();
    this.centroids = centroids.clone();
    this.id = "vlad-k" + words + "-p" + pcaDims + "-" + HexFormat.of().toHexDigits((int) crc(body()));
  }

  static void checkShape(int pcaDims, int words) {
    if (pcaDims < 1 || pcaDims > DenseDescriptors.LENGTH) {
      throw new IllegalArgumentException(
          "pcaDims must be in [1, " + DenseDescriptors.LENGTH + "], got: " + pcaDims);
    }
    if (words < 1) {
      throw new IllegalArgumentException("words must be >= 1, got: " + words);
    }
    if ((long) words * pcaDims + ColourHistogram.LENGTH > MAX_DIMENSION) {
      throw new IllegalArgumentException("words * pcaDims must be <= "
          + (MAX_DIMENSION - ColourHistogram.LENGTH) + " (Lucene's vector dimension limit less "
          + ColourHistogram.LENGTH + " colour dimensions), got: " + words + " * " + pcaDims);
    }
  }

  static void checkColourWeight(float colourWeight) {
    if (!(colourWeight >= 0 && colourWeight < 1)) {
      throw new IllegalArgumentException("colourWeight must be in [0, 1), got: " + colourWeight);
    }
  }

  private static void checkFinite(String name, float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(name + " must be finite, got: " + values[i] + " at index " + i);
      }
    }
  }

  /** The model shipped in the jar, read once on first use. */
  public static SimilarityModel standard() {
    return Standard.MODEL;
  }

  /** Lazy holder: the resource is read the first time a caller asks for the standard model. */
  private static final class Standard {
    static final SimilarityModel MODEL = load();

    private static SimilarityModel load() {
      try (InputStream in = SimilarityModel.class.getResourceAsStream(STANDARD_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("standard similarity model missing from the jar: "
              + SimilarityModel.class.getPackageName().replace('.', '/') + "/" + STANDARD_RESOURCE);
        }
        return read(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the standard similarity model", e);
      }
    }
  }

  /**
   * Names this model's vector space, e.g. {@code vlad-k16-p32-1a2b3c4d}: words, projected
   * dimensions and a checksum of the content. Stored in every signature it makes.
   */
  public String id() {
    return id;
  }

  /** Number of visual words in the codebook. */
  public int words() {
    return words;
  }

  /** Dimensions each local descriptor is projected to before aggregation. */
  public int pcaDims() {
    return pcaDims;
  }

  /**
   * Share of the colour part in the dot product of two vectors, in [0, 1): the cosine of two
   * signatures is {@code (1 - w)} times that of their local-descriptor parts plus {@code w}
   * times the Bhattacharyya coefficient of their colour histograms.
   */
  public float colourWeight() {
    return colourWeight;
  }

  /**
   * Length of the vectors this model makes: {@code words() * pcaDims()} aggregated
   * local-descriptor dimensions followed by 64 colour-histogram dimensions.
   */
  public int dimension() {
    return words * pcaDims + ColourHistogram.LENGTH;
  }

  /**
   * Writes this model in format version {@value #FORMAT_VERSION}.
   *
   * @throws IOException if {@code out} fails
   */
  public void write(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    byte[] body = body();
    DataOutputStream data = new DataOutputStream(out);
    data.write(body);
    data.writeInt((int) crc(body));
    data.flush();
  }

  /**
   * Reads a model written by {@link #write}. Reads exactly the model's bytes, so a model can
   * sit inside a larger stream.
   *
   * @throws IllegalArgumentException if the bytes are not a similarity model, are of another
   *     format version, are truncated, or fail their checksum
   * @throws IOException if {@code in} fails
   */
  public static SimilarityModel read(InputStream in) throws IOException {
    Objects.requireNonNull(in, "in");
    DataInputStream data = new DataInputStream(in);
    try {
      byte[] magic = new byte[MAGIC.length];
      data.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException("not a similarity model: expected magic bytes IISM, got: "
            + HexFormat.of().formatHex(magic));
      }
      int version = data.readUnsignedByte();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("unsupported similarity model format version: " + version
            + " (this library reads version " + FORMAT_VERSION + ")");
      }
      int length = data.readInt();
      if (length != DenseDescriptors.LENGTH) {
        throw new IllegalArgumentException("similarity model descriptor length must be "
            + DenseDescriptors.LENGTH + ", got: " + length);
      }
      int pcaDims = data.readInt();
      int words = data.readInt();
      checkShape(pcaDims, words);
      float colourWeight = data.readFloat();
      checkColourWeight(colourWeight);
      float[] mean = readFloats(data, length);
      float[] axes = readFloats(data, pcaDims * length);
      float[] centroids = readFloats(data, words * pcaDims);
      int stored = data.readInt();
      SimilarityModel model = new SimilarityModel(pcaDims, words, colourWeight, mean, axes, centroids);
      int actual = (int) crc(model.body());
      if (stored != actual) {
        throw new IllegalArgumentException("similarity model checksum mismatch: stored "
            + Integer.toHexString(stored) + ", computed " + Integer.toHexString(actual));
      }
      return model;
    } catch (EOFException e) {
      throw new IllegalArgumentException("similarity model truncated: stream ended before the model did", e);
    }
  }

  private static float[] readFloats(DataInputStream data, int n) throws IOException {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = data.readFloat();
    }
    return out;
  }

  /** Everything {@link #write} emits before the checksum. */
  private byte[] body() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(
        16 + 4 * (mean.length + axes.length + centroids.length));
    try (DataOutputStream data = new DataOutputStream(bytes)) {
      data.write(MAGIC);
      data.writeByte(FORMAT_VERSION);
      data.writeInt(DenseDescriptors.LENGTH);
      data.writeInt(pcaDims);
      data.writeInt(words);
      data.writeFloat(colourWeight);
      for (float[] block : new float[][] {mean, axes, centroids}) {
        for (float v : block) {
          data.writeFloat(v);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return bytes.toByteArray();
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  // Package-private views for the aggregation; never handed to callers, never written to.
  float[] mean() {
    return mean;
  }

  float[] axes() {
    return axes;
  }

  float[] centroids() {
    return centroids;
  }

  /** Same content (and therefore same id) means the same vectors. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SimilarityModel m
        && pcaDims == m.pcaDims
        && words == m.words
        && Float.compare(colourWeight, m.colourWeight) == 0
        && Arrays.equals(mean, m.mean)
        && Arrays.equals(axes, m.axes)
        && Arrays.equals(centroids, m.centroids);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "SimilarityModel[" + id + ", dimension=" + dimension() + "]";
  }
}
