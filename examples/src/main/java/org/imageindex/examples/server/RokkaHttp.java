package org.imageindex.examples.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.imageindex.ImageIndex;
import org.imageindex.collection.ImageCollections;
import org.imageindex.query.QueryException;
import org.imageindex.query.json.JsonValues;
import org.imageindex.query.rokka.RokkaFields;
import org.imageindex.query.rokka.RokkaQuery;
import org.imageindex.query.rokka.RokkaQueryParser;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageInfo;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordUpdate;
import org.imageindex.record.StoredRecord;
import org.imageindex.search.ListingPage;
import org.imageindex.search.ListingRequest;

/**
 * rokka's source images (seed 004) over HTTP: {@code GET /sourceimages/<org>} lists and filters
 * with rokka's URL parameters (parsed by {@link RokkaQueryParser}), {@code POST} uploads
 * ({@code filedata}, optional {@code meta_user}), {@code GET} / {@code DELETE
 * /sourceimages/<org>/<hash>} read and delete one, and {@code /sourceimages/<org>/<hash>/meta/user}
 * ({@code PUT}, {@code PATCH}, {@code DELETE}, also {@code .../meta/user/<field>}) changes user
 * metadata. Answers are rokka's image objects, errors rokka's {@code {"error": {"code", "message"}}}.
 *
 * <p>One index is one organization: any well-formed organization name lists the same records
 * and is echoed in {@code organization} and {@code link}. A record's {@code hash} is its id (the
 * SHA-1 of the uploaded bytes for uploads), {@code binary_hash} the SHA-1 of its bytes. rokka's
 * stacks, render URLs, organizations, users, dynamic metadata and downloads are answered 501.
 */
final class RokkaHttp implements SeedApi {

  static final String PREFIX = "/sourceimages";

  /** rokka's other top-level resources: not served by an embedded index (501). */
  static final Set<String> NOT_SERVED = Set.of("stacks", "organizations", "users", "operations", "stackoptions", "memberships");

  private static final Pattern ORGANIZATION = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
  /** rokka's dates: {@code 2017-01-18T14:10:40+0000}. */
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final Set<String> PARTS = Set.of("filedata", "meta_user", "meta_user[0]", "meta_dynamic", "meta_dynamic[0]");
  /** rokka's user-metadata type prefixes. */
  private static final Set<String> USER_TYPES = Set.of("int", "float", "double", "str", "date", "bool", "array");

  private final ImageIndex index;
  private final GroupCommit commits;

  RokkaHttp(ImageIndex index, GroupCommit commits) {
    this.index = index;
    this.commits = commits;
  }

  /** A path's parts below {@code /sourceimages}: organization, hash, and what follows. */
  private record Route(String org, String hash, List<String> rest) {
  }

  private static Route route(String path) {
    String[] s = path.substring(PREFIX.length()).split("/", -1);
    // s[0] is "" (the path goes on with '/'); s[1] the organization, s[2] the hash, then the rest.
    if (s.length < 2 || !s[0].isEmpty()) {
      return null;
    }
    return new Route(s[1], s.length > 2 ? s[2] : null, s.length > 3 ? List.of(s).subList(3, s.length) : List.of());
  }

  @Override
  public boolean serves(String path) {
    if (path.equals(PREFIX) || path.startsWith(PREFIX + "/")) {
      return true;
    }
    String first = path.length() > 1 ? path.substring(1).split("/", 2)[0] : "";
    return NOT_SERVED.contains(first);
  }

