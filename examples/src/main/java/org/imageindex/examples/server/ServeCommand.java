package org.imageindex.examples.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.imageindex.ImageIndex;
import org.imageindex.examples.cli.ImageIndexCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code serve}: opens an index (a directory, or an index on a cluster) and serves it over HTTP on 127.0.0.1 until the process
 * is stopped; the index is committed and closed on shutdown. Every request needs the token:
 * {@code --token}, else the environment variable {@value #TOKEN_VARIABLE}, else the file
 * {@value #TOKEN_FILE} in the index folder (created with a random token, readable by its owner
 * only, on first start).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve an index over HTTP on 127.0.0.1: the Ximilar /v2/* API and LTU MediaDB's /media, /collection, /smart_collection and /services/search/media."
        + " Every request needs the token (printed at start) as 'Authorization: Token <token>'.")
public final class ServeCommand implements Callable<Integer> {

  /** The environment variable holding the token when {@code --token} is not given. */
  public static final String TOKEN_VARIABLE = "IMAGEINDEX_TOKEN";

  /** The token file in the index folder, used when neither {@code --token} nor the variable is set. */
  public static final String TOKEN_FILE = "http-token";

  /** Commits every 5 s with {@code --durability interval}: what a crash may lose of acknowledged writes. */
  static final Duration INTERVAL = Duration.ofSeconds(5);

  @Mixin
  ImageIndexCli.IndexOption index = new ImageIndexCli.IndexOption();

  @Option(names = {"-p", "--port"}, defaultValue = "" + ServerOptions.DEFAULT_PORT,
      description = "Port on 127.0.0.1; 0 picks a free one. Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--file-root", paramLabel = "DIR",
      description = "Folder that _file sources are read from (relative names resolve in it, nothing outside it is read). "
          + "Without it, _file sources are refused.")
  Path fileRoot;

  @Option(names = "--export-dir", paramLabel = "DIR",
      description = "Folder /v2/allRecords writes output_file_name files into (always new files: an existing name is refused). "
          + "Without it, no file is written.")
  Path exportDir;

  @Option(names = "--token", paramLabel = "SECRET",
      description = "The token requests must carry (at least 16 characters). Default: $" + TOKEN_VARIABLE
          + ", else the file " + TOKEN_FILE + " in the index folder (created with a random token).")
  String token;

  @Option(names = "--durability", paramLabel = "MODE", defaultValue = "commit",
      description = "commit: a write is committed before its 2xx answer (group commit); "
          + "interval: answered at once, committed within 5 s (a crash loses up to 5 s of answered writes). Default: ${DEFAULT-VALUE}")
  String durability;

  @Option(names = "--max-body-bytes", defaultValue = "" + ServerOptions.Limits.DEFAULT_MAX_BODY_BYTES,
      description = "Largest request body accepted. Default: ${DEFAULT-VALUE}")
  long maxBodyBytes;

  @Option(names = "--max-records", defaultValue = "" + ServerOptions.Limits.DEFAULT_MAX_RECORDS,
      description = "Most records (or ids) per request and per listing. Default: ${DEFAULT-VALUE}")
  int maxRecords;

  @Option(names = "--max-k", defaultValue = "" + ServerOptions.Limits.DEFAULT_MAX_K,
      description = "Largest k + from of a search. Default: ${DEFAULT-VALUE}")
  int maxK;

  @Option(names = "--max-connections", defaultValue = "" + ServerOptions.Limits.DEFAULT_MAX_CONNECTIONS,
      description = "Connections open at once; more are answered 503. Default: ${DEFAULT-VALUE}")
  int maxConnections;

  @Override
  public Integer call() throws Exception {
    ServerOptions.Durability mode = switch (durability) {
      case "commit" -> ServerOptions.Durability.COMMIT_BEFORE_ACK;
      case "interval" -> ServerOptions.Durability.INTERVAL;
      default -> throw new IllegalArgumentException("--durability must be commit or interval, got: " + durability);
    };
    ServerOptions.Limits limits = ServerOptions.Limits.DEFAULT.withMaxBodyBytes(maxBodyBytes).withMaxRecords(maxRecords, maxK)
        .withMaxConnections(maxConnections);
    ImageIndex idx = index.open(INTERVAL);
    SimilarityServer server;
    String source;
    try {
      String secret;
      if (token != null) {
        secret = token;
        source = "--token";
      } else if (System.getenv(TOKEN_VARIABLE) != null && !System.getenv(TOKEN_VARIABLE).isBlank()) {
        secret = System.getenv(TOKEN_VARIABLE).strip();
        source = "$" + TOKEN_VARIABLE;
      } else {
        // On a cluster the folder keeps only this token, so it may not exist yet.
        Files.createDirectories(index.directory());
        Path file = index.directory().resolve(TOKEN_FILE);
        secret = tokenFile(file);
        source = file.toAbsolutePath().toString();
      }
      server = SimilarityServer.start(idx, new ServerOptions(port, fileRoot, exportDir, secret, mode, limits));
    } catch (IOException | RuntimeException e) {
      idx.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      try {
        idx.close();
      } catch (IOException e) {
        System.err.println("closing the index failed: " + e.getMessage());
      }
      stopped.countDown();
    }));
    String base = server.baseUri().toString();
    System.out.println("serving " + (index.onCluster() ? index.describe() : index.directory().toAbsolutePath()) + " at " + base + "/v2/ (also /similarity/photos/v2/, "
        + "/similarity/products/v2/) and LTU MediaDB at " + base + "/media (also /collection, /smart_collection, /services/search/media)");
    System.out.println("token (from " + source + "): " + server.options().token());
    System.out.println("authenticate every request with the header 'Authorization: Token <token>', e.g.");
    String shown = source.equals("--token") ? server.options().token() : source.startsWith("$") ? source : "$(cat " + source + ")";
    System.out.println("  curl -H \"Authorization: Token " + shown + "\" " + base + "/v2/ping");
    System.out.println("writes are durable " + (mode == ServerOptions.Durability.COMMIT_BEFORE_ACK
        ? "when answered (committed before the answer)" : "within " + INTERVAL.toSeconds() + " s of their answer (--durability interval)"));
    stopped.await();
    return 0;
  }

  /**
   * The token kept in {@code file}, created with a new random one (owner read/write only) when
   * absent. A link or a non-regular file there is refused rather than read or replaced.
   */
  static String tokenFile(Path file) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("token file " + file + " must be a regular file (not a link or folder); remove it to get a new token");
      }
      String t = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (t.length() < ServerOptions.MIN_TOKEN_LENGTH) {
        throw new IOException("token file " + file + " holds fewer than " + ServerOptions.MIN_TOKEN_LENGTH
            + " characters; remove it to get a new token");
      }
      return t;
    }
    String t = ServerOptions.newToken();
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
    Files.writeString(file, t + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    return t;
  }
}
