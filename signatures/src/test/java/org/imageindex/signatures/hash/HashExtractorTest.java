package org.imageindex.signatures.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.TestData;
import org.imageindex.signatures.Transforms;
import org.imageindex.signatures.decode.ImageDecoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HashExtractorTest {

  /** Working size the caller reduces to once (see Images). */
  private static final int WORKING = 512;

  /** Attacks start from a 1024 px copy: big enough to be a real photo, cheap to re-encode. */
  private static final int ORIGINAL = 1024;

  private static final HashExtractor HASH = HashExtractor.standard();
  private static final ImageDecoder DECODER = ImageDecoder.standard().withTargetSide(ORIGINAL);

  /** Hash of every image of photos/, boofcv-triples/ and pixabay-categories/, by a label. */
  private static final Map<String, HashSignature> HASHES = new LinkedHashMap<>();
  /** Group of each label: images in one group are the same scene and not "unrelated". */
  private static final Map<String, String> GROUP = new LinkedHashMap<>();

  @BeforeAll
  static void hashDataSets() {
    for (Path p : TestData.images("photos/images")) {
      add("photos/" + p.getFileName(), "photos/" + p.getFileName(), p);
    }
    for (List<String> row : TestData.csv("boofcv-triples/groundtruth_groups.csv")) {
      add("boofcv/" + row.get(0), "boofcv/" + row.get(1), TestData.root().resolve("boofcv-triples").resolve(row.get(0)));
    }
    for (List<String> row : TestData.csv("pixabay-categories/groundtruth_categories.csv")) {
      // Same category = different photos of cats, ships, ...: unrelated for near-duplicates.
      add("pixabay/" + row.get(0), "pixabay/" + row.get(0), TestData.root().resolve("pixabay-categories").resolve(row.get(0)));
    }
  }

  private static void add(String label, String group, Path file) {
    HASHES.put(label, HASH.extract(working(DECODER.decode(file).image())));
    GROUP.put(label, group);
  }

  private static Images.Pixels working(BufferedImage image) {
    return Images.fit(image, WORKING);
  }

  private static BufferedImage original(Path file) {
    return Images.fit(DECODER.decode(file).image(), ORIGINAL).toImage();
  }

  private static BufferedImage reencode(BufferedImage image, float quality) {
    return ImageDecoder.standard().decode(Transforms.jpeg(image, quality)).image();
  }


  /** Bilinear rescale through Java2D: a different filter from the box filter the hash uses. */
  private static BufferedImage rescale(BufferedImage image, double factor) {
    int w = Math.max(1, (int) Math.round(image.getWidth() * factor));
    int h = Math.max(1, (int) Math.round(image.getHeight() * factor));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  private static String histogram(List<Integer> distances) {
    int[] bins = new int[HashSignature.BITS / 4 + 1];
    for (int d : distances) {
      bins[d / 4]++;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < bins.length; i++) {
      if (bins[i] > 0) {
        s.append(String.format(" [%d-%d]:%d", i * 4, i * 4 + 3, bins[i]));
      }
    }
    return s.toString();
  }

  @Test
  void reencodedAndRescaledCopiesStayInsideTheRadiusAndUnrelatedPairsOutside() {
    List<Integer> same = new ArrayList<>();
    String worstSame = "";
    int maxSame = -1;
    for (Path p : TestData.images("photos/images")) {
      BufferedImage orig = original(p);
      HashSignature h = HASH.extract(working(orig));
      Map<String, BufferedImage> attacks = new LinkedHashMap<>();
      attacks.put("jpeg q75", reencode(orig, 0.75f));
      attacks.put("jpeg q20", reencode(orig, 0.20f));
      attacks.put("scale 0.5", rescale(orig, 0.5));
      attacks.put("scale 0.3", rescale(orig, 0.3));
      for (var a : attacks.entrySet()) {
        int d = h.distance(HASH.extract(working(a.getValue())));
        same.add(d);
        if (d > maxSame) {
          maxSame = d;
          worstSame = p.getFileName() + " " + a.getKey();
        }
      }
    }
    List<String> labels = new ArrayList<>(HASHES.keySet());
    List<Integer> unrelated = new ArrayList<>();
    int minUnrelated = Integer.MAX_VALUE;
    String closest = "";
    for (int i = 0; i < labels.size(); i++) {
      for (int j = i + 1; j < labels.size(); j++) {
        if (GROUP.get(labels.get(i)).equals(GROUP.get(labels.get(j)))) {
          continue;
        }
        int d = HASHES.get(labels.get(i)).distance(HASHES.get(labels.get(j)));
        unrelated.add(d);
        if (d < minUnrelated) {
          minUnrelated = d;
          closest = labels.get(i) + " vs " + labels.get(j);
        }
      }
    }
    double meanUnrelated = unrelated.stream().mapToInt(Integer::intValue).average().orElseThrow();
    System.out.printf("hash: %d same-image pairs, max distance %d (%s); histogram%s%n",
        same.size(), maxSame, worstSame, histogram(same));
    System.out.printf("hash: %d unrelated pairs, min distance %d (%s), mean %.1f; histogram%s%n",
        unrelated.size(), minUnrelated, closest, meanUnrelated, histogram(unrelated));
    System.out.printf("hash: radius %d, margin below %d, margin above %d%n", HashSignature.NEAR_DUPLICATE_RADIUS,
        HashSignature.NEAR_DUPLICATE_RADIUS - maxSame, minUnrelated - HashSignature.NEAR_DUPLICATE_RADIUS);
    assertEquals(22 * 4, same.size());
    assertTrue(maxSame <= HashSignature.NEAR_DUPLICATE_RADIUS, "worst copy " + worstSame + " at " + maxSame);
    assertTrue(minUnrelated > HashSignature.NEAR_DUPLICATE_RADIUS, "closest unrelated " + closest + " at " + minUnrelated);
  }

  @Test
  void sameAspectVariantsOfTheNeardupArtworkAreNearDuplicates() {
    // The catalogue calls 1136x640 a rescale of 1366x768 and 1920x1080, but its logo is drawn
    // about 1.6 times larger relative to the frame (35% of the width against 22%): a recomposed
    // layout, which a global hash is right not to call a copy. Those pairs are reported, not
    // asserted; the truly rescaled pairs must be near duplicates.
    String recomposed = "Sway_Wallpaper_Blue_1136x640.png";
    Map<String, HashSignature> sway = new LinkedHashMap<>();
    List<Integer> rescaled = new ArrayList<>();
    List<Integer> relabelled = new ArrayList<>();
    for (List<String> row : TestData.csv("neardup-variants/relevant_pairs.csv")) {
      if (!row.get(2).startsWith("rescaled")) {
        continue;
      }
      HashSignature a = sway.computeIfAbsent(row.get(0), HashExtractorTest::swayHash);
      HashSignature b = sway.computeIfAbsent(row.get(1), HashExtractorTest::swayHash);
      int d = a.distance(b);
      if (row.get(0).endsWith(recomposed) || row.get(1).endsWith(recomposed)) {
        relabelled.add(d);
      } else {
        assertTrue(a.isNearDuplicate(b), row + " at distance " + d);
        rescaled.add(d);
      }
    }
    assertEquals(6, rescaled.size());
    assertEquals(4, relabelled.size());
    System.out.println("hash: neardup-variants rescaled pairs " + rescaled
        + "; 1136x640 (logo re-scaled, not a rescale) pairs " + relabelled);
  }

  private static HashSignature swayHash(String relative) {
    return HASH.extract(working(DECODER.decode(TestData.root().resolve("neardup-variants").resolve(relative)).image()));
  }

  @Test
  void subsampledDecodingHashesLikeTheFullDecode() {
    int max = 0;
    for (Path p : TestData.images("photos/images")) {
      HashSignature full = HASH.extract(working(ImageDecoder.standard().decode(p).image()));
      HashSignature sub = HASH.extract(working(ImageDecoder.standard().withTargetSide(WORKING).decode(p).image()));
      max = Math.max(max, full.distance(sub));
    }
    System.out.println("hash: max distance full decode vs subsampled decode (target 512) = " + max);
    assertTrue(max <= HashSignature.NEAR_DUPLICATE_RADIUS, "max " + max);
  }

  @Test
  void bufferedImageOverloadAgreesWithPixels() {
    BufferedImage img = original(TestData.dir("photos/images").resolve("skimage_coffee.png"));
    assertTrue(HASH.extract(img).distance(HASH.extract(working(img))) <= 2);
  }

  @Test
  void distanceScoreAndBytesRoundTrip() {
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      long a = random.nextLong();
      long b = random.nextLong();
      HashSignature x = new HashSignature(a);
      HashSignature y = new HashSignature(b);
      assertEquals(Long.bitCount(a ^ b), x.distance(y));
      assertEquals(x.distance(y), y.distance(x));
      assertEquals(1.0 - x.distance(y) / 64.0, x.score(y), 1e-12);
      assertEquals(x, HashSignature.fromBytes(x.toBytes()));
      assertEquals(x, HashSignature.fromHex(x.hex()));
    }
    assertEquals(0, new HashSignature(-1L).distance(new HashSignature(-1L)));
    assertEquals(64, new HashSignature(0L).distance(new HashSignature(-1L)));
    assertEquals(0.0, new HashSignature(0L).score(new HashSignature(-1L)));
  }

  @Test
  void malformedBytesAreRejectedWithTheReason() {
    assertEquals("hash signature bytes must have length 9, got: 8",
        assertThrows(IllegalArgumentException.class, () -> HashSignature.fromBytes(new byte[8])).getMessage());
    byte[] v2 = new HashSignature(5).toBytes();
    v2[0] = 2;
    assertEquals("hash signature format version must be 1, got: 2",
        assertThrows(IllegalArgumentException.class, () -> HashSignature.fromBytes(v2)).getMessage());
    assertEquals("hash hex must be 16 hex digits, got: xyz",
        assertThrows(IllegalArgumentException.class, () -> HashSignature.fromHex("xyz")).getMessage());
  }
}
