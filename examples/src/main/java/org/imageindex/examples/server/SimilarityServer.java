package org.imageindex.examples.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.imageindex.ImageIndex;
import org.imageindex.query.QueryException;

/**
 * An HTTP server on 127.0.0.1 that speaks the Ximilar {@code /v2/<method>} API (also under the
 * seed's own {@code /similarity/photos/v2/} and {@code /similarity/products/v2/} prefixes) and
 * LTU MediaDB's search by image ({@code POST /media}) over one {@link ImageIndex}; the index
 * stays the caller's to close.
 *
 * <p>Every request must carry {@link ServerOptions#token()} and name this server in its
 * {@code Host}; see {@link AccessGuard}. Slow clients are timed out, connections and request
 * sizes bounded; see {@link LoopbackHttp} and {@link ServerOptions.Limits}. Paths match exactly.
 *
 * <p>Answers carry the seed's {@code status} object; the HTTP status is 200 for every 2xx
 * answer status and equals the answer status otherwise (401, 404, 411, 413, 415, ...).
 */
public final class SimilarityServer implements AutoCloseable {

  /** The seed's path prefixes of the {@code /v2} methods, all served from the one index. */
  static final List<String> XIMILAR_PREFIXES = List.of("/v2/", "/similarity/photos/v2/", "/similarity/products/v2/");

  /** The methods that change the index: with {@link ServerOptions.Durability#COMMIT_BEFORE_ACK} they commit before answering. */
  static final Set<String> WRITES = Set.of("insert", "nearDupsInsert", "delete", "update", "deleteByFilter");

  private static final Set<String> READ_ONLY_GET = Set.of("ping", "getRecordCount");

  private final LoopbackHttp http;
  private final XimilarApi api;
  private final MediaSearch media;
  private final ServerOptions options;
  private final GroupCommit commits;
  private final AccessGuard guard;

  private SimilarityServer(ImageIndex index, ServerOptions options) throws IOException {
    this.options = options;
    this.api = new XimilarApi(index, options);
    this.media = new MediaSearch(index, options.limits());
    this.commits = options.durability() == ServerOptions.Durability.COMMIT_BEFORE_ACK ? new GroupCommit(index) : null;
    this.http = new LoopbackHttp(options.port(), options.limits(), new LoopbackHttp.Exchange() {
      @Override
      public Answer check(Request head) {
        return SimilarityServer.this.check(head);
      }

      @Override
      public Answer handle(Request request) {
        return SimilarityServer.this.handle(request);
      }
    });
    this.guard = new AccessGuard(options.token(), http.port());
  }

  /**
   * Starts serving {@code index}.
   *
   * @throws IOException if the port cannot be bound
   */
  public static SimilarityServer start(ImageIndex index, ServerOptions options) throws IOException {
    SimilarityServer s = new SimilarityServer(Objects.requireNonNull(index, "index"), Objects.requireNonNull(options, "options"));
    s.http.start();
    return s;
  }

  /** The port bound (the free one chosen when the options said 0). */
  public int port() {
    return http.port();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** The options served with, the token among them. */
  public ServerOptions options() {
    return options;
  }

  /** Stops accepting requests and closes every connection. */
  @Override
  public void close() {
    http.close();
  }

  /**
   * The LTU search by image: {@code /services/search/media} is the seed's own path for it;
   * {@code /media} answers the same search (the seed's "add a picture" on that path is not served yet).
   */
  static final List<String> MEDIA_SEARCH_PATHS = List.of("/media", "/services/search/media");

  /** The Ximilar method a path names, or null when the path is not one of the seed's. */
  private static String ximilarMethod(String path) {
    for (String prefix : XIMILAR_PREFIXES) {
      if (path.startsWith(prefix)) {
        return path.substring(prefix.length());
      }
    }
    return null;
  }

  private Answer check(Request head) {
    Answer refused = guard.check(head);
    if (refused != null) {
      return refused;
    }
    String path = head.path();
    String name = ximilarMethod(path);
    if (name != null) {
      if (api.method(name) == null) {
        return LoopbackHttp.error(404, "unknown method", "no method " + LoopbackHttp.cut(path) + "; methods: " + api.methodNames());
      }
      boolean get = READ_ONLY_GET.contains(name);
      if (!head.method().equals("POST") && !(get && head.method().equals("GET"))) {
        return LoopbackHttp.error(Status.METHOD_NOT_ALLOWED.code(), Status.METHOD_NOT_ALLOWED.text(),
            path + " takes " + (get ? "GET or POST" : "POST") + ", got: " + LoopbackHttp.cut(head.method()));
      }
      return null;
    }
    if (MEDIA_SEARCH_PATHS.contains(path)) {
      if (!head.method().equals("POST")) {
        return LoopbackHttp.error(Status.METHOD_NOT_ALLOWED.code(), Status.METHOD_NOT_ALLOWED.text(),
            path + " takes POST (multipart/form-data or application/json), got: " + LoopbackHttp.cut(head.method()));
      }
      return null;
    }
    return LoopbackHttp.error(404, "not found", "no endpoint " + LoopbackHttp.cut(path) + "; served: "
        + String.join(", ", XIMILAR_PREFIXES.stream().map(p -> p + "<method>").toList()) + ", " + String.join(", ", MEDIA_SEARCH_PATHS));
  }

  private Answer handle(Request request) {
    String name = ximilarMethod(request.path());
    if (name != null) {
      Function<Map<String, Object>, Map<String, Object>> method = api.method(name);
      return respond(() -> {
        Map<String, Object> answer = method.apply(HttpBodies.jsonObject(request.body()));
        if (commits != null && WRITES.contains(name)) {
          commits.awaitDurable();
        }
        return answer;
      });
    }
    return respond(() -> mediaSearch(request));
  }

  private Map<String, Object> mediaSearch(Request request) {
    String type = Objects.requireNonNullElse(request.header("Content-Type"), "application/json");
    if (type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
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

  /** An answer, or the error status the request earned, with {@code statistics.OperationTime}. */
  private static Answer respond(AnswerSupplier work) {
    long start = System.nanoTime();
    Map<String, Object> answer;
    int http;
    try {
      answer = work.get();
      Object status = answer.get("status");
      int code = status instanceof Map<?, ?> s && s.get("code") instanceof Long c ? c.intValue() : 200;
      http = code < 300 ? 200 : code;
    } catch (ApiException e) {
      answer = error(e.code(), e.text(), e.getMessage());
      http = e.code();
    } catch (QueryException | IllegalArgumentException e) {
      answer = error(Status.ABORTED.code(), Status.ABORTED.text(), e.getMessage());
      http = Status.ABORTED.code();
    } catch (UncheckedIOException e) {
      answer = error(Status.UNKNOWN_ERROR.code(), "storage error", e.getMessage());
      http = Status.UNKNOWN_ERROR.code();
    } catch (RuntimeException e) {
      answer = error(Status.UNKNOWN_ERROR.code(), Status.UNKNOWN_ERROR.text(), e.toString());
      http = Status.UNKNOWN_ERROR.code();
    }
    answer.put("statistics", Map.of("OperationTime", (System.nanoTime() - start) / 1_000_000));
    return new Answer(http, answer);
  }

  private static Map<String, Object> error(int code, String text, String description) {
    return new LinkedHashMap<>(LoopbackHttp.error(code, text, description).json());
  }

  @FunctionalInterface
  private interface AnswerSupplier {
    Map<String, Object> get();
  }

  /** Runs {@link ServeCommand}: opens an index directory and serves it until interrupted. */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new ServeCommand()).execute(args));
  }
}
