package org.imageindex.examples.server;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.imageindex.ImageIndex;

/**
 * An HTTP server on 127.0.0.1 that speaks the seed services' APIs side by side over one
 * {@link ImageIndex}, each on its own paths ({@link SeedApi}): Ximilar's {@code /v2/<method>}
 * ({@link XimilarHttp}), LTU MediaDB's ({@link LtuHttp}) and the image dataset platform's
 * {@code /api/...} ({@link DatasetPlatformHttp}). The index stays the caller's to close.
 *
 * <p>Every request must carry {@link ServerOptions#token()} and name this server in its
 * {@code Host}; see {@link AccessGuard}. Slow clients are timed out, connections and request
 * sizes bounded; see {@link LoopbackHttp} and {@link ServerOptions.Limits}. Paths match exactly.
 *
 * <p>Answers carry the seed's {@code status} object; the HTTP status is 200 for every 2xx
 * answer status and equals the answer status otherwise (401, 404, 411, 413, 415, ...).
 */
public final class SimilarityServer implements AutoCloseable {

  private final LoopbackHttp http;
  private final ServerOptions options;
  private final AccessGuard guard;
  /** The seed APIs served side by side, each on its own paths; the first that serves a path answers it. */
  private final List<SeedApi> apis;

  private SimilarityServer(ImageIndex index, ServerOptions options) throws IOException {
    this.options = options;
    GroupCommit commits = options.durability() == ServerOptions.Durability.COMMIT_BEFORE_ACK ? new GroupCommit(index) : null;
    this.apis = List.of(
        new XimilarHttp(new XimilarApi(index, options), commits),
        new LtuHttp(index, options.limits(), commits),
        new DatasetPlatformHttp(index, options, commits),
        new CollectionHttp(index, options, commits),
        new RokkaHttp(index, commits));
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

  /** The API whose path {@code path} is, or null. */
  private SeedApi api(String path) {
    for (SeedApi api : apis) {
      if (api.serves(path)) {
        return api;
      }
    }
    return null;
  }

  private Answer check(Request head) {
    SeedApi api = api(head.path());
    Answer refused = guard.check(head, api);
    if (refused != null) {
      SeedApi own = refused.http() == 401 ? api : null;
      return own == null ? refused : own.unauthenticated(refused);
    }
    if (api == null) {
      return LoopbackHttp.error(404, "not found", "no endpoint " + LoopbackHttp.cut(head.path()) + "; served: "
          + String.join(", ", apis.stream().flatMap(a -> a.paths().stream()).toList()));
    }
    Answer refusedByApi = api.check(head);
    return refusedByApi != null ? refusedByApi : guard.checkBody(head, api);
  }

  private Answer handle(Request request) {
    return api(request.path()).handle(request);
  }

  /** Runs {@link ServeCommand}: opens an index directory and serves it until interrupted. */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new ServeCommand()).execute(args));
  }
}
