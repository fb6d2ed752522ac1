package org.imageindex.signatures.matching.vocabulary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.imageindex.signatures.matching.MatchingFeatures;

/**
 * A visual vocabulary: a hierarchical k-means tree (a vocabulary tree) over the quantised SURF
 * descriptors of {@link MatchingFeatures}, which turns each local feature into a visual word, an
 * integer in {@code [0, size())}. Two images that share content share many words, so an index can
 * find the candidates of a matching search with a text-retrieval score over words before it
 * verifies them geometrically.
 *
 * <p>The tree has {@link #branching()} children per node and {@link #depth()} levels; a
 * descriptor descends from the root to the nearest child (squared Euclidean distance, ties to the
 * lower child) at every level, and the leaf it reaches is its word. Quantising costs
 * {@code branching * depth} distance computations a feature.
 *
 * <p>Serialised by {@link #toBytes()} as format {@link #FORMAT_VERSION}: the magic bytes
 * {@code IIVT}, the version (1 byte), branching (1 byte), depth (1 byte), descriptor length
 * (1 byte), then the centroids of every node below the root, level by level and in child order
 * within a level, each as {@link MatchingFeatures#DESCRIPTOR_LENGTH} signed bytes on the
 * descriptors' own scale. {@link #id()} names the vocabulary by the SHA-256 of those bytes, so two
 * vocabularies with the same id quantise alike.
 *
 * <p>Immutable and thread-safe.
 */
public final class VisualVocabulary {

  /** Format version written by {@link #toBytes()}; {@link #fromBytes} reads only this one. */
  public static final byte FORMAT_VERSION = 1;
  /** Name of the vocabulary shipped in this package's resources. */
  public static final String STANDARD_RESOURCE = "default-vocabulary.bin";
  /** Largest number of words (leaves): {@code branching ^ depth} must not exceed it. */
  public static final int MAX_WORDS = 1 << 24;

  private static final byte[] MAGIC = {'I', 'I', 'V', 'T'};
  private static final int HEADER_BYTES = MAGIC.length + 4;
  private static final int D = MatchingFeatures.DESCRIPTOR_LENGTH;

  private static volatile VisualVocabulary standard;

  private final int branching;
  private final int depth;
  /** Centroids of every node below the root, level by level; node {@code n} at {@code n * D}. */
  private final byte[] centroids;
  /**
   * The centroids widened to ints, and their squared norms: quantising compares |c|^2 - 2 a.c,
   * an int dot product the JIT vectorises (the byte loop was a third of a carried-signature
   * import), and orders children exactly as the squared distance does.
   */
  private final int[] centroidInts;
  private final int[] centroidNorms;
  /** First node index of each level 1..depth (index 0 = level 1). */
  private final int[] levelStart;
  private final String id;

  VisualVocabulary(int branching, int depth, byte[] centroids) {
    checkShape(branching, depth);
    this.branching = branching;
    this.depth = depth;
    this.levelStart = new int[depth];
    int nodes = 0;
    int width = 1;
    for (int l = 0; l < depth; l++) {
      width *= branching;
      levelStart[l] = nodes;
      nodes += width;
    }
    if (centroids.length != nodes * D) {
      throw new IllegalArgumentException("centroids must hold " + nodes + " x " + D + " bytes for branching "
          + branching + " and depth " + depth + ", got: " + centroids.length);
    }
    this.centroids = centroids;
    this.centroidInts = new int[centroids.length];
    this.centroidNorms = new int[nodes];
    for (int i = 0; i < centroids.length; i++) {
      centroidInts[i] = centroids[i];
      centroidNorms[i / D] += centroids[i] * centroids[i];
    }
    this.id = "vt" + branching + "x" + depth + "-" + digest(toBytes()).substring(0, 16);
  }

  static void checkShape(int branching, int depth) {
    if (branching < 2 || branching > 64) {
      throw new IllegalArgumentException("branching must be in 2..64, got: " + branching);
    }
    if (depth < 1 || depth > 8) {
      throw new IllegalArgumentException("depth must be in 1..8, got: " + depth);
    }
    if (Math.pow(branching, depth) > MAX_WORDS) {
      throw new IllegalArgumentException("branching ^ depth must be <= " + MAX_WORDS + ", got: "
          + branching + "^" + depth);
    }
  }

