package org.imageindex.signatures.decode;

import java.awt.image.BufferedImage;
import java.util.Objects;
import org.imageindex.signatures.Images;

/**
 * An image as {@link ImageDecoder} returns it: upright pixels plus what the file said.
 *
 * <p>The {@link #image()} is already rotated/flipped by its EXIF orientation, keeps the
 * reader's native layout (grey, palette, 16-bit, alpha; CMYK arrives converted to RGB) and is
 * not copied: it is the caller's, and signatures only read it. Hand it to extractors through
 * {@link #pixels(int)}, which reduces it once to a working size.
 *
 * @param image the decoded, upright image (subsampled if the decoder was asked to)
 * @param format the format read: {@code "jpeg"}, {@code "png"}, {@code "gif"} or
 *     {@code "bmp"}
 * @param storedWidth the width stored in the file, before orientation and subsampling
 * @param storedHeight the height stored in the file, before orientation and subsampling
 * @param orientation the EXIF orientation applied, 1 (as stored) to 8; 1 when absent
 * @param subsampling the source subsampling factor used, 1 when every pixel was read
 * @param byteSize the size of the encoded input in bytes
 */
public record DecodedImage(
    BufferedImage image,
    String format,
    int storedWidth,
    int storedHeight,
    int orientation,
    int subsampling,
    long byteSize) {

  /** Validates the fields. */
  public DecodedImage {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(format, "format");
    if (storedWidth < 1 || storedHeight < 1) {
      throw new IllegalArgumentException(
          "stored size must be >= 1x1, got: " + storedWidth + "x" + storedHeight);
    }
    if (orientation < 1 || orientation > 8) {
      throw new IllegalArgumentException("orientation must be in 1..8, got: " + orientation);
    }
    if (subsampling < 1) {
      throw new IllegalArgumentException("subsampling must be >= 1, got: " + subsampling);
    }
    if (byteSize < 0) {
      throw new IllegalArgumentException("byteSize must be >= 0, got: " + byteSize);
    }
  }

  /** Width of {@link #image()}, after orientation (and subsampling, if any). */
  public int width() {
    return image.getWidth();
  }

  /** Height of {@link #image()}, after orientation (and subsampling, if any). */
  public int height() {
    return image.getHeight();
  }

  /** Width of the full-resolution image as a viewer shows it, i.e. after orientation. */
  public int orientedWidth() {
    return ExifOrientation.swapsAxes(orientation) ? storedHeight : storedWidth;
  }

  /** Height of the full-resolution image as a viewer shows it, i.e. after orientation. */
  public int orientedHeight() {
    return ExifOrientation.swapsAxes(orientation) ? storedWidth : storedHeight;
  }

  /**
   * The packed-RGB pixels reduced so the longer side is at most {@code maxSide}: the form every
   * signature extractor takes. Reduce once and hand the same pixels to all extractors.
   *
   * @throws IllegalArgumentException if {@code maxSide < 1}
   */
  public Images.Pixels pixels(int maxSide) {
    return Images.fit(image, maxSide);
  }
}
