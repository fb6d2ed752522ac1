package org.imageindex.signatures.decode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.imageindex.signatures.decode.ImageDecodeException.Reason;

/**
 * Turns untrusted encoded bytes into an upright {@link BufferedImage}, or fails with an
 * {@link ImageDecodeException} whose {@link ImageDecodeException.Reason} says why.
 *
 * <p>What it guarantees, in order:
 * <ol>
 *   <li>at most {@link DecodeLimits#maxBytes()} bytes are read from any source (a stream that
 *       never ends fails with {@code TOO_MANY_BYTES} once the limit is passed);
 *   <li>only JPEG, PNG, GIF and BMP reach a reader: the format is named from the leading bytes
 *       first, and anything else fails with {@code UNSUPPORTED_FORMAT} (a known image format,
 *       named in the message) or {@code NOT_AN_IMAGE}, whatever ImageIO plug-ins are installed;
 *   <li>the stored width x height is read from the header and checked against
 *       {@link DecodeLimits#maxPixels()} before any raster is allocated;
 *   <li>for JPEG the TwelveMonkeys reader is preferred over the JDK's, because it reads CMYK and
 *       YCCK files (converted to RGB) and many slightly broken camera files the JDK rejects;
 *   <li>the EXIF orientation (1..8) is applied to the raster, so width and height are as a
 *       viewer shows them;
 *   <li>an animated GIF yields its first frame; grey, palette, 16-bit and alpha images keep their
 *       native layout ({@link org.imageindex.signatures.Images#rgb} flattens any of them).
 * </ol>
 *
 * <p><b>Truncated files fail.</b> A JPEG cut short still "decodes" with the JDK: the missing
 * rows come out grey, and signatures of that half-grey image would silently index the wrong
 * picture. The decoder therefore fails with {@code TRUNCATED} when the reader reports a
 * premature end of data, so a batch insert can report the record as unreadable.
 *
 * <p><b>Subsampled decoding.</b> Signatures need about 512 pixels a side, not 24 megapixels.
 * {@link #withTargetSide(int)} returns a decoder that reads only every n-th pixel of every n-th
 * row ({@link ImageReadParam#setSourceSubsampling}), with n the largest integer that still
 * leaves the longer side at least the target. The raster is n² times smaller and colour
 * conversion n² times cheaper (the entropy decoding of a JPEG still visits all data). Pixels are
 * picked, not averaged, so reduce the result with
 * {@link org.imageindex.signatures.Images#fit} as usual; the hash of a subsampled decode stays
 * within its near-duplicate radius of the full decode.
 *
 * <p><b>Why other formats are refused.</b> Every reader is code that parses untrusted bytes, and
 * the pixel check bounds only what a reader sizes from width x height. The format-specific
 * checks here (a BMP wrapping another image, a JPEG ICC profile larger than its segments) and
 * the hostile-image corpus cover the four readers used; other readers allocate from fields no
 * check sees: a 9 KB, 64 x 48 TIFF whose flipped bits made its bits per sample read 8, 24, 8
 * had the JDK's TIFF reader allocate 67 MB before failing. So the readers ImageIO happens to
 * have besides, the JDK's TIFF and WBMP readers or any plug-in on the class path, never see
 * the bytes.
 *
 * <p>Instances are immutable and thread-safe: every call creates and disposes its own reader.
 * ImageIO finds its plug-ins (TwelveMonkeys among them) on the application class path; in
 * containers with their own class loaders call {@link ImageIO#scanForPlugins()} once at start.
 *
 * {@snippet :
 * ImageDecoder decoder = ImageDecoder.standard().withTargetSide(1024);
 * DecodedImage decoded = decoder.decode(Path.of("photo.jpg"));
 * Images.Pixels pixels = decoded.pixels(512); // hand these to every extractor
 * }
 */
public final class ImageDecoder {

  /** {@link #targetSide()} value meaning "read every stored pixel". */
  public static final int FULL_RESOLUTION = 0;

