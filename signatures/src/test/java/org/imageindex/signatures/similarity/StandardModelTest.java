package org.imageindex.signatures.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The shipped model is exactly what {@link RegenerateStandardModel} trains from the data folder. */
class StandardModelTest {

  @Test
  void shippedModelIsReproducibleFromTheTrainingImages() {
    SimilarityModel trained = RegenerateStandardModel.train();
    assertEquals(SimilarityModel.standard().id(), trained.id(),
        "regenerate with -Dtest=RegenerateStandardModel -Dimageindex.similarity.regenerate=true");
    assertEquals(SimilarityModel.standard(), trained);
  }
}
