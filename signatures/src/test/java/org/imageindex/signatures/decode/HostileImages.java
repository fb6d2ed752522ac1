package org.imageindex.signatures.decode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

/**
 * Hostile encoded inputs built in memory: structural edits of valid JPEG, PNG, GIF, BMP and TIFF
 * files (sizes, lengths, CRCs, markers, palettes) and hand-made attacks (PNG bombs, EXIF loops,
 * GIFs with thousands of frames). Every method is deterministic for a given {@link Random}.
 */
final class HostileImages {

  /** Values that break size arithmetic: zero, one, sign bits, 16-bit and 31-bit edges. */
  private static final long[] HOSTILE_INTS = {
      0, 1, 2, -1, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 20_000, 46_341, 65_535, 0x7FFF_FFFFL,
      0x8000_0000L, 0xFFFF_FFFFL, 0x4000_0000L, 1 << 20};

  private HostileImages() {}

  static long hostileInt(Random r) {
    return r.nextInt(5) == 0 ? r.nextInt() : HOSTILE_INTS[r.nextInt(HOSTILE_INTS.length)];
  }

  // ---- generic mutations -------------------------------------------------------------------

  /** A prefix of {@code b}, cut in the first 64 bytes half of the time (where the headers are). */
  static byte[] truncate(byte[] b, Random r) {
    int at = r.nextBoolean() ? r.nextInt(Math.min(64, b.length)) + 1 : r.nextInt(b.length) + 1;
    return Arrays.copyOf(b, Math.min(at, b.length - 1));
  }

  /** 1 to 16 single-bit flips anywhere. */
  static byte[] flipBits(byte[] b, Random r) {
    byte[] out = b.clone();
    int n = 1 + r.nextInt(16);
    for (int i = 0; i < n; i++) {
      int at = r.nextInt(out.length);
      out[at] ^= (byte) (1 << r.nextInt(8));
    }
    return out;
  }

  /** A run of 1 to 256 bytes overwritten with 0x00, 0xFF or random bytes. */
  static byte[] overwriteRun(byte[] b, Random r) {
    byte[] out = b.clone();
    int at = r.nextInt(out.length);
    int len = Math.min(out.length - at, 1 + r.nextInt(256));
    int kind = r.nextInt(3);
    for (int i = at; i < at + len; i++) {
      out[i] = kind == 0 ? 0 : kind == 1 ? (byte) 0xFF : (byte) r.nextInt(256);
    }
    return out;
  }

