package org.imageindex.examples.server;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.imageindex.ImageIndex;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.query.json.JsonValues;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.RecordFields;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordUpdate;
import org.imageindex.record.StoredRecord;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.ListingPage;
import org.imageindex.search.ListingRequest;
import org.imageindex.search.NearDuplicatePairs;
import org.imageindex.search.NearDuplicateRequest;
import org.imageindex.search.RangeRequest;
import org.imageindex.search.SearchHit;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.imageindex.signatures.hash.HashSignature;

/**
 * The Ximilar {@code /v2/<method>} methods over one index: each takes the request's JSON object
 * and returns the answer's, without its {@code statistics} (the server adds those).
 */
final class XimilarApi {

  /** Ximilar's default of {@code find}'s {@code limit}. */
  static final int FIND_DEFAULT_LIMIT = 10;

  private static final List<String> ID_ONLY = List.of(RecordJson.ID);
  private static final List<String> EVERYTHING = List.of(RecordJson.STAR);

  private final ImageIndex index;
  private final RecordJson records;
  private final Path fileRoot;
  private final Map<String, Function<Map<String, Object>, Map<String, Object>>> methods = new LinkedHashMap<>();

  XimilarApi(ImageIndex index, Path fileRoot) {
    this.index = index;
    this.fileRoot = fileRoot;
    this.records = new RecordJson(fileRoot);
    methods.put("ping", b -> answer(Status.OK, m -> m.put("info", "imageindex example server over one local index")));
    methods.put("insert", b -> insert(b, -1));
    methods.put("nearDupsInsert", b -> insert(b, hashRadius(b)));
    methods.put("delete", this::delete);
    methods.put("get", this::get);
    methods.put("find", this::find);
    methods.put("update", this::update);
    methods.put("visualKNN", b -> knn(b, false, false));
    methods.put("visualTagsKNN", b -> knn(b, true, false));
    methods.put("visualKNNMulti", b -> knn(b, false, true));
    methods.put("visualTagsKNNMulti", b -> knn(b, true, true));
    methods.put("random", this::random);
    methods.put("getRecordCount", b -> answer(Status.OK, m -> m.put("answer_count", index.count(filter(b)))));
    methods.put("allRecords", this::allRecords);
    methods.put("deleteByFilter", this::deleteByFilter);
    methods.put("range", this::range);
    methods.put("nearDuplicates", this::nearDuplicates);
    methods.put("allNearDupPairs", this::allNearDupPairs);
  }

  /** The method names served, in the seed's order. */
  List<String> methodNames() {
    return List.copyOf(methods.keySet());
  }

  /** The method {@code name}, or null. */
  Function<Map<String, Object>, Map<String, Object>> method(String name) {
    return methods.get(name);
  }

  // ---- data processing answers ------------------------------------------------------------

