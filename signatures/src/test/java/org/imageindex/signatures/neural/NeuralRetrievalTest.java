package org.imageindex.signatures.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleBiFunction;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.signatures.TestData;
import org.imageindex.signatures.decode.ImageDecoder;
import org.imageindex.signatures.similarity.SimilarityExtractor;
import org.imageindex.signatures.similarity.SimilaritySignature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The neural signature on real photographs: it must find the other views of a scene
 * (boofcv-triples) and rank semantic categories (pixabay-categories) better than both a colour
 * histogram and the BoofCV similarity signature, the reason it exists.
 */
class NeuralRetrievalTest {

  private record Labelled(List<Images.Pixels> pixels, List<String> labels) {}

  private static Labelled triples;
  private static Labelled pixabay;

  @BeforeAll
  static void load() {
    triples = labelled("boofcv-triples", "groundtruth_groups.csv");
    pixabay = labelled("pixabay-categories", "groundtruth_categories.csv");
  }

  private static Labelled labelled(String folder, String csv) {
    ImageDecoder decoder = ImageDecoder.standard().withTargetSide(SignatureExtractor.WORKING_SIDE);
    Path dir = TestData.dir(folder);
    List<List<String>> rows = TestData.csv(folder + "/" + csv);
    return new Labelled(
        rows.stream().map(r -> decoder.decode(dir.resolve(r.get(0))).pixels(SignatureExtractor.WORKING_SIDE)).toList(),
        rows.stream().map(r -> r.get(1)).toList());
  }

  @Test
  void everySceneFindsItsOtherViewsFirst() {
    List<float[]> v = triples.pixels().stream().map(NeuralExtractor.standard()::extract).toList();
    assertEquals(36, v.size());
    double map = meanAveragePrecision(triples.labels(), (a, b) -> 1 - dot(v.get(a), v.get(b)));
    System.out.printf("neural mAP boofcv-triples %.3f%n", map);
    assertTrue(map >= 0.95, "boofcv-triples mAP " + map);
  }

  @Test
  void ranksCategoriesAboveTheHistogramAndTheBoofcvSignature() {
    List<float[]> v = pixabay.pixels().stream().map(NeuralExtractor.standard()::extract).toList();
    List<SimilaritySignature> s = pixabay.pixels().stream().map(SimilarityExtractor.standard()::extract).toList();
    List<float[]> h = pixabay.pixels().stream().map(NeuralRetrievalTest::histogram).toList();
    double neural = meanAveragePrecision(pixabay.labels(), (a, b) -> 1 - dot(v.get(a), v.get(b)));
    double boofcv = meanAveragePrecision(pixabay.labels(), (a, b) -> s.get(a).distance(s.get(b)));
    double hist = meanAveragePrecision(pixabay.labels(), (a, b) -> l1(h.get(a), h.get(b)));
    System.out.printf("pixabay-categories mAP: neural %.3f, similarity %.3f, RGB 8x8x8 L1 %.3f%n", neural, boofcv, hist);
    assertTrue(neural >= boofcv + 0.05, "neural " + neural + " vs similarity " + boofcv);
    assertTrue(neural >= hist + 0.05, "neural " + neural + " vs histogram " + hist);
  }

  @Test
  void theExtractorBuilderStoresTheSameUnitVector() {
    Images.Pixels p = triples.pixels().get(0);
    SignatureExtractor withNeural = SignatureExtractor.builder().add(NeuralExtractor.standard()).build();
    float[] viaSpi = withNeural.extract(image(p)).vector(NeuralExtractor.NAME);
    float[] direct = NeuralExtractor.standard().extract(p);
    assertArrayEquals(direct, viaSpi);
    assertEquals(1.0, Math.sqrt(dot(direct, direct)), 1e-5);
    assertEquals(NeuralExtractor.DEFAULT_LAYER.channels(), direct.length);
  }

  private static java.awt.image.BufferedImage image(Images.Pixels p) {
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(p.width(), p.height(), java.awt.image.BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, p.width(), p.height(), p.rgb(), 0, p.width());
    return img;
  }

  /** Mean over queries of average precision; a query's relevant images share its label. */
  private static double meanAveragePrecision(List<String> labels, ToDoubleBiFunction<Integer, Integer> distance) {
    int n = labels.size();
    double sum = 0;
    int queries = 0;
    for (int q = 0; q < n; q++) {
      int qi = q;
      List<Integer> others = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (i != q) {
          others.add(i);
        }
      }
      others.sort((a, b) -> Double.compare(distance.applyAsDouble(qi, a), distance.applyAsDouble(qi, b)));
      int relevant = (int) others.stream().filter(i -> labels.get(i).equals(labels.get(qi))).count();
      if (relevant == 0) {
        continue;
      }
      int hits = 0;
      double ap = 0;
      for (int r = 0; r < others.size(); r++) {
        if (labels.get(others.get(r)).equals(labels.get(q))) {
          hits++;
          ap += (double) hits / (r + 1);
        }
      }
      sum += ap / relevant;
      queries++;
    }
    return sum / queries;
  }

  private static float[] histogram(Images.Pixels p) {
    float[] h = new float[512];
    for (int rgb : p.rgb()) {
      h[((rgb >> 21) & 7) << 6 | ((rgb >> 13) & 7) << 3 | ((rgb >> 5) & 7)] += 1f / p.rgb().length;
    }
    return h;
  }

  private static double l1(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] - b[i]);
    }
    return s;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
