package org.imageindex.benchmarks.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.imageindex.benchmarks.BenchmarkData;
import org.junit.jupiter.api.Test;

class IndexAgreementTest {

  @Test
  void theIndexReturnsTheExactNearestOnASmallSetAndBothWaysAreTimed() throws Exception {
    Path dir = BenchmarkData.root().resolve("photos/images");
    List<String> names;
    try (Stream<Path> files = Files.list(dir)) {
      names = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("mate_")).sorted().toList();
    }
    List<IndexedImage> images = new Extraction(2).extract(dir, names);
    List<IndexAgreement> result = IndexAgreement.measure("photos", images);
    assertEquals(List.of("similarity", "colour"), result.stream().map(IndexAgreement::signature).toList());
    for (IndexAgreement a : result) {
      assertEquals(names.size(), a.images());
      // A dozen vectors: the graph holds them all and must find exactly the exact scan's ten.
      assertEquals(1.0, a.recallAt10(), 1e-9, a.toString());
      assertTrue(a.indexMillis() > 0 && a.exactMillis() > 0, a.toString());
    }
  }
}