  @Override
  public Answer check(Request head) {
    String path = head.path();
    if (!path.startsWith(PREFIX + "/")) {
      String first = path.substring(1).split("/", 2)[0];
      return path.equals(PREFIX) ? error(404, "no endpoint " + PREFIX + "; list with GET " + PREFIX + "/<organization>")
          : error(501, "rokka's /" + first + " is not served: this server holds one local index (its source images under "
              + PREFIX + "/<organization>), without rokka's stacks, render URLs, organizations, users or memberships");
    }
    Route r = route(path);
    if (r == null || !ORGANIZATION.matcher(r.org()).matches()) {
      return error(400, "the organization in " + LoopbackHttp.cut(path) + " must be lower-case letters, digits and '-'");
    }
    String method = head.method();
    if (r.hash() == null) {
      return allow(method, "GET", "POST");
    }
    if (r.hash().isEmpty()) {
      return error(404, "no endpoint " + LoopbackHttp.cut(path) + ": the hash is empty");
    }
    List<String> rest = r.rest();
    if (rest.isEmpty()) {
      return allow(method, "GET", "DELETE");
    }
    if (rest.get(0).equals("meta") && rest.size() >= 2 && rest.get(1).equals("user")) {
      if (rest.size() == 2) {
        return allow(method, "PUT", "PATCH", "DELETE");
      }
      if (rest.size() == 3 && !rest.get(2).isEmpty()) {
        return allow(method, "PUT", "DELETE");
      }
    }
    if (rest.get(0).equals("meta") && rest.size() >= 2 && rest.get(1).equals("dynamic")
        || rest.size() == 1 && Set.of("download", "restore", "copy", "autolabel", "autodescription").contains(rest.get(0))) {
      return error(501, "rokka's " + String.join("/", rest) + " of a source image is not served: the index keeps the image's"
          + " signatures and metadata, not its bytes, renditions or dynamic metadata");
    }
    return error(404, "no endpoint " + LoopbackHttp.cut(path) + "; served: " + String.join(", ", paths()));
  }

  private static Answer allow(String method, String... methods) {
    if (List.of(methods).contains(method)) {
      return null;
    }
    Answer a = error(405, "this path takes " + String.join(", ", methods) + ", got: " + LoopbackHttp.cut(method));
    return new Answer(405, a.json(), Map.of("Allow", String.join(", ", methods)));
  }

  @Override
  public Answer handle(Request request) {
    Route r = route(request.path());
    try {
      if (r.hash() == null) {
        return request.method().equals("GET") ? list(r.org(), request.query()) : upload(r.org(), request);
      }
      if (r.rest().isEmpty()) {
        return request.method().equals("GET") ? new Answer(200, item(r.org(), stored(r.hash()))) : delete(r.hash());
      }
      return userMetadata(r, request);
    } catch (ApiException e) {
      return error(e.code() == Status.ABORTED.code() ? 400 : e.code(), e.getMessage());
    } catch (QueryException | IllegalArgumentException e) {
      return error(400, e.getMessage());
    } catch (IllegalStateException e) {
      return error(409, e.getMessage());
    }
  }

  @Override
  public List<String> paths() {
    return List.of(PREFIX + "/<organization>", PREFIX + "/<organization>/<hash>", PREFIX + "/<organization>/<hash>/meta/user");
  }

  // ---- listing ------------------------------------------------------------------------------

