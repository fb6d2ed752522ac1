package org.imageindex.signatures.similarity;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.TestData;

/** Test images at the size extractors receive them, decoded once per test JVM. */
final class SimilarityData {

  /** The size the signature facade reduces decoded images to before any extractor runs. */
  static final int INPUT_SIDE = 512;

  private static final Map<Path, Images.Pixels> CACHE = new ConcurrentHashMap<>();

  private SimilarityData() {}

  static BufferedImage decode(Path file) {
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) {
        throw new IllegalStateException("no ImageIO reader for " + file);
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code file} decoded and reduced to {@link #INPUT_SIDE}, cached. */
  static Images.Pixels pixels(Path file) {
    return CACHE.computeIfAbsent(file, f -> Images.fit(decode(f), INPUT_SIDE));
  }

  /**
   * The permissively licensed photographs the shipped model is trained on, in a fixed order:
   * pixabay-categories (CC0), photos skimage_* (BSD/CC0/public domain) and mate_* (GPL-2+),
   * geometric-pairs (Apache-2.0/BSD) and neardup-variants (MIT). Never the lire_* photos
   * (non-commercial licence) nor boofcv-triples (held out for evaluation).
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

  /** Rows {@code image,label} of a ground-truth CSV, as files and labels in CSV order. */
  record Labelled(List<Path> files, List<String> labels) {}

  static Labelled labelled(String folder, String csv) {
    List<Path> files = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (List<String> row : TestData.csv(folder + "/" + csv)) {
      files.add(TestData.dir(folder).resolve(row.get(0)));
      labels.add(row.get(1));
    }
    return new Labelled(files, labels);
  }
}
