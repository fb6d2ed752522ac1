package org.imageindex.signatures.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.TestData;
import org.imageindex.signatures.decode.ImageDecodeException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

  /** Generous hang guard, not a speed target: every decode here takes well under a second. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(60);

  private static final ImageDecoder DECODER = ImageDecoder.standard();

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static ImageDecodeException fails(Reason reason, org.junit.jupiter.api.function.Executable decode) {
    ImageDecodeException e = assertTimeoutPreemptively(HANG_GUARD,
        () -> assertThrows(ImageDecodeException.class, decode));
    assertEquals(reason, e.reason(), () -> "reason of: " + e.getMessage());
    return e;
  }

  /** Stored width and height per image from a data set's images.csv / photos.csv. */
  private static Map<String, int[]> sizes(String csv) throws IOException {
    List<String> lines = Files.readAllLines(TestData.root().resolve(csv));
    List<String> header = Arrays.asList(lines.get(0).split(","));
    int wi = header.indexOf("width");
    int hi = header.indexOf("height");
    Map<String, int[]> out = new HashMap<>();
    for (List<String> row : TestData.csv(csv)) {
      String name = Path.of(row.get(0)).getFileName().toString();
      out.put(name, new int[] {Integer.parseInt(row.get(wi)), Integer.parseInt(row.get(hi))});
    }
    return out;
  }

  @Test
  void everyPhotoDecodesAtItsCatalogueSize() throws IOException {
    Map<String, int[]> sizes = sizes("photos/photos.csv");
    List<Path> files = TestData.images("photos/images");
    assertEquals(22, files.size());
    for (Path f : files) {
      DecodedImage d = assertTimeoutPreemptively(HANG_GUARD, () -> DECODER.decode(f));
      int[] expected = sizes.get(f.getFileName().toString());
      assertNotNull(expected, f.toString());
      assertEquals(expected[0], d.width(), f + " width");
      assertEquals(expected[1], d.height(), f + " height");
      assertEquals(1, d.orientation(), f + " orientation");
      assertEquals(Files.size(f), d.byteSize());
      String ext = f.getFileName().toString().endsWith(".png") ? "png" : "jpeg";
      assertEquals(ext, d.format(), f.toString());
    }
  }

  @Test
  void everyOtherDataSetImageDecodesSubsampled() throws IOException {
    // Subsampled to keep the suite fast; stored sizes still come from the headers and must
    // match the catalogues, and the subsampled result must respect the target side.
    ImageDecoder decoder = DECODER.withTargetSide(256);
    String[][] sets = {
        {"boofcv-triples/images", "boofcv-triples/images.csv"},
        {"pixabay-categories/images", "pixabay-categories/images.csv"},
        {"geometric-pairs/images", "geometric-pairs/images.csv"},
        {"neardup-variants/images/sway_blue", "neardup-variants/images.csv"},
    };
    int count = 0;
    for (String[] set : sets) {
      Map<String, int[]> sizes = sizes(set[1]);
      for (Path f : TestData.images(set[0])) {
        DecodedImage d = assertTimeoutPreemptively(HANG_GUARD, () -> decoder.decode(f));
        int[] expected = sizes.get(f.getFileName().toString());
        assertNotNull(expected, f.toString());
        assertEquals(expected[0], d.storedWidth(), f + " stored width");
        assertEquals(expected[1], d.storedHeight(), f + " stored height");
        int longer = Math.max(d.width(), d.height());
        int storedLonger = Math.max(expected[0], expected[1]);
        assertTrue(longer >= Math.min(256, storedLonger) && longer < Math.max(512, storedLonger + 1),
            f + " subsampled to " + d.width() + "x" + d.height());
        count++;
      }
    }
    for (String colour : List.of("black", "red", "white", "yellow")) {
      for (Path f : TestData.images("ferrari-colour-sample/images/" + colour)) {
        assertEquals("jpeg", decoder.decode(f).format());
        count++;
      }
    }
    System.out.println("decoded " + count + " further data-set images (subsampled to >= 256 px)");
    assertEquals(36 + 55 + 22 + 8 + 20, count);
  }

  @Test
  void subsamplingPicksTheLargestFactorThatKeepsTheTarget() {
    Path wood = TestData.dir("photos/images").resolve("mate_Wood.jpg"); // 2560x1920
    DecodedImage d = DECODER.withTargetSide(512).decode(wood);
    assertEquals(5, d.subsampling());
    assertEquals(512, d.width());
    assertEquals(384, d.height());
    assertEquals(2560, d.storedWidth());
    DecodedImage small = DECODER.withTargetSide(4000).decode(wood);
    assertEquals(1, small.subsampling());
    assertEquals(2560, small.width());
  }

  @Test
  void halfAJpegFailsAsTruncated() {
    byte[] full = read(TestData.dir("photos/images").resolve("mate_Garden.jpg"));
    byte[] half = Arrays.copyOf(full, full.length / 2);
    ImageDecodeException e = fails(Reason.TRUNCATED, () -> DECODER.decode(half));
    assertTrue(e.getMessage().startsWith("jpeg data ends early"), e.getMessage());
  }

  @Test
  void halfAPngFailsAsTruncated() {
    byte[] full = read(TestData.dir("photos/images").resolve("skimage_chelsea.png"));
    byte[] half = Arrays.copyOf(full, full.length / 2);
    fails(Reason.TRUNCATED, () -> DECODER.decode(half));
  }

  @Test
  void zeroBytesAreEmpty(@TempDir Path dir) throws IOException {
    ImageDecodeException e = fails(Reason.EMPTY, () -> DECODER.decode(new byte[0]));
    assertEquals("input is empty (0 bytes)", e.getMessage());
    Path empty = Files.write(dir.resolve("empty.jpg"), new byte[0]);
    fails(Reason.EMPTY, () -> DECODER.decode(empty));
    fails(Reason.EMPTY, () -> DECODER.decode(InputStream.nullInputStream()));
  }

  @Test
  void aTextFileNamedJpgIsNotAnImage(@TempDir Path dir) throws IOException {
    Path txt = Files.writeString(dir.resolve("photo.jpg"), "This is not a photo.\n");
    ImageDecodeException e = fails(Reason.NOT_AN_IMAGE, () -> DECODER.decode(txt));
    assertEquals("input is not a recognised image format (21 bytes starting with 54 68 69 73 20 69 73 20)",
        e.getMessage());
  }

  @Test
  void aKnownFormatWithoutAReaderIsUnsupported() {
    byte[] webp = "RIFF\0\0\0\0WEBPVP8 \0\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
    ImageDecodeException e = fails(Reason.UNSUPPORTED_FORMAT, () -> DECODER.decode(webp));
    assertEquals("input is webp, which is not supported; supported formats are jpeg, png, gif, bmp"
        + " (DecodeLimits.withExtraFormats(\"webp\") opens it to input you trust)", e.getMessage());
  }

  @Test
  void aRealTiffIsRefusedAlthoughTheJdkCouldReadIt(@TempDir Path dir) throws IOException {
    BufferedImage photo = Images.fit(DECODER.decode(TestData.dir("photos/images").resolve("skimage_coffee.png")).image(), 200).toImage();
    byte[] tiff = DecodeTestImages.encode(photo, "tiff");
    // The JDK reads it: the refusal below is the decoder's choice, not a missing plug-in.
    assertEquals(photo.getWidth(), ImageIO.read(new ByteArrayInputStream(tiff)).getWidth());
    String expected = "input is tiff, which is not supported; supported formats are jpeg, png, gif, bmp"
        + " (DecodeLimits.withExtraFormats(\"tiff\") opens it to input you trust)";
    assertEquals(expected, fails(Reason.UNSUPPORTED_FORMAT, () -> DECODER.decode(tiff)).getMessage());
    Path file = Files.write(dir.resolve("coffee.tif"), tiff);
    assertEquals(expected, fails(Reason.UNSUPPORTED_FORMAT, () -> DECODER.decode(file)).getMessage());
    assertEquals(expected, fails(Reason.UNSUPPORTED_FORMAT,
        () -> DECODER.withTargetSide(64).decode(new ByteArrayInputStream(tiff))).getMessage());
  }

  @Test
  void extraFormatsAreDecodedOnlyWhenTheCallerOpensThem() throws IOException {
    BufferedImage photo = Images.fit(DECODER.decode(TestData.dir("photos/images").resolve("skimage_coffee.png")).image(), 200).toImage();
    byte[] tiff = DecodeTestImages.encode(photo, "tiff");
    ImageDecoder opened = ImageDecoder.of(DecodeLimits.DEFAULT.withExtraFormats("tiff"));
    DecodedImage d = opened.decode(tiff);
    assertEquals("tiff", d.format());
    assertEquals(photo.getWidth(), d.image().getWidth());
    // The pixel bound holds for an extra format too.
    ImageDecoder small = ImageDecoder.of(DecodeLimits.of(1 << 20, 100).withExtraFormats("tiff"));
    fails(Reason.TOO_MANY_PIXELS, () -> small.decode(tiff));
    // WBMP has no signature: once opened, it is offered to the WBMP reader.
    byte[] wbmp = DecodeTestImages.encode(new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_BINARY), "wbmp");
    assertEquals(40, ImageDecoder.of(DecodeLimits.DEFAULT.withExtraFormats("wbmp")).decode(wbmp).image().getWidth());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DecodeLimits.DEFAULT.withExtraFormats("TIFF"));
    assertEquals("extraFormats must hold lower-case format names such as \"tiff\", got: TIFF", e.getMessage());
  }

  @Test
  void aFormatWithoutASignatureIsNotHandedToTheReaderThatWouldTakeIt() throws IOException {
    // WBMP has no magic number; the JDK's WBMP reader accepts it (and much else starting with
    // two zero bytes). Only the four supported formats ever reach a reader.
    BufferedImage bw = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_BINARY);
    byte[] wbmp = DecodeTestImages.encode(bw, "wbmp");
    assertEquals(40, ImageIO.read(new ByteArrayInputStream(wbmp)).getWidth());
    ImageDecodeException e = fails(Reason.NOT_AN_IMAGE, () -> DECODER.decode(wbmp));
    assertTrue(e.getMessage().startsWith("input is not a recognised image format (" + wbmp.length + " bytes starting with 00 00 28 1e"),
        e.getMessage());
  }

  @Test
  void aDamagedSignatureOfASupportedFormatIsCorrupt() {
    byte[] gif = DecodeTestImages.encode(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED), "gif");
    gif[4] = '5'; // "GIF85a": no such version, and no GIF reader accepts it
    ImageDecodeException e = fails(Reason.CORRUPT, () -> DECODER.decode(gif));
    assertTrue(e.getMessage().startsWith("input starts like gif but its signature is invalid (" + gif.length
        + " bytes starting with 47 49 46 38 35 61"), e.getMessage());
    byte[] png = DecodeTestImages.encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png");
    png[6] = 0x0B; // one byte of the eight-byte signature changed
    fails(Reason.CORRUPT, () -> DECODER.decode(png));
  }

  @Test
  void aPngHeaderClaiming50000SquaredFailsBeforeAllocating() {
    byte[] bomb = DecodeTestImages.pngHeaderOnly(50_000, 50_000);
    // 2.5 gigapixels would need 7.5 GB; the test JVM has 2 GB, so reaching our exception at all
    // proves nothing was allocated for the raster.
    ImageDecodeException e = fails(Reason.TOO_MANY_PIXELS, () -> DECODER.decode(bomb));
    assertEquals("image is 50000x50000 = 2500000000 pixels, more than maxPixels 100000000", e.getMessage());
  }

  @Test
  void aRealImageOverAPixelLimitNamesTheLimit() {
    Path chelsea = TestData.dir("photos/images").resolve("skimage_chelsea.png"); // 451x300
    ImageDecoder strict = ImageDecoder.of(DecodeLimits.DEFAULT.withMaxPixels(100_000));
    ImageDecodeException e = fails(Reason.TOO_MANY_PIXELS, () -> strict.decode(chelsea));
    assertEquals("image is 451x300 = 135300 pixels, more than maxPixels 100000", e.getMessage());
  }

  @Test
  void byteLimitIsEnforcedForBytesFilesAndStreams() {
    Path rocket = TestData.dir("photos/images").resolve("skimage_rocket.jpg"); // 112525 bytes
    ImageDecoder strict = ImageDecoder.of(DecodeLimits.DEFAULT.withMaxBytes(100_000));
    byte[] bytes = read(rocket);
    assertEquals("input has 112525 bytes, more than maxBytes 100000",
        fails(Reason.TOO_MANY_BYTES, () -> strict.decode(bytes)).getMessage());
    assertEquals("file " + rocket + " has 112525 bytes, more than maxBytes 100000",
        fails(Reason.TOO_MANY_BYTES, () -> strict.decode(rocket)).getMessage());
    assertEquals("stream has more than maxBytes 100000 bytes",
        fails(Reason.TOO_MANY_BYTES, () -> strict.decode(new ByteArrayInputStream(bytes))).getMessage());
    // One byte more than the file: accepted through every path.
    ImageDecoder exact = ImageDecoder.of(DecodeLimits.DEFAULT.withMaxBytes(112_525));
    assertEquals(640, exact.decode(new ByteArrayInputStream(bytes)).width());
    assertEquals(640, exact.decode(rocket).width());
  }

  @Test
  void anEndlessStreamStopsAtTheLimit() {
    AtomicLong served = new AtomicLong();
    InputStream endless = new InputStream() {
      private final Random random = new Random(7);

      @Override
      public int read() {
        served.incrementAndGet();
        return random.nextInt(256);
      }

      @Override
      public int read(byte[] b, int off, int len) {
        random.nextBytes(Arrays.copyOfRange(b, off, off + len));
        served.addAndGet(len);
        return len;
      }
    };
    ImageDecoder decoder = ImageDecoder.of(DecodeLimits.DEFAULT.withMaxBytes(4 << 20));
    fails(Reason.TOO_MANY_BYTES, () -> decoder.decode(endless));
    assertEquals((4L << 20) + 1, served.get(), "bytes pulled from the endless stream");
  }

  @Test
  void missingFileIsAnIoFailure(@TempDir Path dir) {
    Path missing = dir.resolve("nope.png");
    assertEquals("cannot read " + missing + ": no such file",
        fails(Reason.IO, () -> DECODER.decode(missing)).getMessage());
  }

  @Test
  void garbageAfterAValidPngHeaderIsCorrupt() {
    BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    byte[] png = DecodeTestImages.encode(img, "png");
    byte[] broken = png.clone();
    // Overwrite the compressed IDAT payload (after signature 8 + IHDR 25 + IDAT length/type 8)
    // with bytes zlib rejects, keeping the file length.
    Arrays.fill(broken, 41, broken.length - 12, (byte) 0xA5);
    ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> DECODER.decode(broken));
    assertTrue(e.reason() == Reason.CORRUPT, e.reason() + ": " + e.getMessage());
    assertTrue(e.getMessage().startsWith("png data is invalid"), e.getMessage());
  }

  @Test
  void cmykJpegComesOutInTheRightColours() throws IOException {
    // Four-band raster written by the JDK writer as a 4-component JPEG, then marked as Adobe
    // CMYK. The JDK reader refuses CMYK; TwelveMonkeys converts it to RGB.
    int w = 96;
    int h = 64;
    WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, new Point());
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // left half: pure magenta + yellow (red); right half: cyan only (cyan)
        int[] ink = x < w / 2 ? new int[] {0, 255, 255, 0} : new int[] {255, 0, 0, 0};
        // Stored inverted (255 = no ink), the Adobe convention every CMYK JPEG in the wild uses.
        cmyk.setPixel(x, y, new int[] {255 - ink[0], 255 - ink[1], 255 - ink[2], 255 - ink[3]});
      }
    }
    ImageWriter writer = DecodeTestImages.jdkJpegWriter();
    byte[] bytes;
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
        MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(cmyk, null, null), writer.getDefaultWriteParam());
      ios.flush();
      bytes = out.toByteArray();
    } finally {
      writer.dispose();
    }
    // Mark it the way Photoshop does: Adobe APP14 with transform 0 = CMYK stored as is.
    bytes = DecodeTestImages.withAdobeCmykMarker(bytes);
    assertEquals("FFEE(14)", DecodeTestImages.segments(bytes).get(0));
    DecodedImage d = DECODER.decode(bytes);
    assertEquals("jpeg", d.format());
    assertEquals(w, d.width());
    int[] rgb = Images.rgb(d.image());
    int left = rgb[(h / 2) * w + w / 4];
    int right = rgb[(h / 2) * w + 3 * w / 4];
    System.out.printf("CMYK JPEG decoded: red side #%06x, cyan side #%06x%n", left, right);
    // CMYK to RGB through an ICC profile is not the naive 255-ink formula, so only the hue
    // family is asserted: red clearly dominant on the left, cyan (green+blue) on the right.
    assertTrue((left >> 16 & 0xFF) > 180 && (left >> 8 & 0xFF) < 100 && (left & 0xFF) < 100,
        String.format("left should be red, got #%06x", left));
    assertTrue((right >> 16 & 0xFF) < 100 && (right >> 8 & 0xFF) > 120 && (right & 0xFF) > 180,
        String.format("right should be cyan, got #%06x", right));
  }

  @Test
  void sixteenBitPngsDecodeWithTheirPrecision() {
    BufferedImage gray = new BufferedImage(40, 30, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster gr = gray.getRaster();
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        gr.setSample(x, y, 0, x * 1600 + y); // uses the low byte: needs 16 bits
      }
    }
    DecodedImage g = DECODER.decode(DecodeTestImages.encode(gray, "png"));
    assertEquals(16, g.image().getColorModel().getComponentSize(0));
    assertEquals(39 * 1600 + 29, g.image().getRaster().getSample(39, 29, 0));

    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
        false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    WritableRaster r = cm.createCompatibleWritableRaster(40, 30);
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        r.setPixel(x, y, new int[] {65535, x * 1000 + 7, 0});
      }
    }
    BufferedImage rgb16 = new BufferedImage(cm, r, false, null);
    DecodedImage c = DECODER.decode(DecodeTestImages.encode(rgb16, "png"));
    assertEquals(16, c.image().getColorModel().getComponentSize(1));
    assertEquals(39 * 1000 + 7, c.image().getRaster().getSample(39, 5, 1));
    int p = Images.rgb(c.image())[0];
    assertEquals(0xFF, p >> 16 & 0xFF, "16-bit red flattens to 8-bit 255");
  }

  @Test
  void alphaAndGreyPngsKeepTheirLayout() {
    BufferedImage argb = new BufferedImage(20, 10, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x00FF0000); // fully transparent red
    argb.setRGB(1, 0, 0xFF0000FF); // opaque blue
    DecodedImage d = DECODER.decode(DecodeTestImages.encode(argb, "png"));
    assertTrue(d.image().getColorModel().hasAlpha());
    int[] px = Images.rgb(d.image());
    assertEquals(0xFFFFFF, px[0], "transparent composites over white");
    assertEquals(0x0000FF, px[1]);
    DecodedImage camera = DECODER.decode(TestData.dir("photos/images").resolve("skimage_camera.png"));
    assertEquals(1, camera.image().getColorModel().getNumComponents());
  }

  @Test
  void paletteGifAndBmpDecode() {
    byte[] r = {(byte) 255, 0, 0, 0};
    byte[] g = {0, (byte) 255, 0, 0};
    byte[] b = {0, 0, (byte) 255, 0};
    BufferedImage indexed = new BufferedImage(30, 20, BufferedImage.TYPE_BYTE_INDEXED,
        new IndexColorModel(2, 4, r, g, b));
    WritableRaster raster = indexed.getRaster();
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 30; x++) {
        raster.setSample(x, y, 0, x / 10);
      }
    }
    DecodedImage gif = DECODER.decode(DecodeTestImages.encode(indexed, "gif"));
    assertEquals("gif", gif.format());
    assertTrue(gif.image().getColorModel() instanceof IndexColorModel);
    int[] px = Images.rgb(gif.image());
    assertEquals(0xFF0000, px[0]);
    assertEquals(0x00FF00, px[15]);
    assertEquals(0x0000FF, px[29]);

    BufferedImage photo = Images.fit(DECODER.decode(TestData.dir("photos/images").resolve("skimage_coffee.png")).image(), 120).toImage();
    DecodedImage bmp = DECODER.decode(DecodeTestImages.encode(photo, "bmp"));
    assertEquals("bmp", bmp.format());
    assertArrayEquals(Images.rgb(photo), Images.rgb(bmp.image()), "BMP is lossless");
  }

  @Test
  void animatedGifYieldsItsFirstFrame() throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    byte[] bytes;
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
        MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.prepareWriteSequence(null);
      for (Color c : List.of(Color.RED, Color.GREEN, Color.BLUE)) {
        BufferedImage frame = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = frame.createGraphics();
        gr.setColor(c);
        gr.fillRect(0, 0, 32, 24);
        gr.dispose();
        ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(frame);
        IIOMetadata meta = writer.getDefaultImageMetadata(type, null);
        String fmt = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(fmt);
        IIOMetadataNode gce = new IIOMetadataNode("GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", "10");
        gce.setAttribute("transparentColorIndex", "0");
        root.appendChild(gce);
        meta.setFromTree(fmt, root);
        writer.writeToSequence(new IIOImage(frame, null, meta), null);
      }
      writer.endWriteSequence();
      ios.flush();
      bytes = out.toByteArray();
    } finally {
      writer.dispose();
    }
    var reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in);
      assertEquals(3, reader.getNumImages(true), "the test GIF must really be animated");
    } finally {
      reader.dispose();
    }
    DecodedImage d = DECODER.decode(bytes);
    assertEquals(32, d.width());
    int p = Images.rgb(d.image())[32 * 12 + 16];
    assertTrue((p >> 16 & 0xFF) > 200 && (p >> 8 & 0xFF) < 50 && (p & 0xFF) < 50,
        String.format("first (red) frame expected, got #%06x", p));
  }

  @Test
  void exifOrientationIsApplied() {
    // A real photo reduced and re-encoded without EXIF, then given an Orientation tag: the JPEG
    // data is identical in every variant, so the decoded pixels must be an exact rotation/flip.
    BufferedImage small = Images.fit(
        DECODER.decode(TestData.dir("photos/images").resolve("skimage_astronaut.png")).image(), 96).toImage();
    BufferedImage wide = small.getSubimage(0, 0, 96, 60); // non-square so axes swaps show
    BufferedImage copy = new BufferedImage(96, 60, BufferedImage.TYPE_INT_RGB);
    copy.createGraphics().drawImage(wide, 0, 0, null);
    byte[] plain = DecodeTestImages.jpeg(copy, 0.9f);
    DecodedImage base = DECODER.decode(plain);
    assertEquals(1, base.orientation());
    int w = base.width();
    int h = base.height();
    int[] s = Images.rgb(base.image());
    List<String> checked = new ArrayList<>();
    for (int o = 1; o <= 8; o++) {
      DecodedImage d = DECODER.decode(DecodeTestImages.withExifOrientation(plain, o));
      assertEquals(o, d.orientation());
      boolean swap = o >= 5;
      assertEquals(swap ? h : w, d.width(), "width for orientation " + o);
      assertEquals(swap ? w : h, d.height(), "height for orientation " + o);
      assertEquals(swap ? h : w, d.orientedWidth());
      assertEquals(w, d.storedWidth());
      int[] out = Images.rgb(d.image());
      int ow = d.width();
      for (int y = 0; y < d.height(); y++) {
        for (int x = 0; x < ow; x++) {
          // Where the displayed pixel (x, y) comes from in the stored raster (EXIF 2.3, table 4).
          int sx;
          int sy;
          switch (o) {
            case 1 -> { sx = x; sy = y; }
            case 2 -> { sx = w - 1 - x; sy = y; }
            case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
            case 4 -> { sx = x; sy = h - 1 - y; }
            case 5 -> { sx = y; sy = x; }
            case 6 -> { sx = y; sy = h - 1 - x; }
            case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
            default -> { sx = w - 1 - y; sy = x; }
          }
          int ox = x;
          int oy = y;
          int oo = o;
          assertEquals(s[sy * w + sx], out[y * ow + x], () -> "orientation " + oo + " pixel " + ox + "," + oy);
        }
      }
      checked.add(o + ":" + d.width() + "x" + d.height());
    }
    System.out.println("EXIF orientations checked pixel by pixel: " + checked);
  }

  @Test
  void limitsAndOptionsAreValidated() {
    assertEquals("maxBytes must be in 1..2147483639, got: 0",
        assertThrows(IllegalArgumentException.class, () -> DecodeLimits.of(0, 1)).getMessage());
    assertEquals("maxPixels must be >= 1, got: -5",
        assertThrows(IllegalArgumentException.class, () -> DecodeLimits.of(10, -5)).getMessage());
    assertEquals("targetSide must be >= 0, got: -1",
        assertThrows(IllegalArgumentException.class, () -> DECODER.withTargetSide(-1)).getMessage());
    assertEquals(DecodeLimits.DEFAULT, DECODER.limits());
    assertEquals(ImageDecoder.FULL_RESOLUTION, DECODER.targetSide());
  }
}