  /**
   * The formats always decoded, as {@link FormatSniffer} names them: those the library promises
   * (JPEG, PNG, GIF first frame, BMP) and the hostile-image corpus covers. Others only when
   * named in {@link DecodeLimits#extraFormats()}.
   */
  static final List<String> FORMATS = List.of("jpeg", "png", "gif", "bmp");

  /** Stream reads go through a buffer this size: large enough to keep system calls rare. */
  private static final int READ_CHUNK = 64 * 1024;

  private static final ImageDecoder STANDARD = new ImageDecoder(DecodeLimits.DEFAULT, FULL_RESOLUTION);

  private final DecodeLimits limits;
  private final int targetSide;

  private ImageDecoder(DecodeLimits limits, int targetSide) {
    this.limits = limits;
    this.targetSide = targetSide;
  }

  /** A full-resolution decoder with {@link DecodeLimits#DEFAULT}. */
  public static ImageDecoder standard() {
    return STANDARD;
  }

  /** A full-resolution decoder with the given limits. */
  public static ImageDecoder of(DecodeLimits limits) {
    return new ImageDecoder(Objects.requireNonNull(limits, "limits"), FULL_RESOLUTION);
  }

  /**
   * A decoder with the same limits that subsamples while reading so the longer side of the
   * result is at least {@code targetSide} and less than twice it (images already that small are
   * read in full). {@link #FULL_RESOLUTION} switches subsampling off.
   *
   * @throws IllegalArgumentException if {@code targetSide < 0}
   */
  public ImageDecoder withTargetSide(int targetSide) {
    if (targetSide < 0) {
      throw new IllegalArgumentException("targetSide must be >= 0, got: " + targetSide);
    }
    return new ImageDecoder(limits, targetSide);
  }

  /** The limits this decoder enforces. */
  public DecodeLimits limits() {
    return limits;
  }

  /** The subsampling target for the longer side, or {@link #FULL_RESOLUTION}. */
  public int targetSide() {
    return targetSide;
  }

