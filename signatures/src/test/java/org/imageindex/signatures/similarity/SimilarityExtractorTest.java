package org.imageindex.signatures.similarity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.TestData;
import org.imageindex.signatures.Transforms;
import org.junit.jupiter.api.Test;

class SimilarityExtractorTest {

  private static final SimilarityExtractor EXTRACTOR = SimilarityExtractor.standard();

  @Test
  void signatureIsUnitLengthOfTheModelsDimension() {
    Images.Pixels p = SimilarityData.pixels(TestData.images("boofcv-triples/images").get(0));
    SimilaritySignature s = EXTRACTOR.extract(p);
    assertEquals(EXTRACTOR.dimension(), s.dimension());
    assertEquals(EXTRACTOR.model().words() * EXTRACTOR.model().pcaDims() + 64, s.dimension());
    assertTrue(s.dimension() <= 512, "dimension " + s.dimension());
    assertEquals(EXTRACTOR.model().id(), s.modelId());
    double norm = 0;
    for (float v : s.vector()) {
      norm += v * v;
    }
    assertEquals(1.0, norm, 1e-4);
    assertEquals(0.0, s.distance(s), 1e-5);
    assertEquals(1.0, s.score(s), 1e-5);
  }

  @Test
  void sameImageGivesIdenticalVectorAcrossCallsAndThreads() throws Exception {
    List<Path> files = TestData.images("boofcv-triples/images").subList(0, 6);
    List<SimilaritySignature> first = new ArrayList<>();
    for (Path f : files) {
      first.add(EXTRACTOR.extract(SimilarityData.pixels(f)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<SimilaritySignature>> again = new ArrayList<>();
      for (Path f : files) {
        again.add(pool.submit(() -> EXTRACTOR.extract(SimilarityData.pixels(f))));
      }
      for (int i = 0; i < files.size(); i++) {
        assertArrayEquals(first.get(i).vector(), again.get(i).get().vector(), files.get(i).toString());
        assertEquals(first.get(i), again.get(i).get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void bufferedImageOverloadMatchesTheFacadesPixels() {
    Path file = TestData.images("boofcv-triples/images").get(3);
    BufferedImage image = SimilarityData.decode(file);
    assertEquals(EXTRACTOR.extract(Images.fit(image, 512)), EXTRACTOR.extract(image));
  }

  /**
   * A half-size copy and a JPEG quality-50 re-encoding of each of the 22 photos must find
   * their original first among the 22 and the 36 boofcv-triples photographs, whose same-scene
   * triplets (three shots of one scene from nearby viewpoints) are the hard negatives.
   */
  @Test
  void rescaledAndRecompressedCopiesFindTheirOriginal() {
    List<Path> photos = TestData.images("photos/images");
    assertEquals(22, photos.size());
    List<Path> files = new ArrayList<>(photos);
    files.addAll(TestData.images("boofcv-triples/images"));
    assertEquals(22 + 36, files.size());
    List<SimilaritySignature> originals = new ArrayList<>();
    for (Path f : files) {
      originals.add(EXTRACTOR.extract(SimilarityData.pixels(f)));
    }
    List<String> failures = new ArrayList<>();
    double worstMargin = Double.POSITIVE_INFINITY;
    for (int i = 0; i < photos.size(); i++) {
      Images.Pixels p = SimilarityData.pixels(files.get(i));
      Images.Pixels half = Images.resize(p, Math.max(1, p.width() / 2), Math.max(1, p.height() / 2));
      Images.Pixels jpeg = Images.fit(jpeg(p.toImage(), 0.5f), 512);
      for (var copy : List.of(new Object[] {"0.5x", half}, new Object[] {"jpeg q50", jpeg})) {
        SimilaritySignature q = EXTRACTOR.extract((Images.Pixels) copy[1]);
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        double runnerUp = Double.POSITIVE_INFINITY;
        for (int j = 0; j < originals.size(); j++) {
          double d = q.distance(originals.get(j));
          if (d < bestDistance) {
            runnerUp = bestDistance;
            bestDistance = d;
            best = j;
          } else if (d < runnerUp) {
            runnerUp = d;
          }
        }
        if (best != i) {
          failures.add(copy[0] + " of " + files.get(i).getFileName() + " nearest " + files.get(best).getFileName());
        } else {
          worstMargin = Math.min(worstMargin, runnerUp - bestDistance);
        }
      }
    }
    System.out.printf("robustness: 44 copies among 58 originals, smallest distance margin to the runner-up %.3f%n", worstMargin);
    assertTrue(failures.isEmpty(), failures.toString());
  }

  @Test
  void tinyAndThinImagesStillGetAUnitVector() {
    SimilaritySignature tiny = EXTRACTOR.extract(new Images.Pixels(1, 1, new int[] {0x336699}));
    SimilaritySignature thin = EXTRACTOR.extract(new Images.Pixels(400, 2, new int[800]));
    assertEquals(EXTRACTOR.dimension(), tiny.dimension());
    assertEquals(EXTRACTOR.dimension(), thin.dimension());
    assertTrue(tiny.distance(thin) >= 0);
  }

  static BufferedImage jpeg(BufferedImage image, float quality) {
    return Transforms.decode(Transforms.jpeg(image, quality));
  }

}
