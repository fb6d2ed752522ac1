package org.imageindex.examples.server;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.imageindex.ImageIndex;

/**
 * LTU MediaDB (seed 000) over HTTP, on the seed's own paths ({@link LtuRoute}): add, list, read
 * and remove media ({@link LtuMedia}), the search by image or by keywords and metadata on
 * {@code /services/search/media} ({@link MediaSearch}), simple collections
 * ({@link LtuCollections}) and smart collections ({@link LtuSmartCollections}).
 *
 * <p>{@code POST /media} adds a picture: the seed's syntax lines give {@code POST /media} for the
 * search as well, but its text ("Add a picture") and every search example (curl and Python) use
 * {@code /services/search/media}, so the seed's text decides. The token and API-key endpoints
 * answer 501: an embedded index has no accounts.
 */
final class LtuHttp implements SeedApi {

  /** The file parts of an added picture: {@code media} as the seed names it, {@code image} as its Python sample does. */
  static final Set<String> ADD_PARTS = Set.of("media", "image", "data");

  private final MediaSearch search;
  private final LtuMedia media;
  private final LtuCollections collections;
  private final LtuSmartCollections smart;

  LtuHttp(ImageIndex index, ServerOptions.Limits limits, GroupCommit commits) {
    this.search = new MediaSearch(index, limits);
    this.media = new LtuMedia(index, commits);
    this.collections = new LtuCollections(index.collections(), commits);
    this.smart = new LtuSmartCollections(index.collections(), commits);
  }

  @Override
  public boolean serves(String path) {
    return LtuRoute.of(path) != null;
  }

  @Override
  public Answer check(Request head) {
    LtuRoute route = LtuRoute.of(head.path());
    LtuRoute.Endpoint e = route.endpoint();
    if (e.notServed()) {
      return LtuAnswers.error(501, "not implemented", e.path() + " is not served: "
          + (e == LtuRoute.Endpoint.TOKEN
              ? "this server issues no tokens; send the token imageindex serve prints as 'Authorization: Bearer <token>' or 'api-key: <token>'"
              : "an embedded index has one application and no API keys; its key is the server's token"));
    }
    if (!e.methods().contains(head.method())) {
      return LtuAnswers.error(Status.METHOD_NOT_ALLOWED.code(), Status.METHOD_NOT_ALLOWED.text(), e.path() + " takes "
          + String.join(", ", new java.util.TreeSet<>(e.methods())) + ", got: " + LoopbackHttp.cut(head.method()));
    }
    return null;
  }

  @Override
  public Answer handle(Request request) {
    LtuRoute route = LtuRoute.of(request.path());
    String m = request.method();
    String id = route.id();
    return LtuAnswers.respond(() -> switch (route.endpoint()) {
      case MEDIA -> m.equals("GET") ? media.list(request) : add(request);
      case ONE_MEDIA -> m.equals("GET") ? media.get(id) : media.delete(id, body(request));
      case SEARCH -> LtuAnswers.ok(200, search(request));
      case COLLECTIONS -> m.equals("GET") ? collections.list(request) : collections.create(body(request));
      case ONE_COLLECTION -> collections.delete(id);
      case COLLECTION_MEDIA -> switch (m) {
        case "PATCH" -> collections.members(id, body(request), true);
        case "DELETE" -> collections.members(id, body(request), false);
        default -> {
          if (request.body().length > 0) {
            throw LtuAnswers.fail(400, "bad request", m + " " + route.endpoint().path()
                + " lists the collection's media and takes no body; add media with PATCH");
          }
          yield collections.media(id, request);
        }
      };
      case SMART_COLLECTIONS -> m.equals("GET") ? smart.list(request) : smart.create(body(request));
      case ONE_SMART -> smart.delete(id);
      case SMART_MEDIA -> smart.media(id, request);
      case API_KEYS, TOKEN -> throw new IllegalStateException("refused in check: " + route.endpoint());
    });
  }

  @Override
  public List<String> paths() {
    return LtuRoute.paths();
  }

  /** The URL of the request's path on this server, as the seed's {@code next}/{@code previous} give it. */
  static String base(Request request) {
    return "http://" + Objects.requireNonNullElse(request.header("Host"), "127.0.0.1") + request.path();
  }

  private Answer add(Request request) {
    if (!multipart(request)) {
      return media.add(null, HttpBodies.jsonObject(request.body()));
    }
    Map<String, HttpBodies.Part> parts = HttpBodies.multipart(request.header("Content-Type"), request.body(), ADD_PARTS);
    if (parts.containsKey("media") && parts.containsKey("image")) {
      throw LtuAnswers.fail(400, "bad request", "send the picture once, as the part 'media' (or 'image'), not both");
    }
    HttpBodies.Part file = parts.containsKey("media") ? parts.get("media") : parts.get("image");
    Map<String, Object> data = LtuMedia.data(parts.get("data"));
    if (file == null) {
      throw LtuAnswers.fail(400, "bad request", "a picture needs its image: a file part named 'media' (or 'image'), "
          + "or a 'media' part holding an http(s) URL");
    }
    if (file.filename() != null) {
      return media.add(file.content(), data);
    }
    // --form 'media="http://..."': the part is the URL of the picture.
    if (data.containsKey("media")) {
      throw LtuAnswers.fail(400, "bad request", "the picture is given twice: as the media part and as data.media");
    }
    Map<String, Object> withUrl = new LinkedHashMap<>(data);
    withUrl.put("media", unquote(file.text().strip()));
    return media.add(null, withUrl);
  }

  private Map<String, Object> search(Request request) {
    if (!multipart(request)) {
      Map<String, Object> json = HttpBodies.jsonObject(request.body());
      return search.search(json.get("media"), null, json);
    }
    Map<String, HttpBodies.Part> parts = HttpBodies.multipart(request.header("Content-Type"), request.body(), MediaSearch.PARTS);
    HttpBodies.Part mediaPart = parts.get("media");
    Map<String, Object> data = LtuMedia.data(parts.get("data"));
    if (mediaPart == null) {
      return search.search(null, null, data);
    }
    return mediaPart.filename() != null
        ? search.search(null, mediaPart.content(), data)
        : search.search(unquote(mediaPart.text().strip()), null, data);
  }

  /**
   * A JSON body, or the seed's Python form of one: {@code data=<JSON>} url-encoded (its delete
   * sample sends {@code {'data': '{ "force" : "true"}'}}).
   */
  private static Map<String, Object> body(Request request) {
    String type = Objects.requireNonNullElse(request.header("Content-Type"), "").toLowerCase(Locale.ROOT);
    if (type.startsWith("application/x-www-form-urlencoded")) {
      Map<String, String> form = LtuPage.params(new String(request.body(), StandardCharsets.UTF_8));
      if (form.size() != 1 || !form.containsKey("data")) {
        throw LtuAnswers.fail(400, "bad request", "a form body carries one field, data, holding JSON; got fields " + form.keySet());
      }
      return HttpBodies.jsonObject(form.get("data").getBytes(StandardCharsets.UTF_8));
    }
    if (type.startsWith("multipart/form-data")) {
      return LtuMedia.data(HttpBodies.multipart(request.header("Content-Type"), request.body(), Set.of("data")).get("data"));
    }
    return HttpBodies.jsonObject(request.body());
  }

  private static boolean multipart(Request request) {
    return Objects.requireNonNullElse(request.header("Content-Type"), "").toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }

  /** curl's {@code --form 'media="http://..."'} sends the quotes too: a quoted value is its content. */
  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }
}
