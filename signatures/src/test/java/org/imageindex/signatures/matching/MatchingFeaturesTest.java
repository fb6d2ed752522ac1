package org.imageindex.signatures.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.imageindex.signatures.TestData;
import org.imageindex.signatures.Transforms;
import org.junit.jupiter.api.Test;

class MatchingFeaturesTest {

  private static final BufferedImage PHOTO =
      Transforms.read(TestData.dir("photos/images").resolve("skimage_astronaut.png"), 1024);

  @Test
  void bytesRoundTripExactlyAndVerifyTheSame() {
    MatchingFeatures f = MatchingExtractor.standard().extract(PHOTO);
    byte[] bytes = f.toBytes();
    assertEquals(1 + 2 + 2 + 2 + 1 + 72 * f.size(), bytes.length);
    MatchingFeatures back = MatchingFeatures.fromBytes(bytes);
    assertEquals(f, back);
    MatchingFeatures copy = MatchingExtractor.standard().extract(Transforms.ROTATE_90.apply(PHOTO));
    assertEquals(MatchVerifier.standard().verify(copy, f), MatchVerifier.standard().verify(copy, back));
    System.out.println("matching signature of skimage_astronaut: " + f.size() + " features, " + bytes.length + " bytes");
  }

  @Test
  void featuresAreCappedAndDeterministic() {
    MatchingExtractor small = MatchingExtractor.of(new MatchingOptions(50, 512, 320));
    MatchingFeatures f = small.extract(PHOTO);
    assertEquals(50, f.size());
    assertEquals(f, small.extract(PHOTO));
    assertTrue(f.width() <= 512 && f.height() <= 512);
    for (int i = 0; i < f.size(); i++) {
      assertTrue(f.x(i) >= 0 && f.x(i) < f.width() && f.y(i) >= 0 && f.y(i) < f.height());
    }
  }

  @Test
  void aThumbnailIsEnlargedToTheMinimumSide() {
    MatchingFeatures f = MatchingExtractor.standard().extract(org.imageindex.signatures.Images.fit(PHOTO, 100));
    assertEquals(MatchingOptions.DEFAULT_MIN_SIDE, Math.max(f.width(), f.height()));
    assertTrue(f.size() > 20, "features found in an enlarged thumbnail: " + f.size());
  }

  @Test
  void malformedBytesAreRejectedWithTheReason() {
    byte[] good = MatchingExtractor.standard().extract(PHOTO).toBytes();
    byte[] otherVersion = good.clone();
    otherVersion[0] = 9;
    assertEquals("unknown matching features format version 9; this library reads version 1",
        assertThrows(IllegalArgumentException.class, () -> MatchingFeatures.fromBytes(otherVersion)).getMessage());
    byte[] cut = java.util.Arrays.copyOf(good, good.length - 1);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MatchingFeatures.fromBytes(cut)).getMessage()
        .endsWith("bytes, got: " + cut.length));
    assertEquals("matching features need at least 8 bytes, got: 3",
        assertThrows(IllegalArgumentException.class, () -> MatchingFeatures.fromBytes(new byte[3])).getMessage());
  }

  @Test
  void optionsNameTheBadValue() {
    assertEquals("maxFeatures must be >= 8, got: 0",
        assertThrows(IllegalArgumentException.class, () -> new MatchingOptions(0, 512, 320)).getMessage());
    assertEquals("minSide must be in 1..workingSide (512), got: 600",
        assertThrows(IllegalArgumentException.class, () -> new MatchingOptions(100, 512, 600)).getMessage());
    assertEquals("minInliers must be >= 4 (a homography needs 4 pairs), got: 3",
        assertThrows(IllegalArgumentException.class,
            () -> new VerificationOptions(0.8, 3, 0.01, 100, 1, 0)).getMessage());
  }

  @Test
  void anImageWithoutTextureIsRejectedNotFailed() {
    BufferedImage flat = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    MatchingFeatures none = MatchingExtractor.standard().extract(flat);
    MatchResult r = MatchVerifier.standard().verify(none, MatchingExtractor.standard().extract(PHOTO));
    assertEquals(Verdict.REJECTED_GEOMETRY, r.verdict());
    assertEquals(1.0, r.distance());
    assertEquals(MatchingFeatures.fromBytes(none.toBytes()), none);
  }
}
