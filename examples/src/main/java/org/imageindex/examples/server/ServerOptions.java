package org.imageindex.examples.server;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a {@link SimilarityServer} listens and what it lets requests reach.
 *
 * @param port         TCP port on 127.0.0.1, 0..65535; 0 picks a free one (tests)
 * @param fileRoot     the folder {@code _file} sources are resolved in and may not leave, or null
 *                     to refuse every {@code _file} source
 * @param maxBodyBytes the largest request body read, >= 1; larger requests get status 413
 * @param threads      request threads, >= 1
 */
public record ServerOptions(int port, Path fileRoot, long maxBodyBytes, int threads) {

  /** Ximilar's own port is irrelevant here; 8080 is the conventional local development port. */
  public static final int DEFAULT_PORT = 8080;

  /**
   * 32 MiB: a batch of a dozen phone photos as base64 (4/3 of their bytes) fits, while a client
   * cannot make the server buffer an unbounded body.
   */
  public static final long DEFAULT_MAX_BODY_BYTES = 32L << 20;

  /** Four request threads: searches are CPU-bound and the index has its own extraction pool. */
  public static final int DEFAULT_THREADS = 4;

  public ServerOptions {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 0..65535, got: " + port);
    }
    if (fileRoot != null) {
      if (!Files.isDirectory(fileRoot)) {
        throw new IllegalArgumentException("fileRoot must be an existing folder, got: " + fileRoot);
      }
      fileRoot = fileRoot.toAbsolutePath().normalize();
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be >= 1, got: " + maxBodyBytes);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got: " + threads);
    }
  }

  /** Port {@code port}, no {@code _file} sources, the default body limit and threads. */
  public static ServerOptions of(int port) {
    return new ServerOptions(port, null, DEFAULT_MAX_BODY_BYTES, DEFAULT_THREADS);
  }

  /** The same options with {@code _file} sources resolved under {@code root}. */
  public ServerOptions withFileRoot(Path root) {
    return new ServerOptions(port, root, maxBodyBytes, threads);
  }

  /** The same options with another body limit. */
  public ServerOptions withMaxBodyBytes(long bytes) {
    return new ServerOptions(port, fileRoot, bytes, threads);
  }
}
