package org.imageindex.signatures.similarity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whitening learned on a collection's own vectors: every image of the test data (163), as an
 * index fine-tuned on them would. It must raise mAP where the raw vectors leave room
 * (pixabay-categories, ferrari-colour-sample) and keep boofcv-triples perfect.
 */
class SimilarityWhiteningTest {

  private static final String[][] SETS = {
      {"boofcv-triples", "groundtruth_groups.csv"},
      {"pixabay-categories", "groundtruth_categories.csv"},
      {"ferrari-colour-sample", "groundtruth_colour.csv"}};

  private static List<Path> files;
  private static List<float[]> vectors;
  private static SimilarityWhitening whitening;

  @BeforeAll
  static void learn() {
    List<Path> all = new ArrayList<>();
    for (String[] set : SETS) {
      SimilarityData.labelled(set[0], set[1]).files().forEach(p -> all.add(p.normalize()));
    }
    for (String dir : List.of("photos/images", "geometric-pairs/images", "neardup-variants/images/sway_blue")) {
      TestData.images(dir).stream().map(Path::normalize).filter(p -> !all.contains(p)).forEach(all::add);
    }
    files = all;
    SimilarityExtractor ex = SimilarityExtractor.standard();
    vectors = files.parallelStream().map(p -> ex.extract(SimilarityData.pixels(p)).vector()).toList();
    whitening = SimilarityWhitening.fit(vectors);
  }

  @Test
  void raisesRetrievalOnTheCollectionItWasLearnedOn() {
    List<float[]> white = vectors.stream().map(whitening::apply).toList();
    double[] raw = new double[SETS.length];
    double[] tuned = new double[SETS.length];
    for (int s = 0; s < SETS.length; s++) {
      SimilarityData.Labelled set = SimilarityData.labelled(SETS[s][0], SETS[s][1]);
      int[] at = set.files().stream().mapToInt(p -> files.indexOf(p.normalize())).toArray();
      raw[s] = Retrieval.meanAveragePrecision(set.labels(), (q, i) -> -dot(vectors.get(at[q]), vectors.get(at[i])));
      tuned[s] = Retrieval.meanAveragePrecision(set.labels(), (q, i) -> -dot(white.get(at[q]), white.get(at[i])));
      System.out.printf("whitening %s on %d images: %s mAP %.3f -> %.3f%n", whitening.id(), files.size(), SETS[s][0],
          raw[s], tuned[s]);
    }
    assertEquals(163, files.size(), "every image of the test data");
    assertTrue(tuned[0] >= raw[0], "boofcv-triples must not get worse: " + raw[0] + " -> " + tuned[0]);
    assertTrue(tuned[1] > raw[1], "pixabay-categories: " + raw[1] + " -> " + tuned[1]);
    assertTrue(tuned[2] > raw[2] + 0.02, "ferrari-colour-sample: " + raw[2] + " -> " + tuned[2]);
  }

  @Test
  void givesUnitVectorsAndIsDeterministic() {
    for (float[] v : vectors.subList(0, 20)) {
      float[] w = whitening.apply(v);
      assertEquals(1, Math.sqrt(dot(w, w)), 1e-4);
    }
    List<float[]> shuffled = new ArrayList<>(vectors);
    Collections.shuffle(shuffled, new Random(7));
    SimilarityWhitening again = SimilarityWhitening.fit(vectors);
    assertEquals(whitening.id(), again.id(), "same vectors, same whitening");
    assertEquals(whitening, again);
    SimilarityWhitening reordered = SimilarityWhitening.fit(shuffled);
    assertArrayEquals(whitening.apply(vectors.get(3)), reordered.apply(vectors.get(3)), 1e-4f,
        "the order of the sample changes rounding only");
    float[] mean = new float[whitening.dimension()];
    for (float[] v : vectors) {
      for (int i = 0; i < mean.length; i++) {
        mean[i] += v[i] / vectors.size();
      }
    }
    float[] atMean = whitening.apply(mean);
    assertEquals(1, Math.sqrt(dot(atMean, atMean)), 1e-3, "even the mean itself maps to a unit vector");
  }

  @Test
  void roundTripsThroughBytesAndRefusesDamage() {
    byte[] bytes = whitening.toBytes();
    SimilarityWhitening back = SimilarityWhitening.fromBytes(bytes);
    assertEquals(whitening, back);
    assertEquals(whitening.id(), back.id());
    assertArrayEquals(whitening.apply(vectors.get(0)), back.apply(vectors.get(0)));

    byte[] flipped = bytes.clone();
    flipped[bytes.length / 2] ^= 0x10;
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SimilarityWhitening.fromBytes(flipped))
        .getMessage().contains("checksum"));
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 9);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SimilarityWhitening.fromBytes(cut))
        .getMessage().contains("bytes long"));
    byte[] other = bytes.clone();
    other[0] = 'X';
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SimilarityWhitening.fromBytes(other))
        .getMessage().contains("IISW"));
  }

  @Test
  void refusesWhatItCannotLearnFrom() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SimilarityWhitening.fit(vectors.subList(0, 49)))
        .getMessage().contains("at least 50"));
    List<float[]> same = Collections.nCopies(60, vectors.get(0));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SimilarityWhitening.fit(same))
        .getMessage().contains("all equal"));
    List<float[]> mixed = new ArrayList<>(vectors.subList(0, 60));
    mixed.set(5, new float[3]);
    assertThrows(IllegalArgumentException.class, () -> SimilarityWhitening.fit(mixed));
    assertThrows(IllegalArgumentException.class, () -> whitening.apply(new float[7]));
    assertNotEquals(whitening.id(), SimilarityWhitening.fit(vectors.subList(0, 100)).id());
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
