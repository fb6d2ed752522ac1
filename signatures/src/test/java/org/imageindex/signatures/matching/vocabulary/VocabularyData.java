package org.imageindex.signatures.matching.vocabulary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.imageindex.signatures.TestData;
import org.imageindex.signatures.Transforms;
import org.imageindex.signatures.matching.MatchingExtractor;
import org.imageindex.signatures.matching.MatchingFeatures;

/** The photographs the shipped vocabulary is trained on, and their matching features. */
final class VocabularyData {

  /** Images are read at up to 1,280 pixels: the extractor analyses 512, and reading stays quick. */
  static final int READ_SIDE = 1280;

  private static volatile List<MatchingFeatures> features;

  private VocabularyData() {}

  /**
   * The permissively licensed photographs, in a fixed order: pixabay-categories (CC0), photos
   * skimage_* (BSD/CC0/public domain) and mate_* (GPL-2+), geometric-pairs (Apache-2.0/BSD) and
   * neardup-variants (MIT). Never the lire_* photos (non-commercial licence) nor boofcv-triples.
   */
  static List<Path> trainingFiles() {
    List<Path> files = new ArrayList<>(TestData.images("pixabay-categories/images"));
    for (Path p : TestData.images("photos/images")) {
      String name = p.getFileName().toString();
      if (name.startsWith("skimage_") || name.startsWith("mate_")) {
        files.add(p);
      }
    }
    files.addAll(TestData.images("geometric-pairs/images"));
    files.addAll(TestData.images("neardup-variants/images/sway_blue"));
    return files;
  }

  /** The standard extractor's features of {@link #trainingFiles()}, in the same order (cached). */
  static List<MatchingFeatures> trainingFeatures() {
    List<MatchingFeatures> f = features;
    if (f == null) {
      MatchingExtractor extractor = MatchingExtractor.standard();
      f = trainingFiles().parallelStream().map(p -> extractor.extract(Transforms.read(p, READ_SIDE))).toList();
      features = f;
    }
    return f;
  }

  /** Trains the standard vocabulary: default options on {@link #trainingFeatures()}. */
  static VisualVocabulary train() {
    return VocabularyTrainer.train(trainingFeatures(), VocabularyTrainer.Options.defaults());
  }
}
