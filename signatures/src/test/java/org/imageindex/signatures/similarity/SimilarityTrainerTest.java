package org.imageindex.signatures.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimilarityTrainerTest {

  /** Small options so each training here takes a fraction of a second. */
  private static final SimilarityTrainer.Options SMALL =
      SimilarityTrainer.Options.defaults().withWords(4).withPcaDims(8).withDescriptorsPerImage(100);

  private static List<Images.Pixels> images;

  @BeforeAll
  static void load() {
    images = TestData.images("pixabay-categories/images").subList(0, 8).stream().map(SimilarityData::pixels).toList();
  }

  @Test
  void sameInputAndSeedGiveTheSameModel() {
    SimilarityModel a = SimilarityTrainer.train(images, SMALL);
    SimilarityModel b = SimilarityTrainer.train(images, SMALL);
    assertEquals(a, b);
    assertEquals(a.id(), b.id());
    assertEquals(4 * 8 + 64, a.dimension());
    assertNotEquals(a, SimilarityTrainer.train(images, SMALL.withSeed(SMALL.seed() + 1)));
  }

  @Test
  void progressCountsEveryStepUpToTheTotal() {
    List<int[]> calls = new ArrayList<>();
    SimilarityTrainer.train(images, SMALL, (done, total) -> calls.add(new int[] {done, total}), () -> false);
    int total = images.size() + 1 + SimilarityTrainer.KMEANS_ITERATIONS;
    assertEquals(total, calls.size());
    for (int i = 0; i < calls.size(); i++) {
      assertEquals(i + 1, calls.get(i)[0]);
      assertEquals(total, calls.get(i)[1]);
    }
  }

  @Test
  void cancellationStopsTraining() {
    AtomicInteger progressCalls = new AtomicInteger();
    CancellationException e = assertThrows(CancellationException.class,
        () -> SimilarityTrainer.train(images, SMALL, (done, total) -> progressCalls.incrementAndGet(),
            () -> progressCalls.get() >= 3));
    assertEquals("similarity training cancelled after 3 of 8 images", e.getMessage());
    assertEquals(3, progressCalls.get());

    AtomicInteger late = new AtomicInteger();
    int clusteringStep = images.size() + 1 + 2;
    CancellationException during = assertThrows(CancellationException.class,
        () -> SimilarityTrainer.train(images, SMALL, (done, total) -> late.set(done),
            () -> late.get() >= clusteringStep));
    assertEquals("similarity training cancelled at clustering iteration 2 of "
        + SimilarityTrainer.KMEANS_ITERATIONS, during.getMessage());
  }

  @Test
  void optionsAndInputsAreValidated() {
    SimilarityTrainer.Options d = SimilarityTrainer.Options.defaults();
    assertEquals("words must be >= 2, got: 1",
        assertThrows(IllegalArgumentException.class, () -> d.withWords(1)).getMessage());
    assertEquals("pcaDims must be in [1, 64], got: 0",
        assertThrows(IllegalArgumentException.class, () -> d.withPcaDims(0)).getMessage());
    assertEquals("descriptorsPerImage must be >= 1, got: 0",
        assertThrows(IllegalArgumentException.class, () -> d.withDescriptorsPerImage(0)).getMessage());
    assertEquals("colourWeight must be in [0, 1), got: -0.1",
        assertThrows(IllegalArgumentException.class, () -> d.withColourWeight(-0.1f)).getMessage());
    assertEquals("images must not be empty",
        assertThrows(IllegalArgumentException.class, () -> SimilarityTrainer.train(List.of(), d)).getMessage());
    List<Images.Pixels> thin = List.of(new Images.Pixels(400, 2, new int[800]));
    assertEquals("training images gave 0 local descriptors, need at least words = 16",
        assertThrows(IllegalArgumentException.class, () -> SimilarityTrainer.train(thin, d)).getMessage());
  }

  @Test
  void trainedModelSeparatesScenesItNeverSaw() {
    SimilarityExtractor extractor = SimilarityExtractor.of(SimilarityTrainer.train(images, SMALL));
    List<String> names = List.of("bobcats_01", "bobcats_02", "skull_01");
    List<SimilaritySignature> s = names.stream()
        .map(n -> SimilarityData.pixels(TestData.dir("boofcv-triples/images").resolve(n + ".jpg")))
        .map(extractor::extract).toList();
    assertTrue(s.get(0).distance(s.get(1)) < s.get(0).distance(s.get(2)),
        "bobcats_02 " + s.get(0).distance(s.get(1)) + " vs skull_01 " + s.get(0).distance(s.get(2)));
  }
}
