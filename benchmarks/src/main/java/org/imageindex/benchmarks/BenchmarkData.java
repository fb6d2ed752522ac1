package org.imageindex.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the test photographs: {@code -Dimageindex.data=...}, else the checkout's {@code testdata/}
 * folder, found by walking up from the working directory.
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
      Path p = dir.resolve("testdata");
      if (Files.isDirectory(p.resolve("photos"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "test photographs not found: no testdata/ in " + Paths.get("").toAbsolutePath()
            + " or its parents; pass -Dimageindex.data=<folder holding photos/>");
  }
}
