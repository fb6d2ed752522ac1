package org.imageindex.examples.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How a {@link SimilarityServer} listens, whom it serves and what it lets requests reach.
 *
 * @param port       TCP port on 127.0.0.1, 0..65535; 0 picks a free one (tests)
 * @param fileRoot   the folder {@code _file} sources are resolved in and may not leave, or null
 *                   to refuse every {@code _file} source
 * @param exportDir  the folder {@code /v2/allRecords} writes {@code output_file_name} files into
 *                   (always new files, never replacing one, never through a link), or null to
 *                   refuse writing files
 * @param token      the secret every request must present ({@code Authorization: Token ...},
 *                   {@code Authorization: Bearer ...} or an {@code api-key} header), at least
 *                   {@link #MIN_TOKEN_LENGTH} characters of printable ASCII
 * @param durability when an acknowledged write is durable
 * @param limits     request, connection and time limits
 */
public record ServerOptions(int port, Path fileRoot, Path exportDir, String token, Durability durability, Limits limits) {

  /** Ximilar's own port is irrelevant here; 8080 is the conventional local development port. */
  public static final int DEFAULT_PORT = 8080;

  /** 16 characters: a token shorter than that is guessable. */
  public static final int MIN_TOKEN_LENGTH = 16;

  /** When a write the server answered with 2xx survives a crash. */
  public enum Durability {
    /**
     * Each write is committed before it is answered; writes arriving during a commit share the
     * next one (group commit). A 2xx answer means the write is on disk.
     */
    COMMIT_BEFORE_ACK,
    /**
     * Writes are answered at once and committed by the index's periodic commit (every 5 s with
     * {@code serve}): a crash loses the writes of the last interval, answered or not.
     */
    INTERVAL
  }

  /**
   * Bounds on what one client can make the server hold.
   *
   * @param maxBodyBytes    the largest request body read, >= 1; larger requests get status 413
   * @param maxRecords      most entries of {@code records} / {@code query_records} in one request,
   *                        and most records a {@code find}, {@code random} or {@code /media}
   *                        listing returns, >= 1
   * @param maxK            the largest {@code k + from} of a search, >= 1
   * @param maxConnections  connections held open at once, >= 1; more are answered 503
   * @param threads         requests doing their work at once (after their body was read), >= 1
   * @param headerTimeout   time a client has to send a request's line and header fields, from
   *                        its connection or its first byte
   * @param bodyTimeout     time a client has to send a request's body
   * @param responseTimeout time a request has for its work and for the client to read its answer
   * @param idleTimeout     time a kept-alive connection may wait for its next request
   */
  public record Limits(long maxBodyBytes, int maxRecords, int maxK, int maxConnections, int threads,
                       Duration headerTimeout, Duration bodyTimeout, Duration responseTimeout, Duration idleTimeout) {

    /**
     * 32 MiB: a batch of a dozen phone photos as base64 (4/3 of their bytes) fits, while a client
     * cannot make the server buffer an unbounded body.
     */
    public static final long DEFAULT_MAX_BODY_BYTES = 32L << 20;

    /**
     * 1,000 records per request: the seed's batches are tens of records; a 32 MiB body of bare
     * ids (1.5 million) once built a 197 MB answer and a 4.5 GB heap.
     */
    public static final int DEFAULT_MAX_RECORDS = 1_000;

    /** 1,000 hits per search: pages beyond are reached with {@code from}, within the same bound. */
    public static final int DEFAULT_MAX_K = 1_000;

    /** 64 connections: far more than a workstation's clients, each costs one virtual thread. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;

    /** Four request threads: searches are CPU-bound and the index has its own extraction pool. */
    public static final int DEFAULT_THREADS = 4;

    /** 10 s for a request head: a local client sends it in well under a millisecond. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

    /** 60 s for a body: 32 MiB over loopback takes milliseconds, over a slow tunnel seconds. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(60);

    /** 10 minutes for work and answer: a batch insert of many large photos, or a full listing. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofMinutes(10);

    /** 30 s between requests on a kept-alive connection. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** Every limit at its default. */
    public static final Limits DEFAULT = new Limits(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_RECORDS, DEFAULT_MAX_K,
        DEFAULT_MAX_CONNECTIONS, DEFAULT_THREADS, DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT,
        DEFAULT_IDLE_TIMEOUT);

    public Limits {
      positive("maxBodyBytes", maxBodyBytes);
      positive("maxRecords", maxRecords);
      positive("maxK", maxK);
      positive("maxConnections", maxConnections);
      positive("threads", threads);
      positive("headerTimeout", headerTimeout);
      positive("bodyTimeout", bodyTimeout);
      positive("responseTimeout", responseTimeout);
      positive("idleTimeout", idleTimeout);
    }

    private static void positive(String name, long v) {
      if (v < 1) {
        throw new IllegalArgumentException(name + " must be >= 1, got: " + v);
      }
    }

    private static void positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.toMillis() < 1) {
        throw new IllegalArgumentException(name + " must be at least 1 ms, got: " + d);
      }
    }

    /** These limits with another body limit. */
    public Limits withMaxBodyBytes(long bytes) {
      return new Limits(bytes, maxRecords, maxK, maxConnections, threads, headerTimeout, bodyTimeout, responseTimeout, idleTimeout);
    }

    /** These limits with other record and hit caps. */
    public Limits withMaxRecords(int records, int k) {
      return new Limits(maxBodyBytes, records, k, maxConnections, threads, headerTimeout, bodyTimeout, responseTimeout, idleTimeout);
    }

    /** These limits with another connection limit. */
    public Limits withMaxConnections(int connections) {
      return new Limits(maxBodyBytes, maxRecords, maxK, connections, threads, headerTimeout, bodyTimeout, responseTimeout, idleTimeout);
    }

    /** These limits with other head, body and idle timeouts. */
    public Limits withTimeouts(Duration header, Duration body, Duration idle) {
      return new Limits(maxBodyBytes, maxRecords, maxK, maxConnections, threads, header, body, responseTimeout, idle);
    }
  }

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
    if (exportDir != null) {
      if (!Files.isDirectory(exportDir)) {
        throw new IllegalArgumentException("exportDir must be an existing folder, got: " + exportDir);
      }
      exportDir = exportDir.toAbsolutePath().normalize();
    }
    Objects.requireNonNull(token, "token");
    if (token.length() < MIN_TOKEN_LENGTH || !token.chars().allMatch(c -> c > 32 && c < 127)) {
      throw new IllegalArgumentException("token must be at least " + MIN_TOKEN_LENGTH
          + " printable ASCII characters without spaces, got " + token.length() + " characters");
    }
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(limits, "limits");
  }

  /** A random token: 32 hexadecimal digits (128 bits) from a {@link SecureRandom}. */
  public static String newToken() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * Port {@code port}, a new random token ({@link #token()} tells it), no {@code _file} sources,
   * no export folder, commit before acknowledging, the default limits.
   */
  public static ServerOptions of(int port) {
    return new ServerOptions(port, null, null, newToken(), Durability.COMMIT_BEFORE_ACK, Limits.DEFAULT);
  }

  /** The same options with {@code _file} sources resolved under {@code root}. */
  public ServerOptions withFileRoot(Path root) {
    return new ServerOptions(port, root, exportDir, token, durability, limits);
  }

  /** The same options with export files written into {@code dir}. */
  public ServerOptions withExportDir(Path dir) {
    return new ServerOptions(port, fileRoot, dir, token, durability, limits);
  }

  /** The same options with another token. */
  public ServerOptions withToken(String secret) {
    return new ServerOptions(port, fileRoot, exportDir, secret, durability, limits);
  }

  /** The same options with another durability. */
  public ServerOptions withDurability(Durability d) {
    return new ServerOptions(port, fileRoot, exportDir, token, d, limits);
  }

  /** The same options with other limits. */
  public ServerOptions withLimits(Limits l) {
    return new ServerOptions(port, fileRoot, exportDir, token, durability, l);
  }

  /** The same options with another body limit. */
  public ServerOptions withMaxBodyBytes(long bytes) {
    return withLimits(limits.withMaxBodyBytes(bytes));
  }

  /** The token is a secret: it is left out. */
  @Override
  public String toString() {
    return "ServerOptions[port=" + port + ", fileRoot=" + fileRoot + ", exportDir=" + exportDir + ", token=(secret), durability="
        + durability + ", limits=" + limits + "]";
  }
}
