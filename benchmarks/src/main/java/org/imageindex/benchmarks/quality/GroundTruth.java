package org.imageindex.benchmarks.quality;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which images of a set are relevant to which query, read from a ground-truth CSV.
 *
 * <p>The form is told by the header row:
 * <ul>
 *   <li>{@code image,<label>} ({@code image,group}, {@code image,category}, {@code image,colour},
 *       ...): images with the same label are relevant to each other ({@link Form#GROUPS});
 *   <li>{@code query,relevant}: each row makes {@code relevant} relevant to {@code query}, in
 *       that direction only ({@link Form#DIRECTED_PAIRS});
 *   <li>{@code image_a,image_b}: each row makes the two images relevant to each other
 *       ({@link Form#PAIRS}).
 * </ul>
 * Further columns are ignored. Image paths are relative to {@code baseDir}, the CSV's folder.
 * The images ranked are every image named in the file; a query is an image with at least one
 * relevant image.
 *
 * @param name a short name for reports, e.g. {@code boofcv-triples/groundtruth_groups}
 * @param baseDir the folder image paths are relative to
 * @param form the form the header told
 * @param images every image named, in first-seen order
 * @param relevant for each query, the images relevant to it (never itself)
 * @param groups for {@link Form#GROUPS}, each image's label; empty otherwise
 */
public record GroundTruth(
    String name,
    Path baseDir,
    Form form,
    List<String> images,
    Map<String, Set<String>> relevant,
    Map<String, String> groups) {

  /** How relevance is written in the CSV. */
  public enum Form { GROUPS, DIRECTED_PAIRS, PAIRS }

  /** Group size of the Nistér–Stewénius (UKBench) protocol. */
  public static final int NS_GROUP_SIZE = 4;

  public GroundTruth {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseDir, "baseDir");
    Objects.requireNonNull(form, "form");
    images = List.copyOf(images);
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    relevant.forEach((q, r) -> copy.put(q, Collections.unmodifiableSet(new LinkedHashSet<>(r))));
    relevant = Collections.unmodifiableMap(copy);
    groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
  }

  /**
   * Reads a ground-truth CSV; image paths resolve against the CSV's folder.
   *
   * @throws IllegalArgumentException if the header is none of the known forms, or a row is
   *     short or names an empty path; the message gives the file and line
   * @throws UncheckedIOException if the file cannot be read
   */
  public static GroundTruth read(Path csv) {
    List<String> lines;
    try {
      lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ground-truth CSV " + csv, e);
    }
    Path dir = csv.toAbsolutePath().getParent();
    String file = csv.getFileName().toString();
    String stem = file.endsWith(".csv") ? file.substring(0, file.length() - 4) : file;
    String name = (dir.getFileName() == null ? "" : dir.getFileName() + "/") + stem;
    return parse(name, dir, csv.toString(), lines);
  }

  /**
   * Parses the lines of a ground-truth CSV (header first).
   *
   * @param source names the input in error messages
   * @throws IllegalArgumentException as {@link #read(Path)}
   */
  public static GroundTruth parse(String name, Path baseDir, String source, List<String> lines) {
    int first = 0;
    while (first < lines.size() && lines.get(first).isBlank()) {
      first++;
    }
    if (first == lines.size()) {
      throw new IllegalArgumentException(source + ": empty; expected a header 'image,<group>' or 'query,relevant'");
    }
    List<String> header = Csv.split(stripBom(lines.get(first)));
    Form form = formOf(header, source);
    Map<String, String> groupOf = new LinkedHashMap<>();
    Map<String, Set<String>> relevant = new LinkedHashMap<>();
    Set<String> images = new LinkedHashSet<>();
    for (int i = first + 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> cells = Csv.split(lines.get(i));
      int lineNo = i + 1;
      if (cells.size() < 2) {
        throw new IllegalArgumentException(source + ":" + lineNo + ": expected at least 2 columns, got "
            + cells.size() + ": " + lines.get(i));
      }
      String a = cells.get(0).strip();
      String b = cells.get(1).strip();
      if (a.isEmpty() || b.isEmpty()) {
        throw new IllegalArgumentException(source + ":" + lineNo + ": empty " + (a.isEmpty() ? header.get(0) : header.get(1)));
      }
      switch (form) {
        case GROUPS -> {
          String previous = groupOf.putIfAbsent(a, b);
          if (previous != null && !previous.equals(b)) {
            throw new IllegalArgumentException(source + ":" + lineNo + ": image " + a + " is in two groups: "
                + previous + " and " + b);
          }
          images.add(a);
        }
        case DIRECTED_PAIRS, PAIRS -> {
          images.add(a);
          images.add(b);
          if (!a.equals(b)) {
            relevant.computeIfAbsent(a, k -> new LinkedHashSet<>()).add(b);
            if (form == Form.PAIRS) {
              relevant.computeIfAbsent(b, k -> new LinkedHashSet<>()).add(a);
            }
          }
        }
      }
    }
    if (form == Form.GROUPS) {
      Map<String, List<String>> members = new LinkedHashMap<>();
      groupOf.forEach((image, group) -> members.computeIfAbsent(group, k -> new ArrayList<>()).add(image));
      groupOf.forEach((image, group) -> {
        Set<String> others = new LinkedHashSet<>(members.get(group));
        others.remove(image);
        if (!others.isEmpty()) {
          relevant.put(image, others);
        }
      });
    }
    if (images.isEmpty()) {
      throw new IllegalArgumentException(source + ": no rows after the header");
    }
    return new GroundTruth(name, baseDir, form, new ArrayList<>(images), relevant, groupOf);
  }

  /** Images that have at least one relevant image: the queries evaluated. */
  public List<String> queries() {
    return images.stream().filter(relevant::containsKey).toList();
  }

  /**
   * True when the N-S score applies: the CSV gives groups and every group has exactly four
   * images.
   */
  public boolean hasGroupsOfFour() {
    if (form != Form.GROUPS) {
      return false;
    }
    Map<String, Integer> sizes = new TreeMap<>();
    groups.values().forEach(g -> sizes.merge(g, 1, Integer::sum));
    return sizes.values().stream().allMatch(n -> n == NS_GROUP_SIZE);
  }

  private static Form formOf(List<String> header, String source) {
    List<String> h = header.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
    if (h.size() >= 2) {
      if (h.get(0).equals("query") && h.get(1).equals("relevant")) {
        return Form.DIRECTED_PAIRS;
      }
      if (h.get(0).equals("image_a") && h.get(1).equals("image_b")) {
        return Form.PAIRS;
      }
      if (h.get(0).equals("image") && !h.get(1).isEmpty()) {
        return Form.GROUPS;
      }
    }
    throw new IllegalArgumentException(source + ": cannot tell the ground-truth form from the header '"
        + String.join(",", header) + "'; expected 'image,<group>' (e.g. image,group), 'query,relevant' or 'image_a,image_b'");
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  /** The little CSV this needs: commas, double-quoted fields with doubled quotes inside. */
  static final class Csv {
    private Csv() {}

    static List<String> split(String line) {
      List<String> cells = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            cell.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          cells.add(cell.toString());
          cell.setLength(0);
        } else {
          cell.append(c);
        }
      }
      cells.add(cell.toString());
      return cells;
    }
  }
}
