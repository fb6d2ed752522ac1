package org.imageindex.signatures.similarity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimilaritySignatureTest {

  private static final long SEED = 42L;

  static float[] randomUnit(Random random, int n) {
    float[] v = new float[n];
    double s = 0;
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
      s += v[i] * v[i];
    }
    for (int i = 0; i < n; i++) {
      v[i] /= (float) Math.sqrt(s);
    }
    return v;
  }

  @Test
  void bytesRoundTripRandomSignatures() {
    Random random = new Random(SEED);
    for (int t = 0; t < 50; t++) {
      int n = 1 + random.nextInt(600);
      SimilaritySignature s = new SimilaritySignature("model-" + t, randomUnit(random, n));
      SimilaritySignature back = SimilaritySignature.fromBytes(s.toBytes());
      assertEquals(s, back, "seed " + SEED + ", case " + t);
      assertArrayEquals(s.vector(), back.vector());
      assertEquals(s.modelId(), back.modelId());
    }
  }

  @Test
  void extractedSignatureRoundTrips() {
    SimilaritySignature s = SimilarityExtractor.standard()
        .extract(SimilarityData.pixels(org.imageindex.signatures.TestData.dir("photos/images").resolve("mate_Dune.jpg")));
    byte[] bytes = s.toBytes();
    assertEquals(1 + 1 + s.modelId().length() + 4 + 4 * s.dimension(), bytes.length);
    assertEquals(s, SimilaritySignature.fromBytes(bytes));
  }

  @Test
  void fromBytesRejectsUnknownVersionAndWrongLengths() {
    byte[] good = new SimilaritySignature("m", randomUnit(new Random(SEED), 8)).toBytes();

    byte[] version = good.clone();
    version[0] = 9;
    assertEquals("unsupported similarity signature format version: 9 (this library reads version 1)",
        assertThrows(IllegalArgumentException.class, () -> SimilaritySignature.fromBytes(version)).getMessage());

    assertEquals("similarity signature bytes length must be 39 for 8 dimensions, got: 38",
        assertThrows(IllegalArgumentException.class,
            () -> SimilaritySignature.fromBytes(Arrays.copyOf(good, good.length - 1))).getMessage());
    assertEquals("similarity signature bytes length must be 39 for 8 dimensions, got: 40",
        assertThrows(IllegalArgumentException.class,
            () -> SimilaritySignature.fromBytes(Arrays.copyOf(good, good.length + 1))).getMessage());
    assertEquals("similarity signature bytes must hold at least 2 header bytes, got length: 1",
        assertThrows(IllegalArgumentException.class, () -> SimilaritySignature.fromBytes(new byte[] {1})).getMessage());
    assertEquals("similarity signature bytes too short for a model id of 1 bytes and a dimension, got length: 5",
        assertThrows(IllegalArgumentException.class,
            () -> SimilaritySignature.fromBytes(Arrays.copyOf(good, 5))).getMessage());
  }

  @Test
  void fromBytesNeverFailsWithAnythingButIllegalArgument() {
    Random random = new Random(SEED);
    byte[] good = new SimilaritySignature("m", randomUnit(random, 16)).toBytes();
    for (int t = 0; t < 2000; t++) {
      byte[] bad = Arrays.copyOf(good, random.nextInt(good.length + 8));
      for (int flips = random.nextInt(4); flips > 0 && bad.length > 0; flips--) {
        bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
      }
      try {
        SimilaritySignature.fromBytes(bad);
      } catch (IllegalArgumentException expected) {
        // the only failure allowed
      }
    }
  }

  @Test
  void constructorValidates() {
    assertEquals("vector must have unit length (L2 norm 1 +- 0.001), got norm: 2.0",
        assertThrows(IllegalArgumentException.class,
            () -> new SimilaritySignature("m", new float[] {2f, 0f})).getMessage());
    assertEquals("vector must be finite, got: NaN at index 1",
        assertThrows(IllegalArgumentException.class,
            () -> new SimilaritySignature("m", new float[] {1f, Float.NaN})).getMessage());
    assertEquals("modelId must not be empty",
        assertThrows(IllegalArgumentException.class, () -> new SimilaritySignature("", new float[] {1f})).getMessage());
    assertEquals("vector length must be in [1, 1024], got: 0",
        assertThrows(IllegalArgumentException.class, () -> new SimilaritySignature("m", new float[0])).getMessage());
  }

  @Test
  void arraysAreCopiedInAndOut() {
    float[] v = {0.6f, 0.8f};
    SimilaritySignature s = new SimilaritySignature("m", v);
    v[0] = 0;
    assertEquals(0.6f, s.vector()[0]);
    s.vector()[1] = 0;
    assertEquals(0.8f, s.vector()[1]);
  }

  @Test
  void distanceAndScoreFollowTheCosine() {
    Random random = new Random(SEED);
    for (int t = 0; t < 100; t++) {
      SimilaritySignature a = new SimilaritySignature("m", randomUnit(random, 32));
      SimilaritySignature b = new SimilaritySignature("m", randomUnit(random, 32));
      double cos = 0;
      for (int i = 0; i < 32; i++) {
        cos += a.vector()[i] * b.vector()[i];
      }
      assertEquals(1 - cos, a.distance(b), 1e-6);
      assertEquals((1 + cos) / 2, a.score(b), 1e-6);
      assertEquals(1 - a.distance(b) / 2, a.score(b), 1e-12);
      assertEquals(a.distance(b), b.distance(a), 1e-12);
    }
    SimilaritySignature x = new SimilaritySignature("m", new float[] {1f, 0f});
    SimilaritySignature y = new SimilaritySignature("m", new float[] {0f, 1f});
    SimilaritySignature minusX = new SimilaritySignature("m", new float[] {-1f, 0f});
    assertEquals(1.0, x.distance(y));
    assertEquals(0.5, x.score(y));
    assertEquals(2.0, x.distance(minusX));
    assertEquals(0.0, x.score(minusX));
  }

  @Test
  void signaturesOfDifferentModelsAreNotComparable() {
    SimilaritySignature a = new SimilaritySignature("m1", new float[] {1f, 0f});
    SimilaritySignature b = new SimilaritySignature("m2", new float[] {1f, 0f});
    assertNotEquals(a, b);
    assertEquals("signatures of different models are not comparable: m1 (2 dims) vs m2 (2 dims)",
        assertThrows(IllegalArgumentException.class, () -> a.distance(b)).getMessage());
  }
}
