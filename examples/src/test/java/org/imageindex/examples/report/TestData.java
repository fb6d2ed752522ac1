package org.imageindex.examples.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Locates the shared test photographs ({@code -Dimageindex.data}, else {@code ../shared/data}). */
public final class TestData {

  private TestData() {}

  /** The data root; fails the test with a clear message when it cannot be found. */
  public static Path root() {
    String prop = System.getProperty("imageindex.data");
    List<Path> tried = new ArrayList<>();
    if (prop != null && !prop.isBlank()) {
      Path p = Paths.get(prop).toAbsolutePath().normalize();
      if (Files.isDirectory(p.resolve("photos"))) {
        return p;
      }
      tried.add(p);
    }
    // Walk up from the working directory: the data sits beside the checkout as shared/data.
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve("shared").resolve("data");
      if (Files.isDirectory(p.resolve("photos"))) {
        return p;
      }
      tried.add(p);
    }
    throw new IllegalStateException("test photographs not found; tried " + tried
        + ". Pass -Dimageindex.data=<folder holding photos/, boofcv-triples/, ...>");
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