  private Answer list(String org, String query) {
    String raw = query == null ? "" : query;
    // rokka takes a cursor as the offset: it is not a number, so it is taken out before parsing.
    List<String> kept = new ArrayList<>();
    String cursor = null;
    boolean offsetGiven = false;
    for (String p : splitParams(raw)) {
      if (p.startsWith("offset=")) {
        offsetGiven = true;
        String v = p.substring("offset=".length());
        if (!v.matches("\\d+")) {
          if (v.isEmpty()) {
            throw new IllegalArgumentException("offset must be a whole number >= 0 or a cursor, got nothing");
          }
          cursor = v;
          continue;
        }
      }
      kept.add(p);
    }
    RokkaQuery q = RokkaQueryParser.parse(String.join("&", kept), index.fieldTypes());
    int limit = q.listing().limit();
    ListingRequest request = new ListingRequest(q.filter(), q.listing().sort(), limit,
        cursor != null || !offsetGiven ? ListingRequest.NO_OFFSET : q.listing().offset(), cursor, FieldSelection.ALL);
    ListingPage page;
    try {
      page = index.list(request);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException((cursor != null ? "offset " + LoopbackHttp.cut(cursor) + " is no cursor of this listing: " : "")
          + e.getMessage());
    }
    String others = kept.stream().filter(p -> !p.startsWith("limit=") && !p.startsWith("offset=")).map(p -> "&" + p)
        .reduce("", String::concat);
    Map<String, Object> links = new LinkedHashMap<>();
    String base = PREFIX + "/" + org + "?limit=" + limit + "&offset=";
    if (page.next() != null) {
      String at = page.next().cursor() != null ? page.next().cursor() : Integer.toString(page.next().offset());
      links.put("next", Map.of("href", base + at + others));
    }
    if (page.previous() != null) {
      links.put("prev", Map.of("href", base + page.previous().offset() + others));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total", page.total());
    m.put("links", links);
    if (page.cursor() != null) {
      m.put("cursor", page.cursor());
    }
    List<Object> items = new ArrayList<>();
    page.records().forEach(rec -> items.add(item(org, rec)));
    m.put("items", items);
    return new Answer(200, m);
  }

  /** {@code text} split on {@code &} outside quotes, as rokka's filters quote dates. */
  private static List<String> splitParams(String text) {
    List<String> out = new ArrayList<>();
    char quote = 0;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '&';
      if (quote != 0) {
        if (i < text.length() && c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '&') {
        if (i > start) {
          out.add(text.substring(start, i));
        }
        start = i + 1;
      }
    }
    if (quote != 0) {
      // Left whole: the parser locates the unterminated quote.
      return List.of(text);
    }
    return out;
  }

  // ---- one image ----------------------------------------------------------------------------

  private Answer upload(String org, Request request) {
    String type = Objects.requireNonNullElse(request.header("Content-Type"), "");
    if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new IllegalArgumentException("an upload is multipart/form-data with the image in the part filedata, got Content-Type: "
          + LoopbackHttp.cut(type.isEmpty() ? "none" : type));
    }
    Map<String, HttpBodies.Part> parts = HttpBodies.multipart(type, request.body(), PARTS);
    if (parts.containsKey("meta_dynamic") || parts.containsKey("meta_dynamic[0]")) {
      throw new ApiException(501, "not implemented", "meta_dynamic is not served: dynamic metadata (subject areas, crop hints)"
          + " belongs to rokka's renderer, which this server does not have");
    }
    HttpBodies.Part file = parts.get("filedata");
    if (file == null || file.content().length == 0) {
      throw new IllegalArgumentException("an upload needs the image file in the part filedata, got parts " + parts.keySet());
    }
    HttpBodies.Part meta = parts.getOrDefault("meta_user", parts.get("meta_user[0]"));
    Map<String, Object> user = meta == null ? Map.of() : typed(HttpBodies.jsonObject(meta.content()));
    String hash = sha1(file.content());
    if (index.get(hash).isPresent()) {
      return new Answer(200, listOfOne(org, stored(hash))); // rokka: the same bytes are the same source image
    }
    ImageRecord.Builder b = ImageRecord.builder().id(hash).source(ImageSource.bytes(file.content())).attributes(user);
    if (file.filename() != null && !file.filename().isBlank()) {
      b.name(file.filename());
    }
    RecordStatus s = index.insert(List.of(b.build())).get(0);
    if (!s.code().success()) {
      int code = s.code() == RecordStatus.Code.NOT_AN_IMAGE || s.code() == RecordStatus.Code.UNSUPPORTED_FORMAT ? 415 : 400;
      throw new ApiException(code, s.code().name(), "filedata " + (file.filename() == null ? "" : file.filename() + " ")
          + "refused: " + s.reason());
    }
    durable();
    return new Answer(201, listOfOne(org, stored(hash)));
  }

  private Map<String, Object> listOfOne(String org, StoredRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total", 1L);
    m.put("items", List.of(item(org, r)));
    return m;
  }

  private Answer delete(String hash) {
    stored(hash);
    BatchResult done = index.delete(List.of(hash));
    if (!done.get(0).code().success()) {
      throw new ApiException(404, "not found", "no source image with hash " + LoopbackHttp.cut(hash));
    }
    durable();
    return new Answer(204, Map.of());
  }

