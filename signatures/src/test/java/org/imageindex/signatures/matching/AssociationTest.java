package org.imageindex.signatures.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;
import org.imageindex.signatures.TestData;
import org.imageindex.signatures.Transforms;
import org.junit.jupiter.api.Test;

/**
 * Differential test of {@link Association} against the plain nested loop it replaces: distances
 * as norms minus twice the widened dot product must propose exactly the pairs of summed squared
 * byte differences, ties included.
 */
class AssociationTest {

  @Test
  void realFeaturesGiveThePairsOfTheNestedLoop() {
    BufferedImage photo = Transforms.read(TestData.dir("photos/images").resolve("skimage_astronaut.png"), 1024);
    BufferedImage other = Transforms.read(TestData.dir("photos/images").resolve("skimage_coffee.png"), 1024);
    MatchingFeatures original = MatchingExtractor.standard().extract(photo);
    MatchingFeatures copy = MatchingExtractor.standard().extract(Transforms.ROTATE_90.apply(photo));
    MatchingFeatures unrelated = MatchingExtractor.standard().extract(other);
    for (MatchingFeatures reference : new MatchingFeatures[] {original, unrelated}) {
      int[][] expected = nestedLoop(copy, reference, VerificationOptions.DEFAULT_RATIO);
      assertArrayEquals(expected, Association.associate(copy, reference, VerificationOptions.DEFAULT_RATIO));
    }
    assertTrue(Association.associate(copy, original, VerificationOptions.DEFAULT_RATIO).length > 50);
  }

  @Test
  void randomFeaturesWithTiesAndOneSidedSignsGiveThePairsOfTheNestedLoop() {
    long seed = 20261207L;
    Random rnd = new Random(seed);
    for (int trial = 0; trial < 200; trial++) {
      // Few distinct descriptor values force ties; a tiny count leaves a sign with no feature.
      MatchingFeatures q = random(rnd, rnd.nextInt(40), rnd.nextInt(4) + 1);
      MatchingFeatures r = random(rnd, rnd.nextInt(40), rnd.nextInt(4) + 1);
      double ratio = 0.5 + rnd.nextDouble() * 0.5;
      assertArrayEquals(nestedLoop(q, r, ratio), Association.associate(q, r, ratio),
          "seed " + seed + ", trial " + trial);
    }
  }

  @Test
  void noFeaturesNoPairs() {
    MatchingFeatures none = random(new Random(1), 0, 1);
    MatchingFeatures some = random(new Random(2), 10, 3);
    assertEquals(0, Association.associate(none, some, 0.85).length);
    assertEquals(0, Association.associate(some, none, 0.85).length);
  }

  private static MatchingFeatures random(Random rnd, int n, int levels) {
    float[] x = new float[n];
    float[] y = new float[n];
    float[] radius = new float[n];
    float[] orientation = new float[n];
    boolean[] bright = new boolean[n];
    byte[] d = new byte[n * MatchingFeatures.DESCRIPTOR_LENGTH];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextInt(500);
      y[i] = rnd.nextInt(300);
      radius[i] = 2;
      bright[i] = rnd.nextBoolean();
    }
    for (int i = 0; i < d.length; i++) {
      d[i] = (byte) ((rnd.nextInt(levels) - levels / 2) * 127 / levels);
    }
    return new MatchingFeatures(512, 384, x, y, radius, orientation, bright, d);
  }

  /** The association as first written: every pair's distance as a sum of squared byte differences. */
  private static int[][] nestedLoop(MatchingFeatures query, MatchingFeatures reference, double ratio) {
    int nq = query.size();
    int nr = reference.size();
    int[] bestR = new int[nq];
    long[] bestRDist = new long[nq];
    long[] secondRDist = new long[nq];
    int[] bestQ = new int[nr];
    long[] bestQDist = new long[nr];
    Arrays.fill(bestQDist, Long.MAX_VALUE);
    for (int q = 0; q < nq; q++) {
      long best = Long.MAX_VALUE;
      long second = Long.MAX_VALUE;
      int arg = -1;
      byte[] a = query.descriptor(q);
      for (int r = 0; r < nr; r++) {
        if (reference.bright(r) != query.bright(q)) {
          continue;
        }
        byte[] b = reference.descriptor(r);
        long d = 0;
        for (int j = 0; j < a.length; j++) {
          d += (a[j] - b[j]) * (a[j] - b[j]);
        }
        if (d < best) {
          second = best;
          best = d;
          arg = r;
        } else if (d < second) {
          second = d;
        }
        if (d < bestQDist[r]) {
          bestQDist[r] = d;
          bestQ[r] = q;
        }
      }
      bestR[q] = arg;
      bestRDist[q] = best;
      secondRDist[q] = second;
    }
    int[][] pairs = new int[nq][];
    int count = 0;
    for (int q = 0; q < nq; q++) {
      int r = bestR[q];
      if (r < 0 || bestQ[r] != q) {
        continue;
      }
      if (secondRDist[q] != Long.MAX_VALUE && bestRDist[q] > ratio * ratio * secondRDist[q]) {
        continue;
      }
      pairs[count++] = new int[] {q, r};
    }
    return Arrays.copyOf(pairs, count);
  }
}
