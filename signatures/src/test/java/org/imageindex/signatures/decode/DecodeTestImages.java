package org.imageindex.signatures.decode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Builds encoded test inputs in memory: nothing generated is ever written to the repository. */
final class DecodeTestImages {

  private DecodeTestImages() {}

  /** {@code image} encoded by the JDK's writer for {@code format}. */
  static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format + " / type " + image.getType());
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code image} as a baseline JPEG at {@code quality} in 0..1. */
  static byte[] jpeg(BufferedImage image, float quality) {
    ImageWriter writer = jdkJpegWriter();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
        MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), p);
      ios.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  /** The JDK's own JPEG writer, whose behaviour with 4-band rasters the CMYK test relies on. */
  static ImageWriter jdkJpegWriter() {
    var it = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter fallback = null;
    while (it.hasNext()) {
      ImageWriter w = it.next();
      if (w.getClass().getName().startsWith("com.sun.")) {
        return w;
      }
      fallback = w;
    }
    if (fallback == null) {
      throw new IllegalStateException("no JPEG writer");
    }
    return fallback;
  }

  /**
   * A PNG that is only a signature, an IHDR declaring {@code width x height} RGB with a valid
   * CRC, and IEND: a "bomb" header with no data behind it.
   */
  static byte[] pngHeaderOnly(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    out.writeBytes(chunk("IHDR", ihdr.array()));
    out.writeBytes(chunk("IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}));
    out.writeBytes(chunk("IEND", new byte[0]));
    return out.toByteArray();
  }

  /** One PNG chunk: length, type, data, CRC-32 of type and data. */
  static byte[] chunk(String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    b.putInt(data.length).put(t).put(data).putInt((int) crc.getValue());
    return b.array();
  }

  /**
   * {@code jpeg} with an APP1 Exif segment carrying only IFD0 Orientation = {@code orientation}
   * inserted right after SOI (and after a JFIF APP0, which must stay first).
   */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4); // big-endian ("MM") by default
    tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8); // header, IFD0 at 8
    tiff.putShort((short) 1); // one entry
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
    tiff.putInt(0); // no next IFD
    byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
    int len = 2 + exifHeader.length + tiff.capacity();
    ByteArrayOutputStream app1 = new ByteArrayOutputStream();
    app1.write(0xFF);
    app1.write(0xE1);
    app1.write(len >> 8);
    app1.write(len & 0xFF);
    app1.writeBytes(exifHeader);
    app1.writeBytes(tiff.array());
    int insertAt = 2;
    if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
      insertAt = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, insertAt);
    out.writeBytes(app1.toByteArray());
    out.write(jpeg, insertAt, jpeg.length - insertAt);
    return out.toByteArray();
  }

  /** The JPEG marker segments before the first scan, e.g. {@code [FFE0(16), FFEE(14), FFDB(67)]}. */
  static java.util.List<String> segments(byte[] jpeg) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int i = 2;
    while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
      int marker = jpeg[i + 1] & 0xFF;
      int len = (jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF);
      out.add(String.format("FF%02X(%d)", marker, len));
      if (marker == 0xDA) {
        break;
      }
      i += 2 + len;
    }
    return out;
  }

  /** {@code jpeg} with an Adobe APP14 segment (version 100, transform 0: CMYK) after SOI. */
  static byte[] withAdobeCmykMarker(byte[] jpeg) {
    byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.writeBytes(app14);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }
}
