package org.imageindex.signatures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates the test photographs: {@code -Dimageindex.data=<folder>} when given, else the
 * {@code testdata/} folder of the checkout, found by walking up from the working directory (a
 * module's tests run in the module's folder, one level below it).
 */
public final class TestData {

  private TestData() {}

  /** The data root; fails the test with a clear message when it cannot be found. */
  public static Path root() {
    String prop = System.getProperty("imageindex.data");
    if (prop != null && !prop.isBlank()) {
      Path p = Paths.get(prop).toAbsolutePath().normalize();
      if (Files.isDirectory(p.resolve("photos"))) {
        return p;
      }
      // An explicit folder that does not hold the data is a mistake worth stopping for, not a
      // reason to read some other copy silently.
      throw new IllegalStateException("-Dimageindex.data=" + prop + " does not hold photos/, boofcv-triples/, ...");
    }
    List<Path> tried = new ArrayList<>();
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve("testdata");
      if (Files.isDirectory(p.resolve("photos"))) {
        return p;
      }
      tried.add(p);
    }
    throw new IllegalStateException("test photographs not found; tried " + tried
        + ". Run from the checkout (it holds testdata/) or pass -Dimageindex.data=<folder holding photos/, boofcv-triples/, ...>");
  }

  /** A folder of the data set, e.g. {@code dir("photos/images")}. */
  public static Path dir(String relative) {
    Path p = root().resolve(relative);
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("test data folder missing: " + p);
    }
    return p;
  }

  /** The image files (jpg, jpeg, png, gif, bmp) directly in a data folder, sorted by name. */
  public static List<Path> images(String relative) {
    try (Stream<Path> s = Files.list(dir(relative))) {
      return s.filter(p -> p.getFileName().toString().toLowerCase().matches(".*\\.(jpe?g|png|gif|bmp)"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows of a CSV file in the data set (header skipped; simple quoted fields supported). */
  public static List<List<String>> csv(String relative) {
    try {
      List<String> lines = Files.readAllLines(root().resolve(relative));
      List<List<String>> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        if (!line.isBlank()) {
          rows.add(splitCsv(line));
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> splitCsv(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
