package org.imageindex.examples.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imageindex.query.ast.SortKey;
import org.imageindex.query.json.JsonValues;
import org.imageindex.record.StoredRecord;
import org.imageindex.search.ListingRequest;
import picocli.CommandLine.Option;

/**
 * The paging, sorting and output options shared by {@code list} and the members of collections
 * and smart collections, and the two ways of printing a page: a table for people, JSON for programs.
 */
final class RecordOutput {

  /** How a page is printed. */
  enum Format {
    /** One line per record: id, size, created, tags, name. */
    table,
    /** One JSON object: total, offset and the records. */
    json
  }

  /** Records shown unless {@code --limit} says otherwise: a screenful. */
  static final int DEFAULT_LIMIT = 20;

  @Option(names = "--sort", paramLabel = "FIELD[:asc|:desc]", split = ",",
      description = "Sort keys, most significant first (e.g. width:desc,id); ties are broken by id. Default: created:desc")
  List<String> sort = new ArrayList<>();

  @Option(names = "--offset", paramLabel = "N", defaultValue = "0",
      description = "Records to skip (offset + limit at most " + ListingRequest.MAX_WINDOW + "). Default: ${DEFAULT-VALUE}")
  int offset;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
      description = "Records to show, 0.." + ListingRequest.MAX_LIMIT + " (0: only the total). Default: ${DEFAULT-VALUE}")
  int limit;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}")
  Format format;

  /** The sort keys; {@code created:desc} (the listing's default) when none is given. */
  List<SortKey> sortKeys() {
    if (sort.isEmpty()) {
      return ListingRequest.DEFAULT_SORT;
    }
    List<SortKey> keys = new ArrayList<>();
    for (String s : sort) {
      int colon = s.lastIndexOf(':');
      String field = colon < 0 ? s : s.substring(0, colon);
      String dir = colon < 0 ? "asc" : s.substring(colon + 1).toLowerCase(Locale.ROOT);
      if (field.isBlank()) {
        throw new IllegalArgumentException("--sort needs a field name, as in width:desc, got: '" + s + "'");
      }
      switch (dir) {
        case "asc" -> keys.add(SortKey.ascending(field));
        case "desc" -> keys.add(SortKey.descending(field));
        // A field name may hold a colon (rokka's user:int:...): then the whole text is the field.
        default -> keys.add(SortKey.ascending(s));
      }
    }
    return keys;
  }

  /** Checks the paging before the index is opened; the messages give the allowed ranges. */
  void check() {
    if (limit < 0 || limit > ListingRequest.MAX_LIMIT) {
      throw new IllegalArgumentException("--limit must be in 0.." + ListingRequest.MAX_LIMIT + ", got: " + limit);
    }
    if (offset < 0 || (long) offset + limit > ListingRequest.MAX_WINDOW) {
      throw new IllegalArgumentException("--offset must be >= 0 with --offset + --limit <= " + ListingRequest.MAX_WINDOW
          + ", got: " + offset + " + " + limit);
    }
  }

  /** Prints a page of {@code total} records starting at {@code from}. */
  void print(PrintWriter out, long total, long from, List<StoredRecord> records) {
    if (format == Format.json) {
      Map<String, Object> page = new LinkedHashMap<>();
      page.put("total", total);
      page.put("offset", from);
      page.put("records", records.stream().map(RecordOutput::json).toList());
      out.println(JsonValues.write(page));
      return;
    }
    out.printf("%d record%s%s%n", total, total == 1 ? "" : "s", records.isEmpty() ? ""
        : String.format(", showing %d-%d", from + 1, from + records.size()));
    if (records.isEmpty()) {
      return;
    }
    int idWidth = Math.min(48, Math.max(2, records.stream().mapToInt(r -> r.id().length()).max().orElse(2)));
    out.printf("%-" + idWidth + "s  %-11s  %-20s  %s%n", "id", "size", "created", "tags / name");
    for (StoredRecord r : records) {
      String size = r.image() == null ? "" : r.image().width() + "x" + r.image().height();
      String created = r.created() == null ? "" : r.created().toString().replaceFirst("\\.\\d+Z$", "Z");
      String tags = String.join(",", r.tags());
      String name = r.name() == null ? "" : r.name();
      out.printf("%-" + idWidth + "s  %-11s  %-20s  %s%n", r.id(), size, created,
          (tags + (tags.isEmpty() || name.isEmpty() ? "" : " / ") + name).strip());
    }
  }

  /** A record as JSON: its metadata, without signatures. */
  static Map<String, Object> json(StoredRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    if (r.name() != null) {
      m.put("name", r.name());
    }
    m.put("tags", r.tags());
    if (r.attributes() != null && !r.attributes().isEmpty()) {
      Map<String, Object> attrs = new LinkedHashMap<>();
      r.attributes().asMap().forEach((k, v) -> attrs.put(k, plain(v)));
      m.put("attributes", attrs);
    }
    if (r.created() != null) {
      m.put("created", r.created().toString());
    }
    if (r.modified() != null) {
      m.put("modified", r.modified().toString());
    }
    if (r.origin() != null) {
      m.put("origin", r.origin());
    }
    m.put("active", r.active());
    if (r.image() != null) {
      Map<String, Object> im = new LinkedHashMap<>();
      im.put("width", (long) r.image().width());
      im.put("height", (long) r.image().height());
      im.put("format", r.image().format());
      m.put("image", im);
    }
    return m;
  }

  private static Object plain(Object v) {
    if (v instanceof Instant t) {
      return t.toString();
    }
    if (v instanceof List<?> l) {
      return l.stream().map(RecordOutput::plain).toList();
    }
    if (v instanceof Integer i) {
      return (long) i;
    }
    if (v instanceof Float f) {
      return (double) f;
    }
    return v;
  }
}