  private Map<String, Object> insert(Map<String, Object> body, int nearDuplicateRadius) {
    List<Map<String, Object>> input = recordList(body, "records");
    List<String> fields = fields(body, ID_ONLY);
    List<Map<String, Object>> skipped = new ArrayList<>();
    List<ImageRecord> batch = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      Map<String, Object> r = input.get(i);
      try {
        batch.add(records.toRecord(r));
        positions.add(i);
      } catch (RecordJson.Refused e) {
        skipped.add(skippedRecord(safeId(r), e.status(), e.getMessage()));
      }
    }
    BatchResult result = nearDuplicateRadius < 0
        ? index.insert(batch)
        : index.insertUnlessNearDuplicate(batch, nearDuplicateRadius, org.imageindex.record.BatchProgress.NONE);
    List<String> inserted = new ArrayList<>();
    for (RecordStatus s : result.statuses()) {
      if (s.code().success()) {
        inserted.add(s.id());
      } else {
        Map<String, Object> skip = skippedRecord(s.id() != null ? s.id() : safeId(input.get(positions.get(s.index()))),
            Status.of(s.code()), s.reason());
        if (!s.duplicates().isEmpty()) {
          @SuppressWarnings("unchecked")
          Map<String, Object> reason = (Map<String, Object>) skip.get("_reason");
          List<Object> dupRecords = new ArrayList<>();
          List<Object> distances = new ArrayList<>();
          for (RecordStatus.Duplicate d : s.duplicates()) {
            dupRecords.add(new LinkedHashMap<>(Map.of(RecordJson.ID, d.id())));
            distances.add((double) d.distance());
          }
          reason.put("answer_records", dupRecords);
          reason.put("answer_distances", distances);
        }
        skipped.add(skip);
      }
    }
    Status status;
    if (skipped.isEmpty()) {
      status = Status.RECORDS_INSERTED;
    } else if (!inserted.isEmpty()) {
      status = Status.SOME_INSERTED;
    } else if (result.statuses().stream().allMatch(s -> s.code() == RecordStatus.Code.DUPLICATE_ID)
        && skipped.size() == result.statuses().size()) {
      status = Status.DUPLICATE;
    } else {
      status = Status.ABORTED;
    }
    List<StoredRecord> shown = index.get(inserted, RecordJson.selection(fields));
    return processing(status, shown, fields, skipped);
  }

  private Map<String, Object> delete(Map<String, Object> body) {
    List<String> ids = ids(body);
    BatchResult result = index.delete(ids);
    List<Map<String, Object>> done = new ArrayList<>();
    List<Map<String, Object>> skipped = new ArrayList<>();
    for (RecordStatus s : result.statuses()) {
      if (s.code().success()) {
        done.add(new LinkedHashMap<>(Map.of(RecordJson.ID, s.id())));
      } else {
        skipped.add(skippedRecord(s.id(), Status.of(s.code()), s.reason()));
      }
    }
    Status status = skipped.isEmpty() ? Status.RECORDS_DELETED : done.isEmpty() ? Status.NOT_FOUND : Status.SOME_NOT_FOUND;
    return answer(status, m -> {
      m.put("answer_count", (long) done.size());
      m.put("answer_records", done);
      if (!skipped.isEmpty()) {
        m.put("skipped_records", skipped);
      }
    });
  }

  private Map<String, Object> get(Map<String, Object> body) {
    List<String> ids = ids(body);
    List<String> fields = fields(body, EVERYTHING);
    List<StoredRecord> found = index.get(ids, RecordJson.selection(fields));
    List<String> foundIds = found.stream().map(StoredRecord::id).toList();
    List<Map<String, Object>> skipped = new ArrayList<>();
    for (String id : ids) {
      if (!foundIds.contains(id)) {
        skipped.add(skippedRecord(id, Status.NOT_FOUND, "no record with id '" + id + "'"));
      }
    }
    return processing(foundStatus(found.size(), skipped.size()), found, fields, skipped);
  }

  private Map<String, Object> update(Map<String, Object> body) {
    List<Map<String, Object>> input = recordList(body, "records");
    List<String> fields = fields(body, EVERYTHING);
    List<Map<String, Object>> skipped = new ArrayList<>();
    List<RecordUpdate> updates = new ArrayList<>();
    for (Map<String, Object> r : input) {
      try {
        updates.add(records.toUpdate(r));
      } catch (RecordJson.Refused e) {
        skipped.add(skippedRecord(safeId(r), e.status(), e.getMessage()));
      }
    }
    List<String> updated = new ArrayList<>();
    for (RecordStatus s : index.update(updates).statuses()) {
      if (s.code().success()) {
        updated.add(s.id());
      } else {
        skipped.add(skippedRecord(s.id(), Status.of(s.code()), s.reason()));
      }
    }
    List<StoredRecord> shown = index.get(updated, RecordJson.selection(fields));
    return processing(foundStatus(shown.size(), skipped.size()), shown, fields, skipped);
  }

  private static Status foundStatus(int found, int skipped) {
    return skipped == 0 ? Status.RECORDS_FOUND : found == 0 ? Status.NOT_FOUND : Status.SOME_NOT_FOUND;
  }

  private Map<String, Object> deleteByFilter(Map<String, Object> body) {
    if (!body.containsKey("filter")) {
      throw ApiException.aborted("deleteByFilter needs a filter; use {} explicitly to delete every record");
    }
    long n = index.deleteByFilter(filter(body));
    return answer(Status.RECORDS_DELETED, m -> m.put("answer_count", n));
  }

  // ---- listing answers --------------------------------------------------------------------

  private Map<String, Object> find(Map<String, Object> body) {
    if (!body.containsKey("filter")) {
      throw ApiException.aborted("find needs a filter");
    }
    List<String> fields = fields(body, EVERYTHING);
    int limit = intParam(body, "limit", FIND_DEFAULT_LIMIT, 0, org.imageindex.search.ListingRequest.MAX_LIMIT);
    List<StoredRecord> found = index.find(filter(body), Listing.of(List.of(), 0, limit), RecordJson.selection(fields)).records();
    return listing(found, fields);
  }

  private Map<String, Object> random(Map<String, Object> body) {
    List<String> fields = fields(body, EVERYTHING);
    // One range, the library's own: a separate ">= 1" check here contradicted its "0..2000".
    int count = intParam(body, "count", 1, 1, org.imageindex.search.ListingRequest.MAX_LIMIT);
    return listing(index.random(count, filter(body), RecordJson.selection(fields)), fields);
  }

  private Map<String, Object> allRecords(Map<String, Object> body) {
    List<String> fields = fields(body, ID_ONLY);
    List<StoredRecord> all = new ArrayList<>();
    ListingRequest request = ListingRequest.of(filter(body), List.of(SortKey.ascending("id")), ListingRequest.MAX_LIMIT)
        .withFields(RecordJson.selection(fields));
    for (ListingPage page = index.list(request); ; page = index.list(page.next())) {
      all.addAll(page.records());
      if (page.next() == null) {
        break;
      }
    }
    Map<String, Object> answer = listing(all, fields);
    Object name = body.get("output_file_name");
    if (name != null) {
      if (!(name instanceof String file) || file.isEmpty()) {
        throw ApiException.aborted("output_file_name must be a file name, got: " + name);
      }
      answer.put("output_file_name", file);
      if (Boolean.FALSE.equals(body.get("delete_file_after"))) {
        writeJsonLines(file, answer);
      }
    }
    return answer;
  }

  /** Keeps the answer's records as JSON Lines in the served folder, as {@code delete_file_after: false} asks. */
  @SuppressWarnings("unchecked")
  private void writeJsonLines(String file, Map<String, Object> answer) {
    if (fileRoot == null || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
      throw new ApiException(Status.FILE_OUTSIDE_ROOT.code(), Status.FILE_OUTSIDE_ROOT.text(),
          "output_file_name must be a plain file name, written into the served folder (--file-root), got: " + file);
    }
    try (Writer w = Files.newBufferedWriter(fileRoot.resolve(file), StandardCharsets.UTF_8)) {
      for (Object r : (List<Object>) answer.get("answer_records")) {
        w.write(JsonValues.write(r));
        w.write('\n');
      }
    } catch (IOException e) {
      throw ApiException.aborted("cannot write " + file + ": " + e.getMessage());
    }
  }

  // ---- ranked answers ---------------------------------------------------------------------

  private Map<String, Object> knn(Map<String, Object> body, boolean tags, boolean multi) {
    List<String> fields = fields(body, ID_ONLY);
    List<SearchQuery> queries = new ArrayList<>();
    List<String> queryTags = new ArrayList<>();
    if (multi) {
      if (!(body.get("query_records") instanceof List<?> list) || list.isEmpty()) {
        throw ApiException.aborted("query_records must be a non-empty array of records");
      }
      for (Object o : list) {
        queries.add(query(o, queryTags));
      }
    } else {
      queries.add(query(body.get("query_record"), queryTags));
    }
    int k = intParam(body, "k", KnnRequest.DEFAULT_K, 1, KnnRequest.MAX_WINDOW);
    int from = intParam(body, "from", 0, 0, KnnRequest.MAX_WINDOW);
    KnnRequest.Builder b = KnnRequest.builder(VectorSignature.SIMILARITY, queries)
        .k(k).from(from).filter(filter(body)).fields(RecordJson.selection(fields));
    String productField = productField(body);
    if (productField != null) {
      b.productField(productField);
    }
    if (body.containsKey("cand_set_size")) {
      b.candidates(Math.max(intParam(body, "cand_set_size", 0, 0, Integer.MAX_VALUE), k + from));
    }
    if (tags) {
      b.tagWeight(KnnRequest.DEFAULT_TAG_WEIGHT);
      if (!queryTags.isEmpty()) {
        b.queryTags(queryTags);
      }
    }
    KnnRequest request;
    try {
      request = b.build();
    } catch (IllegalArgumentException e) {
      throw ApiException.aborted(e.getMessage());
    }
    return ranked(runQuery(() -> index.search(request)), fields);
  }

  private Map<String, Object> range(Map<String, Object> body) {
    List<String> fields = fields(body, ID_ONLY);
    SearchQuery q = query(body.get("query_record"), new ArrayList<>());
    if (!(body.get("radius") instanceof Number radius)) {
      throw ApiException.aborted("range needs a radius (a number: the largest similarity distance, 0..2)");
    }
    RangeRequest request;
    try {
      RangeRequest r = RangeRequest.of(VectorSignature.SIMILARITY, q, radius.doubleValue())
          .withFilter(filter(body)).withFields(RecordJson.selection(fields));
      String productField = productField(body);
      request = productField != null ? r.withProductField(productField) : r;
    } catch (IllegalArgumentException e) {
      throw ApiException.aborted(e.getMessage());
    }
    return ranked(runQuery(() -> index.range(request)), fields);
  }

  private Map<String, Object> nearDuplicates(Map<String, Object> body) {
    List<String> fields = fields(body, EVERYTHING);
    SearchQuery q = query(body.get("query_record"), new ArrayList<>());
    NearDuplicateRequest request;
    try {
      request = NearDuplicateRequest.of(q).withRadius(hashRadius(body)).withFilter(filter(body))
          .withFields(RecordJson.selection(fields));
    } catch (IllegalArgumentException e) {
      throw ApiException.aborted(e.getMessage());
    }
    return ranked(runQuery(() -> index.nearDuplicates(request)), fields);
  }

  private Map<String, Object> allNearDupPairs(Map<String, Object> body) {
    NearDuplicatePairs pairs;
    try {
      pairs = index.nearDuplicatePairs(hashRadius(body), filter(body));
    } catch (IllegalArgumentException e) {
      throw ApiException.aborted(e.getMessage());
    }
    List<Object> records = new ArrayList<>();
    List<Object> distances = new ArrayList<>();
    for (NearDuplicatePairs.Pair p : pairs.pairs()) {
      records.add(List.of(Map.of(RecordJson.ID, p.a()), Map.of(RecordJson.ID, p.b())));
      distances.add((double) p.distance());
    }
    return answer(Status.OK, m -> {
      m.put("answer_count", (long) records.size());
      m.put("answer_records", records);
      m.put("answer_distances", distances);
      m.put("answer_groups", pairs.groups());
    });
  }

  /**
   * The search query a data record names: its {@code _id} when the index holds it, else its
   * image.
   */
  private SearchQuery query(Object value, List<String> tagsOut) {
    if (!(value instanceof Map<?, ?> raw)) {
      throw ApiException.wrongQuery("query_record must be a JSON object, got: " + value);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> record = (Map<String, Object>) raw;
    if (record.get(RecordJson.TAGS) instanceof List<?> tags) {
      tags.forEach(t -> tagsOut.add(String.valueOf(t)));
    }
    String id;
    try {
      id = RecordJson.idOf(record);
    } catch (RecordJson.Refused e) {
      throw ApiException.wrongQuery(e.getMessage());
    }
    if (id != null && index.get(List.of(id), FieldSelection.ID_ONLY).stream().anyMatch(StoredRecord::active)) {
      return SearchQuery.id(id);
    }
    if (RecordJson.hasImage(record)) {
      try {
        return SearchQuery.image(records.sourceOf(record));
      } catch (RecordJson.Refused e) {
        throw ApiException.wrongQuery(e.getMessage());
      }
    }
    throw ApiException.wrongQuery(id == null
        ? "query_record needs an _id of a stored record or an image (_file, _url or _base64)"
        : "no record with _id '" + id + "' and no image (_file, _url or _base64) given");
  }

  /** Runs a search; a query the index cannot read (unknown id, not an image) is a wrong query record. */
  private static SearchResult runQuery(java.util.function.Supplier<SearchResult> search) {
    try {
      return search.get();
    } catch (IllegalArgumentException e) {
      throw ApiException.wrongQuery(e.getMessage());
    }
  }

  private Map<String, Object> ranked(SearchResult result, List<String> fields) {
    List<Object> shown = new ArrayList<>();
    List<Object> distances = new ArrayList<>();
    for (SearchHit h : result.hits()) {
      shown.add(records.toJson(h.record(), fields));
      distances.add(h.distance());
    }
    return answer(Status.OK, m -> {
      m.put("answer_count", (long) shown.size());
      m.put("answer_records", shown);
      m.put("answer_distances", distances);
    });
  }

  // ---- parameters -------------------------------------------------------------------------

  private Filter filter(Map<String, Object> body) {
    Object f = body.get("filter");
    if (f == null) {
      return ImageIndex.ALL_RECORDS;
    }
    if (!(f instanceof Map)) {
      throw ApiException.aborted("filter must be a JSON object, got: " + JsonValues.write(f));
    }
    return index.filter(JsonValues.write(f), QueryLanguage.MONGO_JSON);
  }

  /**
   * Ximilar's {@code radius} of near-duplicate methods as a Hamming distance between perceptual
   * hashes in bits (0..64); the library's default when absent.
   */
  private static int hashRadius(Map<String, Object> body) {
    Object r = body.get("radius");
    if (r == null) {
      return HashSignature.NEAR_DUPLICATE_RADIUS;
    }
    if (!(r instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > HashSignature.BITS) {
      throw ApiException.aborted("radius must be a number of differing hash bits in 0.." + HashSignature.BITS + ", got: " + r);
    }
    return (int) Math.round(n.doubleValue());
  }

  /**
   * Ximilar's {@code product_field}, or null. A field the index has never seen cannot separate
   * products, so it is refused here, before the search, as a request error.
   */
  private String productField(Map<String, Object> body) {
    Object v = body.get("product_field");
    if (v == null) {
      return null;
    }
    if (!(v instanceof String field) || field.isEmpty()) {
      throw ApiException.aborted("product_field must be a field name, got: " + JsonValues.write(v));
    }
    java.util.Set<String> known = new java.util.TreeSet<>(index.fieldTypes().asMap().keySet());
    known.addAll(RecordFields.BUILT_IN);
    if (!known.contains(field)) {
      throw ApiException.aborted("product_field must be a field the index holds, one of " + known + ", got: " + field);
    }
    return field;
  }

  /** A whole-number parameter in {@code min..max}; the message names the range whatever is wrong. */
  private static int intParam(Map<String, Object> body, String name, int fallback, int min, int max) {
    Object v = body.get(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Long l) || l < min || l > max) {
      String got = JsonValues.write(v);
      throw ApiException.aborted(name + " must be a whole number in " + min + ".." + max + ", got: "
          + (got.length() > 100 ? got.substring(0, 100) + "... (" + got.length() + " characters)" : got));
    }
    return l.intValue();
  }

  private static List<String> fields(Map<String, Object> body, List<String> fallback) {
    Object v = body.get("fields_to_return");
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof List<?> list) || list.stream().anyMatch(o -> !(o instanceof String s) || s.isEmpty())) {
      throw ApiException.aborted("fields_to_return must be an array of field names, got: " + JsonValues.write(v));
    }
    return list.stream().map(String.class::cast).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> recordList(Map<String, Object> body, String name) {
    if (!(body.get(name) instanceof List<?> list) || list.stream().anyMatch(o -> !(o instanceof Map))) {
      throw ApiException.aborted(name + " must be an array of records (JSON objects)");
    }
    return (List<Map<String, Object>>) list;
  }

  private static List<String> ids(Map<String, Object> body) {
    List<String> ids = new ArrayList<>();
    for (Map<String, Object> r : recordList(body, "records")) {
      if (!(r.get(RecordJson.ID) instanceof String id)) {
        throw ApiException.aborted("every record needs an _id string, got: " + JsonValues.write(r));
      }
      ids.add(id);
    }
    return ids;
  }

  private static String safeId(Map<String, Object> record) {
    return record.get(RecordJson.ID) instanceof String s ? s : null;
  }

  // ---- answers ----------------------------------------------------------------------------

  private static Map<String, Object> answer(Status status, java.util.function.Consumer<Map<String, Object>> fill) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status.json());
    fill.accept(m);
    return m;
  }

  private Map<String, Object> listing(List<StoredRecord> found, List<String> fields) {
    List<Object> shown = new ArrayList<>();
    found.forEach(r -> shown.add(records.toJson(r, fields)));
    return answer(Status.OK, m -> {
      m.put("answer_count", (long) shown.size());
      m.put("answer_records", shown);
    });
  }

  private Map<String, Object> processing(Status status, List<StoredRecord> shown, List<String> fields,
      List<Map<String, Object>> skipped) {
    List<Object> out = new ArrayList<>();
    shown.forEach(r -> out.add(records.toJson(r, fields)));
    return answer(status, m -> {
      m.put("answer_count", (long) out.size());
      m.put("answer_records", out);
      if (!skipped.isEmpty()) {
        m.put("skipped_records", skipped);
      }
    });
  }

  private static Map<String, Object> skippedRecord(String id, Status status, String description) {
    Map<String, Object> st = status.json();
    if (description != null && !description.isEmpty()) {
      st.put("error_description", description);
    }
    Map<String, Object> reason = new LinkedHashMap<>();
    reason.put("status", st);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(RecordJson.ID, id);
    m.put("_reason", reason);
    return m;
  }
}
