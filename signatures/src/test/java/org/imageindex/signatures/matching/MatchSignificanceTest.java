package org.imageindex.signatures.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.imageindex.signatures.TestData;
import org.imageindex.signatures.Transforms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The significance test of {@link MatchVerifier} on real photographs: weak true copies (crops to
 * 25 % of the area, straight and rotated, and pastes of 10 % of another photograph's area) are
 * accepted more often than by the fixed count, and no unrelated pair gets a Match verdict. The
 * unrelated pairs: every attacked copy against every other photograph, and photographs of
 * {@code photos/} against the animals of {@code pixabay-categories/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MatchSignificanceTest {

  private static final int READ_SIDE = 1024;
  /** Distractor pairs taken: every one of the copies against other originals, one in 3 of the photo-animal pairs. */
  private static final int PHOTO_ANIMAL_STRIDE = 3;

  private final MatchingExtractor extractor = MatchingExtractor.standard();
  private final MatchVerifier significant = MatchVerifier.standard();
  private final MatchVerifier fixed = MatchVerifier.of(new VerificationOptions(VerificationOptions.DEFAULT_RATIO,
      VerificationOptions.DEFAULT_MIN_INLIERS, VerificationOptions.DEFAULT_TOLERANCE,
      VerificationOptions.DEFAULT_ITERATIONS, VerificationOptions.DEFAULT_SEED, 0));
  private List<MatchingFeatures> photos;
  private List<MatchingFeatures> animals;
  private List<Copy> copies;

  record Copy(String attack, int original, MatchingFeatures features) {
  }

  @BeforeAll
  void extract() {
    List<Path> photoFiles = TestData.images("photos/images");
    List<Path> animalFiles = TestData.images("pixabay-categories/images");
    List<BufferedImage> originals = photoFiles.parallelStream().map(f -> Transforms.read(f, READ_SIDE)).toList();
    List<BufferedImage> hosts = animalFiles.parallelStream().map(f -> Transforms.read(f, READ_SIDE)).toList();
    photos = originals.parallelStream().map(extractor::extract).toList();
    animals = hosts.parallelStream().map(extractor::extract).toList();
    List<Copy> all = new ArrayList<>();
    all.addAll(IntStream.range(0, originals.size()).parallel().boxed().flatMap(i -> {
      SplittableRandom rnd = new SplittableRandom(i);
      BufferedImage o = originals.get(i);
      List<Copy> c = new ArrayList<>();
      c.add(new Copy("crop 25 %", i, extractor.extract(crop(o, 0.25, rnd))));
      c.add(new Copy("crop 25 %, rotated 30°, JPEG q=30", i, extractor.extract(
          Transforms.decode(Transforms.jpeg(Transforms.rotate(crop(o, 0.25, rnd), 30), 0.3f)))));
      c.add(new Copy("paste 10 % area", i, extractor.extract(paste(o, hosts.get(i % hosts.size()), 0.1, rnd))));
      return c.stream();
    }).toList());
    copies = all;
  }

  @Test
  void weakCopiesAreAcceptedAndUnrelatedPairsNever() {
    StringBuilder table = new StringBuilder();
    int fixedFound = 0;
    int found = 0;
    for (String attack : copies.stream().map(Copy::attack).distinct().toList()) {
      List<Copy> of = copies.stream().filter(c -> c.attack().equals(attack)).toList();
      int f = (int) of.parallelStream().filter(c -> fixed.verify(c.features(), photos.get(c.original())).verdict().isMatch()).count();
      int s = (int) of.parallelStream().filter(c -> significant.verify(c.features(), photos.get(c.original())).verdict().isMatch()).count();
      table.append(String.format(Locale.ROOT, "  %-36s fixed 12: %2d/%d  significance: %2d/%d%n", attack, f, of.size(), s, of.size()));
      fixedFound += f;
      found += s;
    }
    List<MatchingFeatures[]> distractors = new ArrayList<>();
    for (Copy c : copies) {
      for (int j = 0; j < photos.size(); j++) {
        if (j != c.original()) {
          distractors.add(new MatchingFeatures[] {c.features(), photos.get(j)});
        }
      }
    }
    for (int i = 0; i < photos.size(); i++) {
      for (int j = 0; j < animals.size(); j++) {
        if ((i + j) % PHOTO_ANIMAL_STRIDE == 0) {
          distractors.add(new MatchingFeatures[] {photos.get(i), animals.get(j)});
        }
      }
    }
    List<MatchResult> results = distractors.parallelStream().map(p -> significant.verify(p[0], p[1])).toList();
    long falseMatches = results.stream().filter(r -> r.verdict().isMatch()).count();
    int mostInliers = results.stream().mapToInt(MatchResult::inliers).max().orElse(0);
    System.out.printf(Locale.ROOT, "Weak copies of %d photographs found by their original:%n%s"
        + "Unrelated pairs: %d, Match verdicts %d, most agreeing pairs %d%n", photos.size(), table, results.size(),
        falseMatches, mostInliers);
    assertTrue(results.size() >= 500, "at least 500 distractor pairs, got " + results.size());
    assertEquals(0, falseMatches, "no unrelated pair may get a Match verdict");
    assertTrue(mostInliers < MatchVerifier.MIN_SIGNIFICANT_INLIERS,
        "chance consensuses stay below the fewest the significance test accepts: " + mostInliers);
    assertTrue(found > fixedFound, "the significance test accepts more weak copies: " + found + " vs " + fixedFound + "\n" + table);
  }

  /** A window of {@code area} of the image at a random place. */
  static BufferedImage crop(BufferedImage s, double area, SplittableRandom rnd) {
    double f = Math.sqrt(area);
    int w = (int) Math.round(s.getWidth() * f);
    int h = (int) Math.round(s.getHeight() * f);
    return Transforms.copy(s.getSubimage(rnd.nextInt(s.getWidth() - w + 1), rnd.nextInt(s.getHeight() - h + 1), w, h));
  }

  /** {@code s} scaled to {@code area} of {@code host}'s area and drawn into it at a random place. */
  static BufferedImage paste(BufferedImage s, BufferedImage host, double area, SplittableRandom rnd) {
    BufferedImage out = Transforms.copy(host);
    double scale = Math.sqrt(area * host.getWidth() * host.getHeight() / ((double) s.getWidth() * s.getHeight()));
    int w = Math.max(1, (int) Math.round(s.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(s.getHeight() * scale));
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(s, rnd.nextInt(Math.max(1, host.getWidth() - w)), rnd.nextInt(Math.max(1, host.getHeight() - h)), w, h, null);
    g.dispose();
    return out;
  }
}
