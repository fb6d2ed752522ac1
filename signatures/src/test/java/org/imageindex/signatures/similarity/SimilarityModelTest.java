package org.imageindex.signatures.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimilarityModelTest {

  private static final long SEED = 7L;

  static SimilarityModel random(Random random, int pcaDims, int words, float colourWeight) {
    float[] mean = new float[DenseDescriptors.LENGTH];
    float[] axes = new float[pcaDims * DenseDescriptors.LENGTH];
    float[] centroids = new float[words * pcaDims];
    for (float[] a : new float[][] {mean, axes, centroids}) {
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) random.nextGaussian();
      }
    }
    return new SimilarityModel(pcaDims, words, colourWeight, mean, axes, centroids);
  }

  static byte[] bytes(SimilarityModel model) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    model.write(out);
    return out.toByteArray();
  }

  @Test
  void writeReadRoundTrip() throws IOException {
    Random random = new Random(SEED);
    for (int t = 0; t < 10; t++) {
      SimilarityModel m = random(random, 1 + random.nextInt(64), 2 + random.nextInt(14), random.nextFloat() * 0.9f);
      SimilarityModel back = SimilarityModel.read(new ByteArrayInputStream(bytes(m)));
      assertEquals(m, back, "seed " + SEED + ", case " + t);
      assertEquals(m.id(), back.id());
      assertEquals(m.dimension(), back.dimension());
      assertEquals(m.colourWeight(), back.colourWeight());
    }
  }

  @Test
  void readStopsAtTheEndOfTheModel() throws IOException {
    SimilarityModel m = random(new Random(SEED), 8, 4, 0.3f);
    byte[] one = bytes(m);
    byte[] two = Arrays.copyOf(one, one.length * 2);
    System.arraycopy(one, 0, two, one.length, one.length);
    InputStream in = new ByteArrayInputStream(two);
    assertEquals(m, SimilarityModel.read(in));
    assertEquals(m, SimilarityModel.read(in));
  }

  @Test
  void readRejectsOtherVersionsMagicTruncationAndCorruption() throws IOException {
    byte[] good = bytes(random(new Random(SEED), 8, 4, 0.3f));

    byte[] version = good.clone();
    version[4] = 2;
    assertEquals("unsupported similarity model format version: 2 (this library reads version 1)",
        assertThrows(IllegalArgumentException.class,
            () -> SimilarityModel.read(new ByteArrayInputStream(version))).getMessage());

    byte[] magic = good.clone();
    magic[0] = 'X';
    assertEquals("not a similarity model: expected magic bytes IISM, got: 5849534d",
        assertThrows(IllegalArgumentException.class,
            () -> SimilarityModel.read(new ByteArrayInputStream(magic))).getMessage());

    assertEquals("similarity model truncated: stream ended before the model did",
        assertThrows(IllegalArgumentException.class,
            () -> SimilarityModel.read(new ByteArrayInputStream(Arrays.copyOf(good, good.length - 1)))).getMessage());

    byte[] flipped = good.clone();
    flipped[40] ^= 0x01;
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> SimilarityModel.read(new ByteArrayInputStream(flipped))).getMessage()
        .startsWith("similarity model checksum mismatch: stored "));
  }

  @Test
  void idNamesTheContent() {
    SimilarityModel a = random(new Random(1), 8, 4, 0.3f);
    SimilarityModel b = random(new Random(2), 8, 4, 0.3f);
    assertTrue(a.id().startsWith("vlad-k4-p8-"), a.id());
    assertNotEquals(a.id(), b.id());
    assertEquals(a.id(), random(new Random(1), 8, 4, 0.3f).id());
  }

  @Test
  void shapeIsValidated() {
    assertEquals("pcaDims must be in [1, 64], got: 65",
        assertThrows(IllegalArgumentException.class, () -> SimilarityModel.checkShape(65, 4)).getMessage());
    assertEquals("words * pcaDims must be <= 960 (Lucene's vector dimension limit less 64 colour dimensions),"
            + " got: 31 * 32",
        assertThrows(IllegalArgumentException.class, () -> SimilarityModel.checkShape(32, 31)).getMessage());
    assertEquals("colourWeight must be in [0, 1), got: 1.0",
        assertThrows(IllegalArgumentException.class, () -> SimilarityModel.checkColourWeight(1f)).getMessage());
  }

  @Test
  void standardModelIsSmallSharedAndWithinTheVectorBudget() throws IOException {
    SimilarityModel standard = SimilarityModel.standard();
    assertSame(standard, SimilarityModel.standard());
    assertTrue(standard.dimension() <= 512, "dimension " + standard.dimension());
    try (InputStream in = SimilarityModel.class.getResourceAsStream(SimilarityModel.STANDARD_RESOURCE)) {
      int size = in.readAllBytes().length;
      assertTrue(size < 64 * 1024, "shipped model is " + size + " bytes");
    }
    assertEquals(standard, SimilarityModel.read(new ByteArrayInputStream(bytes(standard))));
  }
}