  /**
   * The vocabulary shipped with the library: branching 10, depth 4 (10,000 words), trained with
   * {@link VocabularyTrainer.Options#defaults()} on permissively licensed photographs.
   */
  public static VisualVocabulary standard() {
    VisualVocabulary v = standard;
    if (v == null) {
      synchronized (VisualVocabulary.class) {
        v = standard;
        if (v == null) {
          try (InputStream in = VisualVocabulary.class.getResourceAsStream(STANDARD_RESOURCE)) {
            if (in == null) {
              throw new IllegalStateException("resource " + STANDARD_RESOURCE + " is missing from the signatures jar");
            }
            v = fromBytes(in.readAllBytes());
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + STANDARD_RESOURCE, e);
          }
          standard = v;
        }
      }
    }
    return v;
  }

  /** Children per node. */
  public int branching() {
    return branching;
  }

  /** Levels below the root. */
  public int depth() {
    return depth;
  }

  /** Number of words: {@code branching ^ depth}. */
  public int size() {
    return centroids.length / D - levelStart[depth - 1];
  }

  /** {@code vt<branching>x<depth>-<16 hex digits of the SHA-256 of toBytes()>}. */
  public String id() {
    return id;
  }

  /**
   * The word of one descriptor.
   *
   * @throws IllegalArgumentException if the descriptor is not {@link MatchingFeatures#DESCRIPTOR_LENGTH} bytes
   */
  public int word(byte[] descriptor) {
    if (descriptor.length != D) {
      throw new IllegalArgumentException("descriptor must have " + D + " bytes, got: " + descriptor.length);
    }
    int[] a = new int[D];
    for (int i = 0; i < D; i++) {
      a[i] = descriptor[i];
    }
    int node = 0;
    for (int l = 0; l < depth; l++) {
      int first = levelStart[l] + node * branching;
      node = node * branching + nearestChild(a, first);
    }
    return node;
  }

  /**
   * The {@link #branching()} centroids of the tree's first level, back to back, each
   * {@link MatchingFeatures#DESCRIPTOR_LENGTH} bytes (a copy): a coarse partition of descriptor
   * space that feature association uses to compare only features that could be neighbours.
   */
  public byte[] firstLevelCentroids() {
    return Arrays.copyOf(centroids, branching * D);
  }

  /** The words of every feature, in feature order (one per feature, repeats kept). */
  public int[] words(MatchingFeatures features) {
    int[] w = new int[features.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = word(features.descriptor(i));
    }
    return w;
  }

  private int nearestChild(int[] descriptor, int firstNode) {
    int best = 0;
    int bestDistance = Integer.MAX_VALUE;
    for (int c = 0; c < branching; c++) {
      int node = firstNode + c;
      int offset = node * D;
      int dot = 0;
      for (int i = 0; i < D; i++) {
        dot += descriptor[i] * centroidInts[offset + i];
      }
      // the squared distance less the descriptor's own squared norm, the same for every child
      int d = centroidNorms[node] - 2 * dot;
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }

  static long distance(byte[] a, byte[] centroids, int offset) {
    long s = 0;
    for (int i = 0; i < D; i++) {
      int d = a[i] - centroids[offset + i];
      s += d * d;
    }
    return s;
  }

  /** The binary form described in the class comment. */
  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + centroids.length);
    b.put(MAGIC).put(FORMAT_VERSION).put((byte) branching).put((byte) depth).put((byte) D).put(centroids);
    return b.array();
  }

  /**
   * Reads the form {@link #toBytes()} writes.
   *
   * @throws IllegalArgumentException if the bytes are not a vocabulary of format {@link #FORMAT_VERSION}
   */
  public static VisualVocabulary fromBytes(byte[] bytes) {
    if (bytes.length < HEADER_BYTES || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IllegalArgumentException("bytes are not a visual vocabulary (no IIVT header), length: " + bytes.length);
    }
    if (bytes[4] != FORMAT_VERSION) {
      throw new IllegalArgumentException("visual vocabulary format version must be " + FORMAT_VERSION + ", got: " + bytes[4]);
    }
    if (bytes[7] != D) {
      throw new IllegalArgumentException("visual vocabulary descriptor length must be " + D + ", got: " + bytes[7]);
    }
    return new VisualVocabulary(bytes[5], bytes[6], Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length));
  }

  private static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VisualVocabulary v && branching == v.branching && depth == v.depth
        && Arrays.equals(centroids, v.centroids);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "VisualVocabulary[" + id + ", " + size() + " words]";
  }

  /** Writes {@link #toBytes()} to a stream. */
  public void write(java.io.OutputStream out) throws IOException {
    out.write(toBytes());
  }
}
