package org.imageindex.signatures.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.TestData;
import org.imageindex.signatures.Transforms;
import org.imageindex.signatures.decode.ImageDecodeException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile images: the decoder's only outcomes are an image within its limits or an
 * {@link ImageDecodeException}. Never another exception, never an error (an OutOfMemoryError
 * would take the embedding process down), never a hang, and never an allocation the pixel limit
 * did not allow.
 *
 * <p>The corpus is generated in memory from real photographs: each case takes one valid
 * encoding (JPEG baseline, progressive and with EXIF; PNG RGB, grey, palette and alpha; GIF;
 * BMP 24-bit and palette; TIFF) and applies a seeded mutation: a truncation, bit flips, an
 * overwritten or spliced byte run, or a format-aware edit of headers, lengths, CRCs, markers,
 * palettes and metadata. TIFF is not decoded; its mutations check that whatever still starts
 * like a format outside {@link ImageDecoder#FORMATS} is refused unread, and that what no longer
 * does falls to the same checks as any other input. Case {@code i} depends only on the seed
 * and {@code i}; a failure names both. {@code -Dimageindex.hostile.cases=N} runs a longer corpus and
 * {@code -Dimageindex.hostile.seed=S} another one.
 */
class HostileImageCorpusTest {

  private static final int CI_CASES = 20_000;
  private static final long DEFAULT_SEED = 0x1A6E_5EEDL;

  /** Small enough that a bypass of the header check shows up as an allocation far above it. */
  private static final DecodeLimits STRICT = DecodeLimits.of(8L << 20, 1L << 20);
  private static final ImageDecoder FULL = ImageDecoder.of(STRICT);
  private static final ImageDecoder SUBSAMPLED = FULL.withTargetSide(24);

  /**
   * Most one case may allocate on the heap (garbage included): 1 MP at 8 bytes a pixel (16-bit
   * RGBA) twice (reader buffers, orientation copy) plus 32 MiB for metadata and reader state. A
   * reader that sized a raster from anything but the checked header would pass this by orders of
   * magnitude.
   */
  private static final long ALLOCATION_BOUND = 2 * 8 * STRICT.maxPixels() + (32L << 20);

  /**
   * Garbage the readers may churn per input byte on top of {@link #ALLOCATION_BOUND}: the JDK's
   * PNG reader allocates about 8 KiB per IDAT chunk, so a PNG re-split into one-byte chunks
   * (13 bytes each) churns about 600 bytes per input byte. Linear in the input, which
   * {@link DecodeLimits#maxBytes()} bounds; never retained.
   */
  private static final long CHURN_PER_INPUT_BYTE = 1024;

  /**
   * A hang guard, not a speed target: the slowest case is printed and takes milliseconds; 60 s
   * leaves room for a loaded 2-core machine while a decoder that never returns still fails.
   */
  private static final Duration PER_CASE_LIMIT = Duration.ofSeconds(60);
  private static final Duration RUN_LIMIT = Duration.ofMinutes(10);

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private record Encoded(String label, String format, byte[] bytes) {}

  private static List<Encoded> encodings;

  @BeforeAll
  static void encodeBaseImages() throws IOException {
    Path photos = TestData.dir("photos/images");
    List<Encoded> out = new ArrayList<>();
    for (String name : List.of("skimage_chelsea.png", "skimage_coffee.png", "mate_Wood.jpg", "skimage_camera.png")) {
      BufferedImage small = Transforms.read(photos.resolve(name), 64);
      String base = name.substring(0, name.indexOf('.'));
      out.add(new Encoded(base + ".jpeg", "jpeg", Transforms.jpeg(small, 0.85f)));
      out.add(new Encoded(base + ".exif.jpeg", "jpeg",
          DecodeTestImages.withExifOrientation(Transforms.jpeg(small, 0.8f), 6)));
      out.add(new Encoded(base + ".progressive.jpeg", "jpeg", progressiveJpeg(small)));
      out.add(new Encoded(base + ".png", "png", DecodeTestImages.encode(small, "png")));
      out.add(new Encoded(base + ".grey.png", "png", DecodeTestImages.encode(convert(small, BufferedImage.TYPE_BYTE_GRAY), "png")));
      out.add(new Encoded(base + ".palette.png", "png", DecodeTestImages.encode(convert(small, BufferedImage.TYPE_BYTE_INDEXED), "png")));
      out.add(new Encoded(base + ".alpha.png", "png", DecodeTestImages.encode(convert(small, BufferedImage.TYPE_INT_ARGB), "png")));
      out.add(new Encoded(base + ".gif", "gif", DecodeTestImages.encode(convert(small, BufferedImage.TYPE_BYTE_INDEXED), "gif")));
      out.add(new Encoded(base + ".bmp", "bmp", DecodeTestImages.encode(small, "bmp")));
      out.add(new Encoded(base + ".palette.bmp", "bmp", DecodeTestImages.encode(convert(small, BufferedImage.TYPE_BYTE_INDEXED), "bmp")));
      out.add(new Encoded(base + ".tiff", "tiff", DecodeTestImages.encode(small, "tiff")));
    }
    // One camera file as it came, with its own segments, at full size (640x427).
    out.add(new Encoded("skimage_rocket.jpg", "jpeg", Files.readAllBytes(photos.resolve("skimage_rocket.jpg"))));
    out.add(new Encoded("animated.gif", "gif", HostileImages.animatedGif(40, 1, 1)));
    for (Encoded e : out) {
      if (ImageDecoder.FORMATS.contains(e.format())) {
        DecodedImage d = FULL.decode(e.bytes()); // every base must be valid, or its mutations prove little
        assertEquals(e.format(), d.format(), e.label());
      } else {
        ImageDecodeException refused = assertThrows(ImageDecodeException.class, () -> FULL.decode(e.bytes()));
        assertEquals(Reason.UNSUPPORTED_FORMAT, refused.reason(), e.label());
      }
    }
    encodings = List.copyOf(out);
  }

  @Test
  void corpusYieldsAnImageWithinLimitsOrImageDecodeException() {
    int cases = Integer.getInteger("imageindex.hostile.cases", CI_CASES);
    long seed = Long.getLong("imageindex.hostile.seed", DEFAULT_SEED);
    Stats stats = assertTimeoutPreemptively(RUN_LIMIT, () -> runCorpus(cases, seed),
        () -> "hostile image corpus (seed " + seed + ", " + cases + " cases) exceeded the hang guard " + RUN_LIMIT);
    System.out.printf("hostile images seed=%d: %d cases in %.1f s: %d decoded, failures by reason %s;"
            + " per mutation %s; slowest %.1f ms (case %d, %s), largest allocation %.1f MB (case %d, %s)%n",
        seed, cases, stats.totalNanos / 1e9, stats.decoded, stats.reasons, stats.perKind,
        stats.slowestNanos / 1e6, stats.slowestCase, stats.slowestLabel,
        stats.maxAllocated / 1e6, stats.maxAllocatedCase, stats.maxAllocatedLabel);
    assertEquals(cases, stats.decoded + stats.reasons.values().stream().mapToInt(Integer::intValue).sum());
    // A corpus that never got past the readers, or never broke them, would prove nothing.
    assertTrue(stats.decoded > cases / 20, "too few mutated inputs still decoded: " + stats.decoded);
    assertTrue(stats.reasons.getOrDefault(Reason.CORRUPT, 0) > cases / 20, "too few corrupt: " + stats.reasons);
    assertTrue(stats.reasons.getOrDefault(Reason.TRUNCATED, 0) > cases / 50, "too few truncated: " + stats.reasons);
    assertTrue(stats.reasons.getOrDefault(Reason.TOO_MANY_PIXELS, 0) > cases / 200, "too few over the pixel limit: " + stats.reasons);
  }

  private static final class Stats {
    int decoded;
    final Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
    final Map<String, Integer> perKind = new TreeMap<>();
    long totalNanos;
    long slowestNanos;
    int slowestCase;
    String slowestLabel;
    long maxAllocated;
    int maxAllocatedCase;
    String maxAllocatedLabel;
  }

  private static Stats runCorpus(int cases, long seed) {
    Stats stats = new Stats();
    long start = System.nanoTime();
    for (int i = 0; i < cases; i++) {
      Case c = generate(seed, i);
      ImageDecoder decoder = c.decoder();
      String label = c.label();
      stats.perKind.merge(c.kind(), 1, Integer::sum);
      String where = c.where(seed, i);
      byte[] input = c.input();
      byte[] bytes = input;
      long allocBefore = THREADS.getCurrentThreadAllocatedBytes();
      long t0 = System.nanoTime();
      String sniffed = FormatSniffer.name(bytes);
      try {
        DecodedImage d = decoder.decode(bytes);
        assertWithinLimits(d, where);
        assertEquals(sniffed, d.format(), () -> where + ": decoded as another format than its leading bytes say");
        stats.decoded++;
      } catch (ImageDecodeException e) {
        if (sniffed != null && !ImageDecoder.FORMATS.contains(sniffed)) {
          assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason(), () -> where + " starts like " + sniffed + ": " + e.getMessage());
        }
        stats.reasons.merge(e.reason(), 1, Integer::sum);
      } catch (Throwable t) {
        fail(where + ": expected a decoded image or ImageDecodeException, got " + t, t);
      }
      long nanos = System.nanoTime() - t0;
      long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocBefore;
      if (nanos > stats.slowestNanos) {
        stats.slowestNanos = nanos;
        stats.slowestCase = i;
        stats.slowestLabel = label;
      }
      if (allocated > stats.maxAllocated) {
        stats.maxAllocated = allocated;
        stats.maxAllocatedCase = i;
        stats.maxAllocatedLabel = label;
      }
      assertTrue(nanos < PER_CASE_LIMIT.toNanos(), () -> where + " took " + nanos / 1_000_000 + " ms");
      long bound = ALLOCATION_BOUND + CHURN_PER_INPUT_BYTE * bytes.length;
      assertTrue(allocated < bound, () -> where + " allocated " + allocated + " bytes, more than " + bound);
    }
    stats.totalNanos = System.nanoTime() - start;
    return stats;
  }

  /** One corpus input: which base and mutation it came from, the bytes, and the decoder to use. */
  private record Case(String label, String kind, byte[] input, ImageDecoder decoder) {
    String where(long seed, int i) {
      return "seed " + seed + " case " + i + " (" + label + ", " + input.length + " bytes"
          + (decoder == SUBSAMPLED ? ", subsampled" : "") + ")";
    }
  }

  /** Case {@code i} of the corpus for {@code seed}: a function of the two and nothing else. */
  private static Case generate(long seed, int i) {
    Random r = new Random(mix(seed, i));
    Encoded base = encodings.get(r.nextInt(encodings.size()));
    String kind = switch (r.nextInt(6)) {
      case 0 -> "truncate";
      case 1 -> "flip";
      case 2 -> "run";
      case 3 -> "splice";
      default -> "edit";
    };
    byte[] input = mutate(base, kind, r);
    if (r.nextInt(8) == 0) {
      input = HostileImages.flipBits(input, r); // a second, unrelated defect
      kind += "+flip";
    }
    ImageDecoder decoder = r.nextInt(4) == 0 ? SUBSAMPLED : FULL;
    return new Case(base.label() + " " + kind, kind, input, decoder);
  }

  private static byte[] mutate(Encoded base, String kind, Random r) {
    byte[] b = base.bytes();
    return switch (kind) {
      case "truncate" -> HostileImages.truncate(b, r);
      case "flip" -> HostileImages.flipBits(b, r);
      case "run" -> HostileImages.overwriteRun(b, r);
      case "splice" -> HostileImages.splice(b, r);
      default -> switch (base.format()) {
        case "jpeg" -> HostileImages.editJpeg(b, r);
        case "png" -> HostileImages.editPng(b, r);
        case "gif" -> HostileImages.editGif(b, r);
        case "bmp" -> HostileImages.editBmp(b, r);
        default -> HostileImages.editTiff(b, r);
      };
    };
  }

  /** A well-mixed 64-bit seed for case {@code i} (SplitMix64 finaliser). */
  private static long mix(long seed, int i) {
    long z = seed + 0x9E37_79B9_7F4A_7C15L * (i + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }

  private static void assertWithinLimits(DecodedImage d, String where) {
    long stored = (long) d.storedWidth() * d.storedHeight();
    assertTrue(stored <= STRICT.maxPixels(), () -> where + ": decoded " + d.storedWidth() + "x" + d.storedHeight());
    long raster = (long) d.image().getWidth() * d.image().getHeight();
    assertTrue(raster <= stored, () -> where + ": raster " + d.width() + "x" + d.height() + " larger than stored size");
  }

  // ---- hand-made attacks with exact expectations -------------------------------------------------

  /** Runs {@code decode} under the hang guard and returns its result with what it allocated. */
  private static <T> T bounded(String what, long maxBytes, Supplier<T> decode) {
    return assertTimeoutPreemptively(PER_CASE_LIMIT, () -> {
      long before = THREADS.getCurrentThreadAllocatedBytes();
      long t0 = System.nanoTime();
      T result;
      try {
        result = decode.get();
      } catch (ImageDecodeException e) {
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        System.out.printf("%s: %s (%s) in %.1f ms, %.1f MB allocated%n", what, e.reason(), e.getMessage(),
            (System.nanoTime() - t0) / 1e6, allocated / 1e6);
        assertTrue(allocated < maxBytes, what + " allocated " + allocated + " bytes");
        throw e;
      }
      long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
      System.out.printf("%s: decoded in %.1f ms, %.1f MB allocated%n", what, (System.nanoTime() - t0) / 1e6, allocated / 1e6);
      assertTrue(allocated < maxBytes, what + " allocated " + allocated + " bytes");
      return result;
    });
  }

  private static ImageDecodeException fails(Reason reason, String what, long maxBytes, Supplier<DecodedImage> decode) {
    ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> bounded(what, maxBytes, decode));
    assertEquals(reason, e.reason(), () -> what + ": " + e.getMessage());
    return e;
  }

  @Test
  void pngBombsFailOnTheHeaderBeforeInflating() {
    // 20000 x 20000 grey, IDAT = zlib of 16 MiB of zeros (16 KiB on disk): the claimed raster
    // is 400 MB, and the check must happen before the reader inflates or allocates any of it.
    byte[] bomb = HostileImages.pngBomb(20_000, 20_000, 16 << 20);
    assertTrue(bomb.length < 64 << 10, "bomb is " + bomb.length + " bytes");
    ImageDecodeException e = fails(Reason.TOO_MANY_PIXELS, "PNG bomb 20000x20000", 8L << 20,
        () -> ImageDecoder.standard().decode(bomb));
    assertEquals("image is 20000x20000 = 400000000 pixels, more than maxPixels 100000000", e.getMessage());
    // Within the limit the same trick is just a large blank image: 1000 x 1000 decodes, bounded.
    byte[] allowed = HostileImages.pngBomb(1000, 1000, 1000 * 1001);
    DecodedImage d = bounded("PNG 1000x1000 of zeros", ALLOCATION_BOUND, () -> FULL.decode(allowed));
    assertEquals(1000, d.width());
    assertEquals(0, Images.rgb(d.image())[500_500]);
  }

  @Test
  void aHugeHeaderWithLittleDataNeverAllocatesTheClaimedRaster() {
    // PNG: IHDR 2000 x 1000 with an empty zlib stream, checked against the 1 MP limit.
    fails(Reason.TOO_MANY_PIXELS, "PNG 2000x1000 header, no data", 8L << 20,
        () -> FULL.decode(DecodeTestImages.pngHeaderOnly(2000, 1000)));
    // JPEG: a real file whose SOF claims 65535 x 65535.
    byte[] jpeg = encodings.get(0).bytes().clone();
    int sof = sofOffset(jpeg);
    HostileImages.putBe16(jpeg, sof + 5, 65_535);
    HostileImages.putBe16(jpeg, sof + 7, 65_535);
    ImageDecodeException e = fails(Reason.TOO_MANY_PIXELS, "JPEG SOF 65535x65535", 8L << 20,
        () -> ImageDecoder.standard().decode(jpeg));
    assertEquals("image is 65535x65535 = 4294836225 pixels, more than maxPixels 100000000", e.getMessage());
    // GIF: a 1x1 frame on a 65535 x 65535 logical screen decodes as the frame, nothing more.
    DecodedImage screen = bounded("GIF 1x1 frame on a 65535x65535 screen", 8L << 20,
        () -> ImageDecoder.standard().decode(HostileImages.animatedGif(1, 65_535, 65_535)));
    assertEquals(1, screen.width());
    assertEquals(1, screen.height());
    // GIF: a 65535 x 65535 frame on a 1 x 1 screen is over the limit.
    byte[] bigFrame = HostileImages.animatedGif(1, 1, 1);
    int d = HostileImages.gifFirstDescriptor(bigFrame);
    HostileImages.putLe16(bigFrame, d + 5, 65_535);
    HostileImages.putLe16(bigFrame, d + 7, 65_535);
    fails(Reason.TOO_MANY_PIXELS, "GIF 65535x65535 frame", 8L << 20, () -> ImageDecoder.standard().decode(bigFrame));
  }

  @Test
  void aBmpCannotSmuggleAnUncheckedImageInsideIt() {
    // BI_PNG (5) and BI_JPEG (4) make the BMP reader decode an embedded file with its own header,
    // which the BMP header check never saw: a 1x1 BMP carrying a 20000 x 20000 PNG.
    byte[] png = HostileImages.pngBomb(20_000, 20_000, 1 << 20);
    ImageDecodeException e = fails(Reason.UNSUPPORTED_FORMAT, "BMP 1x1 embedding a 20000x20000 PNG", 16L << 20,
        () -> ImageDecoder.standard().decode(HostileImages.bmpWithEmbedded(png, 5, 1, 1)));
    assertEquals("bmp with embedded PNG data (compression 5) is not supported", e.getMessage());
    byte[] jpeg = encodings.get(0).bytes();
    fails(Reason.UNSUPPORTED_FORMAT, "BMP embedding a JPEG", 16L << 20,
        () -> ImageDecoder.standard().decode(HostileImages.bmpWithEmbedded(jpeg, 4, 64, 43)));
  }

  @Test
  void aTiffIsRefusedBeforeAnyReaderSeesIt() {
    // Found by the corpus (seed 20240917, case 15967): a 64 x 48 TIFF whose bit flips made its
    // bits per sample read 8, 24, 8 and damaged its compression tag had the JDK's TIFF reader
    // allocate 67 MB before failing, from fields the pixel check never reads. TIFF is not a
    // format we decode, so it now gets no reader.
    long seed = 20_240_917L;
    Case found = generate(seed, 15_967);
    assertEquals("mate_Wood.tiff flip+flip", found.label(), "the corpus no longer generates the case it found");
    assertEquals(9416, found.input().length);
    ImageDecodeException e = fails(Reason.UNSUPPORTED_FORMAT, found.where(seed, 15_967), 1L << 20,
        () -> found.decoder().decode(found.input()));
    assertEquals("input is tiff, which is not supported; supported formats are jpeg, png, gif, bmp"
        + " (DecodeLimits.withExtraFormats(\"tiff\") opens it to input you trust)", e.getMessage());
    // The unmutated TIFF too, in both byte orders: the magic alone decides.
    byte[] tiff = encodings.stream().filter(c -> c.format().equals("tiff")).findFirst().orElseThrow().bytes();
    fails(Reason.UNSUPPORTED_FORMAT, "valid TIFF", 1L << 20, () -> ImageDecoder.standard().decode(tiff));
    byte[] swapped = tiff.clone();
    swapped[0] = swapped[1] = (byte) (tiff[0] == 'I' ? 'M' : 'I');
    swapped[2] = tiff[3];
    swapped[3] = tiff[2];
    fails(Reason.UNSUPPORTED_FORMAT, "TIFF with its byte order swapped", 1L << 20, () -> ImageDecoder.standard().decode(swapped));
  }

  @Test
  void anIccProfileDeclaringGigabytesIsRefusedBeforeTheReaderAllocatesIt() {
    // Found by the corpus: the TwelveMonkeys JPEG reader allocates the size an ICC header
    // declares before reading it, so a 160-byte APP2 segment declaring 2 GB was an OutOfMemoryError.
    byte[] segment = new byte[4 + 14 + 132];
    segment[0] = (byte) 0xFF;
    segment[1] = (byte) 0xE2;
    HostileImages.putBe16(segment, 2, segment.length - 2);
    System.arraycopy("ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, segment, 4, 12);
    segment[16] = 1; // sequence number
    segment[17] = 1; // of one segment
    HostileImages.putBe32(segment, 18, Integer.MAX_VALUE); // declared profile size
    System.arraycopy("acsp".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, segment, 18 + 36, 4);
    byte[] jpeg = HostileImages.insertAfterSoi(encodings.get(0).bytes(), segment);
    ImageDecodeException e = fails(Reason.CORRUPT, "JPEG ICC profile declaring 2 GB", 8L << 20,
        () -> ImageDecoder.standard().decode(jpeg));
    assertEquals("jpeg ICC profile declares 2147483647 bytes but its APP2 segments hold 132", e.getMessage());
    // Declaring what the segment holds passes this check; the reader then judges the content
    // (this one is mostly zeros) and ignores a profile it cannot use.
    HostileImages.putBe32(segment, 18, 132);
    DecodedImage d = ImageDecoder.standard().decode(HostileImages.insertAfterSoi(encodings.get(0).bytes(), segment));
    assertEquals(64, d.width());
  }

  @Test
  void anAnimatedGifWithTwentyThousandFramesYieldsItsFirstFrameQuickly() {
    byte[] gif = HostileImages.animatedGif(20_000, 1, 1);
    long t0 = System.nanoTime();
    DecodedImage d = bounded("GIF with 20000 frames", 16L << 20, () -> ImageDecoder.standard().decode(gif));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(1, d.width());
    assertEquals(0xFF0000, Images.rgb(d.image())[0], "the first frame is red");
    assertTrue(ms < 2_000, "first frame of a 20000-frame GIF took " + ms + " ms; only frame 0 should be read");
  }

  @Test
  void loopingNestedAndHugeExifNeverBreaksADecode() {
    byte[] plain = encodings.get(0).bytes(); // chelsea, 64 x 43
    Map<String, byte[]> attacks = new TreeMap<>();
    attacks.put("IFD0 next pointer to itself", HostileImages.exifSelfLoop());
    attacks.put("sub-IFD and GPS pointers to IFD0", HostileImages.exifSubIfdLoop());
    attacks.put("3000 nested sub-IFDs", HostileImages.exifChain(3000));
    attacks.put("entry count 65535 past the end", HostileImages.exifEntryCountPastEnd(new Random(1)));
    Random r = new Random(2);
    for (int i = 0; i < 20; i++) {
      attacks.put("enormous value counts #" + i, HostileImages.exifHugeCounts(r));
    }
    Map<String, Integer> orientations = new TreeMap<>();
    for (Map.Entry<String, byte[]> a : attacks.entrySet()) {
      byte[] segment = HostileImages.exifSegment(a.getValue());
      // Once, and as 200 segments in a row (each parsed on its own).
      for (int copies : new int[] {1, 200}) {
        byte[] many = HostileImages.concat(java.util.Collections.nCopies(copies, segment).toArray(byte[][]::new));
        byte[] jpeg = HostileImages.insertAfterSoi(plain, many);
        DecodedImage d = bounded("EXIF " + a.getKey() + " x" + copies, ALLOCATION_BOUND, () -> ImageDecoder.standard().decode(jpeg));
        assertEquals(64, d.storedWidth(), a.getKey());
        assertEquals(43, d.storedHeight(), a.getKey());
        orientations.put(a.getKey(), d.orientation());
      }
    }
    System.out.println("orientation read from hostile EXIF: " + orientations);
    // IFD0 is read once before the loop is noticed: its tag still applies.
    assertEquals(6, orientations.get("IFD0 next pointer to itself"));
    assertEquals(3, orientations.get("sub-IFD and GPS pointers to IFD0"));
  }

  @Test
  void compressedTextAndProfileBombsInPngMetadataAreNotInflated() {
    // zTXt / iCCP chunks holding zlib of 512 MiB of zeros (about 0.5 MB on disk): a metadata
    // reader that inflated them would need the whole 512 MiB.
    byte[] base = encodings.get(3).bytes(); // chelsea PNG
    int at = HostileImages.pngChunks(base).get(1);
    for (String type : List.of("zTXt", "iCCP", "iTXt")) {
      byte[] head = switch (type) {
        case "zTXt" -> "Comment\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        case "iCCP" -> "icc\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        default -> "XML:com.adobe.xmp\0\1\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      };
      byte[] chunk = DecodeTestImages.chunk(type, HostileImages.concat(head, HostileImages.zlibZeros(512 << 20)));
      byte[] png = HostileImages.concat(java.util.Arrays.copyOf(base, at), chunk, java.util.Arrays.copyOfRange(base, at, base.length));
      DecodedImage d = bounded("PNG with a 512 MiB " + type + " bomb", 64L << 20, () -> ImageDecoder.standard().decode(png));
      assertEquals(64, d.width(), type);
    }
  }

  @Test
  void paletteEdgeCasesDecodeOrFailCleanly() {
    List<String> outcomes = new ArrayList<>();
    // PNG colour type 3 (8-bit palette) with a PLTE of 1, 0 and 256+ entries, and without PLTE.
    byte[] palettePng = encodings.get(5).bytes();
    for (int entries : new int[] {1, 0, 256, 300}) {
      byte[] png = replaceChunk(palettePng, "PLTE", DecodeTestImages.chunk("PLTE", new byte[3 * entries]));
      outcomes.add("PNG PLTE " + entries + ": " + outcome(png));
    }
    outcomes.add("PNG no PLTE: " + outcome(replaceChunk(palettePng, "PLTE", new byte[0])));
    outcomes.add("PNG tRNS 600: " + outcome(replaceChunk(palettePng, "PLTE",
        HostileImages.concat(chunkOf(palettePng, "PLTE"), DecodeTestImages.chunk("tRNS", new byte[600])))));
    // GIF without any colour table, and with a 2-entry table used by 8-bit indices.
    byte[] gif = encodings.get(7).bytes().clone();
    int packed = gif[10] & 0xFF;
    int tableEnd = 13 + ((packed & 0x80) != 0 ? 3 << ((packed & 7) + 1) : 0);
    byte[] noTable = HostileImages.concat(java.util.Arrays.copyOf(gif, 13), java.util.Arrays.copyOfRange(gif, tableEnd, gif.length));
    noTable[10] = (byte) (packed & 0x70);
    outcomes.add("GIF no colour table: " + outcome(noTable));
    // BMP 8-bit palette with 1, 0 and 2^31-1 colours used.
    byte[] bmp = encodings.get(9).bytes();
    for (int used : new int[] {1, 0, Integer.MAX_VALUE, -1}) {
      byte[] b = bmp.clone();
      HostileImages.putLe32(b, 46, used);
      outcomes.add("BMP clrUsed " + used + ": " + outcome(b));
    }
    System.out.println("palette edge cases: " + outcomes);
    assertEquals(11, outcomes.size());
  }

  /** "decoded WxH" or the failure reason; anything else fails the test. */
  private static String outcome(byte[] input) {
    try {
      DecodedImage d = bounded("palette case", ALLOCATION_BOUND, () -> ImageDecoder.standard().decode(input));
      assertTrue((long) d.storedWidth() * d.storedHeight() <= DecodeLimits.DEFAULT_MAX_PIXELS);
      return "decoded " + d.width() + "x" + d.height();
    } catch (ImageDecodeException e) {
      return e.reason().name();
    }
  }

  private static byte[] chunkOf(byte[] png, String type) {
    for (int c : HostileImages.pngChunks(png)) {
      if (new String(png, c + 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals(type)) {
        int len = java.nio.ByteBuffer.wrap(png, c, 4).getInt();
        return java.util.Arrays.copyOfRange(png, c, c + 12 + len);
      }
    }
    throw new AssertionError("no " + type + " chunk");
  }

  private static byte[] replaceChunk(byte[] png, String type, byte[] replacement) {
    for (int c : HostileImages.pngChunks(png)) {
      if (new String(png, c + 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals(type)) {
        int len = java.nio.ByteBuffer.wrap(png, c, 4).getInt();
        return HostileImages.concat(java.util.Arrays.copyOf(png, c), replacement,
            java.util.Arrays.copyOfRange(png, c + 12 + len, png.length));
      }
    }
    throw new AssertionError("no " + type + " chunk");
  }

  private static int sofOffset(byte[] jpeg) {
    for (int s : HostileImages.jpegSegments(jpeg)) {
      int m = jpeg[s + 1] & 0xFF;
      if (m >= 0xC0 && m <= 0xC3) {
        return s;
      }
    }
    throw new AssertionError("no SOF");
  }

  // ---- encodings ---------------------------------------------------------------------------------

  private static BufferedImage convert(BufferedImage src, int type) {
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
    Graphics2D g = out.createGraphics();
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return out;
  }

  private static byte[] progressiveJpeg(BufferedImage image) {
    ImageWriter writer = DecodeTestImages.jdkJpegWriter();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
        MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      writer.write(null, new IIOImage(image, null, null), p);
      ios.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }
}
