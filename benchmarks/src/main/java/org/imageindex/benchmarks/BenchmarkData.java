package org.imageindex.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the shared test photographs: {@code -Dimageindex.data=...}, else a {@code shared/data}
 * folder beside the working directory or one of its parents.
 */
public final class BenchmarkData {

  private BenchmarkData() {}

  /** The data root holding {@code photos/}, {@code boofcv-triples/}, ... */
  public static Path root() {
    String prop = System.getProperty("imageindex.data");
    if (prop != null && !prop.isBlank()) {
      Path p = Paths.get(prop).toAbsolutePath().normalize();
      if (Files.isDirectory(p.resolve("photos"))) {
        return p;
      }
      throw new IllegalStateException("-Dimageindex.data=" + prop + " does not hold photos/");
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve("shared").resolve("data");
      if (Files.isDirectory(p.resolve("photos"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "test photographs not found: pass -Dimageindex.data=<folder holding photos/>");
  }
}
