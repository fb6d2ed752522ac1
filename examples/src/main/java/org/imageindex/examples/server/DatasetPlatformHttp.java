package org.imageindex.examples.server;

import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imageindex.ImageIndex;
import org.imageindex.annotation.Annotation;
import org.imageindex.annotation.Annotations;
import org.imageindex.annotation.DatasetAttributes;
import org.imageindex.query.QueryException;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.query.json.JsonValues;
import org.imageindex.query.yaml.ImageRecordFields;
import org.imageindex.query.yaml.Ordering;
import org.imageindex.query.yaml.YamlQuery;
import org.imageindex.record.Attributes;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordFields;
import org.imageindex.record.RecordPage;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordUpdate;
import org.imageindex.record.StoredRecord;

/**
 * The image dataset platform (seed 002) over HTTP, on its own {@code /api/...} paths: the YAML
 * picture query ({@code POST /api/query}, the YAML text as the body, {@code ordering},
 * {@code offset} and {@code limit} as URL parameters), {@code GET /api/picture/<id>/},
 * {@code POST /api/picture/<id>/rate} and {@code /update}, {@code POST /api/upload}, and
 * {@code POST /api/login} / {@code /api/logout} with a session cookie. The catalogue endpoints
 * (licences, natures, users, galleries) answer 501: an embedded index keeps no such catalogue.
 *
 * <p>Login: the password is the server's token (the seed's users are the application's, an
 * index has none); the username names who rates and uploads. The session cookie is 256 random
 * bits, {@code HttpOnly} and {@code SameSite=Strict}, and opens only this API's paths. Uploads
 * and ratings need a session, as the seed says ("if you're logged in"); the token alone opens
 * the rest.
 */
final class DatasetPlatformHttp implements SeedApi {

  /** The session cookie's name (the seed's server sets Flask's {@code session}). */
  static final String COOKIE = "session";

  /** Sessions kept at once; the oldest is dropped beyond, so repeated logins cannot fill the memory. */
  static final int MAX_SESSIONS = 1_000;

  /** Longest username accepted at login. */
  static final int MAX_USERNAME = 100;

  /** The attribute holding each user's own star rating, {@code "<stars>:<username>"}, so a rating can be taken back. */
  static final String RATINGS_BY_USER = "ratings_by_user";

  /** Body types the query path reads besides JSON: a YAML text arrives as what its client names it (curl: form type). */
  static final Set<String> QUERY_BODY_TYPES = Set.of("application/x-www-form-urlencoded", "application/yaml", "application/x-yaml",
      "text/yaml", "text/x-yaml");

  private static final Set<String> UPLOAD_PARTS = Set.of("json", "file");
  private static final Set<String> UPLOAD_KEYS = Set.of("title", "description", "origin_url", "licence", "nature", "annotations");
  private static final Set<String> UPDATE_KEYS = Set.of("title", "description", "origin_url", "licence_ids", "nature_id");
  private static final Set<String> QUERY_PARAMETERS = Set.of("ordering", "offset", "limit");

  /** The endpoints the seed documents, served or answered 501 with the reason. */
  private enum Route {
    QUERY("/api/query", "POST", null),
    PICTURE("/api/picture/<id>/", "GET", null),
    RATE("/api/picture/<id>/rate", "POST", null),
    UPDATE("/api/picture/<id>/update", "POST", null),
    UPLOAD("/api/upload", "POST", null),
    LOGIN("/api/login", "POST", null),
    LOGOUT("/api/logout", "POST", null),
    LICENCES("/api/licence/", null, "the licence catalogue is the application's; an index stores licence ids on pictures only"),
    LICENCE("/api/licence/<id>/", null, "the licence catalogue is the application's; an index stores licence ids on pictures only"),
    NATURES("/api/nature/", null, "the nature catalogue is the application's; an index stores nature ids on pictures only"),
    USERS("/api/user/", null, "an embedded index has no user accounts"),
    USER("/api/user/<username>/", null, "an embedded index has no user accounts"),
    GALLERY("/api/gallery/<id>", null, GALLERIES_WHY),
    GALLERY_EDIT("/api/gallery/<id>/edit", null, GALLERIES_WHY),
    NEW_GALLERY("/api/new-gallery", null, GALLERIES_WHY),
    GALLERY_ADD("/api/gallery/<id>/add-picture", null, GALLERIES_WHY),
    GALLERY_REMOVE("/api/gallery/<id>/remove-picture", null, GALLERIES_WHY),
    GALLERY_TRUST("/api/gallery/<id>/users/add", null, GALLERIES_WHY),
    GALLERY_UNTRUST("/api/gallery/<id>/users/remove", null, GALLERIES_WHY);

