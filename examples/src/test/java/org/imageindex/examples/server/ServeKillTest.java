package org.imageindex.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  @TempDir
  Path tmp;

  @Test
  void aWriteAnsweredBeforeAKillIsInTheReopenedIndex() throws Exception {
    Path dir = tmp.resolve("index");
    String token = ServerOptions.newToken();
    ServeChild serve = ServeChild.start(token, 60, List.of("--index", dir.toString(),
        "--file-root", TestData.dir("pixabay-categories").toString()));
    Process child = serve.process();
    int port = serve.port();
    try {
      assertTrue(port > 0, "serve printed its address: " + serve.printed());
      String all = serve.startUp();
      assertTrue(all.contains("token (from $" + ServeCommand.TOKEN_VARIABLE + "): " + token), all);
      assertTrue(all.contains("Authorization: Token $" + ServeCommand.TOKEN_VARIABLE), all);
      assertTrue(all.contains("committed before the answer"), all);

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
