package org.imageindex.examples.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Where a path lands in LTU MediaDB's API: the endpoint, the id it names (or null) and the
 * methods it takes. Paths are matched segment by segment, whole: {@code /mediaXYZ},
 * {@code /media/} and {@code /media/a/b} are no endpoint.
 *
 * @param endpoint the endpoint
 * @param id       the media or collection id of the path, percent-decoded, or null
 */
record LtuRoute(Endpoint endpoint, String id) {

  /** The endpoints of seed 000, with the methods each takes. */
  enum Endpoint {
    MEDIA("/media", Set.of("GET", "POST")),
    ONE_MEDIA("/media/{id}", Set.of("GET", "DELETE")),
    SEARCH("/services/search/media", Set.of("POST")),
    COLLECTIONS("/collection", Set.of("GET", "POST")),
    ONE_COLLECTION("/collection/{id}", Set.of("DELETE")),
    // POST lists too: the seed's own curl example of the listing uses -X POST.
    COLLECTION_MEDIA("/collection/{id}/medias", Set.of("GET", "POST", "PATCH", "DELETE")),
    SMART_COLLECTIONS("/smart_collection", Set.of("GET", "POST")),
    ONE_SMART("/smart_collection/{id}", Set.of("DELETE")),
    SMART_MEDIA("/smart_collection/{id}/medias", Set.of("GET")),
    /** Not served: an embedded index has one application, whose key is the server's token. */
    API_KEYS("/apikey", Set.of()),
    /** Not served: the server's token is printed by {@code imageindex serve}, not issued by an identity provider. */
    TOKEN("/realms/{realm}/protocol/openid-connect/token", Set.of());

    private final String path;
    private final Set<String> methods;

    Endpoint(String path, Set<String> methods) {
      this.path = path;
      this.methods = methods;
    }

    String path() {
      return path;
    }

    Set<String> methods() {
      return methods;
    }

    /** Whether the endpoint is one this server cannot serve (answered 501). */
    boolean notServed() {
      return methods.isEmpty();
    }
  }

  /** The paths, as the server's 404 answer lists them. */
  static List<String> paths() {
    return java.util.Arrays.stream(Endpoint.values()).map(Endpoint::path).toList();
  }

  /** The route of {@code path}, or null when it is no endpoint of the seed. */
  static LtuRoute of(String path) {
    if (!path.startsWith("/")) {
      return null;
    }
    String[] s = path.substring(1).split("/", -1);
    for (String segment : s) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return null;
      }
    }
    return switch (s.length) {
      case 1 -> switch (s[0]) {
        case "media" -> new LtuRoute(Endpoint.MEDIA, null);
        case "collection" -> new LtuRoute(Endpoint.COLLECTIONS, null);
        case "smart_collection" -> new LtuRoute(Endpoint.SMART_COLLECTIONS, null);
        case "apikey" -> new LtuRoute(Endpoint.API_KEYS, null);
        default -> null;
      };
      case 2 -> switch (s[0]) {
        case "media" -> withId(Endpoint.ONE_MEDIA, s[1]);
        case "collection" -> withId(Endpoint.ONE_COLLECTION, s[1]);
        case "smart_collection" -> withId(Endpoint.ONE_SMART, s[1]);
        default -> null;
      };
      case 3 -> {
        if (s[0].equals("services") && s[1].equals("search") && s[2].equals("media")) {
          yield new LtuRoute(Endpoint.SEARCH, null);
        }
        if (s[2].equals("medias") && s[0].equals("collection")) {
          yield withId(Endpoint.COLLECTION_MEDIA, s[1]);
        }
        yield s[2].equals("medias") && s[0].equals("smart_collection") ? withId(Endpoint.SMART_MEDIA, s[1]) : null;
      }
      case 5 -> s[0].equals("realms") && s[2].equals("protocol") && s[3].equals("openid-connect") && s[4].equals("token")
          ? new LtuRoute(Endpoint.TOKEN, null) : null;
      default -> null;
    };
  }

  private static LtuRoute withId(Endpoint endpoint, String raw) {
    String id;
    try {
      // '+' is a plus in a path, not a space as in a form.
      id = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      id = raw;
    }
    return new LtuRoute(endpoint, id);
  }
}
