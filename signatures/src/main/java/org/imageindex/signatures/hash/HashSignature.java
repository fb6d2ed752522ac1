package org.imageindex.signatures.hash;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * A 64-bit DCT perceptual hash: which of 64 low spatial frequencies of the image's luma are
 * above their median. Re-encoding, rescaling and mild colour or contrast changes keep most bits;
 * different photographs agree on about half of them.
 *
 * <p><b>Distance</b> is the Hamming distance, the number of differing bits, 0..64. <b>Score</b>
 * is {@code 1 - distance / 64}, in [0, 1]; unrelated photographs score about 0.5, not 0.
 * Two images are near duplicates when the distance is at most {@link #NEAR_DUPLICATE_RADIUS}.
 *
 * @param bits the 64 hash bits; bit {@code i} is DCT coefficient {@code i} in the extractor's
 *     fixed order
 */
public record HashSignature(long bits) {

  /** Number of bits, the largest possible distance. */
  public static final int BITS = 64;

  /**
   * 12 bits, chosen from measurements on the shared test photographs (reduced to 512 px as
   * the extractors see them): over the 32 {@code photos} originals, JPEG re-encoding at quality
   * 75 and 20 and bilinear rescaling to 0.5 and 0.3 moved a hash by at most 10 bits (121 of 128
   * copies by 3 or less; the 10 is a fine brick texture at 0.3), while the closest of 7,467
   * unrelated pairs (photos including the look-alike lake scenes, BoofCV triples across scenes,
   * Pixabay) differed in 18 (mean 32). 12 sits nearer the copies than the midpoint because the
   * unrelated tail grows towards the radius as a collection grows, and a false near-duplicate
   * (a record skipped by nearDupsInsert) costs more than a missed one.
   */
  public static final int NEAR_DUPLICATE_RADIUS = 12;

  /** Leading byte of {@link #toBytes()}, bumped whenever the bit order or DCT changes. */
  static final byte FORMAT_V1 = 1;

  /** Length of {@link #toBytes()}: the version byte and the 8 bytes of the hash, big-endian. */
  public static final int SERIALIZED_LENGTH = 1 + Long.BYTES;

  /** Hamming distance, 0 (same bits) .. 64 (every bit differs). */
  public int distance(HashSignature other) {
    return Long.bitCount(bits ^ other.bits);
  }

  /** {@code 1 - distance(other) / 64.0}: 1 for identical hashes, about 0.5 for unrelated images. */
  public double score(HashSignature other) {
    return 1.0 - distance(other) / (double) BITS;
  }

  /** Whether {@code other} is within {@link #NEAR_DUPLICATE_RADIUS} of this hash. */
  public boolean isNearDuplicate(HashSignature other) {
    return distance(other) <= NEAR_DUPLICATE_RADIUS;
  }

  /** The 16 lower-case hex digits of {@link #bits()}, a compact form for logs and stored fields. */
  public String hex() {
    return HexFormat.of().toHexDigits(bits);
  }

  /** Versioned binary form: {@value #SERIALIZED_LENGTH} bytes. */
  public byte[] toBytes() {
    return ByteBuffer.allocate(SERIALIZED_LENGTH).put(FORMAT_V1).putLong(bits).array();
  }

  /**
   * Reads {@link #toBytes()}.
   *
   * @throws IllegalArgumentException if the length or the version byte is wrong
   */
  public static HashSignature fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length != SERIALIZED_LENGTH) {
      throw new IllegalArgumentException("hash signature bytes must have length " + SERIALIZED_LENGTH
          + ", got: " + (bytes == null ? "null" : bytes.length));
    }
    if (bytes[0] != FORMAT_V1) {
      throw new IllegalArgumentException("hash signature format version must be " + FORMAT_V1
          + ", got: " + bytes[0]);
    }
    return new HashSignature(ByteBuffer.wrap(bytes, 1, Long.BYTES).getLong());
  }

  /**
   * Parses {@link #hex()}.
   *
   * @throws IllegalArgumentException if {@code hex} is not 16 hex digits
   */
  public static HashSignature fromHex(String hex) {
    if (hex == null || hex.length() != 16 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("hash hex must be 16 hex digits, got: " + hex);
    }
    return new HashSignature(HexFormat.fromHexDigitsToLong(hex));
  }
}
