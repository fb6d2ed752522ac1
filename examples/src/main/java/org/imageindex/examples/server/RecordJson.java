package org.imageindex.examples.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordUpdate;
import org.imageindex.record.StoredRecord;

/**
 * Ximilar data records ({@code _id}, {@code _file}, {@code _url}, {@code _base64}, {@code tags},
 * free attributes) to and from the library's records. {@code name} maps to the record's name;
 * every other key that does not start with {@code _} is an attribute.
 */
final class RecordJson {

  static final String ID = "_id";
  static final String FILE = "_file";
  static final String URL = "_url";
  static final String BASE64 = "_base64";
  static final String TAGS = "tags";
  static final String NAME = "name";
  static final String STAR = "*";

  private final Path fileRoot;

  /** @param fileRoot where {@code _file} sources are resolved, or null to refuse them */
  RecordJson(Path fileRoot) {
    this.fileRoot = fileRoot;
  }

  /** A refusal of one record before it reaches the index. */
  static final class Refused extends RuntimeException {
    private final Status status;

    Refused(Status status, String description) {
      super(description);
      this.status = status;
    }

    Status status() {
      return status;
    }
  }

  /** The id of a data record, or null when it has none. */
  static String idOf(Map<String, Object> record) {
    Object id = record.get(ID);
    if (id == null) {
      return null;
    }
    if (!(id instanceof String s)) {
      throw new Refused(Status.INVALID_RECORD, "_id must be a string, got: " + LoopbackHttp.cut(String.valueOf(id)));
    }
    return s;
  }

  /** Whether the record names an image ({@code _file}, {@code _url} or {@code _base64}). */
  static boolean hasImage(Map<String, Object> record) {
    return record.containsKey(FILE) || record.containsKey(URL) || record.containsKey(BASE64);
  }

  /**
   * The image a data record names.
   *
   * @throws Refused if it names none, several, or a file outside the served folder
   */
  ImageSource sourceOf(Map<String, Object> record) {
    List<String> given = new ArrayList<>();
    for (String k : List.of(FILE, URL, BASE64)) {
      if (record.containsKey(k)) {
        given.add(k);
      }
    }
    if (given.size() != 1) {
      throw new Refused(Status.INVALID_RECORD,
          "a record needs exactly one of _file, _url, _base64, got: " + (given.isEmpty() ? "none" : given));
    }
    String key = given.get(0);
    if (!(record.get(key) instanceof String value) || value.isEmpty()) {
      throw new Refused(Status.INVALID_RECORD, key + " must be a non-empty string, got: "
          + LoopbackHttp.cut(String.valueOf(record.get(key))));
    }
    String scheme = MediaSearch.urlScheme(value);
    if (key.equals(URL) && (scheme == null || !scheme.equals("http") && !scheme.equals("https"))) {
      throw new Refused(Status.INVALID_RECORD, scheme == null
          ? "_url must be an absolute http:// or https:// URL, got: " + LoopbackHttp.cut(value)
          : "unsupported URL scheme '" + LoopbackHttp.cut(scheme) + ":' in _url; _url takes http:// or https:// URLs");
    }
    if (key.equals(BASE64) && scheme != null) {
      throw new Refused(Status.INVALID_RECORD, "unsupported URL scheme '" + LoopbackHttp.cut(scheme)
          + ":' in _base64: it holds base64 image bytes, and images by URL go in _url (http:// or https://)");
    }
    return switch (key) {
      case FILE -> ImageSource.file(resolveFile(value));
      case URL -> {
        try {
          yield ImageSource.url(value);
        } catch (IllegalArgumentException e) {
          throw new Refused(Status.INVALID_RECORD, e.getMessage());
        }
      }
      default -> ImageSource.base64(value);
    };
  }

  /**
   * {@code name} inside the served folder: relative names are resolved in it, absolute ones must
   * lie in it; symbolic links are followed before the check so none leads out.
   */
  Path resolveFile(String name) {
    if (fileRoot == null) {
      throw new Refused(Status.FILE_OUTSIDE_ROOT,
          "_file sources are refused: the server was started without a file root (--file-root)");
    }
    Path p;
    try {
      p = fileRoot.resolve(name).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new Refused(Status.INVALID_RECORD, "_file is not a valid path, got: " + name);
    }
    Path real;
    try {
      real = Files.exists(p) ? p.toRealPath() : p;
    } catch (java.io.IOException e) {
      real = p;
    }
    Path root;
    try {
      root = fileRoot.toRealPath();
    } catch (java.io.IOException e) {
      root = fileRoot;
    }
    if (!real.startsWith(root)) {
      throw new Refused(Status.FILE_OUTSIDE_ROOT,
          "_file must lie inside the served folder " + fileRoot.getFileName() + ", got: " + name);
    }
    return real;
  }