  /** A run of bytes deleted, duplicated or inserted at a random place. */
  static byte[] splice(byte[] b, Random r) {
    int at = r.nextInt(b.length);
    int len = 1 + r.nextInt(Math.min(512, b.length));
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + len);
    switch (r.nextInt(3)) {
      case 0 -> { // delete
        out.write(b, 0, at);
        int from = Math.min(b.length, at + len);
        out.write(b, from, b.length - from);
      }
      case 1 -> { // duplicate
        out.write(b, 0, at);
        out.write(b, at, Math.min(len, b.length - at));
        out.write(b, at, b.length - at);
      }
      default -> { // insert random bytes
        out.write(b, 0, at);
        byte[] junk = new byte[len];
        r.nextBytes(junk);
        out.writeBytes(junk);
        out.write(b, at, b.length - at);
      }
    }
    return out.toByteArray();
  }

  // ---- JPEG --------------------------------------------------------------------------------

  /** Offsets of the marker segments before the first scan (each offset points at its 0xFF). */
  static List<Integer> jpegSegments(byte[] jpeg) {
    List<Integer> out = new ArrayList<>();
    int i = 2;
    while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
      out.add(i);
      int marker = jpeg[i + 1] & 0xFF;
      if (marker == 0xDA) {
        break;
      }
      i += 2 + ((jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF));
    }
    return out;
  }

  private static boolean isSof(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  /** One structural edit of a baseline JPEG: frame header, segment lengths, tables, markers, metadata. */
  static byte[] editJpeg(byte[] jpeg, Random r) {
    byte[] out = jpeg.clone();
    List<Integer> segs = jpegSegments(out);
    int sof = -1;
    for (int s : segs) {
      if (isSof(out[s + 1] & 0xFF)) {
        sof = s;
      }
    }
    switch (r.nextInt(10)) {
      case 0, 1 -> { // frame size: height at +5, width at +7
        putBe16(out, sof + 5 + 2 * r.nextInt(2), (int) hostileInt(r));
        if (r.nextBoolean()) {
          putBe16(out, sof + 5 + 2 * r.nextInt(2), (int) hostileInt(r));
        }
      }
      case 2 -> { // precision, component count, sampling factors, table ids
        int field = r.nextInt(4);
        int at = switch (field) {
          case 0 -> sof + 4;
          case 1 -> sof + 9;
          case 2 -> sof + 11 + 3 * r.nextInt(3);
          default -> sof + 12 + 3 * r.nextInt(3);
        };
        out[at] = (byte) (r.nextBoolean() ? new int[] {0, 1, 2, 4, 12, 16, 0x44, 0xFF}[r.nextInt(8)] : r.nextInt(256));
      }
      case 3 -> { // a segment's length field
        int s = segs.get(r.nextInt(segs.size()));
        putBe16(out, s + 2, new int[] {0, 1, 2, 3, 0xFFFF, 0x8000, r.nextInt(0x10000)}[r.nextInt(7)]);
      }
      case 4 -> { // the marker type of a segment (SOF becomes progressive, lossless, arithmetic, ...)
        int s = segs.get(r.nextInt(segs.size()));
        out[s + 1] = (byte) (0xC0 + r.nextInt(64));
      }
      case 5 -> { // drop one segment (a quantisation or Huffman table, the frame header, the scan header)
        int k = r.nextInt(segs.size());
        int s = segs.get(k);
        int end = k + 1 < segs.size() ? segs.get(k + 1) : Math.min(out.length, s + 4);
        out = cut(out, s, end);
      }
      case 6 -> out = insertAfterSoi(out, exifSegment(hostileExif(r)));
      case 7 -> out = insertAfterSoi(out, iccSegment(r));
      case 8 -> { // many small application segments
        ByteArrayOutputStream many = new ByteArrayOutputStream();
        int n = 1 + r.nextInt(3000);
        for (int i = 0; i < n; i++) {
          many.writeBytes(new byte[] {(byte) 0xFF, (byte) (0xE0 + r.nextInt(16)), 0, 4, (byte) r.nextInt(256), 0});
        }
        out = insertAfterSoi(out, many.toByteArray());
      }
      default -> { // no end marker, or the scan's entropy data cut into the end marker
        if (r.nextBoolean()) {
          out = Arrays.copyOf(out, out.length - 2);
        } else {
          int cutAt = segs.get(segs.size() - 1) + r.nextInt(Math.max(1, out.length - segs.get(segs.size() - 1)));
          out = concat(Arrays.copyOf(out, cutAt), new byte[] {(byte) 0xFF, (byte) 0xD9});
        }
      }
    }
    return out;
  }

  static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
    return concat(Arrays.copyOf(jpeg, 2), segment, Arrays.copyOfRange(jpeg, 2, jpeg.length));
  }

  /** An APP1 segment holding {@code tiff} after the "Exif\0\0" header (TIFF capped to fit 64 KiB). */
  static byte[] exifSegment(byte[] tiff) {
    byte[] body = tiff.length > 65_000 ? Arrays.copyOf(tiff, 65_000) : tiff;
    int len = 2 + 6 + body.length;
    return concat(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (len >> 8), (byte) len, 'E', 'x', 'i', 'f', 0, 0}, body);
  }

  /** A broken ICC_PROFILE APP2 segment: bad sequence numbers, a header claiming a huge profile. */
  static byte[] iccSegment(Random r) {
    ByteBuffer b = ByteBuffer.allocate(14 + 132 + r.nextInt(256));
    b.put("ICC_PROFILE".getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
    b.put((byte) r.nextInt(4)).put((byte) r.nextInt(4)); // sequence number, count (0 is invalid)
    b.putInt((int) hostileInt(r)); // profile size
    byte[] rest = new byte[b.remaining()];
    r.nextBytes(rest);
    if (r.nextBoolean()) {
      System.arraycopy("acsp".getBytes(StandardCharsets.US_ASCII), 0, rest, 32, 4); // signature at 36
      ByteBuffer.wrap(rest, 124, 4).putInt((int) hostileInt(r)); // tag count at 128
    }
    b.put(rest);
    int len = b.capacity() + 2;
    return concat(new byte[] {(byte) 0xFF, (byte) 0xE2, (byte) (len >> 8), (byte) len}, b.array());
  }

  /**
   * A TIFF structure for an Exif segment built to hurt parsers: IFDs that point at themselves
   * or each other, entry counts past the end, enormous value counts, deep sub-IFD chains.
   */
  static byte[] hostileExif(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> exifSelfLoop();
      case 1 -> exifSubIfdLoop();
      case 2 -> exifHugeCounts(r);
      case 3 -> exifChain(1 + r.nextInt(3000));
      case 4 -> exifEntryCountPastEnd(r);
      default -> {
        byte[] junk = new byte[8 + r.nextInt(2000)];
        r.nextBytes(junk);
        junk[0] = junk[1] = (byte) (r.nextBoolean() ? 'M' : 'I');
        yield junk;
      }
    };
  }

  /** IFD0 with Orientation = 6 whose next-IFD pointer is itself. */
  static byte[] exifSelfLoop() {
    ByteBuffer t = ByteBuffer.allocate(8 + 2 + 12 + 4);
    t.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
    t.putShort((short) 1);
    t.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);
    t.putInt(8); // next IFD: IFD0 again
    return t.array();
  }

  /** IFD0 with an Exif sub-IFD pointer and a GPS pointer both aiming back at IFD0. */
  static byte[] exifSubIfdLoop() {
    ByteBuffer t = ByteBuffer.allocate(8 + 2 + 3 * 12 + 4);
    t.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
    t.putShort((short) 3);
    t.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 3).putShort((short) 0);
    t.putShort((short) 0x8769).putShort((short) 4).putInt(1).putInt(8);
    t.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(8);
    t.putInt(0);
    return t.array();
  }

  /** Entries whose value counts claim gigabytes, with offsets inside and outside the data. */
  static byte[] exifHugeCounts(Random r) {
    int entries = 1 + r.nextInt(40);
    ByteBuffer t = ByteBuffer.allocate(8 + 2 + entries * 12 + 4 + 64);
    t.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
    t.putShort((short) entries);
    for (int i = 0; i < entries; i++) {
      int tag = new int[] {0x0112, 0x010F, 0x0110, 0x8769, 0x927C, 0x9286, 0x0201, 0x0202, 0x02BC, r.nextInt(0x10000)}[r.nextInt(10)];
      t.putShort((short) tag).putShort((short) (1 + r.nextInt(13))).putInt((int) hostileInt(r)).putInt((int) hostileInt(r));
    }
    t.putInt(r.nextBoolean() ? 0 : (int) hostileInt(r));
    return t.array();
  }

  /** {@code n} IFDs, each with one Exif sub-IFD pointer to the next: deep nesting for recursive readers. */
  static byte[] exifChain(int n) {
    int ifd = 2 + 12 + 4;
    ByteBuffer t = ByteBuffer.allocate(8 + n * ifd);
    t.put((byte) 'I').put((byte) 'I').order(ByteOrder.LITTLE_ENDIAN).putShort((short) 42).putInt(8);
    for (int i = 0; i < n; i++) {
      int next = 8 + (i + 1) * ifd;
      t.putShort((short) 1);
      int tag = i % 3 == 0 ? 0x8769 : i % 3 == 1 ? 0xA005 : 0x014A;
      t.putShort((short) tag).putShort((short) 4).putInt(1).putInt(i + 1 < n ? next : 8);
      t.putInt(i + 1 < n ? next : 8);
    }
    return t.array();
  }

  /** An IFD whose entry count (up to 65535) runs far past the end of the data. */
  static byte[] exifEntryCountPastEnd(Random r) {
    ByteBuffer t = ByteBuffer.allocate(8 + 2 + 12);
    t.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(r.nextBoolean() ? 8 : (int) hostileInt(r));
    t.putShort((short) (r.nextBoolean() ? 0xFFFF : 1 + r.nextInt(0xFFFF)));
    t.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 8).putShort((short) 0);
    return t.array();
  }

  // ---- PNG ---------------------------------------------------------------------------------

  /** Offsets of the PNG chunks (each offset points at the 4-byte length). */
  static List<Integer> pngChunks(byte[] png) {
    List<Integer> out = new ArrayList<>();
    int i = 8;
    while (i + 12 <= png.length) {
      out.add(i);
      long len = ByteBuffer.wrap(png, i, 4).getInt() & 0xFFFF_FFFFL;
      if (len > png.length) {
        break;
      }
      i += 12 + (int) len;
    }
    return out;
  }

  /** One structural edit of a PNG: IHDR fields, chunk lengths, CRCs, chunk order, injected chunks. */
  static byte[] editPng(byte[] png, Random r) {
    byte[] out = png.clone();
    List<Integer> chunks = pngChunks(out);
    switch (r.nextInt(9)) {
      case 0, 1 -> { // IHDR fields (data at 16): width, height, depth, colour type, methods
        int field = r.nextInt(7);
        if (field < 2) {
          putBe32(out, 16 + 4 * field, (int) hostileInt(r));
        } else {
          int[] values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 16, 255};
          out[16 + 6 + field] = (byte) (r.nextBoolean() ? values[r.nextInt(values.length)] : r.nextInt(256));
        }
        if (r.nextInt(4) != 0) {
          fixPngCrc(out, 8); // most edits keep a valid CRC, so the reader reaches the semantic checks
        }
      }
      case 2 -> { // a chunk's length field
        int c = chunks.get(r.nextInt(chunks.size()));
        putBe32(out, c, (int) hostileInt(r));
      }
      case 3 -> { // a bad CRC
        int c = chunks.get(r.nextInt(chunks.size()));
        int len = ByteBuffer.wrap(out, c, 4).getInt();
        out[c + 8 + len + r.nextInt(4)] ^= (byte) (1 + r.nextInt(255));
      }
      case 4 -> { // a chunk dropped (IHDR, PLTE, IDAT, IEND) or doubled
        int k = r.nextInt(chunks.size());
        int c = chunks.get(k);
        int end = k + 1 < chunks.size() ? chunks.get(k + 1) : out.length;
        out = r.nextBoolean() ? cut(out, c, end)
            : concat(Arrays.copyOf(out, end), Arrays.copyOfRange(out, c, end), Arrays.copyOfRange(out, end, out.length));
      }
      case 5 -> { // IDAT re-split into one-byte chunks, or moved before IHDR
        out = r.nextBoolean() ? splitIdat(out) : idatFirst(out);
      }
      case 6 -> { // an injected chunk after IHDR
        byte[] chunk = switch (r.nextInt(7)) {
          case 0 -> DecodeTestImages.chunk("PLTE", new byte[3 * new int[] {0, 1, 257, 300}[r.nextInt(4)]]);
          case 1 -> DecodeTestImages.chunk("tRNS", new byte[r.nextInt(600)]);
          case 2 -> DecodeTestImages.chunk("eXIf", hostileExif(r));
          case 3 -> DecodeTestImages.chunk("zTXt", concat("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1), zlibZeros(1 << 20)));
          case 4 -> DecodeTestImages.chunk("iCCP", concat("icc\0\0".getBytes(StandardCharsets.ISO_8859_1), zlibZeros(1 << 20)));
          case 5 -> DecodeTestImages.chunk("ABCD", new byte[r.nextInt(64)]); // unknown critical chunk
          default -> DecodeTestImages.chunk("sBIT", new byte[r.nextInt(8)]);
        };
        int at = chunks.size() > 1 ? chunks.get(1) : out.length;
        out = concat(Arrays.copyOf(out, at), chunk, Arrays.copyOfRange(out, at, out.length));
      }
      case 7 -> { // the zlib stream inside IDAT: header, window size, a flipped data byte
        for (int c : chunks) {
          if (new String(out, c + 4, 4, StandardCharsets.US_ASCII).equals("IDAT")) {
            int len = ByteBuffer.wrap(out, c, 4).getInt();
            out[c + 8 + r.nextInt(Math.max(1, Math.min(len, 16)))] = (byte) r.nextInt(256);
            if (r.nextBoolean()) {
              fixPngCrc(out, c);
            }
            break;
          }
        }
      }
      default -> { // no IEND, or bytes after it
        out = r.nextBoolean() ? Arrays.copyOf(out, out.length - 12) : concat(out, new byte[1 + r.nextInt(100)]);
      }
    }
    return out;
  }

  static void fixPngCrc(byte[] png, int chunk) {
    int len = ByteBuffer.wrap(png, chunk, 4).getInt();
    if (len < 0 || chunk + 12L + len > png.length) {
      return;
    }
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(png, chunk + 4, 4 + len);
    putBe32(png, chunk + 8 + len, (int) crc.getValue());
  }

  private static byte[] splitIdat(byte[] png) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, 8);
    for (int c : pngChunks(png)) {
      int len = ByteBuffer.wrap(png, c, 4).getInt();
      String type = new String(png, c + 4, 4, StandardCharsets.US_ASCII);
      if (type.equals("IDAT")) {
        for (int i = 0; i < len; i++) {
          out.writeBytes(DecodeTestImages.chunk("IDAT", new byte[] {png[c + 8 + i]}));
        }
      } else {
        out.write(png, c, 12 + len);
      }
    }
    return out.toByteArray();
  }

  private static byte[] idatFirst(byte[] png) {
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    for (int c : pngChunks(png)) {
      int len = ByteBuffer.wrap(png, c, 4).getInt();
      String type = new String(png, c + 4, 4, StandardCharsets.US_ASCII);
      (type.equals("IDAT") ? idat : rest).write(png, c, 12 + len);
    }
    return concat(Arrays.copyOf(png, 8), idat.toByteArray(), rest.toByteArray());
  }

  /**
   * A PNG bomb: an IHDR of {@code width x height} 8-bit grey and an IDAT holding the zlib
   * compression of {@code zeroBytes} zeros (about a thousandth of that on disk).
   */
  static byte[] pngBomb(int width, int height, int zeroBytes) {
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
        DecodeTestImages.chunk("IHDR", ihdr.array()),
        DecodeTestImages.chunk("IDAT", zlibZeros(zeroBytes)),
        DecodeTestImages.chunk("IEND", new byte[0]));
  }

  private static final java.util.Map<Integer, byte[]> ZLIB_ZEROS = new java.util.concurrent.ConcurrentHashMap<>();

  /** The zlib stream of {@code n} zero bytes (cached: the fuzzer asks for the same sizes often). */
  static byte[] zlibZeros(int n) {
    return ZLIB_ZEROS.computeIfAbsent(n, k -> {
      Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
      byte[] zeros = new byte[1 << 16];
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[1 << 16];
      int left = k;
      while (left > 0) {
        int chunk = Math.min(left, zeros.length);
        d.setInput(zeros, 0, chunk);
        left -= chunk;
        while (!d.needsInput()) {
          out.write(buf, 0, d.deflate(buf));
        }
      }
      d.finish();
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      d.end();
      return out.toByteArray();
    }).clone();
  }

  // ---- GIF ---------------------------------------------------------------------------------

  /** Offset of the first image descriptor (0x2C), or -1. */
  static int gifFirstDescriptor(byte[] gif) {
    int packed = gif[10] & 0xFF;
    int i = 13 + ((packed & 0x80) != 0 ? 3 << ((packed & 7) + 1) : 0);
    while (i < gif.length) {
      int b = gif[i] & 0xFF;
      if (b == 0x2C) {
        return i;
      }
      if (b != 0x21 || i + 2 >= gif.length) {
        return -1;
      }
      i += 2;
      while (i < gif.length && gif[i] != 0) {
        i += 1 + (gif[i] & 0xFF);
      }
      i++;
    }
    return -1;
  }

  /** One structural edit of a GIF: logical screen, frame rectangle, colour tables, LZW code size. */
  static byte[] editGif(byte[] gif, Random r) {
    byte[] out = gif.clone();
    int d = gifFirstDescriptor(out);
    switch (d < 0 ? 0 : r.nextInt(7)) {
      case 0 -> putLe16(out, 6 + 2 * r.nextInt(2), (int) hostileInt(r)); // logical screen
      case 1, 2 -> putLe16(out, d + 1 + 2 * r.nextInt(4), (int) hostileInt(r)); // left, top, width, height
      case 3 -> out[10] = (byte) r.nextInt(256); // global colour table flag and size
      case 4 -> out[d + 9] = (byte) r.nextInt(256); // local table, interlace
      case 5 -> { // LZW minimum code size (after any local colour table)
        int packed = out[d + 9] & 0xFF;
        int at = d + 10 + ((packed & 0x80) != 0 ? 3 << ((packed & 7) + 1) : 0);
        if (at < out.length) {
          out[at] = (byte) new int[] {0, 1, 2, 8, 11, 12, 13, 255}[r.nextInt(8)];
        }
      }
      default -> { // the first data sub-block's length, or no trailer
        int packed = out[d + 9] & 0xFF;
        int at = d + 11 + ((packed & 0x80) != 0 ? 3 << ((packed & 7) + 1) : 0);
        if (at < out.length && r.nextBoolean()) {
          out[at] = (byte) r.nextInt(256);
        } else {
          out = Arrays.copyOf(out, out.length - 1);
        }
      }
    }
    return out;
  }

  /**
   * A GIF89a of {@code frames} 1x1 frames (the first red, the rest blue) on a logical screen of
   * {@code screenWidth x screenHeight}, each frame with a graphic control extension.
   */
  static byte[] animatedGif(int frames, int screenWidth, int screenHeight) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(new byte[] {(byte) screenWidth, (byte) (screenWidth >> 8), (byte) screenHeight, (byte) (screenHeight >> 8)});
    out.writeBytes(new byte[] {(byte) 0x80, 0, 0}); // global table of 2 colours
    out.writeBytes(new byte[] {(byte) 0xFF, 0, 0, 0, 0, (byte) 0xFF}); // red, blue
    out.writeBytes(new byte[] {0x21, (byte) 0xFF, 11});
    out.writeBytes("NETSCAPE2.0".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(new byte[] {3, 1, 0, 0, 0}); // loop forever
    for (int f = 0; f < frames; f++) {
      out.writeBytes(new byte[] {0x21, (byte) 0xF9, 4, 0, 1, 0, 0, 0}); // GCE, 10 ms
      out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0}); // 1x1 at 0,0
      // LZW, code size 2: clear (4), index, end (5) packed LSB-first.
      out.writeBytes(f == 0 ? new byte[] {2, 2, 0x44, 0x01, 0} : new byte[] {2, 2, 0x4C, 0x01, 0});
    }
    out.write(0x3B);
    return out.toByteArray();
  }

  // ---- BMP ---------------------------------------------------------------------------------

  /** One structural edit of a BMP header: sizes, offsets, depth, compression, palette counts. */
  static byte[] editBmp(byte[] bmp, Random r) {
    byte[] out = bmp.clone();
    // file header: size 2, offBits 10; info header: size 14, width 18, height 22, planes 26,
    // bpp 28, compression 30, sizeImage 34, clrUsed 46, clrImportant 50
    int[] fields = {2, 10, 14, 18, 22, 30, 34, 46, 50};
    int edits = 1 + r.nextInt(2);
    for (int e = 0; e < edits; e++) {
      switch (r.nextInt(4)) {
        case 0 -> putLe16(out, 28, new int[] {0, 1, 2, 3, 4, 5, 8, 15, 16, 24, 32, 48, 64, 0xFFFF}[r.nextInt(14)]);
        case 1 -> putLe32(out, 30, (int) (r.nextBoolean() ? r.nextInt(8) : hostileInt(r))); // 4 JPEG, 5 PNG
        case 2 -> putLe32(out, 22, -Math.abs((int) hostileInt(r))); // top-down rows, INT_MIN
        default -> putLe32(out, fields[r.nextInt(fields.length)], (int) hostileInt(r));
      }
    }
    return out;
  }

  /**
   * A BMP whose header declares {@code width x height} and compression BI_PNG (5), carrying
   * {@code png} as its data: the embedded image has its own, unchecked, size.
   */
  static byte[] bmpWithEmbedded(byte[] embedded, int compression, int width, int height) {
    ByteBuffer b = ByteBuffer.allocate(14 + 40 + embedded.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'B').put((byte) 'M').putInt(b.capacity()).putInt(0).putInt(54);
    b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 0).putInt(compression)
        .putInt(embedded.length).putInt(2835).putInt(2835).putInt(0).putInt(0);
    b.put(embedded);
    return b.array();
  }

  // ---- TIFF --------------------------------------------------------------------------------

  /** An IFD entry's count or value replaced by a hostile number (the first IFD of a TIFF). */
  static byte[] editTiff(byte[] tiff, Random r) {
    byte[] out = tiff.clone();
    ByteOrder order = out[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    ByteBuffer b = ByteBuffer.wrap(out).order(order);
    int ifd = b.getInt(4);
    if (ifd < 8 || ifd + 2 > out.length) {
      return flipBits(out, r);
    }
    int n = b.getShort(ifd) & 0xFFFF;
    if (n == 0 || ifd + 2 + 12L * n > out.length) {
      return flipBits(out, r);
    }
    int entry = ifd + 2 + 12 * r.nextInt(n);
    switch (r.nextInt(3)) {
      case 0 -> b.putShort(entry + 2, (short) (r.nextInt(20))); // type
      case 1 -> b.putInt(entry + 4, (int) hostileInt(r)); // count
      default -> b.putInt(entry + 8, (int) hostileInt(r)); // value or offset
    }
    return out;
  }

  // ---- bytes -------------------------------------------------------------------------------

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] cut(byte[] b, int from, int to) {
    return concat(Arrays.copyOf(b, from), Arrays.copyOfRange(b, Math.min(to, b.length), b.length));
  }

  static void putBe16(byte[] b, int at, int v) {
    if (at >= 0 && at + 2 <= b.length) {
      b[at] = (byte) (v >> 8);
      b[at + 1] = (byte) v;
    }
  }

  static void putBe32(byte[] b, int at, int v) {
    if (at >= 0 && at + 4 <= b.length) {
      ByteBuffer.wrap(b, at, 4).putInt(v);
    }
  }

  static void putLe16(byte[] b, int at, int v) {
    if (at >= 0 && at + 2 <= b.length) {
      b[at] = (byte) v;
      b[at + 1] = (byte) (v >> 8);
    }
  }

  static void putLe32(byte[] b, int at, int v) {
    if (at >= 0 && at + 4 <= b.length) {
      ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(v);
    }
  }
}
