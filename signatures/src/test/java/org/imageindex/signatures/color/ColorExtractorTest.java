package org.imageindex.signatures.color;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.TestData;
import org.imageindex.signatures.decode.ImageDecoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ColorExtractorTest {

  private static final ColorExtractor COLOR = ColorExtractor.standard();

  /**
   * Regression floor for the Ferrari precision@4: measured 0.69, one neighbour swap (0.0125)
   * below is allowed. The goal of 0.8 is NOT met (see the colour section of the design notes).
   */
  private static final double MIN_PRECISION_AT_4 = 0.68;

  /** Ferrari photos: signature and colour class, in catalogue order. */
  private static final Map<String, ColorSignature> FERRARI = new LinkedHashMap<>();
  private static final Map<String, String> CLASS = new LinkedHashMap<>();

  @BeforeAll
  static void extractFerraris() {
    // As in production: decode (subsampled), reduce once to 512 px, extract from that.
    ImageDecoder decoder = ImageDecoder.standard().withTargetSide(512);
    for (List<String> row : TestData.csv("ferrari-colour-sample/groundtruth_colour.csv")) {
      var decoded = decoder.decode(TestData.root().resolve("ferrari-colour-sample").resolve(row.get(0)));
      FERRARI.put(row.get(0), COLOR.extract(decoded.pixels(512)));
      CLASS.put(row.get(0), row.get(1));
    }
  }

  private static List<String> ranked(ColorSignature query, String exclude) {
    List<String> names = new ArrayList<>(FERRARI.keySet());
    names.remove(exclude);
    names.sort(Comparator.comparingDouble((String n) -> query.distance(FERRARI.get(n))).thenComparing(n -> n));
    return names;
  }

  @Test
  void ferrariColourClassPrecisionAtFour() {
    Map<String, double[]> perClass = new LinkedHashMap<>();
    double total = 0;
    for (String q : FERRARI.keySet()) {
      List<String> top = ranked(FERRARI.get(q), q).subList(0, 4);
      long same = top.stream().filter(n -> CLASS.get(n).equals(CLASS.get(q))).count();
      total += same / 4.0;
      perClass.computeIfAbsent(CLASS.get(q), c -> new double[1])[0] += same / 4.0 / 5;
    }
    double precision = total / FERRARI.size();
    StringBuilder s = new StringBuilder();
    perClass.forEach((c, p) -> s.append(String.format(" %s=%.2f", c, p[0])));
    System.out.printf("colour: ferrari precision@4 = %.3f (per class:%s)%n", precision, s);
    // The target is 0.8 and is not met: the subject-mask design measures 0.69 (red 0.85,
    // yellow 0.90, black 0.60, white 0.40: black and white cars still match each other through
    // shared dark tyres, windows and pale façades). The assertion guards what exists, about
    // three times chance (4 of 19 others share the class: 0.21).
    assertTrue(precision >= MIN_PRECISION_AT_4, "precision@4 " + precision);
  }

  @Test
  void redQueryRanksRedFerrarisFirst() {
    ColorSignature red = COLOR.query("#ff0000 100%");
    List<String> top5 = ranked(red, null).subList(0, 5);
    long reds = top5.stream().filter(n -> CLASS.get(n).equals("red")).count();
    System.out.println("colour: query #ff0000 top 5 classes " + top5.stream().map(CLASS::get).toList());
    assertTrue(reds >= 4, "red in top 5: " + reds);
  }

  @Test
  void paletteOfATwoColourImageIsThoseColoursWithTheirShares() {
    int w = 100;
    int h = 60;
    int[] rgb = new int[w * h];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (i % w) < 70 ? 0x1f77b4 : 0xffd700; // 70% blue, 30% gold
    }
    ColorSignature s = COLOR.extract(new Images.Pixels(w, h, rgb));
    List<PaletteColor> colors = s.palette().colors();
    assertEquals(2, colors.size(), s.palette().toString());
    assertEquals("#1f77b4", colors.get(0).hex());
    assertEquals(0.7, colors.get(0).weight(), 0.02);
    assertEquals("#ffd700", colors.get(1).hex());
    assertEquals(0.3, colors.get(1).weight(), 0.02);
    // The vector of the image and of the same colours given as a query agree closely
    // (not exactly: the image vector weights the centre, where the blue is).
    double score = s.score(COLOR.query("#1f77b4 70%, #ffd700 30%"));
    System.out.printf("colour: two-colour image palette %s, score vs its colour query %.3f%n", s.palette(), score);
    assertTrue(score > 0.9, "score " + score);
  }

  @Test
  void extractionIsDeterministic() {
    var pixels = ImageDecoder.standard().decode(TestData.dir("photos/images").resolve("skimage_coffee.png")).pixels(512);
    ColorSignature a = COLOR.extract(pixels);
    ColorSignature b = COLOR.extract(pixels);
    assertEquals(a, b);
    assertEquals(1.0, a.score(b), 1e-6);
    assertEquals(0.0, a.distance(b), 1e-3);
  }

  @Test
  void distanceAndScoreAgree() {
    List<ColorSignature> all = new ArrayList<>(FERRARI.values());
    for (ColorSignature a : all) {
      for (ColorSignature b : all) {
        double d = a.distance(b);
        assertTrue(d >= 0 && d <= Math.sqrt(2) + 1e-9);
        assertEquals(1 - d * d / 2, a.score(b), 1e-9);
        assertEquals(d, b.distance(a), 1e-9);
      }
    }
  }

  @Test
  void bytesRoundTripAndRejectBadInput() {
    ColorSignature s = FERRARI.values().iterator().next();
    ColorSignature back = ColorSignature.fromBytes(s.toBytes());
    assertArrayEquals(s.vector(), back.vector());
    assertEquals(s.palette().colors().size(), back.palette().colors().size());
    for (int i = 0; i < s.palette().colors().size(); i++) {
      assertEquals(s.palette().colors().get(i).rgb(), back.palette().colors().get(i).rgb());
      assertEquals(s.palette().colors().get(i).weight(), back.palette().colors().get(i).weight(), 1e-6);
    }
    byte[] bytes = s.toBytes();
    bytes[0] = 9;
    assertEquals("colour signature format version must be 3, got: 9",
        assertThrows(IllegalArgumentException.class, () -> ColorSignature.fromBytes(bytes)).getMessage());
    // A version-2 signature (41 floats, stored by an earlier release) is refused by its version,
    // not by its length, with what to do about it.
    byte[] v2 = new byte[1 + 2 + 4 * 41 + 1 + 8];
    v2[0] = 2;
    assertEquals("colour signature format version 2 was written by an earlier release and does not compare with"
        + " version 3 (other bins and pixel weighting); extract the colour signature again from the image (re-index it)",
        assertThrows(IllegalArgumentException.class, () -> ColorSignature.fromBytes(v2)).getMessage());
    byte[] cut = java.util.Arrays.copyOf(s.toBytes(), s.toBytes().length - 1);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ColorSignature.fromBytes(cut)).getMessage()
        .startsWith("colour signature with "));
    assertEquals("colour signature bytes must have length >= 192, got: 3",
        assertThrows(IllegalArgumentException.class, () -> ColorSignature.fromBytes(new byte[] {3, 0, 45})).getMessage());
    float[] v = s.vector();
    v[0] = 5;
    assertNotSame(v, s.vector());
    assertTrue(s.vector()[0] != 5, "vector is copied out");
  }

  @Test
  void colourListsParse() {
    assertEquals("#c0392b 60.0%, #ffffff 40.0%", Palette.parse("#c0392b 60 %, #ffffff 40 %").toString());
    assertEquals("#c0392b 60.0%, #ffffff 40.0%", Palette.parse("c0392b:0.6,#fff:0.4").toString());
    assertEquals("#c0392b 60.0%, #ffffff 40.0%", Palette.parse(" #C0392B 3; #FFF 2 ").toString());
    assertEquals("#000000 50.0%, #ff0000 50.0%", Palette.parse("#f00, #000").toString());
    Palette p = Palette.parse("#ff0000 100%");
    assertEquals(1.0, p.colors().get(0).weight());
  }

  @Test
  void colourListErrorsNameTheBadToken() {
    assertEquals("bad colour (expected #rgb or #rrggbb hex) '#c039' at offset 0 in \"#c039 50%, #fff 50%\"",
        message("#c039 50%, #fff 50%"));
    assertEquals("bad weight (expected a number like 0.6 or 60%) 'lots' at offset 8 in \"#ff0000 lots\"",
        message("#ff0000 lots"));
    assertEquals("bad weight (must be > 0) '0%' at offset 19 in \"#ff0000 100%, #00f 0%\"",
        message("#ff0000 100%, #00f 0%"));
    assertEquals("empty colour entry '' at offset 8 in \"#ff0000,,#fff\"", message("#ff0000,,#fff"));
    assertEquals("colour list must not be empty, got: \"  \"", message("  "));
    assertEquals("give a weight to every colour or to none: 1 of 2 have one in \"#f00 1, #0f0\"",
        message("#f00 1, #0f0"));
    assertEquals("bad weight (expected a number like 0.6 or 60%) 'NaN' at offset 5 in \"#f00 NaN\"",
        message("#f00 NaN"));
    assertTrue(message("#f00,".repeat(17)).startsWith("more than 16 colours"));
  }

  private static String message(String text) {
    return assertThrows(IllegalArgumentException.class, () -> Palette.parse(text)).getMessage();
  }
}
