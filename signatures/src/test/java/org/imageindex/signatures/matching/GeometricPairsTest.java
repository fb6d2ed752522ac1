package org.imageindex.signatures.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.Test;

/** Geometric verification on classic real image pairs with known geometry. */
class GeometricPairsTest {

  private final MatchingExtractor extractor = MatchingExtractor.standard();
  private final MatchVerifier verifier = MatchVerifier.standard();

  private static BufferedImage read(String name) throws IOException {
    return ImageIO.read(TestData.root().resolve("geometric-pairs").resolve(name).toFile());
  }

  @Test
  void graf1ToGraf3HomographyIsRecovered() throws IOException {
    BufferedImage graf1 = read("images/graf1.png");
    BufferedImage graf3 = read("images/graf3.png");
    double[] truth = new double[9];
    List<List<String>> rows = TestData.csv("geometric-pairs/homography_graf1_to_graf3.csv");
    for (List<String> row : rows) {
      int r = Integer.parseInt(row.get(0));
      for (int c = 0; c < 3; c++) {
        truth[r * 3 + c] = Double.parseDouble(row.get(c + 1));
      }
    }
    // graf3 is the query, graf1 the reference: the verifier's homography maps graf1 to graf3.
    MatchResult result = verifier.verify(extractor.extract(graf3), extractor.extract(graf1));
    assertEquals(Verdict.MATCH, result.verdict(), result.toString());
    double[] found = result.homography().inPixels(
        graf1.getWidth(), graf1.getHeight(), graf3.getWidth(), graf3.getHeight());
    double tolerance = 0.02 * Math.max(graf3.getWidth(), graf3.getHeight());
    double worst = 0;
    double[][] corners = {{0, 0}, {graf1.getWidth(), 0}, {graf1.getWidth(), graf1.getHeight()}, {0, graf1.getHeight()}};
    for (double[] c : corners) {
      double[] a = project(truth, c[0], c[1]);
      double[] b = project(found, c[0], c[1]);
      worst = Math.max(worst, Math.hypot(a[0] - b[0], a[1] - b[1]));
    }
    System.out.printf(Locale.ROOT, "graf1->graf3: %d inliers, worst corner error %.1f px (tolerance %.1f px)%n",
        result.inliers(), worst, tolerance);
    assertTrue(worst <= tolerance, "worst corner error " + worst + " px > " + tolerance);
  }

  @Test
  void boxIsFoundInTheScene() throws IOException {
    BufferedImage box = read("images/box.png");
    BufferedImage scene = read("images/box_in_scene.png");
    MatchResult result = verifier.verify(extractor.extract(scene), extractor.extract(box));
    System.out.println("box in box_in_scene: " + result.verdict().label() + ", " + result.inliers()
        + " inliers, query box " + result.queryBox() + ", reference box " + result.referenceBox());
    assertEquals(Verdict.MATCH, result.verdict());
    // The box fills the middle of box.png; in the scene it is a smaller, rotated object.
    assertTrue(result.referenceBox().area() > 0.3, "reference box " + result.referenceBox());
    assertTrue(result.queryBox().area() > 0.02 && result.queryBox().area() < 0.5,
        "query box " + result.queryBox());
    double[] qb = result.queryBox().bounds();
    for (double v : qb) {
      assertTrue(v > -0.05 && v < 1.05, "query box lies outside the scene: " + result.queryBox());
    }
  }

  @Test
  void realPairsMatchAndDifferentPairsDoNot() throws IOException {
    List<List<String>> pairs = TestData.csv("geometric-pairs/pairs.csv");
    List<MatchingFeatures> a = new ArrayList<>();
    List<MatchingFeatures> b = new ArrayList<>();
    for (List<String> p : pairs) {
      a.add(extractor.extract(read(p.get(0))));
      b.add(extractor.extract(read(p.get(1))));
    }
    int matched = 0;
    StringBuilder report = new StringBuilder();
    for (int i = 0; i < pairs.size(); i++) {
      MatchResult r = verifier.verify(b.get(i), a.get(i));
      matched += r.verdict().isMatch() ? 1 : 0;
      report.append(String.format(Locale.ROOT, "  %-28s %-34s %-40s %4d inliers%n",
          pairs.get(i).get(0).replace("images/", ""), pairs.get(i).get(2), r.verdict().label(), r.inliers()));
    }
    List<String> crossAccepted = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      for (int j = 0; j < pairs.size(); j++) {
        if (i != j && verifier.verify(b.get(i), a.get(j)).verdict().isMatch()) {
          crossAccepted.add(pairs.get(i).get(1) + " -> " + pairs.get(j).get(0));
        }
      }
    }
    System.out.print("geometric-pairs: " + matched + "/" + pairs.size() + " pairs matched\n" + report);
    assertEquals(List.of(), crossAccepted, "images of different pairs must not match");
    // Measured: 9 of 11. The two misses are wide-baseline views of 3-D scenes (aero1/aero3 and
    // the desk stereo pair left/right), where no single homography explains a dozen pairs: the
    // verifier is a copy detector, and such pairs are the similarity signature's job.
    assertTrue(matched >= 9, matched + " of " + pairs.size() + " pairs matched");
  }

  private static double[] project(double[] h, double x, double y) {
    double w = h[6] * x + h[7] * y + h[8];
    return new double[] {(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w};
  }
}
