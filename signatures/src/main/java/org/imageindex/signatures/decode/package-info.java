/**
 * Safe decoding of untrusted image files: limits first, then pixels.
 *
 * <p>Build one {@link org.imageindex.signatures.decode.ImageDecoder} and share it (it is
 * immutable and thread-safe). Catch the single
 * {@link org.imageindex.signatures.decode.ImageDecodeException} and use its
 * {@link org.imageindex.signatures.decode.ImageDecodeException.Reason} for per-record status:
 *
 * {@snippet :
 * ImageDecoder decoder = ImageDecoder.of(DecodeLimits.DEFAULT.withMaxPixels(50_000_000))
 *     .withTargetSide(1024);              // subsample big photos while reading
 * try {
 *   DecodedImage img = decoder.decode(Path.of("upload.jpg"));
 *   Images.Pixels pixels = img.pixels(512); // reduce once, give to every extractor
 * } catch (ImageDecodeException e) {
 *   switch (e.reason()) {
 *     case TOO_MANY_BYTES, TOO_MANY_PIXELS -> status = "too large: " + e.getMessage();
 *     case EMPTY, NOT_AN_IMAGE -> status = "not an image: " + e.getMessage();
 *     default -> status = "unreadable: " + e.getMessage();
 *   }
 * }
 * }
 *
 * <p>Formats: JPEG (including CMYK/YCCK through TwelveMonkeys), PNG (including 16-bit), GIF
 * (first frame) and BMP. Anything else fails with {@code UNSUPPORTED_FORMAT} naming the format
 * (TIFF, WebP, ...) before any reader sees it, even when an ImageIO plug-in for it is installed:
 * only the readers of these four are exercised against hostile input. EXIF orientation is
 * applied. Truncated files fail with {@code TRUNCATED} rather than returning a half-grey image.
 */
package org.imageindex.signatures.decode;
