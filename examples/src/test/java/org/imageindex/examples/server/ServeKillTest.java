package org.imageindex.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imageindex.ImageIndex;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} in a child JVM, token from the environment: it prints how to authenticate;
 * a write answered 2xx is killed right after ({@code destroyForcibly}, SIGKILL) and the reopened
 * index holds it, since the default durability commits before answering.
 */
class ServeKillTest {

  private static final Pattern SERVING = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)/v2/");

  @TempDir
  Path tmp;

  @Test
  void aWriteAnsweredBeforeAKillIsInTheReopenedIndex() throws Exception {
    Path dir = tmp.resolve("index");
    String token = ServerOptions.newToken();
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        SimilarityServer.class.getName(), "--index", dir.toString(), "--port", "0",
        "--file-root", TestData.dir("pixabay-categories").toString());
    pb.environment().put(ServeCommand.TOKEN_VARIABLE, token);
    pb.redirectErrorStream(true);
    Process child = pb.start();
    List<String> printed = new ArrayList<>();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      // The child's start-up prints five lines; read them with a wide guard, then keep draining.
      int port = CompletableFuture.supplyAsync(() -> {
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
        } catch (java.io.IOException e) {
          return -1;
        }
      }).get(60, TimeUnit.SECONDS);
      assertTrue(port > 0, "serve printed its address: " + printed);
      String all = String.join("\n", printed);
      assertTrue(all.contains("token (from $" + ServeCommand.TOKEN_VARIABLE + "): " + token), all);
      assertTrue(all.contains("Authorization: Token $" + ServeCommand.TOKEN_VARIABLE), all);
      assertTrue(all.contains("committed before the answer"), all);
      Thread.ofVirtual().start(() -> {
        try {
          out.transferTo(java.io.Writer.nullWriter());
        } catch (java.io.IOException ignored) {
          // the child was killed
        }
      });

      RawHttp.Response r = RawHttp.send(port, "POST", "/v2/insert",
          "{\"records\": [{\"_id\": \"1\", \"_file\": \"images/cat01.jpg\"}, {\"_id\": \"2\", \"_file\": \"images/dog01.jpg\"}]}",
          "Host: 127.0.0.1:" + port, "Authorization: Token " + token, "Content-Type: application/json");
      assertEquals(200, r.status(), r.body());
      assertEquals(210L, r.code(), r.body());
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child died");
    }
    try (ImageIndex reopened = ImageIndex.openReadOnly(dir)) {
      List<StoredRecord> found = reopened.get(List.of("1", "2"), FieldSelection.ALL);
      assertEquals(List.of("1", "2"), found.stream().map(StoredRecord::id).toList());
      assertNotNull(found.get(0).origin());
    }
  }
}
