package org.imageindex.signatures.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.imageindex.signatures.TestData;
import org.imageindex.signatures.Transforms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Copy detection over every photograph of the test set: each original against ten generated
 * copies must verify as Match or Clone, and every pair of different photographs must be
 * rejected. Prints a table of what it measured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MatchingCopyDetectionTest {

  /** Originals are read at up to 1280 pixels: the matcher analyses 512, and it keeps tests quick. */
  private static final int READ_SIDE = 1280;
  private static final double REQUIRED_RATE = 0.95;

  private final MatchingExtractor extractor = MatchingExtractor.standard();
  private final MatchVerifier verifier = MatchVerifier.standard();
  private List<Path> files;
  private List<BufferedImage> originals;
  private List<MatchingFeatures> features;

  @BeforeAll
  void extractOriginals() {
    files = TestData.images("photos/images");
    assertEquals(22, files.size(), "photos/images should hold the 22 photographs of its README");
    originals = files.parallelStream().map(f -> Transforms.read(f, READ_SIDE)).toList();
    features = originals.parallelStream().map(extractor::extract).toList();
  }

  @Test
  void everyTransformedCopyMatchesItsOriginal() {
    Map<Transforms, List<String>> failures = new EnumMap<>(Transforms.class);
    Map<Transforms, int[]> inlierStats = new EnumMap<>(Transforms.class);
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "%-24s %8s %6s %6s %10s %10s%n", "transform", "matched", "clone", "rate", "minInliers", "medInliers"));
    for (Transforms t : Transforms.values()) {
      List<MatchResult> results = IntStream.range(0, files.size()).parallel()
          .mapToObj(i -> verifier.verify(extractor.extract(t.apply(originals.get(i))), features.get(i)))
          .toList();
      List<String> failed = new ArrayList<>();
      int clones = 0;
      int[] inliers = new int[results.size()];
      for (int i = 0; i < results.size(); i++) {
        MatchResult r = results.get(i);
        inliers[i] = r.inliers();
        if (!r.verdict().isMatch()) {
          failed.add(files.get(i).getFileName() + " (" + r.verdict().label() + ", " + r.inliers()
              + " inliers of " + r.candidates() + ")");
        }
        clones += r.verdict() == Verdict.CLONE ? 1 : 0;
      }
      java.util.Arrays.sort(inliers);
      double rate = 1 - (double) failed.size() / results.size();
      table.append(String.format(Locale.ROOT, "%-24s %5d/%-2d %6d %6.3f %10d %10d%n", t.label(),
          results.size() - failed.size(), results.size(), clones, rate, inliers[0], inliers[inliers.length / 2]));
      failures.put(t, failed);
      inlierStats.put(t, inliers);
    }
    System.out.println("Copy detection on " + files.size() + " photographs:\n" + table);
    failures.forEach((t, f) -> {
      if (!f.isEmpty()) {
        System.out.println("  not matched, " + t.label() + ": " + f);
      }
    });
    for (Transforms t : Transforms.values()) {
      double rate = 1 - (double) failures.get(t).size() / files.size();
      assertTrue(rate >= REQUIRED_RATE, t.label() + ": match rate " + rate + " < " + REQUIRED_RATE
          + "; missed " + failures.get(t));
    }
  }

  @Test
  void everyPairOfDifferentPhotographsIsRejected() {
    int n = files.size();
    List<String> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
    int[] maxInliers = new int[1];
    IntStream.range(0, n * n).parallel().forEach(k -> {
      int q = k / n;
      int r = k % n;
      if (q == r) {
        return;
      }
      MatchResult result = verifier.verify(features.get(q), features.get(r));
      synchronized (maxInliers) {
        if (result.verdict() != Verdict.REJECTED_GEOMETRY || result.inliers() > 0) {
          maxInliers[0] = Math.max(maxInliers[0], result.inliers());
        }
      }
      if (result.verdict().isMatch()) {
        accepted.add(files.get(q).getFileName() + " -> " + files.get(r).getFileName() + " "
            + result.verdict() + " inliers=" + result.inliers());
      }
    });
    System.out.println("Cross pairs: " + (n * (n - 1)) + " ordered pairs of different photographs, "
        + accepted.size() + " accepted; largest chance consensus " + maxInliers[0] + " inliers");
    assertEquals(List.of(), accepted);
  }

  @Test
  void aByteIdenticalReencodeIsAClone() {
    for (int i = 0; i < files.size(); i++) {
      BufferedImage reencoded = Transforms.decode(
          org.imageindex.signatures.Transforms.jpeg(originals.get(i), 0.95f));
      MatchResult r = verifier.verify(extractor.extract(reencoded), features.get(i));
      assertEquals(Verdict.CLONE, r.verdict(), files.get(i).getFileName() + ": " + r);
    }
  }
}