  /**
   * The record to insert.
   *
   * @throws Refused if the data record cannot become one
   */
  ImageRecord toRecord(Map<String, Object> record) {
    ImageRecord.Builder b = ImageRecord.builder().id(idOf(record)).source(sourceOf(record));
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : record.entrySet()) {
      switch (e.getKey()) {
        case ID, FILE, URL, BASE64 -> { }
        case TAGS -> b.tags(tagsOf(e.getValue()));
        case NAME -> b.name(stringOf(NAME, e.getValue()));
        default -> {
          if (e.getKey().startsWith("_")) {
            throw new Refused(Status.INVALID_RECORD, "unknown record field " + e.getKey()
                + "; fields starting with _ are _id, _file, _url, _base64");
          }
          attributes.put(e.getKey(), e.getValue());
        }
      }
    }
    try {
      return b.attributes(attributes).build();
    } catch (IllegalArgumentException e) {
      throw new Refused(Status.INVALID_RECORD, e.getMessage());
    }
  }

  /**
   * The change a data record of {@code /v2/update} asks for: its tags, name and attributes.
   *
   * @throws Refused if it tries to change the image or has no id
   */
  RecordUpdate toUpdate(Map<String, Object> record) {
    String id = idOf(record);
    if (id == null) {
      throw new Refused(Status.INVALID_RECORD, "an update needs the _id of the record to change");
    }
    if (hasImage(record)) {
      throw new Refused(Status.INVALID_RECORD,
          "update changes attributes and tags only; delete the record and insert it again to change its image");
    }
    RecordUpdate.Builder b = RecordUpdate.builder(id);
    try {
      for (Map.Entry<String, Object> e : record.entrySet()) {
        switch (e.getKey()) {
          case ID -> { }
          case TAGS -> b.tags(tagsOf(e.getValue()));
          case NAME -> b.name(stringOf(NAME, e.getValue()));
          default -> b.set(e.getKey(), e.getValue());
        }
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new Refused(Status.INVALID_RECORD, e.getMessage());
    }
  }

  private static List<String> tagsOf(Object value) {
    if (!(value instanceof List<?> list)) {
      throw new Refused(Status.INVALID_RECORD, "tags must be an array of strings, got: " + LoopbackHttp.cut(String.valueOf(value)));
    }
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      out.add(stringOf(TAGS, o));
    }
    return out;
  }

  private static String stringOf(String field, Object value) {
    if (!(value instanceof String s)) {
      throw new Refused(Status.INVALID_RECORD, field + " must be a string, got: " + LoopbackHttp.cut(String.valueOf(value)));
    }
    return s;
  }

  /** The library's field selection for Ximilar's {@code fields_to_return}. */
  static FieldSelection selection(List<String> fields) {
    Set<String> names = new LinkedHashSet<>();
    names.add(FieldSelection.ID);
    for (String f : fields) {
      switch (f) {
        case ID, BASE64 -> { }
        case FILE, URL -> names.add(FieldSelection.ORIGIN);
        case TAGS -> names.add(FieldSelection.TAGS);
        case NAME -> names.add(FieldSelection.NAME);
        case STAR -> names.add(FieldSelection.STAR);
        default -> names.add(f);
      }
    }
    return new FieldSelection(names);
  }

  /** A stored record as a Ximilar data record holding {@code _id} and only the requested fields. */
  Map<String, Object> toJson(StoredRecord r, List<String> fields) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(ID, r.id());
    boolean star = fields.contains(STAR);
    if (r.origin() != null) {
      boolean url = r.origin().startsWith("http://") || r.origin().startsWith("https://");
      String key = url ? URL : FILE;
      if (star || fields.contains(key)) {
        out.put(key, url ? r.origin() : shownPath(r.origin()));
      }
    }
    if (fields.contains(TAGS) || star && !r.tags().isEmpty()) {
      out.put(TAGS, new ArrayList<>(r.tags()));
    }
    if (r.name() != null && (star || fields.contains(NAME))) {
      out.put(NAME, r.name());
    }
    for (Map.Entry<String, Object> e : r.attributes().toNested().entrySet()) {
      out.put(e.getKey(), plain(e.getValue()));
    }
    return out;
  }

  /** A stored file path as the client named it: relative to the served folder. */
  String shownPath(String origin) {
    if (fileRoot != null) {
      try {
        Path p = Path.of(origin);
        Path root = Files.exists(fileRoot) ? fileRoot.toRealPath() : fileRoot;
        if (p.startsWith(root)) {
          return root.relativize(p).toString().replace('\\', '/');
        }
      } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
        return origin;
      }
    }
    return origin;
  }

  /** A value as JSON can hold it: instants as ISO-8601 text, the rest unchanged. */
  static Object plain(Object v) {
    if (v instanceof Instant i) {
      return i.toString();
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(o -> out.add(plain(o)));
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, o) -> out.put(String.valueOf(k), plain(o)));
      return out;
    }
    return v;
  }
}
