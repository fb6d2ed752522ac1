package org.imageindex.examples.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code serve} in a child JVM on this test's class path, its token from the environment: started,
 * its start-up lines read until it says how writes are made durable, then its output drained so it
 * never blocks on a full pipe. Tests kill or stop it through {@link #process()}.
 *
 * @param process the child
 * @param port    the port it serves on
 * @param printed its start-up lines
 */
public record ServeChild(Process process, int port, List<String> printed) {

  private static final Pattern SERVING = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)/v2/");

  /** Starts {@code serve --port 0 args...} with {@code token} in {@link ServeCommand#TOKEN_VARIABLE}. */
  public static ServeChild start(String token, long waitSeconds, List<String> args)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        SimilarityServer.class.getName(), "--port", "0"));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put(ServeCommand.TOKEN_VARIABLE, token);
    pb.redirectErrorStream(true);
    Process child = pb.start();
    List<String> printed = new ArrayList<>();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    int port;
    try {
      // The start-up prints five lines; read them with a wide guard.
      port = CompletableFuture.supplyAsync(() -> {
        try {
          int found = -1;
          for (String line; (line = out.readLine()) != null; ) {
            printed.add(line);
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
              found = Integer.parseInt(m.group(1));
            }
            if (line.startsWith("writes are durable")) {
              return found;
            }
          }
          return -1;
        } catch (IOException e) {
          return -1;
        }
      }).get(waitSeconds, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      child.destroyForcibly();
      throw e;
    }
    Thread.ofVirtual().start(() -> {
      try {
        out.transferTo(java.io.Writer.nullWriter());
      } catch (IOException ignored) {
        // the child was stopped
      }
    });
    return new ServeChild(child, port, List.copyOf(printed));
  }

  /** Its start-up lines as one text, for assertions and their messages. */
  public String startUp() {
    return String.join("\n", printed);
  }
}
