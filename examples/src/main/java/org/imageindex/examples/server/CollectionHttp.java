package org.imageindex.examples.server;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.imageindex.FineTuningInfo;
import org.imageindex.ImageIndex;
import org.imageindex.collection.CollectionInfo;
import org.imageindex.collection.ImageCollection;
import org.imageindex.collection.ImageCollections;
import org.imageindex.query.QueryException;
import org.imageindex.query.ast.SortKey;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.StoredRecord;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.ListingPage;
import org.imageindex.search.ListingRequest;
import org.imageindex.search.SearchHit;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;

/**
 * The similarity service's collection API (seed 001) over HTTP: {@code /api/collection/list},
 * {@code /api/collection/create}, {@code /api/collection/<id>/<action>} (csvfile, delete,
 * finetune, info, search, updatecontent, updatename) and {@code /api/verify}, over the
 * library's {@link ImageCollections} and fine-tuning.
 *
 * <p>The seed's {@code API-Key} header carries the server's token; a missing or wrong key is 403,
 * as the seed's {@code /api/verify} documents (the server asks the key of reads too). A missing
 * collection is 400, as the seed documents. {@code updatecontent} inserts new rows only from files
 * under the server's file root: a URL, a path leading outside it (by {@code ..}, an absolute
 * path or a symbolic link) or a server without a file root is refused with 400 before anything
 * changes.
 */
final class CollectionHttp implements SeedApi {

  static final String PREFIX = "/api/collection/";
  static final String VERIFY = "/api/verify";

  /** The actions on one collection and the HTTP method each takes, in the seed's order. */
  static final Map<String, String> ACTIONS = orderedActions();

  /** Records a collection's csvfile lists per listing page while it gathers the attribute columns. */
  private static final int PAGE = ListingRequest.MAX_LIMIT;