    final String path;
    final Pattern pattern;
    final String method;
    /** Why the endpoint is not served, or null when it is. */
    final String notServed;

    Route(String path, String method, String notServed) {
      this.path = path;
      this.pattern = Pattern.compile(Pattern.quote(path).replaceAll("<[a-z]+>", "\\\\E([^/]+)\\\\Q"));
      this.method = method;
      this.notServed = notServed;
    }
  }

  private static final String GALLERIES_WHY = "galleries with owners and trusted users are the application's; "
      + "an index stores gallery ids on pictures (the in_gallery rule reads them)";

  /** A matched route and the value of its one path parameter (or null). */
  private record Match(Route route, String id) {
  }

  private final ImageIndex index;
  private final Annotations annotations;
  private final ServerOptions options;
  private final GroupCommit commits;
  private final SecureRandom random = new SecureRandom();
  /** SHA-256 of each session cookie value → its username; the oldest dropped beyond {@link #MAX_SESSIONS}. */
  private final Map<String, String> sessions = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > MAX_SESSIONS;
    }
  };
  /** Serialises the read-modify-write of ratings and the choice of a new picture id. */
  private final Object writes = new Object();

  /** @param commits the commit every write waits for before it answers, or null to answer at once */
  DatasetPlatformHttp(ImageIndex index, ServerOptions options, GroupCommit commits) {
    this.index = index;
    this.annotations = index.annotations();
    this.options = options;
    this.commits = commits;
  }

  private static Match match(String path) {
    for (Route r : Route.values()) {
      Matcher m = r.pattern.matcher(path);
      if (m.matches()) {
        return new Match(r, m.groupCount() > 0 ? m.group(1) : null);
      }
    }
    return null;
  }

  @Override
  public boolean serves(String path) {
    return match(path) != null;
  }

  @Override
  public boolean open(String path) {
    return Route.LOGIN.path.equals(path);
  }

  @Override
  public Set<String> bodyTypes(String path) {
    return Route.QUERY.path.equals(path) ? QUERY_BODY_TYPES : Set.of();
  }

  @Override
  public String credentialsHint() {
    return "or log in with POST /api/login {\"username\": ..., \"password\": <the server's token>} and send the session cookie it sets";
  }

  @Override
  public boolean authenticates(Request head) {
    return user(head) != null;
  }

  @Override
  public Answer check(Request head) {
    Match m = match(head.path());
    Route r = m.route();
    if (r.notServed != null) {
      return LoopbackHttp.error(501, "not served", r.path + " is not served: " + r.notServed);
    }
    if (!head.method().equals(r.method)) {
      return LoopbackHttp.error(405, "method not allowed", r.path + " takes " + r.method + ", got: " + LoopbackHttp.cut(head.method()));
    }
    if ((r == Route.UPLOAD || r == Route.RATE) && user(head) == null) {
      return LoopbackHttp.error(401, "unauthorized", r.path + " needs a logged-in user: POST /api/login with "
          + "{\"username\": ..., \"password\": <the server's token>} and send the session cookie it sets");
    }
    return null;
  }

  @Override
  public Answer handle(Request request) {
    Match m = match(request.path());
    try {
      Answer a = switch (m.route()) {
        case QUERY -> Answer.ofArray(200, query(request), Map.of());
        case PICTURE -> new Answer(200, picture(request, m.id()));
        case RATE -> new Answer(200, rate(request, m.id()));
        case UPDATE -> new Answer(200, update(request, m.id()));
        case UPLOAD -> new Answer(201, upload(request));
        case LOGIN -> login(request);
        case LOGOUT -> logout(request);
        default -> throw new IllegalStateException("not served: " + m.route());
      };
      if (commits != null && (m.route() == Route.RATE || m.route() == Route.UPDATE || m.route() == Route.UPLOAD)) {
        commits.awaitDurable();
      }
      return a;
    } catch (ApiException e) {
      return LoopbackHttp.error(e.code(), e.text(), e.getMessage());
    } catch (QueryException | IllegalArgumentException e) {
      return LoopbackHttp.error(400, "bad request", e.getMessage());
    } catch (UncheckedIOException e) {
      return LoopbackHttp.error(500, "storage error", e.getMessage());
    } catch (RuntimeException e) {
      return LoopbackHttp.error(500, "internal error", e.toString());
    }
  }

  @Override
  public List<String> paths() {
    return java.util.Arrays.stream(Route.values()).map(r -> r.path).toList();
  }

  // ---- query ---------------------------------------------------------------------------------

  private List<Map<String, Object>> query(Request request) {
    String yaml = utf8(request.body(), "the YAML query");
    YamlQuery q = annotations.parse(yaml.isBlank() ? "{}" : yaml);
    Map<String, String> params = parameters(request.query());
    Listing listing = q.listing();
    List<SortKey> sort = listing.sort();
    boolean randomOrder = listing.random();
    if (params.containsKey("ordering")) {
      Listing o = Ordering.fromSpelling(params.get("ordering")).listing(0, 1);
      sort = o.sort().stream()
          .map(k -> k.field().equals(ImageRecordFields.DATE) ? new SortKey(RecordFields.CREATED, k.descending(), k.missing()) : k)
          .toList();
      randomOrder = o.random();
    }
    int offset = params.containsKey("offset") ? integer("offset", params.get("offset"), 0, Integer.MAX_VALUE) : listing.offset();
    int max = options.limits().maxRecords();
    int limit;
    if (params.containsKey("limit")) {
      limit = integer("limit", params.get("limit"), 0, max);
    } else if (listing.limit() == Listing.DEFAULT_LIMIT) {
      limit = Math.min(listing.limit(), max); // no limit asked for: the default page, within the server's cap
    } else if (listing.limit() > max) {
      throw new IllegalArgumentException("limit must be at most " + max + " (ServerOptions.Limits.maxRecords, --max-records), got: "
          + listing.limit());
    } else {
      limit = listing.limit();
    }
    if (limit == 0) {
      return List.of();
    }
    RecordPage page = index.find(q.filter(), new Listing(sort, randomOrder, offset, limit), FieldSelection.ALL);
    return page.records().stream().map(DatasetPlatformHttp::picture).toList();
  }

  /** The URL parameters; only {@code ordering}, {@code offset} and {@code limit}, each once. */
  private static Map<String, String> parameters(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return out;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!QUERY_PARAMETERS.contains(name)) {
        throw new IllegalArgumentException("unknown URL parameter '" + LoopbackHttp.cut(name) + "'; the query takes ordering, offset and limit");
      }
      if (out.put(name, value) != null) {
        throw new IllegalArgumentException("URL parameter '" + name + "' is given twice");
      }
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the URL query holds a malformed %-escape: " + LoopbackHttp.cut(s));
    }
  }

  private static int integer(String name, String value, int min, int max) {
    long v;
    try {
      v = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got: " + LoopbackHttp.cut(value));
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(name + " must be in " + min + ".." + max
          + (name.equals("limit") ? " (ServerOptions.Limits.maxRecords, --max-records)" : "") + ", got: " + v);
    }
    return (int) v;
  }

  // ---- pictures ------------------------------------------------------------------------------

  private Map<String, Object> picture(Request request, String rawId) {
    StoredRecord r = stored(rawId);
    Map<String, Object> m = picture(r);
    m.putAll(ratings(r));
    return m;
  }

  private StoredRecord stored(String rawId) {
    String id = decode(rawId);
    return index.get(id).orElseThrow(() -> new ApiException(404, "not found", "no picture with id '" + LoopbackHttp.cut(id) + "'"));
  }

  /** A picture in the seed's listing shape. */
  static Map<String, Object> picture(StoredRecord r) {
    Attributes a = r.attributes();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id(r.id()));
    m.put("title", a.get(ImageRecordFields.TITLE).orElse(null));
    m.put("description", a.get(ImageRecordFields.DESCRIPTION).orElse(null));
    m.put("author", a.get(ImageRecordFields.AUTHOR).orElse(null));
    m.put("origin_url", a.get(ImageRecordFields.ORIGIN_URL).orElse(null));
    m.put("timestamp", r.created() == null ? null : r.created().getEpochSecond());
    m.put("width", r.image() == null ? null : (long) r.image().width());
    m.put("height", r.image() == null ? null : (long) r.image().height());
    m.put("file_format", r.image() == null ? null : "image/" + r.image().format());
    m.put("nature", a.get(ImageRecordFields.NATURE).orElse(null));
    m.put("licences", a.get(ImageRecordFields.LICENCES).orElse(List.of()));
    m.put("replaces", a.get(ImageRecordFields.REPLACES).map(v -> id((String) v)).orElse(null));
    m.put("replaced_by", a.get(ImageRecordFields.REPLACED_BY).map(v -> id((String) v)).orElse(null));
    m.put("regions", JsonValues.parse(Annotations.toJson(Annotations.of(r))));
    // The index keeps signatures and metadata, not the image file: there is nothing to download.
    m.put("download", null);
    return m;
  }

  /** The seed's ids are numbers: a numeric id is answered as one, any other id as the string it is. */
  private static Object id(String id) {
    if (!id.isEmpty() && id.length() <= 18 && id.chars().allMatch(c -> c >= '0' && c <= '9') && (id.length() == 1 || id.charAt(0) != '0')) {
      return Long.parseLong(id);
    }
    return id;
  }

  /** {@code rating_average} (null when unrated) and {@code rating_count}, the number of ratings of each grade, 1 to 5 stars. */
  private static Map<String, Object> ratings(StoredRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rating_average", r.attributes().get(ImageRecordFields.RATING).orElse(null));
    long[] grades = new long[Annotations.MAX_STARS];
    for (String entry : userRatings(r)) {
      grades[entry.charAt(0) - '1']++;
    }
    List<Long> counts = new ArrayList<>();
    for (long g : grades) {
      counts.add(g);
    }
    m.put("rating_count", counts);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static List<String> userRatings(StoredRecord r) {
    return (List<String>) r.attributes().get(RATINGS_BY_USER).orElse(List.of());
  }

  // ---- rate ----------------------------------------------------------------------------------

  private Map<String, Object> rate(Request request, String rawId) {
    String user = user(request);
    Map<String, Object> body = jsonObject(request.body());
    if (!body.containsKey("rating")) {
      throw new IllegalArgumentException("the body must hold 'rating': 1 to 5 stars, or false to delete your rating");
    }
    Object rating = body.get("rating");
    Integer stars;
    if (Boolean.FALSE.equals(rating)) {
      stars = null;
    } else if (rating instanceof Long l && l >= Annotations.MIN_STARS && l <= Annotations.MAX_STARS) {
      stars = l.intValue();
    } else {
      throw new IllegalArgumentException("rating must be a whole number of stars from " + Annotations.MIN_STARS + " to "
          + Annotations.MAX_STARS + ", or false to delete your rating, got: " + LoopbackHttp.cut(JsonValues.write(rating)));
    }
    synchronized (writes) {
      StoredRecord r = stored(rawId);
      List<String> mine = new ArrayList<>(userRatings(r));
      long count = (Long) r.attributes().get(ImageRecordFields.RATING_COUNT).orElse(0L);
      double average = (Double) r.attributes().get(ImageRecordFields.RATING).orElse(0.0);
      // Ratings given through the library alone (Annotations.rate) have no user: they stay in the average.
      double knownSum = mine.stream().mapToInt(e -> e.charAt(0) - '0').sum();
      long otherCount = Math.max(0, count - mine.size());
      double otherSum = Math.max(0, average * count - knownSum);
      mine.removeIf(e -> e.substring(2).equals(user));
      if (stars != null) {
        mine.add(stars + ":" + user);
      }
      long total = otherCount + mine.size();
      double sum = otherSum + mine.stream().mapToInt(e -> e.charAt(0) - '0').sum();
      RecordUpdate.Builder u = RecordUpdate.builder(r.id());
      if (total == 0) {
        u.unset(ImageRecordFields.RATING).unset(ImageRecordFields.RATING_COUNT);
      } else {
        u.set(ImageRecordFields.RATING, sum / total).set(ImageRecordFields.RATING_COUNT, total);
      }
      if (mine.isEmpty()) {
        u.unset(RATINGS_BY_USER);
      } else {
        u.set(RATINGS_BY_USER, List.copyOf(mine));
      }
      requireSuccess(index.update(List.of(u.build())).get(0));
      return ratings(stored(rawId));
    }
  }

  // ---- update --------------------------------------------------------------------------------

  private Map<String, Object> update(Request request, String rawId) {
    Map<String, Object> body = jsonObject(request.body());
    unknownKeys(body, UPDATE_KEYS, "an update");
    StoredRecord r = stored(rawId);
    RecordUpdate.Builder u = RecordUpdate.builder(r.id());
    DatasetAttributes.Builder d = DatasetAttributes.builder();
    if (body.containsKey("title")) {
      d.title(text(body, "title"));
    }
    if (body.containsKey("description")) {
      d.description(text(body, "description"));
    }
    if (body.containsKey("origin_url")) {
      d.originUrl(text(body, "origin_url"));
    }
    if (body.containsKey("licence_ids")) {
      d.licences(texts(body, "licence_ids"));
    }
    if (body.containsKey("nature_id")) {
      d.nature(text(body, "nature_id"));
    }
    d.build().asMap().forEach(u::set);
    requireSuccess(index.update(List.of(u.build())).get(0));
    return picture(request, rawId);
  }

  // ---- upload --------------------------------------------------------------------------------

  private Map<String, Object> upload(Request request) {
    String type = request.header("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new IllegalArgumentException("/api/upload takes multipart/form-data with a 'json' part and a 'file' part, got Content-Type: "
          + (type == null ? "none" : LoopbackHttp.cut(type)));
    }
    Map<String, HttpBodies.Part> parts = HttpBodies.multipart(type, request.body(), UPLOAD_PARTS);
    HttpBodies.Part file = parts.get("file");
    HttpBodies.Part jsonPart = parts.get("json");
    if (file == null || file.content().length == 0) {
      throw new IllegalArgumentException("/api/upload needs a non-empty 'file' part holding the image");
    }
    if (jsonPart == null) {
      throw new IllegalArgumentException("/api/upload needs a 'json' part with title, description, origin_url, licence and nature");
    }
    Map<String, Object> json = jsonObject(jsonPart.content(), "the 'json' part");
    unknownKeys(json, UPLOAD_KEYS, "an upload's json");
    DatasetAttributes.Builder d = DatasetAttributes.builder().author(user(request));
    if (json.get("title") != null && !text(json, "title").isBlank()) {
      d.title(text(json, "title"));
    }
    if (json.get("description") != null && !text(json, "description").isBlank()) {
      d.description(text(json, "description"));
    }
    if (json.get("origin_url") != null && !text(json, "origin_url").isBlank()) {
      d.originUrl(text(json, "origin_url"));
    }
    if (json.get("licence") != null && texts(json, "licence").length > 0) {
      d.licences(texts(json, "licence"));
    }
    if (json.get("nature") != null && !text(json, "nature").isBlank()) {
      d.nature(text(json, "nature"));
    }
    List<Annotation> regions = json.get("annotations") == null ? List.of() : annotationsOf(json.get("annotations"));
    synchronized (writes) {
      String id = nextId();
      RecordStatus inserted = index.insert(List.of(ImageRecord.builder().id(id).source(ImageSource.bytes(file.content()))
          .attributes(d.build()).created(Instant.now()).build())).get(0);
      requireSuccess(inserted);
      if (!regions.isEmpty()) {
        requireSuccess(annotations.set(id, regions));
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id(id));
      return m;
    }
  }

  private static List<Annotation> annotationsOf(Object value) {
    if (!(value instanceof List<?>)) {
      throw new IllegalArgumentException("annotations must be a list of shapes ({\"type\", \"shape\", \"object\"}), got: "
          + LoopbackHttp.cut(JsonValues.write(value)));
    }
    try {
      return Annotations.parseJson(JsonValues.write(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("annotations: " + e.getMessage(), e);
    }
  }

  /** The next free numeric id: one past the count, moved on past ids taken by other APIs. */
  private String nextId() {
    long next = index.count() + index.countInactive() + 1;
    while (index.get(Long.toString(next)).isPresent()) {
      next++;
    }
    return Long.toString(next);
  }

  private static void requireSuccess(RecordStatus s) {
    if (s.code().success()) {
      return;
    }
    int http = switch (s.code()) {
      case NOT_FOUND -> 404;
      case NOT_AN_IMAGE, UNSUPPORTED_FORMAT -> 415;
      case TOO_LARGE -> 413;
      default -> 400;
    };
    throw new ApiException(http, s.code().name().toLowerCase(Locale.ROOT).replace('_', ' '), s.reason());
  }

  // ---- login ---------------------------------------------------------------------------------

  private Answer login(Request request) {
    Map<String, Object> body = jsonObject(request.body());
    unknownKeys(body, Set.of("username", "password"), "a login");
    String username = text(body, "username");
    String password = text(body, "password");
    if (username.isBlank() || username.length() > MAX_USERNAME || username.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("username must be 1 to " + MAX_USERNAME + " characters without control characters");
    }
    // Constant-time comparison: the time of a refusal tells nothing about the token.
    if (!MessageDigest.isEqual(options.token().getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))) {
      return LoopbackHttp.error(401, "unauthorized", "wrong password: the password is the server's token "
          + "(imageindex serve prints where it is)");
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String cookie = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    synchronized (sessions) {
      sessions.put(digest(cookie), username);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("username", username);
    return new Answer(200, m, Map.of("Set-Cookie", COOKIE + "=" + cookie + "; Path=/api; HttpOnly; SameSite=Strict"));
  }

  private Answer logout(Request request) {
    String cookie = cookie(request);
    if (cookie != null) {
      synchronized (sessions) {
        sessions.remove(digest(cookie));
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("message", "logged out");
    return new Answer(200, m, Map.of("Set-Cookie", COOKIE + "=; Path=/api; Max-Age=0; HttpOnly; SameSite=Strict"));
  }

  /** The user whose session cookie {@code head} carries, or null. */
  private String user(Request head) {
    String cookie = cookie(head);
    if (cookie == null) {
      return null;
    }
    synchronized (sessions) {
      return sessions.get(digest(cookie));
    }
  }

  private static String cookie(Request head) {
    String header = head.header("Cookie");
    if (header == null) {
      return null;
    }
    for (String c : header.split(";")) {
      String s = c.strip();
      if (s.startsWith(COOKIE + "=")) {
        return s.substring(COOKIE.length() + 1);
      }
    }
    return null;
  }

  /** Sessions are kept by digest: a lookup's timing tells nothing about a live cookie's value. */
  private static String digest(String cookie) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cookie.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  // ---- bodies --------------------------------------------------------------------------------

  private static String utf8(byte[] bytes, String what) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(what + " is not UTF-8 text");
    }
  }

  private static Map<String, Object> jsonObject(byte[] body) {
    return jsonObject(body, "the body");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> jsonObject(byte[] body, String what) {
    String text = utf8(body, what);
    if (text.isBlank()) {
      throw new IllegalArgumentException(what + " must be a JSON object, got nothing");
    }
    Object v;
    try {
      v = JsonValues.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getMessage());
    }
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException(what + " must be a JSON object, got: " + LoopbackHttp.cut(text.strip()));
    }
    return (Map<String, Object>) v;
  }

  private static void unknownKeys(Map<String, Object> body, Set<String> known, String what) {
    for (String k : body.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException("unknown key '" + LoopbackHttp.cut(k) + "' in " + what + "; known keys: "
            + new java.util.TreeSet<>(known));
      }
    }
  }

  private static String text(Map<String, Object> body, String key) {
    Object v = body.get(key);
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(key + " must be a string, got: " + (v == null ? "none" : LoopbackHttp.cut(JsonValues.write(v))));
    }
    return s;
  }

  private static String[] texts(Map<String, Object> body, String key) {
    Object v = body.get(key);
    if (v instanceof List<?> l && l.stream().allMatch(e -> e instanceof String)) {
      return l.stream().map(String.class::cast).toArray(String[]::new);
    }
    throw new IllegalArgumentException(key + " must be a list of ids (strings), got: " + (v == null ? "none" : LoopbackHttp.cut(JsonValues.write(v))));
  }
}
