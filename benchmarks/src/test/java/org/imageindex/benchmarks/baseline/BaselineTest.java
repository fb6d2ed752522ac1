package org.imageindex.benchmarks.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.imageindex.benchmarks.BenchmarkData;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.decode.ImageDecoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BaselineTest {

  private static final int SIDE = 512;
  private static List<String> names;
  private static List<Images.Pixels> photos;
  private static final Map<Baseline, List<float[]>> DESCRIPTORS = new EnumMap<>(Baseline.class);

  @BeforeAll
  static void readPhotos() throws IOException {
    Path dir = BenchmarkData.root().resolve("photos/images");
    ImageDecoder decoder = ImageDecoder.standard().withTargetSide(SIDE);
    names = new ArrayList<>();
    photos = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.sorted().toList()) {
        names.add(p.getFileName().toString());
        photos.add(decoder.decode(p).pixels(SIDE));
      }
    }
    assertTrue(photos.size() >= 10, "expected the test photographs, found " + photos.size());
    for (Baseline b : Baseline.values()) {
      DESCRIPTORS.put(b, photos.stream().map(b::extract).toList());
    }
  }

  @ParameterizedTest
  @EnumSource(Baseline.class)
  void descriptorsHaveTheirLengthAndFiniteValues(Baseline b) {
    int[] expected = {512, 256, 12, 144, 680};
    assertEquals(expected[b.ordinal()], b.length());
    for (float[] d : DESCRIPTORS.get(b)) {
      assertEquals(b.length(), d.length);
      for (float v : d) {
        assertTrue(Float.isFinite(v) && v >= 0, b + " value " + v);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Baseline.class)
  void anImageIsAtDistanceZeroFromItselfAndDistancesAreSymmetric(Baseline b) {
    List<float[]> d = DESCRIPTORS.get(b);
    for (int i = 0; i < d.size(); i++) {
      assertEquals(0, b.distance(d.get(i), b.extract(photos.get(i))), 1e-12, names.get(i));
      for (int j = 0; j < d.size(); j++) {
        assertEquals(b.distance(d.get(i), d.get(j)), b.distance(d.get(j), d.get(i)), 1e-9);
        if (!java.util.Arrays.equals(d.get(i), d.get(j))) {
          assertTrue(b.distance(d.get(i), d.get(j)) > 0, names.get(i) + " vs " + names.get(j));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Baseline.class)
  void differentPhotosGetDifferentDescriptors(Baseline b) {
    // CEDD's 3-bit levels cannot tell two of the grey texture scans apart (grass and gravel:
    // the same grey fuzzy bins in the same texture areas at the same levels); every other pair,
    // and every pair for the other descriptors, differs.
    List<float[]> d = DESCRIPTORS.get(b);
    List<String> same = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      for (int j = i + 1; j < d.size(); j++) {
        if (java.util.Arrays.equals(d.get(i), d.get(j))) {
          same.add(names.get(i) + " = " + names.get(j));
        }
      }
    }
    assertEquals(b == Baseline.CEDD ? List.of("skimage_grass.png = skimage_gravel.png") : List.of(), same);
  }

  /**
   * The copy is strictly nearer its original than any photo whose descriptor differs from the
   * original's (a photo with the very same descriptor ties, and no descriptor can do better).
   */
  private static void assertNearest(Baseline b, float[] copy, int original, String what) {
    List<float[]> d = DESCRIPTORS.get(b);
    double toOriginal = b.distance(copy, d.get(original));
    for (int j = 0; j < photos.size(); j++) {
      if (j != original && !java.util.Arrays.equals(d.get(j), d.get(original))) {
        assertTrue(toOriginal < b.distance(copy, d.get(j)), b + ": " + what + " of " + names.get(original)
            + " at " + toOriginal + ", nearer to " + names.get(j) + " at " + b.distance(copy, d.get(j)));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Baseline.class)
  void aRecompressedCopyIsNearerThanEveryOtherPhoto(Baseline b) {
    for (int i = 0; i < photos.size(); i++) {
      assertNearest(b, b.extract(jpeg(photos.get(i), 0.5f)), i, "JPEG q=50 copy");
    }
  }

  @ParameterizedTest
  @EnumSource(Baseline.class)
  void aHalfSizeCopyIsNearerThanEveryOtherPhoto(Baseline b) {
    for (int i = 0; i < photos.size(); i++) {
      Images.Pixels p = photos.get(i);
      assertNearest(b, b.extract(Images.resize(p, Math.max(1, p.width() / 2), Math.max(1, p.height() / 2))), i,
          "half-size copy");
    }
  }

  @Test
  void histogramsSumToOneAndIgnoreWherePixelsAre() {
    for (Baseline b : List.of(Baseline.RGB_HISTOGRAM, Baseline.HSV_HISTOGRAM)) {
      for (int i = 0; i < photos.size(); i++) {
        double sum = 0;
        for (float v : DESCRIPTORS.get(b).get(i)) {
          sum += v;
        }
        assertEquals(1, sum, 1e-4, b + " " + names.get(i));
        assertEquals(0, b.distance(DESCRIPTORS.get(b).get(i), b.extract(mirror(photos.get(i)))), 1e-6,
            b + " of a mirrored " + names.get(i));
      }
    }
  }

  @Test
  void hsvHistogramPutsPureColoursInTheirHueSector() {
    assertEquals(1, Baseline.HSV_HISTOGRAM.extract(flat(0xff0000))[HsvHistogram.bin(0, 1, 1)], 0);
    // Pure blue is at 240°: sector 10 of 16, full saturation and value.
    assertEquals(1, Baseline.HSV_HISTOGRAM.extract(flat(0x0000ff))[(10 * 4 + 3) * 4 + 3], 0);
    // Mid grey: no saturation, value 128/255 in the third level.
    assertEquals(1, Baseline.HSV_HISTOGRAM.extract(flat(0x808080))[(0 * 4 + 0) * 4 + 2], 0);
  }

  @Test
  void colourLayoutLevelsAreInTheirQuantiserRanges() {
    for (float[] d : DESCRIPTORS.get(Baseline.COLOR_LAYOUT)) {
      for (int k = 0; k < d.length; k++) {
        assertEquals(Math.rint(d[k]), d[k], 0, "levels are integers");
        boolean dc = k == 0 || k == ColorLayout.Y_COEFFICIENTS || k == ColorLayout.Y_COEFFICIENTS + ColorLayout.C_COEFFICIENTS;
        assertTrue(d[k] >= 0 && d[k] < (dc ? ColorLayout.DC_LEVELS : ColorLayout.AC_LEVELS), "coefficient " + k + ": " + d[k]);
      }
    }
  }

  @Test
  void colourLayoutOfAFlatImageHasOnlyDc() {
    float[] grey = Baseline.COLOR_LAYOUT.extract(flat(0x808080));
    assertEquals(ColorLayout.quantiseDc(8 * 128), grey[0], 0);
    for (int k = 1; k < ColorLayout.Y_COEFFICIENTS; k++) {
      assertEquals(ColorLayout.AC_ZERO, grey[k], 0, "Y AC " + k);
    }
    // Neutral grey has Cb = Cr = 128: DC level of 8·128, the same as Y's.
    assertEquals(grey[0], grey[ColorLayout.Y_COEFFICIENTS], 0);
    assertEquals(grey[0], grey[ColorLayout.Y_COEFFICIENTS + ColorLayout.C_COEFFICIENTS], 0);
  }

  @Test
  void colourLayoutMirrorsTheHorizontalFrequencyAndKeepsTheVertical() {
    // Zig-zag 1 is the first horizontal frequency (odd: flips sign under a mirror), zig-zag 2 the
    // first vertical one (unchanged). The width is a multiple of 8 so the grid mirrors exactly.
    for (int i = 0; i < photos.size(); i++) {
      Images.Pixels p = photos.get(i);
      Images.Pixels even = Images.resize(p, 256, 192);
      float[] a = Baseline.COLOR_LAYOUT.extract(even);
      float[] m = Baseline.COLOR_LAYOUT.extract(mirror(even));
      assertEquals(a[0], m[0], 0, names.get(i));
      assertEquals(2 * ColorLayout.AC_ZERO - a[1], m[1], 0, names.get(i));
      assertEquals(a[2], m[2], 0, names.get(i));
    }
  }

  @Test
  void zigZagStartsAsJpegDoes() {
    assertArrayEquals(new int[] {0, 1, 8, 16, 9, 2, 3, 10, 17, 24}, java.util.Arrays.copyOf(ColorLayout.ZIGZAG, 10));
    assertEquals(63, ColorLayout.ZIGZAG[63]);
  }

  @Test
  void ceddLevelsAreThreeBits() {
    for (float[] d : DESCRIPTORS.get(Baseline.CEDD)) {
      boolean any = false;
      for (float v : d) {
        assertEquals(Math.rint(v), v, 0);
        assertTrue(v >= 0 && v < Cedd.LEVELS, "level " + v);
        any |= v > 0;
      }
      assertTrue(any);
    }
  }

  @Test
  void ceddPutsFlatColoursInTheNonEdgeAreaOfTheirFuzzyBin() {
    assertOnlyBin(Baseline.CEDD.extract(flat(0x000000)), Cedd.NON_EDGE * Cedd.COLOURS + Cedd.BLACK);
    assertOnlyBin(Baseline.CEDD.extract(flat(0xffffff)), Cedd.NON_EDGE * Cedd.COLOURS + Cedd.WHITE);
    // Saturated bright red: the "normal" shade of red (bins 3, 4, 5 are dark, normal, light red).
    assertOnlyBin(Baseline.CEDD.extract(flat(0xff0000)), Cedd.NON_EDGE * Cedd.COLOURS + 4);
    // Pale bright blue (S ≈ 0.35, V = 1): mostly light blue, a little normal blue, no dark blue,
    // nothing else; blue is the sixth chromatic colour (bins 18, 19, 20).
    float[] pale = Baseline.CEDD.extract(flat(0xa5a5ff));
    int blue = Cedd.NON_EDGE * Cedd.COLOURS + 3 + 3 * 5;
    assertEquals(0, pale[blue], 0, "dark blue");
    assertTrue(pale[blue + 1] > 0 && pale[blue + 1] < pale[blue + 2], "normal below light blue");
    assertEquals(Cedd.LEVELS - 1, pale[blue + 2], 0, "light blue");
    for (int i = 0; i < pale.length; i++) {
      if (i < blue || i > blue + 2) {
        assertEquals(0, pale[i], 0, "bin " + i);
      }
    }
  }

  @Test
  void ceddTellsStripesByTheirDirection() {
    int[] rgb = new int[240 * 240];
    for (int y = 0; y < 240; y++) {
      for (int x = 0; x < 240; x++) {
        // Stripes 3 px wide: each 6-px CEDD block holds one dark and one light half, left and right.
        rgb[y * 240 + x] = (x / 3) % 2 == 0 ? 0x202020 : 0xe0e0e0;
      }
    }
    float[] vertical = Baseline.CEDD.extract(new Images.Pixels(240, 240, rgb));
    assertTrue(areaMass(vertical, Cedd.VERTICAL) > 0, "vertical stripes fill the vertical area");
    assertEquals(0, areaMass(vertical, Cedd.HORIZONTAL), "and not the horizontal one");
    float[] horizontal = Baseline.CEDD.extract(transpose(new Images.Pixels(240, 240, rgb)));
    assertTrue(areaMass(horizontal, Cedd.HORIZONTAL) > 0);
    assertEquals(0, areaMass(horizontal, Cedd.VERTICAL));
  }

  @Test
  void phogLevelsEachSumToAQuarter() {
    for (int i = 0; i < photos.size(); i++) {
      float[] d = DESCRIPTORS.get(Baseline.PHOG).get(i);
      int offset = 0;
      for (int l = 0; l <= Phog.LEVELS; l++) {
        int size = (1 << (2 * l)) * Phog.ORIENTATIONS;
        double sum = 0;
        for (int k = offset; k < offset + size; k++) {
          sum += d[k];
        }
        assertEquals(1.0 / (Phog.LEVELS + 1), sum, 1e-4, names.get(i) + " level " + l);
        offset += size;
      }
    }
  }

  @Test
  void phogOfVerticalStripesIsHorizontalGradient() {
    int[] rgb = new int[200 * 200];
    for (int y = 0; y < 200; y++) {
      for (int x = 0; x < 200; x++) {
        rgb[y * 200 + x] = (x / 10) % 2 == 0 ? 0x000000 : 0xffffff;
      }
    }
    float[] d = Baseline.PHOG.extract(new Images.Pixels(200, 200, rgb));
    // Level 0: the gradient is horizontal (0°), so orientation bin 0 (0–22.5°) holds everything.
    assertEquals(0.25, d[0], 1e-3);
    float[] t = Baseline.PHOG.extract(transpose(new Images.Pixels(200, 200, rgb)));
    // Horizontal stripes: gradient at 90°, bin 4 (90–112.5°).
    assertEquals(0.25, t[4], 1e-3);
    assertEquals(0.5, Baseline.PHOG.distance(d, new float[Phog.LENGTH]), 1e-6, "χ² to an edgeless image");
  }

  @Test
  void phogIgnoresGlobalContrast() {
    for (int i = 0; i < photos.size(); i++) {
      assertNearest(Baseline.PHOG, Baseline.PHOG.extract(scale(photos.get(i), 0.6)), i, "60 % contrast copy");
    }
  }

  @Test
  void phogOfAFlatImageIsEmpty() {
    float[] d = Baseline.PHOG.extract(flat(0x336699));
    for (float v : d) {
      assertEquals(0, v, 0);
    }
    assertEquals(0, Baseline.PHOG.distance(d, d), 0);
  }

  @Test
  void descriptorsOfTheWrongLengthAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Baseline.CEDD.distance(new float[144], new float[12]));
    assertEquals("b must be a CEDD descriptor of 144 values, got: 12", e.getMessage());
  }

  @Test
  void tinyImagesStillGiveDescriptors() {
    Images.Pixels one = new Images.Pixels(1, 1, new int[] {0x123456});
    Images.Pixels thin = new Images.Pixels(3, 50, new int[150]);
    for (Baseline b : Baseline.values()) {
      for (Images.Pixels p : List.of(one, thin)) {
        float[] d = b.extract(p);
        assertEquals(b.length(), d.length);
        for (float v : d) {
          assertFalse(Float.isNaN(v), b + " on " + p.width() + "x" + p.height());
        }
        assertEquals(0, b.distance(d, b.extract(p)), 0);
      }
    }
  }

  private static void assertOnlyBin(float[] d, int bin) {
    for (int i = 0; i < d.length; i++) {
      assertEquals(i == bin ? Cedd.LEVELS - 1 : 0, d[i], 0, "bin " + i);
    }
  }

  private static double areaMass(float[] cedd, int area) {
    double s = 0;
    for (int c = 0; c < Cedd.COLOURS; c++) {
      s += cedd[area * Cedd.COLOURS + c];
    }
    return s;
  }

  private static Images.Pixels flat(int rgb) {
    int[] px = new int[64 * 48];
    java.util.Arrays.fill(px, rgb);
    return new Images.Pixels(64, 48, px);
  }

  private static Images.Pixels mirror(Images.Pixels p) {
    int w = p.width();
    int[] out = new int[p.rgb().length];
    for (int y = 0; y < p.height(); y++) {
      for (int x = 0; x < w; x++) {
        out[y * w + x] = p.rgb()[y * w + (w - 1 - x)];
      }
    }
    return new Images.Pixels(w, p.height(), out);
  }

  private static Images.Pixels transpose(Images.Pixels p) {
    int w = p.width();
    int h = p.height();
    int[] out = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out[x * h + y] = p.rgb()[y * w + x];
      }
    }
    return new Images.Pixels(h, w, out);
  }

  private static Images.Pixels scale(Images.Pixels p, double gain) {
    int[] out = new int[p.rgb().length];
    for (int i = 0; i < out.length; i++) {
      int v = p.rgb()[i];
      int r = (int) Math.round(((v >> 16) & 0xff) * gain);
      int g = (int) Math.round(((v >> 8) & 0xff) * gain);
      int b = (int) Math.round((v & 0xff) * gain);
      out[i] = (r << 16) | (g << 8) | b;
    }
    return new Images.Pixels(p.width(), p.height(), out);
  }

  private static Images.Pixels jpeg(Images.Pixels p, float quality) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(p.toImage(), null, null), param);
      } finally {
        writer.dispose();
      }
      return new Images.Pixels(p.width(), p.height(),
          Images.rgb(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
