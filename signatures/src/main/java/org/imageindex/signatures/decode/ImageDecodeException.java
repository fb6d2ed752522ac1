package org.imageindex.signatures.decode;

import java.util.Objects;

/**
 * The one exception {@link ImageDecoder} throws for every input it cannot turn into pixels.
 *
 * <p>Callers that index many files (a batch insert reporting a status per record) switch on
 * {@link #reason()} rather than parsing the message; the message is for people and names what
 * was wrong and the limit or setting involved, for example
 * {@code "image is 50000x50000 = 2500000000 pixels, more than maxPixels 100000000"}.
 *
 * <p>Unchecked, because a bad image is a property of the input, not a failure the caller can
 * recover from by retrying, and because decoding is usually called from streams and lambdas.
 */
public final class ImageDecodeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why decoding failed. */
  public enum Reason {
    /** The input has no bytes at all. */
    EMPTY,
    /** The input has more bytes than {@link DecodeLimits#maxBytes()}. */
    TOO_MANY_BYTES,
    /** The header declares more pixels than {@link DecodeLimits#maxPixels()}. */
    TOO_MANY_PIXELS,
    /** The bytes are not any image format this library knows of (text, archives, ...). */
    NOT_AN_IMAGE,
    /**
     * The bytes are a known image format that is not decoded (anything but JPEG, PNG, GIF and
     * BMP, such as TIFF or WebP, whatever ImageIO plug-ins are installed), or a variant of a
     * decoded one that is refused (BMP wrapping a JPEG or PNG). The message names the format.
     */
    UNSUPPORTED_FORMAT,
    /** The file ends before the image data does (an interrupted download or copy). */
    TRUNCATED,
    /** A reader recognised the format but the data inside is invalid. */
    CORRUPT,
    /** Reading the file or stream itself failed. */
    IO
  }

  private final Reason reason;

  /**
   * @param reason why decoding failed
   * @param message what was wrong, naming the limit or setting involved
   * @param cause the underlying error, or null
   */
  public ImageDecodeException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * @param reason why decoding failed
   * @param message what was wrong, naming the limit or setting involved
   */
  public ImageDecodeException(Reason reason, String message) {
    this(reason, message, null);
  }

  /** Why decoding failed. */
  public Reason reason() {
    return reason;
  }
}