  private Answer userMetadata(Route r, Request request) {
    StoredRecord current = stored(r.hash());
    RecordUpdate.Builder u = RecordUpdate.builder(r.hash());
    List<String> now = userNames(current);
    String method = request.method();
    if (r.rest().size() == 3) {
      String field = r.rest().get(2);
      if (method.equals("DELETE")) {
        if (!now.contains(plainName(field))) {
          throw new ApiException(404, "not found", "the source image has no user metadata " + LoopbackHttp.cut(field));
        }
        u.unset(plainName(field));
      } else {
        Object value = JsonValues.parse(new String(request.body(), StandardCharsets.UTF_8));
        typed(Map.of(field, value)).forEach(u::set);
      }
    } else if (method.equals("DELETE")) {
      now.forEach(u::unset);
    } else {
      Map<String, Object> body = HttpBodies.jsonObject(request.body());
      Map<String, Object> set = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : body.entrySet()) {
        if (e.getValue() == null && method.equals("PATCH")) {
          u.unset(plainName(e.getKey())); // rokka: PATCH with null removes the field
        } else {
          set.put(e.getKey(), e.getValue());
        }
      }
      Map<String, Object> values = typed(set);
      if (method.equals("PUT")) {
        now.stream().filter(n -> !values.containsKey(n)).forEach(u::unset);
      }
      values.forEach(u::set);
    }
    RecordStatus s = index.update(List.of(u.build())).get(0);
    if (!s.code().success()) {
      throw new IllegalArgumentException("user metadata refused: " + s.reason());
    }
    durable();
    return new Answer(204, Map.of());
  }

  // ---- shapes -------------------------------------------------------------------------------

  /** rokka's image object. */
  private static Map<String, Object> item(String org, StoredRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    ImageInfo image = r.image();
    if (image != null) {
      m.put("binary_hash", image.sha1());
    }
    m.put("created", r.created() == null ? null : DATE.format(r.created()));
    m.put("dynamic_metadata", Map.of());
    if (image != null) {
      m.put("format", RokkaFields.rokkaFormat(image.format()));
    }
    m.put("hash", r.id());
    if (image != null) {
      m.put("height", (long) image.height());
    }
    m.put("link", PREFIX + "/" + org + "/" + r.id());
    m.put("name", r.name());
    m.put("organization", org);
    if (image != null) {
      m.put("size", image.byteSize());
      m.put("width", (long) image.width());
    }
    Map<String, Object> user = new LinkedHashMap<>();
    r.attributes().asMap().forEach((k, v) -> {
      if (!k.equals(ImageCollections.MEMBERSHIP_FIELD) && !k.equals(ImageCollections.CREATOR_FIELD)) {
        user.put(k, RecordJson.plain(v));
      }
    });
    if (!user.isEmpty()) {
      m.put("user_metadata", user);
    }
    return m;
  }

  private static List<String> userNames(StoredRecord r) {
    return r.attributes().asMap().keySet().stream()
        .filter(k -> !k.equals(ImageCollections.MEMBERSHIP_FIELD) && !k.equals(ImageCollections.CREATOR_FIELD)).toList();
  }

  /** User metadata as rokka writes it ({@code int:count}, {@code date:shot}, plain names typed by value) as attributes. */
  private static Map<String, Object> typed(Map<String, Object> given) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : given.entrySet()) {
      String key = e.getKey();
      int colon = key.indexOf(':');
      String type = colon < 0 ? null : key.substring(0, colon);
      if (type != null && !USER_TYPES.contains(type)) {
        throw new IllegalArgumentException("user metadata " + LoopbackHttp.cut(key) + ": unknown type prefix " + type
            + ":, rokka's are int, float, str, date, bool, array");
      }
      String name = plainName(key);
      Object v = e.getValue();
      Object value = switch (type == null ? "" : type) {
        case "int" -> v instanceof Long ? v : fail(key, "a whole number", v);
        case "float", "double" -> v instanceof Number n ? n.doubleValue() : fail(key, "a number", v);
        case "bool" -> v instanceof Boolean ? v : fail(key, "true or false", v);
        case "str" -> v instanceof String ? v : fail(key, "a string", v);
        case "array" -> v instanceof List<?> l && !l.isEmpty() ? l.stream().map(String::valueOf).toList() : fail(key, "a non-empty array", v);
        case "date" -> {
          try {
            yield v instanceof String s ? Instant.parse(s.replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2")
                .replaceFirst("\\+00:00$", "Z")) : fail(key, "an ISO-8601 date", v);
          } catch (java.time.format.DateTimeParseException x) {
            yield fail(key, "an ISO-8601 date such as 2017-01-01T00:00:00Z", v);
          }
        }
        default -> v instanceof Map || v == null ? fail(key, "a string, number, boolean or array", v) : v;
      };
      out.put(name, value);
    }
    return out;
  }

  private static String plainName(String key) {
    int colon = key.indexOf(':');
    return colon < 0 ? key : key.substring(colon + 1);
  }

  private static Object fail(String key, String expected, Object got) {
    throw new IllegalArgumentException("user metadata " + LoopbackHttp.cut(key) + " must be " + expected + ", got: "
        + LoopbackHttp.cut(JsonValues.write(got)));
  }

  private StoredRecord stored(String hash) {
    return index.get(List.of(hash), FieldSelection.ALL).stream().filter(StoredRecord::active).findFirst()
        .orElseThrow(() -> new ApiException(404, "not found", "no source image with hash " + LoopbackHttp.cut(hash)));
  }

  private static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  private void durable() {
    if (commits != null) {
      commits.awaitDurable();
    }
  }

  /** rokka's error object. */
  static Answer error(int code, String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("code", (long) code);
    e.put("message", message);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", e);
    return new Answer(code, m);
  }
}
