package org.imageindex.signatures.matching.vocabulary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Regenerates the shipped vocabulary from the testdata folder. Runs only when asked:
 *
 * <pre>
 * ./mvnw -q -pl signatures test -Dtest=RegenerateStandardVocabulary -Dimageindex.vocabulary.regenerate=true
 * </pre>
 *
 * {@link StandardVocabularyTest} checks on every build that the shipped file is what this produces.
 */
class RegenerateStandardVocabulary {

  /** The resource, relative to the signatures module (Surefire's working directory). */
  static final Path RESOURCE = Paths.get("src/main/resources/org/imageindex/signatures/matching/vocabulary",
      VisualVocabulary.STANDARD_RESOURCE);

  @Test
  @EnabledIfSystemProperty(named = "imageindex.vocabulary.regenerate", matches = "true")
  void regenerate() throws IOException {
    VisualVocabulary v = VocabularyData.train();
    Files.createDirectories(RESOURCE.getParent());
    Files.write(RESOURCE, v.toBytes());
    System.out.printf("wrote %s (%d bytes, %s, %d training images)%n", RESOURCE, Files.size(RESOURCE), v.id(),
        VocabularyData.trainingFiles().size());
  }
}