  /** A URI scheme at the start of an origin ({@code http:}, {@code file:}, ...): never read. */
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);

  /** The collection metadata key of the seed's {@code heidicon_tag}. */
  static final String HEIDICON_TAG = "heidicon_tag";

  private final ImageIndex index;
  private final ImageCollections collections;
  private final RecordJson records;
  private final ServerOptions.Limits limits;
  private final GroupCommit commits;

  /** @param commits the commit every write waits for before it answers, or null to answer at once */
  CollectionHttp(ImageIndex index, ServerOptions options, GroupCommit commits) {
    this.index = index;
    this.collections = index.collections();
    this.records = new RecordJson(options.fileRoot());
    this.limits = options.limits();
    this.commits = commits;
  }

  private static Map<String, String> orderedActions() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("csvfile", "GET");
    m.put("delete", "POST");
    m.put("finetune", "POST");
    m.put("info", "GET");
    m.put("search", "POST");
    m.put("updatecontent", "POST");
    m.put("updatename", "POST");
    return java.util.Collections.unmodifiableMap(m);
  }

  /** A path's route: the collection id (null for list, create, verify) and the action. */
  private record Route(String id, String action, String method) {
  }

  /** The route of {@code path}, or null when it names no endpoint of the seed. */
  private static Route route(String path) {
    if (path.equals(VERIFY)) {
      return new Route(null, "verify", "POST");
    }
    if (!path.startsWith(PREFIX)) {
      return null;
    }
    String[] segments = path.substring(PREFIX.length()).split("/", -1);
    if (segments.length == 1 && segments[0].equals("list")) {
      return new Route(null, "list", "GET");
    }
    if (segments.length == 1 && segments[0].equals("create")) {
      return new Route(null, "create", "POST");
    }
    if (segments.length == 2 && !segments[0].isEmpty() && ACTIONS.containsKey(segments[1])) {
      return new Route(segments[0], segments[1], ACTIONS.get(segments[1]));
    }
    return null;
  }

  @Override
  public boolean serves(String path) {
    return path.equals(VERIFY) || path.startsWith(PREFIX);
  }

  @Override
  public Answer check(Request head) {
    Route r = route(head.path());
    if (r == null) {
      return LoopbackHttp.error(404, "not found", "no endpoint " + LoopbackHttp.cut(head.path()) + "; the collection API serves "
          + String.join(", ", paths()));
    }
    if (!head.method().equals(r.method())) {
      Answer refused = LoopbackHttp.error(405, "method not allowed", head.path() + " takes " + r.method() + ", got: "
          + LoopbackHttp.cut(head.method()));
      return new Answer(405, refused.json(), Map.of("Allow", r.method()));
    }
    return null;
  }

  @Override
  public Answer unauthenticated(Answer refusal) {
    // The seed: "403 Forbidden – The API key is invalid."
    return LoopbackHttp.error(403, "forbidden", "the API key is invalid: send the server's token in the API-Key header"
        + " (imageindex serve prints where it is kept)");
  }

  @Override
  public Answer handle(Request request) {
    Route r = route(request.path());
    try {
      return switch (r.action()) {
        case "verify" -> ok(Map.of("valid", true));
        case "list" -> list();
        case "create" -> create(HttpBodies.jsonObject(request.body()));
        case "csvfile" -> csvfile(existing(r.id()));
        case "delete" -> delete(existing(r.id()));
        case "finetune" -> finetune(existing(r.id()));
        case "info" -> ok(info(existing(r.id())));
        case "search" -> search(existing(r.id()), HttpBodies.jsonObject(request.body()));
        case "updatecontent" -> updateContent(existing(r.id()), HttpBodies.jsonObject(request.body()));
        case "updatename" -> updateName(existing(r.id()), HttpBodies.jsonObject(request.body()));
        default -> throw new IllegalStateException("unrouted action " + r.action());
      };
    } catch (ApiException e) {
      return LoopbackHttp.error(e.code() == Status.ABORTED.code() ? 400 : e.code(), e.code() == Status.ABORTED.code() ? "bad request"
          : e.text(), e.getMessage());
    } catch (QueryException | IllegalArgumentException e) {
      return LoopbackHttp.error(400, "bad request", e.getMessage());
    } catch (IllegalStateException e) {
      return LoopbackHttp.error(409, "conflict", e.getMessage());
    } catch (UncheckedIOException e) {
      return LoopbackHttp.error(500, "storage error", e.getMessage());
    }
  }

  @Override
  public List<String> paths() {
    List<String> out = new ArrayList<>(List.of(PREFIX + "list", PREFIX + "create"));
    ACTIONS.keySet().forEach(a -> out.add(PREFIX + "<id>/" + a));
    out.add(VERIFY);
    return out;
  }

  // ---- endpoints ----------------------------------------------------------------------------

  private Answer list() {
    List<Object> ids = new ArrayList<>();
    List<Object> names = new ArrayList<>();
    for (ImageCollection c : collections.list()) {
      ids.add(c.id());
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("value", c.id());
      n.put("id", c.id());
      n.put("name", c.name());
      names.add(n);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ids", ids);
    m.put("names", names);
    return ok(m);
  }

  private Answer create(Map<String, Object> body) {
    String name = text(body, "name", true);
    String tag = text(body, HEIDICON_TAG, false);
    ImageCollection c = collections.create(name);
    if (tag != null) {
      c = collections.describe(c.id(), List.of(), Map.of(HEIDICON_TAG, tag));
    }
    durable();
    return ok(info(c.id()));
  }

  private Answer updateName(String id, Map<String, Object> body) {
    collections.rename(id, text(body, "name", true));
    durable();
    return ok(info(id));
  }

  /**
   * Deletes the collection: its content is first replaced by nothing, so the records it
   * created and no other collection holds leave the index (as an empty {@code updatecontent}
   * would), while records inserted otherwise stay.
   */
  private Answer delete(String id) {
    BatchResult emptied;
    try {
      emptied = collections.replaceContent(id, new StringReader("id\r\n"), BatchProgress.NONE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> gone = collections.delete(id);
    durable();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deleted", gone);
    m.put("records_deleted", emptied.statuses().stream().filter(s -> s.code() == RecordStatus.Code.DELETED).count());
    return ok(m);
  }

  private Answer finetune(String id) {
    try {
      index.fineTune();
    } catch (UnsupportedOperationException e) {
      // An index on a cluster keeps the shipped vocabulary (docs/cluster.md): refused with the reason.
      return LoopbackHttp.error(501, "not implemented", e.getMessage());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("started", true);
    m.put("id", id);
    m.put("finetuning_progess", index.fineTuningInfo().progress());
    return ok(m);
  }

  /** The seed's info object; {@code finetuning_progess} spelled as the seed spells it. */
  private Map<String, Object> info(String id) {
    CollectionInfo i = collections.info(id);
    FineTuningInfo f = index.fineTuningInfo();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("number_of_images", i.numberOfImages());
    m.put("requires_finetuning", i.requiresFinetuning());
    m.put("name", i.name());
    m.put("last_modified", i.lastModified().toString());
    m.put("last_finetuned", i.lastFinetuned().map(Object::toString).orElse(null));
    m.put("finetuning_progess", i.finetuningProgress());
    m.put("finetuning_running", f.running());
    m.put(HEIDICON_TAG, collections.get(id).map(c -> c.metadata().get(HEIDICON_TAG)).orElse(null));
    m.put("id", i.id());
    return m;
  }

  private Answer search(String id, Map<String, Object> body) {
    String image = text(body, "image", true);
    int comma = image.startsWith("data:") ? image.indexOf(',') : -1;
    byte[] bytes;
    try {
      bytes = decode(image.substring(comma + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("image must be a base64-encoded image file, got text that is not base64: "
          + e.getMessage());
    }
    int k = KnnRequest.DEFAULT_K;
    if (body.containsKey("k")) {
      if (!(body.get("k") instanceof Long l) || l < 1 || l > limits.maxK()) {
        throw new IllegalArgumentException("k must be a whole number in 1.." + limits.maxK() + " (maxK, --max-k), got: "
            + LoopbackHttp.cut(String.valueOf(body.get("k"))));
      }
      k = l.intValue();
    }
    KnnRequest request = KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.image(ImageSource.bytes(bytes)))
        .k(k).filter(ImageCollections.filterFor(id)).fields(FieldSelection.ALL).build();
    SearchResult result = index.search(request);
    List<Object> results = new ArrayList<>();
    for (SearchHit h : result.hits()) {
      Map<String, Object> r = new LinkedHashMap<>();
      StoredRecord s = h.record();
      r.put("id", s.id());
      r.put("name", s.name());
      r.put("origin", s.origin() == null ? null : records.shownPath(s.origin()));
      r.put("distance", h.distance());
      r.put("score", h.score());
      results.add(r);
    }
    return ok(Map.of("results", results));
  }

  /**
   * The collection as CSV ({@code id,origin,name,tags,<attributes>}), origins under the file
   * root shown relative to it, the attribute columns those its members hold (membership fields
   * left out: they are the collection's business, not content).
   */
  private Answer csvfile(String id) {
    Set<String> columns = new LinkedHashSet<>();
    ListingRequest req = ListingRequest.of(ImageCollections.filterFor(id), List.of(SortKey.ascending("id")), PAGE);
    for (ListingPage page = index.list(req); ; page = index.list(page.next())) {
      for (StoredRecord r : page.records()) {
        columns.addAll(r.attributes().asMap().keySet());
      }
      if (page.next() == null) {
        break;
      }
    }
    columns.remove(ImageCollections.MEMBERSHIP_FIELD);
    columns.remove(ImageCollections.CREATOR_FIELD);
    StringWriter out = new StringWriter();
    try {
      collections.exportCsv(id, out, List.copyOf(columns));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<List<String>> rows = CsvRows.read(out.toString());
    int origin = rows.get(0).indexOf("origin");
    for (List<String> row : rows.subList(1, rows.size())) {
      if (origin >= 0 && origin < row.size() && !row.get(origin).isEmpty()) {
        row.set(origin, records.shownPath(row.get(origin)));
      }
    }
    return Answer.raw(200, "text/csv;charset=UTF-8", CsvRows.write(rows).getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Disposition", "attachment; filename=\"collection-" + id + ".csv\""));
  }

  private Answer updateContent(String id, Map<String, Object> body) {
    String content = text(body, "content", true);
    String csv;
    try {
      csv = new String(decode(content), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("content must be the CSV as base64, got text that is not base64: " + e.getMessage());
    }
    List<List<String>> rows = CsvRows.read(csv);
    if (rows.isEmpty() || !rows.get(0).contains("id")) {
      throw new IllegalArgumentException("content must be a CSV whose header row holds an id column (id,origin,name,tags,..."
          + " as csvfile gives it), got: " + (rows.isEmpty() ? "no rows" : LoopbackHttp.cut(String.join(",", rows.get(0)))));
    }
    List<String> header = rows.get(0);
    for (String reserved : List.of(ImageCollections.MEMBERSHIP_FIELD, ImageCollections.CREATOR_FIELD)) {
      if (header.contains(reserved)) {
        throw new IllegalArgumentException("content must not hold a " + reserved + " column: membership is the collection's"
            + " own, set by updatecontent itself");
      }
    }
    List<List<String>> data = rows.subList(1, rows.size());
    if (data.size() > limits.maxRecords() * 10L) {
      throw new IllegalArgumentException("content holds " + data.size() + " rows; at most " + limits.maxRecords() * 10L
          + " (10 x maxRecords, --max-records) are read in one updatecontent");
    }
    int idCol = header.indexOf("id");
    int originCol = header.indexOf("origin");
    Set<String> stored = new HashSet<>();
    List<String> ids = new ArrayList<>();
    for (List<String> row : data) {
      if (idCol < row.size() && !row.get(idCol).isEmpty()) {
        ids.add(row.get(idCol));
      }
    }
    index.get(List.copyOf(new LinkedHashSet<>(ids)), FieldSelection.ID_ONLY).forEach(r -> stored.add(r.id()));
    if (originCol >= 0) {
      for (int i = 0; i < data.size(); i++) {
        List<String> row = data.get(i);
        if (originCol >= row.size() || row.get(originCol).isEmpty()) {
          continue;
        }
        String id0 = idCol < row.size() ? row.get(idCol) : "";
        boolean isNew = !stored.contains(id0);
        String checked = checkedOrigin(row.get(originCol), i + 2, isNew);
        // A stored record keeps its image: its origin is not read, and is blanked unless it is a
        // file the server may read, so that a record deleted meanwhile is never fetched from a URL.
        row.set(originCol, checked == null ? "" : checked);
      }
    }
    BatchResult result;
    try {
      result = collections.replaceContent(id, new StringReader(CsvRows.write(rows)), BatchProgress.NONE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    durable();
    long inserted = 0;
    long updated = 0;
    long deleted = 0;
    List<Object> refused = new ArrayList<>();
    for (RecordStatus s : result.statuses()) {
      switch (s.code()) {
        case INSERTED -> inserted++;
        case UPDATED, UNCHANGED -> updated++;
        case DELETED -> deleted++;
        default -> {
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("row", (long) s.index() + 2);
          r.put("id", s.id());
          r.put("code", s.code().name());
          r.put("reason", s.reason());
          refused.add(r);
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("number_of_images", collections.info(id).numberOfImages());
    m.put("inserted", inserted);
    m.put("updated", updated);
    m.put("deleted", deleted);
    m.put("refused", refused);
    return ok(m);
  }

  /**
   * The origin of CSV row {@code row} as the path the index may read: a file under the file
   * root, resolved through its links; for a new record anything else is refused (400), for a
   * stored one it is dropped (null), since its image is not read again.
   */
  private String checkedOrigin(String origin, int row, boolean isNew) {
    if (SCHEME.matcher(origin).matches()) {
      if (!isNew) {
        return null;
      }
      throw new ApiException(400, "bad request", "row " + row + ": origin " + LoopbackHttp.cut(origin) + " is a URL; the server"
          + " reads new images only from files under its file root (--file-root), never from the network");
    }
    Path real;
    try {
      real = records.resolveFile(origin);
    } catch (RecordJson.Refused e) {
      if (!isNew) {
        return null;
      }
      throw new ApiException(400, "bad request", "row " + row + ": origin " + LoopbackHttp.cut(origin) + " is refused: "
          + e.getMessage().replace("_file", "origin"));
    }
    if (isNew && !Files.isRegularFile(real)) {
      throw new ApiException(400, "bad request", "row " + row + ": origin " + LoopbackHttp.cut(origin)
          + " names no file under the server's file root");
    }
    return real.toString();
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** {@code id} when it names a collection; the seed's 400 otherwise. */
  private String existing(String id) {
    if (collections.get(id).isEmpty()) {
      throw new ApiException(400, "collection not found", "no collection with id " + LoopbackHttp.cut(id)
          + "; GET /api/collection/list lists them");
    }
    return id;
  }

  private static String text(Map<String, Object> body, String key, boolean required) {
    Object v = body.get(key);
    if (v == null && !required) {
      return null;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(key + " must be a non-empty string, got: "
          + (v == null ? "nothing" : LoopbackHttp.cut(org.imageindex.query.json.JsonValues.write(v))));
    }
    return s;
  }

  /** Strict base64 (line breaks and spaces allowed between characters, nothing else). */
  private static byte[] decode(String text) {
    return Base64.getDecoder().decode(text.replaceAll("\\s+", ""));
  }

  private void durable() {
    if (commits != null) {
      commits.awaitDurable();
    }
  }

  private static Answer ok(Map<String, Object> json) {
    return new Answer(200, new LinkedHashMap<>(json));
  }
}
