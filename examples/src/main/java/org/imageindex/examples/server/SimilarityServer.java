package org.imageindex.examples.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.imageindex.ImageIndex;
import org.imageindex.query.QueryException;

/**
 * An HTTP server on 127.0.0.1 that speaks the Ximilar {@code /v2/<method>} API and LTU
 * MediaDB's search by image ({@code POST /media}) over one {@link ImageIndex}. It uses the
 * JDK's built-in {@code com.sun.net.httpserver}; the index stays the caller's to close.
 *
 * <p>Answers carry the seed's {@code status} object; the HTTP status is 200 for every 2xx
 * answer status and equals the answer status otherwise (404, 411, 413, ...).
 */
public final class SimilarityServer implements AutoCloseable {

  private final HttpServer http;
  private final ExecutorService executor;
  private final XimilarApi api;
  private final MediaSearch media;
  private final ServerOptions options;

  private SimilarityServer(ImageIndex index, ServerOptions options) throws IOException {
    this.options = options;
    this.api = new XimilarApi(index, options.fileRoot());
    this.media = new MediaSearch(index);
    this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 0);
    this.executor = Executors.newFixedThreadPool(options.threads());
    http.setExecutor(executor);
    http.createContext("/v2/", this::ximilar);
    http.createContext("/media", this::mediaSearch);
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
    return http.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Stops accepting requests, lets running ones finish for up to a second, and stops. */
  @Override
  public void close() {
    http.stop(1);
    executor.shutdownNow();
  }

  private void ximilar(HttpExchange ex) throws IOException {
    respond(ex, () -> {
      String name = ex.getRequestURI().getPath().substring("/v2/".length());
      Function<Map<String, Object>, Map<String, Object>> method = api.method(name);
      if (method == null) {
        throw new ApiException(404, "unknown method", "no method /v2/" + name + "; methods: " + api.methodNames());
      }
      String verb = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      boolean readOnly = name.equals("ping") || name.equals("getRecordCount");
      if (!verb.equals("POST") && !(readOnly && verb.equals("GET"))) {
        throw new ApiException(Status.METHOD_NOT_ALLOWED.code(), Status.METHOD_NOT_ALLOWED.text(),
            "/v2/" + name + " takes " + (readOnly ? "GET or POST" : "POST") + ", got: " + verb);
      }
      return method.apply(HttpBodies.jsonObject(HttpBodies.read(ex, options.maxBodyBytes())));
    });
  }

  private void mediaSearch(HttpExchange ex) throws IOException {
    respond(ex, () -> {
      if (!ex.getRequestMethod().equalsIgnoreCase("POST")) {
        throw new ApiException(Status.METHOD_NOT_ALLOWED.code(), Status.METHOD_NOT_ALLOWED.text(),
            "/media takes POST (multipart/form-data or application/json), got: " + ex.getRequestMethod());
      }
      byte[] body = HttpBodies.read(ex, options.maxBodyBytes());
      String type = Objects.requireNonNullElse(ex.getRequestHeaders().getFirst("Content-Type"), "application/json");
      if (type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
        Map<String, HttpBodies.Part> parts = HttpBodies.multipart(type, body);
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
      Map<String, Object> json = HttpBodies.jsonObject(body);
      return media.search(json.get("media"), null, json);
    });
  }

  /** An answer, or the error status the request earned, with {@code statistics.OperationTime}. */
  private static void respond(HttpExchange ex, AnswerSupplier work) throws IOException {
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
    } catch (RuntimeException e) {
      answer = error(Status.UNKNOWN_ERROR.code(), Status.UNKNOWN_ERROR.text(), e.toString());
      http = Status.UNKNOWN_ERROR.code();
    }
    answer.put("statistics", Map.of("OperationTime", (System.nanoTime() - start) / 1_000_000));
    try {
      HttpBodies.send(ex, http, answer);
    } finally {
      ex.close();
    }
  }

  private static Map<String, Object> error(int code, String text, String description) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("code", (long) code);
    status.put("text", text);
    status.put("error_description", description);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    return m;
  }

  @FunctionalInterface
  private interface AnswerSupplier {
    Map<String, Object> get() throws IOException;
  }

  /** Runs {@link ServeCommand}: opens an index directory and serves it until interrupted. */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new ServeCommand()).execute(args));
  }
}
