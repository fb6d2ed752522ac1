package org.imageindex.examples.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.imageindex.ImageIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serve}: opens an index directory and serves it over HTTP on 127.0.0.1 until the process
 * is stopped; the index is committed and closed on shutdown.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve an index over HTTP on 127.0.0.1: the Ximilar /v2/* API and search by image at POST /media.")
public final class ServeCommand implements Callable<Integer> {

  @Option(names = {"-i", "--index"}, paramLabel = "DIR", defaultValue = ".imageindex",
      description = "Index directory (created if absent). Default: ${DEFAULT-VALUE}")
  Path index;

  @Option(names = {"-p", "--port"}, defaultValue = "" + ServerOptions.DEFAULT_PORT,
      description = "Port on 127.0.0.1; 0 picks a free one. Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--file-root", paramLabel = "DIR",
      description = "Folder that _file sources are read from (relative names resolve in it, nothing outside it is read). "
          + "Without it, _file sources are refused.")
  Path fileRoot;

  @Option(names = "--max-body-bytes", defaultValue = "" + ServerOptions.DEFAULT_MAX_BODY_BYTES,
      description = "Largest request body accepted. Default: ${DEFAULT-VALUE}")
  long maxBodyBytes;

  @Override
  public Integer call() throws Exception {
    ServerOptions options = new ServerOptions(port, fileRoot, maxBodyBytes, ServerOptions.DEFAULT_THREADS);
    ImageIndex idx = ImageIndex.builder().commitInterval(Duration.ofSeconds(5)).open(index);
    SimilarityServer server = SimilarityServer.start(idx, options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      try {
        idx.close();
      } catch (java.io.IOException e) {
        System.err.println("closing the index failed: " + e.getMessage());
      }
      stopped.countDown();
    }));
    System.out.println("serving " + index.toAbsolutePath() + " at " + server.baseUri() + "/v2/ and " + server.baseUri() + "/media");
    stopped.await();
    return 0;
  }
}
