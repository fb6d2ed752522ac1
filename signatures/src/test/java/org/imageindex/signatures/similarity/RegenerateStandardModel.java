package org.imageindex.signatures.similarity;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.AbstractList;
import java.util.List;
import org.imageindex.signatures.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Regenerates the shipped model from the testdata folder. Runs only when asked:
 *
 * <pre>
 * ./mvnw -q -pl signatures test -Dtest=RegenerateStandardModel -Dimageindex.similarity.regenerate=true
 * </pre>
 *
 * {@link StandardModelTest} checks on every build that the shipped file is what this produces.
 */
class RegenerateStandardModel {

  /** The resource, relative to the signatures module (Surefire's working directory). */
  static final Path RESOURCE = Paths.get("src/main/resources/org/imageindex/signatures/similarity",
      SimilarityModel.STANDARD_RESOURCE);

  /** Trains the standard model: default options on {@link SimilarityData#trainingFiles()}. */
  static SimilarityModel train() {
    List<Path> files = SimilarityData.trainingFiles();
    // Decodes on demand so training holds descriptors, not a hundred images.
    List<Images.Pixels> images = new AbstractList<>() {
      @Override
      public Images.Pixels get(int index) {
        return SimilarityData.pixels(files.get(index));
      }

      @Override
      public int size() {
        return files.size();
      }
    };
    return SimilarityTrainer.train(images, SimilarityTrainer.Options.defaults());
  }

  @Test
  @EnabledIfSystemProperty(named = "imageindex.similarity.regenerate", matches = "true")
  void regenerate() throws IOException {
    SimilarityModel model = train();
    Files.createDirectories(RESOURCE.getParent());
    try (OutputStream out = Files.newOutputStream(RESOURCE)) {
      model.write(out);
    }
    System.out.printf("wrote %s (%d bytes, %s, %d training images)%n", RESOURCE, Files.size(RESOURCE),
        model.id(), SimilarityData.trainingFiles().size());
  }
}
