package org.imageindex.signatures.decode;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.lang.ByteArrayReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the EXIF orientation tag (1..8) and turns a stored raster upright.
 *
 * <p>Cameras store the sensor's rows as they come and record how the camera was held; viewers
 * rotate on display. Signatures must see what a person sees, or the same photo taken upright
 * and saved rotated would index as two different images.
 */
final class ExifOrientation {

  private static final Logger LOG = LoggerFactory.getLogger(ExifOrientation.class);

  private ExifOrientation() {}

  /** Orientations 5..8 turn the image a quarter, so width and height trade places. */
  static boolean swapsAxes(int orientation) {
    return orientation >= 5;
  }

  /**
   * The orientation recorded in {@code bytes}, 1 when there is none or it is unreadable:
   * broken metadata must not make an otherwise readable image fail.
   */
  static int read(byte[] bytes, String format) {
    try {
      Metadata metadata;
      if (format.equals("jpeg")) {
        // Only the APP1 Exif segment is needed; skipping the other segment readers (XMP,
        // ICC, IPTC, ...) keeps this a small fraction of the decode time.
        metadata = JpegMetadataReader.readMetadata(new ByteArrayInputStream(bytes), List.of(new ExifReader()));
      } else if (format.equals("png")) {
        // Only the eXIf chunk, found by walking chunk headers: a general PNG metadata reader
        // inflates zTXt, iTXt and iCCP chunks, and a few hundred kilobytes of zlib can inflate
        // to gigabytes (a metadata "bomb" behind a perfectly valid image).
        byte[] exif = pngExifChunk(bytes);
        if (exif == null) {
          return 1;
        }
        metadata = new Metadata();
        new ExifReader().extract(new ByteArrayReader(exif), metadata);
      } else {
        return 1; // GIF and BMP cannot carry EXIF
      }
      for (ExifIFD0Directory dir : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
        if (dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
          int o = dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
          return o >= 1 && o <= 8 ? o : 1;
        }
      }
      return 1;
    } catch (Exception e) {
      LOG.debug("EXIF orientation unreadable, using 1 (as stored): {}", e.toString());
      return 1;
    }
  }

  /**
   * The data of the first {@code eXIf} chunk of a PNG, or null. Reads chunk headers only and
   * stops at the first length that runs past the end of the input.
   */
  static byte[] pngExifChunk(byte[] png) {
    long at = 8;
    while (at + 12 <= png.length) {
      int i = (int) at;
      long length = ((png[i] & 0xFFL) << 24) | ((png[i + 1] & 0xFF) << 16) | ((png[i + 2] & 0xFF) << 8) | (png[i + 3] & 0xFF);
      long end = at + 12 + length;
      if (end > png.length) {
        return null;
      }
      String type = new String(png, i + 4, 4, StandardCharsets.ISO_8859_1);
      if (type.equals("eXIf")) {
        return Arrays.copyOfRange(png, i + 8, i + 8 + (int) length);
      }
      if (type.equals("IEND")) {
        return null;
      }
      at = end;
    }
    return null;
  }

  /**
   * Returns {@code image} turned upright for {@code orientation}, or {@code image} itself for 1.
   * Works on the raster's own data elements, so any layout (grey, 16-bit, palette, alpha)
   * keeps its colour model and precision.
   */
  static BufferedImage apply(BufferedImage image, int orientation) {
    if (orientation == 1) {
      return image;
    }
    WritableRaster src = image.getRaster();
    int w = src.getWidth();
    int h = src.getHeight();
    int ow = swapsAxes(orientation) ? h : w;
    int oh = swapsAxes(orientation) ? w : h;
    WritableRaster dst = src.createCompatibleWritableRaster(ow, oh);
    int n = src.getNumDataElements();
    Object row = null;
    Object one = null;
    for (int y = 0; y < h; y++) {
      row = src.getDataElements(0, y, w, 1, row);
      if (one == null) {
        one = src.getDataElements(0, 0, null);
      }
      for (int x = 0; x < w; x++) {
        System.arraycopy(row, x * n, one, 0, n);
        int dx;
        int dy;
        switch (orientation) {
          case 2 -> { dx = w - 1 - x; dy = y; }          // mirrored horizontally
          case 3 -> { dx = w - 1 - x; dy = h - 1 - y; }  // rotated 180
          case 4 -> { dx = x; dy = h - 1 - y; }          // mirrored vertically
          case 5 -> { dx = y; dy = x; }                  // transposed
          case 6 -> { dx = h - 1 - y; dy = x; }          // needs 90 degrees clockwise
          case 7 -> { dx = h - 1 - y; dy = w - 1 - x; }  // transversed
          case 8 -> { dx = y; dy = w - 1 - x; }          // needs 90 degrees counter-clockwise
          default -> throw new IllegalArgumentException("orientation must be in 1..8, got: " + orientation);
        }
        dst.setDataElements(dx, dy, one);
      }
    }
    return new BufferedImage(image.getColorModel(), dst, image.isAlphaPremultiplied(), null);
  }
}
