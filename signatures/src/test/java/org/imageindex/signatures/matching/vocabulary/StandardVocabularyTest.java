package org.imageindex.signatures.matching.vocabulary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The shipped vocabulary is exactly what {@link RegenerateStandardVocabulary} trains from the data folder. */
class StandardVocabularyTest {

  @Test
  void shippedVocabularyIsReproducibleFromTheTrainingImages() {
    VisualVocabulary trained = VocabularyData.train();
    assertEquals(VisualVocabulary.standard().id(), trained.id(),
        "regenerate with -Dtest=RegenerateStandardVocabulary -Dimageindex.vocabulary.regenerate=true");
    assertEquals(VisualVocabulary.standard(), trained);
    assertEquals(10_000, trained.size());
  }
}
