package org.imageindex.examples.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * LTU MediaDB (seed 000) over HTTP: the search by image on the seed's path
 * {@code /services/search/media}, also answered on {@code /media}; see {@link MediaSearch}.
 */
final class LtuHttp implements SeedApi {

  /** {@code /services/search/media} is the seed's own path of the search; {@code /media} answers it too. */
  static final List<String> SEARCH_PATHS = List.of("/media", "/services/search/media");

  private final MediaSearch media;

  LtuHttp(MediaSearch media) {
    this.media = media;
  }

  @Override
  public boolean serves(String path) {
    return SEARCH_PATHS.contains(path);
  }

  @Override
  public Answer check(Request head) {
    if (!head.method().equals("POST")) {
      return LoopbackHttp.error(Status.METHOD_NOT_ALLOWED.code(), Status.METHOD_NOT_ALLOWED.text(),
          head.path() + " takes POST (multipart/form-data or application/json), got: " + LoopbackHttp.cut(head.method()));
    }
    return null;
  }

  @Override
  public Answer handle(Request request) {
    return StatusAnswers.respond(() -> search(request));
  }

  @Override
  public List<String> paths() {
    return SEARCH_PATHS;
  }

  private Map<String, Object> search(Request request) {
    String type = Objects.requireNonNullElse(request.header("Content-Type"), "application/json");
    if (type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      Map<String, HttpBodies.Part> parts = HttpBodies.multipart(type, request.body(), MediaSearch.PARTS);
      HttpBodies.Part mediaPart = parts.get("media");
      HttpBodies.Part dataPart = parts.get("data");
      Map<String, Object> data = dataPart == null ? new LinkedHashMap<>() : HttpBodies.jsonObject(dataPart.content());
      if (mediaPart == null) {
        return media.search(null, null, data);
      }
      return mediaPart.filename() != null
          ? media.search(null, mediaPart.content(), data)
          : media.search(mediaPart.text(), null, data);
    }
    Map<String, Object> json = HttpBodies.jsonObject(request.body());
    return media.search(json.get("media"), null, json);
  }
}
