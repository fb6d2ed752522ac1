package org.imageindex.signatures.decode;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Upper bounds {@link ImageDecoder} enforces before it commits memory to an input.
 *
 * <p>{@code maxBytes} bounds the encoded input (the decoder holds it in memory, and reading a
 * stream stops as soon as the bound is passed). {@code maxPixels} bounds the stored width x
 * height declared in the image header and is checked before any raster is allocated, so a
 * "decompression bomb" (a few kilobytes declaring a gigapixel image) fails fast with
 * {@link ImageDecodeException.Reason#TOO_MANY_PIXELS} instead of exhausting the heap.
 *
 * <p>The pixel bound applies to the stored size even when the decoder subsamples
 * ({@link ImageDecoder#withTargetSide(int)}): a subsampled read allocates less, but still has
 * to decompress every stored pixel, so the stored size is what bounds the work.
 *
 * <p>{@code extraFormats} names formats decoded beyond JPEG, PNG, GIF and BMP by whichever
 * ImageIO reader is installed for them (the JDK's TIFF reader, or a plug-in's WebP or HEIF
 * reader). None by default: those readers were never put through the hostile-image corpus, and
 * the JDK's TIFF reader let 9 KB of bit-flipped TIFF allocate 67 MB (docs/reliability.md). Open
 * them to input you trust. The byte and pixel bounds apply to them too.
 *
 * @param maxBytes largest accepted input, in bytes; 1 .. {@link #MAX_BYTES_CEILING}
 * @param maxPixels largest accepted stored width x height; >= 1
 * @param extraFormats lower-case format names ImageIO readers know (e.g. {@code "tiff"}),
 *     decoded besides the four built in
 */
public record DecodeLimits(long maxBytes, long maxPixels, Set<String> extraFormats) {

  /**
   * 64 MiB: above the largest single-frame camera JPEGs (about 30 MB for 100 MP medium format)
   * and ordinary 16-bit PNG scans, yet small enough that a few concurrent decodes cannot
   * exhaust a default-sized heap with input buffers alone.
   */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  /**
   * 100 megapixels: the largest current camera sensors (100-102 MP medium format). An 8-bit
   * RGB raster this size takes 300-400 MB, the most one decode should claim; panoramas beyond
   * it need an explicit, larger limit.
   */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  /**
   * The largest byte limit that can be honoured: the input is buffered in one Java array,
   * and arrays stop a few elements short of {@link Integer#MAX_VALUE}.
   */
  public static final long MAX_BYTES_CEILING = Integer.MAX_VALUE - 8L;

  /** The defaults: {@link #DEFAULT_MAX_BYTES} and {@link #DEFAULT_MAX_PIXELS}. */
  public static final DecodeLimits DEFAULT = new DecodeLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);

  /** Validates both bounds and the format names. */
  public DecodeLimits {
    if (maxBytes < 1 || maxBytes > MAX_BYTES_CEILING) {
      throw new IllegalArgumentException(
          "maxBytes must be in 1.." + MAX_BYTES_CEILING + ", got: " + maxBytes);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be >= 1, got: " + maxPixels);
    }
    Objects.requireNonNull(extraFormats, "extraFormats");
    for (String f : extraFormats) {
      if (f == null || !f.matches("[a-z0-9][a-z0-9._+-]*")) {
        throw new IllegalArgumentException("extraFormats must hold lower-case format names such as \"tiff\", got: " + f);
      }
    }
    extraFormats = Collections.unmodifiableSet(new TreeSet<>(extraFormats));
  }

  /** Bounds on bytes and pixels, and no format beyond the four built in. */
  public DecodeLimits(long maxBytes, long maxPixels) {
    this(maxBytes, maxPixels, Set.of());
  }

  /** Same as the canonical constructor; reads better at call sites. */
  public static DecodeLimits of(long maxBytes, long maxPixels) {
    return new DecodeLimits(maxBytes, maxPixels);
  }

  /** A copy with another byte limit. */
  public DecodeLimits withMaxBytes(long bytes) {
    return new DecodeLimits(bytes, maxPixels, extraFormats);
  }

  /** A copy with another pixel limit. */
  public DecodeLimits withMaxPixels(long pixels) {
    return new DecodeLimits(maxBytes, pixels, extraFormats);
  }

  /** A copy that also decodes {@code formats} (see the class comment for the risk). */
  public DecodeLimits withExtraFormats(String... formats) {
    return new DecodeLimits(maxBytes, maxPixels, Set.of(formats));
  }
}
