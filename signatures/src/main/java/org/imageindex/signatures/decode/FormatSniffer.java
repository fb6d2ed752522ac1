package org.imageindex.signatures.decode;

import java.nio.charset.StandardCharsets;

/**
 * Names an image format from its leading bytes, before any reader sees them.
 *
 * <p>{@link ImageDecoder} decodes only the formats it names in {@link ImageDecoder#FORMATS}, so
 * this is the gate: it separates "an image format we do not read" (TIFF, WebP, HEIC: the
 * message names it) from "not an image at all" (text, HTML error pages, archives: the input is
 * wrong). For the formats read it must be at least as lenient as the readers' own checks, or a
 * file they would decode is refused; JPEG therefore needs only the two-byte SOI marker, as the
 * JDK's JPEG reader does. Reading itself is left to ImageIO.
 */
final class FormatSniffer {

  private FormatSniffer() {}

  /** The format's common name, or null if the bytes match no image signature known here. */
  static String name(byte[] b) {
    if (startsWith(b, 0, 0xFF, 0xD8)) {
      return "jpeg";
    }
    if (startsWith(b, 0, 0x89, 'P', 'N', 'G')) {
      return "png";
    }
    if (startsWith(b, 0, 'G', 'I', 'F', '8')) {
      return "gif";
    }
    // "BM" alone starts too much text; 26 bytes is the smallest file and info header, so a
    // shorter BMP has no image in it anyway.
    if (startsWith(b, 0, 'B', 'M') && b.length >= 26) {
      return "bmp";
    }
    if (startsWith(b, 0, 'I', 'I', 0x2A, 0x00) || startsWith(b, 0, 'M', 'M', 0x00, 0x2A)) {
      return "tiff";
    }
    if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
      return "webp";
    }
    if (startsWith(b, 4, 'f', 't', 'y', 'p') && b.length >= 12) {
      String brand = new String(b, 8, 4, StandardCharsets.US_ASCII);
      if (brand.startsWith("avi")) {
        return "avif";
      }
      if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")) {
        return "heif";
      }
    }
    if (startsWith(b, 0, 0x00, 0x00, 0x00, 0x0C, 'j', 'P', ' ', ' ') || startsWith(b, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
      return "jpeg2000";
    }
    if (startsWith(b, 0, 0xFF, 0x0A) || startsWith(b, 0, 0x00, 0x00, 0x00, 0x0C, 'J', 'X', 'L', ' ')) {
      return "jpegxl";
    }
    if (startsWith(b, 0, '8', 'B', 'P', 'S')) {
      return "psd";
    }
    return null;
  }

  /** The first bytes as hex, for messages about unrecognised input. */
  static String head(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(8, b.length); i++) {
      if (i > 0) {
        s.append(' ');
      }
      s.append(String.format("%02x", b[i] & 0xFF));
    }
    return s.toString();
  }

  private static boolean startsWith(byte[] b, int offset, int... magic) {
    if (b.length < offset + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((b[offset + i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