  /**
   * Decodes an encoded image held in memory.
   *
   * @throws ImageDecodeException if the bytes are empty, over a limit, not a readable image,
   *     truncated or corrupt
   * @throws NullPointerException if {@code bytes} is null
   */
  public DecodedImage decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length > limits.maxBytes()) {
      throw new ImageDecodeException(Reason.TOO_MANY_BYTES,
          "input has " + bytes.length + " bytes, more than maxBytes " + limits.maxBytes());
    }
    return decodeBytes(bytes);
  }

  /**
   * Decodes an image file. A file larger than {@link DecodeLimits#maxBytes()} is rejected from
   * its size alone, without being read.
   *
   * @throws ImageDecodeException as {@link #decode(byte[])}, and with {@code IO} if the file
   *     cannot be read
   * @throws NullPointerException if {@code file} is null
   */
  public DecodedImage decode(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      long size = Files.size(file);
      if (size > limits.maxBytes()) {
        throw new ImageDecodeException(Reason.TOO_MANY_BYTES,
            "file " + file + " has " + size + " bytes, more than maxBytes " + limits.maxBytes());
      }
      try (InputStream in = Files.newInputStream(file)) {
        return decodeBytes(readBounded(in, "file " + file));
      }
    } catch (NoSuchFileException e) {
      throw new ImageDecodeException(Reason.IO, "cannot read " + file + ": no such file", e);
    } catch (IOException e) {
      throw new ImageDecodeException(Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes an image from a stream, reading at most {@link DecodeLimits#maxBytes()} + 1 bytes:
   * a longer (or endless) stream fails with {@code TOO_MANY_BYTES} without being drained.
   * The stream is not closed; that stays with whoever opened it.
   *
   * @throws ImageDecodeException as {@link #decode(byte[])}, and with {@code IO} if reading
   *     the stream fails
   * @throws NullPointerException if {@code in} is null
   */
  public DecodedImage decode(InputStream in) {
    Objects.requireNonNull(in, "in");
    try {
      return decodeBytes(readBounded(in, "stream"));
    } catch (IOException e) {
      throw new ImageDecodeException(Reason.IO, "cannot read stream: " + e.getMessage(), e);
    }
  }

  private byte[] readBounded(InputStream in, String what) throws IOException {
    long max = limits.maxBytes();
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(max, READ_CHUNK));
    byte[] chunk = new byte[READ_CHUNK];
    long total = 0;
    while (true) {
      // Never ask for more than one byte past the limit: that byte proves the breach.
      int want = (int) Math.min(chunk.length, max + 1 - total);
      int n = in.read(chunk, 0, want);
      if (n < 0) {
        return out.toByteArray();
      }
      total += n;
      if (total > max) {
        throw new ImageDecodeException(Reason.TOO_MANY_BYTES,
            what + " has more than maxBytes " + max + " bytes");
      }
      out.write(chunk, 0, n);
    }
  }

  private DecodedImage decodeBytes(byte[] bytes) {
    if (bytes.length == 0) {
      throw new ImageDecodeException(Reason.EMPTY, "input is empty (0 bytes)");
    }
    String format = sniffSupported(bytes);
    try (ImageInputStream iis = new MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(bytes))) {
      ImageReader reader = pickReader(iis, format, bytes);
      try {
        return read(reader, format, iis, bytes);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      // Only closing an in-memory stream can get here; reading errors are classified in read().
      throw new ImageDecodeException(Reason.IO, "cannot read input: " + e.getMessage(), e);
    }
  }

  /**
   * The format named by the leading bytes if it is one of {@link #FORMATS} or of the limits'
   * extra formats. Decided before any reader sees the input, so no other reader ImageIO has is
   * ever asked even whether it can read it. Bytes of no signature known here are offered to the
   * readers of the extra formats only.
   */
  private String sniffSupported(byte[] bytes) {
    String sniffed = FormatSniffer.name(bytes);
    if (sniffed == null) {
      for (String extra : limits.extraFormats()) {
        if (someReaderAccepts(extra, bytes)) {
          return extra;
        }
      }
      throw new ImageDecodeException(Reason.NOT_AN_IMAGE,
          "input is not a recognised image format (" + bytes.length + " bytes starting with "
              + FormatSniffer.head(bytes) + ")");
    }
    if (!FORMATS.contains(sniffed) && !limits.extraFormats().contains(sniffed)) {
      throw new ImageDecodeException(Reason.UNSUPPORTED_FORMAT,
          "input is " + sniffed + ", which is not supported; supported formats are "
              + String.join(", ", FORMATS) + " (DecodeLimits.withExtraFormats(\"" + sniffed
              + "\") opens it to input you trust)");
    }
    return sniffed;
  }

  private static boolean someReaderAccepts(String format, byte[] bytes) {
    try (ImageInputStream iis = new MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(bytes))) {
      Iterator<ImageReaderSpi> spis =
          IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
      while (spis.hasNext()) {
        ImageReaderSpi spi = spis.next();
        if (readsFormat(spi, format) && accepts(spi, iis)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A reader of {@code format} that accepts the input, preferring TwelveMonkeys' over the
   * JDK's when both do. Readers of other formats are not consulted.
   */
  private static ImageReader pickReader(ImageInputStream iis, String format, byte[] bytes) {
    Iterator<ImageReaderSpi> spis =
        IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
    boolean installed = false;
    ImageReaderSpi chosen = null;
    while (spis.hasNext()) {
      ImageReaderSpi spi = spis.next();
      if (!readsFormat(spi, format)) {
        continue;
      }
      installed = true;
      if ((chosen == null || (!isTwelveMonkeys(chosen) && isTwelveMonkeys(spi))) && accepts(spi, iis)) {
        chosen = spi;
      }
    }
    if (chosen == null && !installed) {
      throw new ImageDecodeException(Reason.UNSUPPORTED_FORMAT,
          "input is " + format + " but no ImageIO reader for it is installed");
    }
    if (chosen == null) {
      // The sniffer is as lenient as the readers' own checks (two bytes for JPEG and BMP), so
      // this is a damaged signature such as "GIF85a" or a PNG whose line-ending bytes changed.
      throw new ImageDecodeException(Reason.CORRUPT,
          "input starts like " + format + " but its signature is invalid (" + bytes.length
              + " bytes starting with " + FormatSniffer.head(bytes) + ")");
    }
    try {
      return chosen.createReaderInstance();
    } catch (IOException e) {
      throw new ImageDecodeException(Reason.IO,
          "cannot create the " + format + " reader: " + e.getMessage(), e);
    }
  }

  private static boolean readsFormat(ImageReaderSpi spi, String format) {
    for (String name : spi.getFormatNames()) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.equals(format) || (format.equals("jpeg") && n.equals("jpg"))) {
        return true;
      }
    }
    return false;
  }

  /** As ImageIO itself asks: from the start of the stream, which is rewound afterwards. */
  private static boolean accepts(ImageReaderSpi spi, ImageInputStream iis) {
    try {
      iis.mark();
      try {
        return spi.canDecodeInput(iis);
      } finally {
        iis.reset();
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isTwelveMonkeys(ImageReaderSpi spi) {
    return spi.getClass().getName().startsWith("com.twelvemonkeys.");
  }

  private DecodedImage read(ImageReader reader, String format, ImageInputStream iis, byte[] bytes) {
    List<String> warnings = new ArrayList<>();
    int width;
    int height;
    BufferedImage image;
    int factor;
    try {
      reader.setInput(iis, true, true);
      reader.addIIOReadWarningListener(new IIOReadWarningListener() {
        @Override
        public void warningOccurred(ImageReader source, String warning) {
          warnings.add(warning);
        }
      });
      checkBmpCompression(format, bytes);
      checkJpegIccProfile(format, bytes);
      width = reader.getWidth(0);
      height = reader.getHeight(0);
      long pixels = (long) width * height;
      if (width < 1 || height < 1) {
        throw new ImageDecodeException(Reason.CORRUPT,
            format + " header declares an empty image " + width + "x" + height);
      }
      if (pixels > limits.maxPixels()) {
        throw new ImageDecodeException(Reason.TOO_MANY_PIXELS,
            "image is " + width + "x" + height + " = " + pixels + " pixels, more than maxPixels "
                + limits.maxPixels());
      }
      factor = targetSide == FULL_RESOLUTION ? 1 : Math.max(1, Math.max(width, height) / targetSide);
      ImageReadParam param = reader.getDefaultReadParam();
      if (factor > 1) {
        param.setSourceSubsampling(factor, factor, 0, 0);
      }
      image = reader.read(0, param);
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Readers signal bad data with IIOException, EOFException and, when the data drives
      // them into states they do not check, with runtime exceptions of every kind.
      throw failure(format, e, warnings);
    }
    String truncation = truncationWarning(warnings);
    if (truncation != null) {
      throw new ImageDecodeException(Reason.TRUNCATED,
          format + " data ends early (" + bytes.length + " bytes): " + truncation);
    }
    int orientation = ExifOrientation.read(bytes, format);
    BufferedImage upright = ExifOrientation.apply(image, orientation);
    return new DecodedImage(upright, format, width, height, orientation, factor, bytes.length);
  }

  /**
   * BMP compressions 4 and 5 wrap a whole JPEG or PNG file, which the BMP reader hands to
   * another reader: that file's own width and height never pass the pixel check, so a 1x1 BMP
   * could carry a gigapixel PNG. Only printer spools use them; they are refused before reading.
   */
  private static void checkBmpCompression(String format, byte[] bytes) {
    if (!format.equals("bmp") || bytes.length < 34) {
      return;
    }
    int headerSize = le32(bytes, 14);
    int compression = le32(bytes, 30);
    if (headerSize >= 40 && (compression == 4 || compression == 5)) {
      throw new ImageDecodeException(Reason.UNSUPPORTED_FORMAT, "bmp with embedded "
          + (compression == 4 ? "JPEG" : "PNG") + " data (compression " + compression + ") is not supported");
    }
  }

  /** "ICC_PROFILE\0", the 12-byte tag that starts an APP2 segment carrying an ICC profile. */
  private static final byte[] ICC_TAG = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * A JPEG's ICC profile arrives in APP2 segments, and its 128-byte header declares its total
   * size. The TwelveMonkeys reader allocates that declared size before reading the data, so a
   * 200-byte segment declaring 2 GB takes the heap down. A profile larger than all its segments
   * together cannot be read anyway; it is refused before the reader sees it. Candidates for the
   * header are the segments with the lowest sequence number and the first in file order.
   */
  private static void checkJpegIccProfile(String format, byte[] bytes) {
    if (!format.equals("jpeg")) {
      return;
    }
    long available = 0;
    long firstSize = -1; // declared by the first profile segment in file order
    long lowestSize = -1; // largest declared by the segments with the lowest sequence number
    int lowestSequence = Integer.MAX_VALUE;
    int i = 2;
    while (i + 4 <= bytes.length && (bytes[i] & 0xFF) == 0xFF) {
      int marker = bytes[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++; // fill byte
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        i += 2; // markers without a length
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        break; // entropy-coded data follows; profiles come before it
      }
      int length = (bytes[i + 2] & 0xFF) << 8 | (bytes[i + 3] & 0xFF);
      int payload = i + 4;
      int end = Math.min(bytes.length, i + 2 + length);
      if (marker == 0xE2 && end - payload >= ICC_TAG.length + 2 + 4
          && Arrays.equals(bytes, payload, payload + ICC_TAG.length, ICC_TAG, 0, ICC_TAG.length)) {
        int sequence = bytes[payload + ICC_TAG.length] & 0xFF;
        int data = payload + ICC_TAG.length + 2;
        available += end - data;
        long size = (bytes[data] & 0xFFL) << 24 | (bytes[data + 1] & 0xFF) << 16
            | (bytes[data + 2] & 0xFF) << 8 | (bytes[data + 3] & 0xFF);
        if (firstSize < 0) {
          firstSize = size;
        }
        if (sequence < lowestSequence) {
          lowestSequence = sequence;
          lowestSize = size;
        } else if (sequence == lowestSequence) {
          lowestSize = Math.max(lowestSize, size);
        }
      }
      if (length < 2) {
        break;
      }
      i += 2 + length;
    }
    long declared = Math.max(firstSize, lowestSize);
    if (declared > available) {
      throw new ImageDecodeException(Reason.CORRUPT, "jpeg ICC profile declares " + declared
          + " bytes but its APP2 segments hold " + available);
    }
  }

  private static int le32(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
  }

  private static ImageDecodeException failure(String format, Exception e, List<String> warnings) {
    String truncation = truncationWarning(warnings);
    boolean eof = truncation != null;
    for (Throwable t = e; t != null && !eof; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      eof = t instanceof EOFException || m.contains("premature end") || m.contains("unexpected end")
          || m.contains("end of stream") || m.contains("end of file");
    }
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return eof
        ? new ImageDecodeException(Reason.TRUNCATED, format + " data ends early: " + detail, e)
        : new ImageDecodeException(Reason.CORRUPT, format + " data is invalid: " + detail, e);
  }

  private static String truncationWarning(List<String> warnings) {
    for (String w : warnings) {
      String m = w.toLowerCase(Locale.ROOT);
      if (m.contains("premature end") || m.contains("unexpected end") || m.contains("truncated")) {
        return w;
      }
    }
    return null;
  }
}
