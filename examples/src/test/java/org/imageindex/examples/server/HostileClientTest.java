package org.imageindex.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.imageindex.ImageIndex;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server tried as a hostile client would, each attack through a real socket: export files
 * aimed at links and existing files, requests without the token or from other sites, idle and
 * trickling connections, oversized requests, malformed uploads and URLs, routes that are
 * prefixes of real ones, and bodies that once answered 500. Every wait is bounded (60 s guards
 * over work of milliseconds).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileClientTest {

  private static final List<String> PHOTOS = List.of("images/cat01.jpg", "images/dog01.jpg", "images/bird01.jpg");

  private ImageIndex index;
  private SimilarityServer server;
  private Path images;

  @TempDir
  Path tmp;

  @BeforeAll
  void start() throws Exception {
    images = TestData.dir("pixabay-categories");
    index = ImageIndex.builder().extractionThreads(2).inMemory();
    List<ImageRecord> records = new ArrayList<>();
    for (int i = 0; i < PHOTOS.size(); i++) {
      records.add(ImageRecord.builder().id("r" + i).source(ImageSource.file(images.resolve(PHOTOS.get(i)))).build());
    }
    assertTrue(index.insert(records).allSucceeded());
    server = SimilarityServer.start(index, ServerOptions.of(0));
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    index.close();
  }

  // ---- 1. export files ---------------------------------------------------------------------

  @Test
  void anExportNeverFollowsALinkNorReplacesAFileAndStaysInItsFolder() throws Exception {
    Path exports = Files.createDirectory(tmp.resolve("exports"));
    Path victim = Files.writeString(tmp.resolve("victim.txt"), "precious");
    Path link = Files.createSymbolicLink(exports.resolve("innocent.json"), victim);
    Path existing = Files.writeString(exports.resolve("existing.json"), "kept");
    try (SimilarityServer s = SimilarityServer.start(index, ServerOptions.of(0).withExportDir(exports))) {
      for (String name : List.of("innocent.json", "existing.json")) {
        RawHttp.Response r = RawHttp.post(s, "/v2/allRecords",
            "{\"output_file_name\": \"" + name + "\", \"delete_file_after\": false}");
        assertEquals(409, r.status(), r.body());
        assertTrue(r.description().contains("never replace"), r.body());
      }
      assertEquals("precious", Files.readString(victim), "the link's target is untouched");
      assertTrue(Files.isSymbolicLink(link), "the link itself is untouched");
      assertEquals("kept", Files.readString(existing));

      for (String bad : List.of("../victim.txt", "sub/x.json", ".hidden", "/tmp/x.json", "")) {
        RawHttp.Response r = RawHttp.post(s, "/v2/allRecords",
            "{\"output_file_name\": \"" + bad + "\", \"delete_file_after\": false}");
        assertEquals(402, r.status(), bad + ": " + r.body());
        assertTrue(r.description().contains("plain file name"), r.body());
      }
      assertEquals("precious", Files.readString(victim));

      RawHttp.Response ok = RawHttp.post(s, "/v2/allRecords",
          "{\"output_file_name\": \"fresh.json\", \"delete_file_after\": false, \"fields_to_return\": [\"*\"]}");
      assertEquals(200, ok.status(), ok.body());
      List<String> lines = Files.readAllLines(exports.resolve("fresh.json"));
      assertEquals(List.of("r0", "r1", "r2"), lines.stream().map(l -> (String) ((Map<?, ?>) org.imageindex.query.json.JsonValues
          .parse(l)).get("_id")).toList());
    }
    RawHttp.Response noFolder = RawHttp.post(server, "/v2/allRecords",
        "{\"output_file_name\": \"x.json\", \"delete_file_after\": false}");
    assertEquals(403, noFolder.status(), noFolder.body());
    assertTrue(noFolder.description().contains("--export-dir"), noFolder.body());
  }

  // ---- 2. authentication, Host, Origin, body types -----------------------------------------

  @Test
  void everyRequestNeedsTheTokenThisHostAndNoForeignOrigin() throws Exception {
    int port = server.port();
    String host = "Host: 127.0.0.1:" + port;
    String json = "Content-Type: application/json";
    String token = server.options().token();

    RawHttp.Response none = RawHttp.send(port, "POST", "/v2/deleteByFilter", "{\"filter\": {}}", host, json);
    assertEquals(401, none.status(), none.body());
    assertTrue(none.headers().get("www-authenticate").startsWith("Token"), none.headers().toString());
    assertTrue(none.description().contains("Authorization: Token"), none.body());
    assertEquals(401, RawHttp.send(port, "POST", "/v2/deleteByFilter", "{\"filter\": {}}", host, json,
        "Authorization: Token " + token.substring(1) + "x").status());
    assertEquals(401, RawHttp.send(port, "GET", "/v2/ping", null, host, "Authorization: Basic " + token).status());

    for (String credential : List.of("Authorization: Token " + token, "Authorization: Bearer " + token, "api-key: " + token)) {
      assertEquals(200, RawHttp.send(port, "GET", "/v2/ping", null, host, credential).status(), credential);
    }

    // What a web page can send without a CORS preflight: a text/plain POST. Refused, even with the token.
    RawHttp.Response plain = RawHttp.send(port, "POST", "/v2/deleteByFilter", "{\"filter\": {}}", host,
        "Content-Type: text/plain", "Authorization: Token " + token);
    assertEquals(415, plain.status(), plain.body());
    assertTrue(plain.description().contains("application/json or multipart/form-data"), plain.body());

    // DNS rebinding: the page's own name reaches 127.0.0.1 in Host.
    RawHttp.Response rebound = RawHttp.send(port, "POST", "/v2/deleteByFilter", "{\"filter\": {}}",
        "Host: attacker.example:" + port, json, "Authorization: Token " + token);
    assertEquals(403, rebound.status(), rebound.body());
    assertEquals(403, RawHttp.send(port, "GET", "/v2/ping", null, "Authorization: Token " + token).status(), "no Host at all");
    assertEquals(403, RawHttp.send(port, "GET", "/v2/ping", null, "Host: 127.0.0.1:" + (port + 1),
        "Authorization: Token " + token).status(), "another port");

    RawHttp.Response foreign = RawHttp.send(port, "POST", "/v2/deleteByFilter", "{\"filter\": {}}", host, json,
        "Origin: https://attacker.example", "Authorization: Token " + token);
    assertEquals(403, foreign.status(), foreign.body());
    assertEquals(403, RawHttp.send(port, "GET", "/v2/ping", null, host, "Origin: null", "Authorization: Token " + token).status());
    assertEquals(200, RawHttp.send(port, "GET", "/v2/ping", null, "Host: localhost:" + port,
        "Origin: http://localhost:" + port, "Authorization: Token " + token).status(), "the server's own origin");

    assertEquals(3, index.count(ImageIndex.ALL_RECORDS), "no refused request deleted anything");
  }

  // ---- 3. slow clients ---------------------------------------------------------------------

  @Test
  void idleAndTricklingConnectionsNeitherBlockOthersNorStayOpen() throws Exception {
    // With the default limits (10 s for a head): slow clients are still connected while ping answers.
    List<Socket> held = slowClients(server, 4);
    try {
      RawHttp.Response ping = RawHttp.send(server.port(), "GET", "/v2/ping", null, "Host: 127.0.0.1:" + server.port(),
          "Authorization: Token " + server.options().token());
      assertEquals(200, ping.status(), ping.body());
      for (Socket c : held) {
        assertFalse(c.isClosed());
      }
    } finally {
      for (Socket c : held) {
        c.close();
      }
    }

    // With 1 s timeouts: the server closes each slow connection, a trickling one included.
    ServerOptions.Limits limits = ServerOptions.Limits.DEFAULT.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(1));
    try (SimilarityServer s = SimilarityServer.start(index, ServerOptions.of(0).withLimits(limits))) {
      List<Socket> slow = slowClients(s, 2);
      Socket trickle = RawHttp.connect(s.port());
      slow.add(trickle);
      Thread writer = Thread.ofVirtual().start(() -> {
        try {
          OutputStream out = trickle.getOutputStream();
          out.write("GET /v2/ping HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
          for (int i = 0; i < 600; i++) { // a byte every 100 ms: 60 s if never cut off
            out.write('x');
            out.flush();
            Thread.sleep(100);
          }
        } catch (IOException | InterruptedException closed) {
          // the server closed the connection: what the test waits for
        }
      });
      try {
        for (Socket c : slow) {
          assertClosedByServer(c);
        }
        writer.join(Duration.ofSeconds(60));
        assertFalse(writer.isAlive(), "the trickling client was cut off");
        assertEquals(200, RawHttp.send(s.port(), "GET", "/v2/ping", null, "Host: 127.0.0.1:" + s.port(),
            "Authorization: Token " + s.options().token()).status());
      } finally {
        writer.interrupt();
        for (Socket c : slow) {
          c.close();
        }
      }
    }
  }

  /**
   * {@code n} each of: connections that send nothing, half a request head, and a head with a
   * body cut short; {@code 3 n} in all.
   */
  private static List<Socket> slowClients(SimilarityServer s, int n) throws IOException {
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      slow.add(RawHttp.connect(s.port()));
      Socket head = RawHttp.connect(s.port());
      head.getOutputStream().write("POST /v2/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
      slow.add(head);
      Socket body = RawHttp.connect(s.port());
      body.getOutputStream().write(("POST /v2/getRecordCount HTTP/1.1\r\nHost: 127.0.0.1:" + s.port()
          + "\r\nAuthorization: Token " + s.options().token() + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1));
      slow.add(body);
    }
    return slow;
  }

  @Test
  void connectionsOverTheLimitAreAnswered503AndTheServerRecovers() throws Exception {
    ServerOptions.Limits limits = ServerOptions.Limits.DEFAULT.withMaxConnections(3)
        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    try (SimilarityServer s = SimilarityServer.start(index, ServerOptions.of(0).withLimits(limits))) {
      List<Socket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          idle.add(RawHttp.connect(s.port()));
        }
        Thread.sleep(200); // the server has accepted the three
        String[] headers = {"Host: 127.0.0.1:" + s.port(), "Authorization: Token " + s.options().token()};
        RawHttp.Response busy = RawHttp.send(s.port(), "GET", "/v2/ping", null, headers);
        assertEquals(503, busy.status(), busy.body());
        assertTrue(busy.description().contains("maxConnections"), busy.body());
        for (Socket c : idle) {
          assertClosedByServer(c);
        }
        Thread.sleep(200);
        assertEquals(200, RawHttp.send(s.port(), "GET", "/v2/ping", null, headers).status());
      } finally {
        for (Socket c : idle) {
          c.close();
        }
      }
    }
  }

  /** Reads until the server closes {@code c}: EOF or reset within the read guard, never a timeout. */
  private static void assertClosedByServer(Socket c) throws IOException {
    InputStream in = c.getInputStream();
    try {
      while (in.read() >= 0) {
        // a refusal answer may come first; the close follows
      }
    } catch (SocketException reset) {
      // closed with unread input: a reset is a close too
    }
  }

  @Test
  void expectContinueIsAnsweredAfterTheHeadIsAcceptedAndConnectionsAreKeptAlive() throws Exception {
    try (Socket c = RawHttp.connect(server.port())) {
      String body = "{\"records\": [{\"_id\": \"r1\"}]}";
      String head = "POST /v2/get HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nAuthorization: Token "
          + server.options().token() + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
          + body.length() + "\r\n\r\n";
      OutputStream out = c.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = c.getInputStream();
      byte[] expected = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
      assertEquals(new String(expected, StandardCharsets.ISO_8859_1),
          new String(in.readNBytes(expected.length), StandardCharsets.ISO_8859_1));
      out.write(body.getBytes(StandardCharsets.UTF_8));
      out.flush();
      RawHttp.Response first = RawHttp.read(in);
      assertEquals(205L, first.code(), first.body());
      // The same connection serves the next request.
      out.write(("GET /v2/ping HTTP/1.1\r\nHost: localhost:" + server.port() + "\r\napi-key: " + server.options().token()
          + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertEquals(200, RawHttp.read(in).status());
    }
  }

  // ---- 4. caps -----------------------------------------------------------------------------

  @Test
  void idsRecordsAndKAreCappedWithTheLimitNamedAndLargeListingsStream() throws Exception {
    ServerOptions.Limits limits = ServerOptions.Limits.DEFAULT.withMaxRecords(10, 20);
    try (SimilarityServer s = SimilarityServer.start(index, ServerOptions.of(0).withLimits(limits))) {
      StringBuilder ids = new StringBuilder("{\"records\": [");
      for (int i = 0; i < 11; i++) {
        ids.append(i == 0 ? "" : ",").append("{\"_id\": \"").append(i).append("\"}");
      }
      RawHttp.Response get = RawHttp.post(s, "/v2/get", ids + "]}");
      assertEquals(413, get.status(), get.body());
      assertTrue(get.description().contains("records holds 11 entries; a request takes at most 10"), get.body());
      assertTrue(get.description().contains("maxRecords"), get.body());
      assertEquals(413, RawHttp.post(s, "/v2/delete", ids + "]}").status());
      assertEquals(3, index.count(ImageIndex.ALL_RECORDS));

      RawHttp.Response k = RawHttp.post(s, "/v2/visualKNN", "{\"query_record\": {\"_id\": \"r0\"}, \"k\": 21}");
      assertEquals(402, k.status(), k.body());
      assertTrue(k.description().contains("k must be a whole number in 1..20") && k.description().contains("maxK"), k.body());
      RawHttp.Response from = RawHttp.post(s, "/v2/visualKNN", "{\"query_record\": {\"_id\": \"r0\"}, \"k\": 10, \"from\": 11}");
      assertEquals(402, from.status(), from.body());
      assertTrue(from.description().contains("from must be a whole number in 0..10"), from.body());
      assertEquals(200, RawHttp.post(s, "/v2/visualKNN", "{\"query_record\": {\"_id\": \"r0\"}, \"k\": 10, \"from\": 10}").status());
      for (String body : List.of("{\"count\": 1000000}", "{\"filter\": {}, \"limit\": 9999999999999}")) {
        RawHttp.Response r = RawHttp.post(s, body.contains("count") ? "/v2/random" : "/v2/find", body);
        assertEquals(402, r.status(), r.body());
        assertTrue(r.description().contains("1..10") && r.description().contains("maxRecords"), r.body());
      }

      RawHttp.Response all = RawHttp.post(s, "/v2/allRecords", "{}");
      assertEquals(200, all.status());
      assertEquals("chunked", all.headers().get("transfer-encoding"), "answers stream");
      assertEquals(3L, all.json().get("answer_count"));
      assertEquals(3, ((List<?>) all.json().get("answer_records")).size());
    }
  }

  // ---- 5. durability -----------------------------------------------------------------------

  @Test
  void anAcknowledgedWriteIsCommittedBeforeItsAnswerByDefault() throws Exception {
    String photo = Base64.getEncoder().encodeToString(Files.readAllBytes(images.resolve("images/ship01.jpg")));
    for (ServerOptions.Durability mode : ServerOptions.Durability.values()) {
      Path dir = tmp.resolve("index-" + mode);
      // No periodic commit: only the server's commits can make a write durable here.
      try (ImageIndex disk = ImageIndex.builder().extractionThreads(2).commitInterval(Duration.ZERO).open(dir);
           SimilarityServer s = SimilarityServer.start(disk, ServerOptions.of(0).withDurability(mode))) {
        RawHttp.Response ins = RawHttp.post(s, "/v2/insert",
            "{\"records\": [{\"_id\": \"a\", \"_base64\": \"" + photo + "\", \"tags\": [\"ship\"]}]}");
        assertEquals(200, ins.status(), ins.body());
        assertEquals(210L, ins.code());
        // What a process killed now would find on reopening: the last commit, as a read-only open shows it.
        try (ImageIndex committed = ImageIndex.openReadOnly(dir)) {
          long expected = mode == ServerOptions.Durability.COMMIT_BEFORE_ACK ? 1 : 0;
          assertEquals(expected, committed.count(ImageIndex.ALL_RECORDS), mode.toString());
          RawHttp.Response upd = RawHttp.post(s, "/v2/update", "{\"records\": [{\"_id\": \"a\", \"day\": \"monday\"}]}");
          assertEquals(205L, upd.code(), upd.body());
          RawHttp.Response del = RawHttp.post(s, "/v2/delete", "{\"records\": [{\"_id\": \"a\"}]}");
          assertEquals(220L, del.code(), del.body());
          committed.refresh();
          assertEquals(0, committed.count(ImageIndex.ALL_RECORDS), mode + ": the acknowledged delete");
        }
      }
    }
  }

  // ---- 6. multipart and URL schemes --------------------------------------------------------

  @Test
  void malformedUploadsAndUnsupportedUrlSchemesAreNamedErrors() throws Exception {
    String boundary = "b0undary";
    String type = "Content-Type: multipart/form-data; boundary=" + boundary;
    String host = "Host: 127.0.0.1:" + server.port();
    String auth = "Authorization: Token " + server.options().token();
    String open = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n{\"keywords\": [\"cat\"]}\r\n";
    Map<String, String> bodies = Map.of(
        open, "close delimiter",
        open + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"\r\n--" + boundary + "--\r\n",
        "no end of its header fields",
        "--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.jpg\"\r\n\r\nxx\r\n--" + boundary + "--\r\n",
        "unknown part 'image'",
        "no delimiter at all", "no delimiter");
    for (Map.Entry<String, String> e : bodies.entrySet()) {
      RawHttp.Response r = RawHttp.send(server.port(), "POST", "/services/search/media", e.getKey(), host, auth, type);
      assertEquals(400, r.status(), r.body());
      assertTrue(r.description().contains(e.getValue()), r.body());
    }
    RawHttp.Response noBoundary = RawHttp.send(server.port(), "POST", "/services/search/media", open, host, auth, "Content-Type: multipart/form-data");
    assertEquals(400, noBoundary.status(), noBoundary.body());

    Path local = Files.writeString(tmp.resolve("local.jpg"), "not fetched");
    for (String url : List.of(local.toUri().toString(), "gopher://127.0.0.1:70/x", "ftp://example.org/a.jpg")) {
      RawHttp.Response media = RawHttp.post(server, "/media", "{\"media\": \"" + url + "\"}");
      assertEquals(400, media.status(), media.body()); // LTU's return codes have no 402
      assertTrue(media.description().contains("unsupported URL scheme '" + url.substring(0, url.indexOf(':')) + ":'"), media.body());
      RawHttp.Response ins = RawHttp.post(server, "/v2/insert", "{\"records\": [{\"_id\": \"u\", \"_url\": \"" + url + "\"},"
          + " {\"_id\": \"v\", \"_base64\": \"" + url + "\"}]}");
      assertTrue(ins.body().contains("unsupported URL scheme"), ins.body());
      assertFalse(ins.body().contains("malformed"), ins.body());
    }
    assertEquals(3, index.count(ImageIndex.ALL_RECORDS));
  }

  // ---- routing and no 500 ------------------------------------------------------------------

  @Test
  void routesMatchExactlyAndTheSeedsPrefixesServeTheSameIndex() throws Exception {
    String host = "Host: 127.0.0.1:" + server.port();
    String auth = "Authorization: Token " + server.options().token();
    for (String path : List.of("/mediaXYZ", "/media/", "/v2/", "/v2/pingX", "/v2/ping/", "/v2x/ping", "/similarity/other/v2/ping",
        "/similarity/photos/v2", "/", "/v2/../v2/ping")) {
      RawHttp.Response r = RawHttp.send(server.port(), "GET", path, null, host, auth);
      assertEquals(404, r.status(), path + ": " + r.body());
    }
    for (String prefix : XimilarHttp.PREFIXES) {
      RawHttp.Response count = RawHttp.send(server.port(), "GET", prefix + "getRecordCount", null, host, auth);
      assertEquals(200, count.status(), prefix);
      assertEquals(3L, count.json().get("answer_count"), prefix);
    }
  }

  @Test
  void noBadInputIsAnswered500() throws Exception {
    List<String> bodies = List.of("", "{}", "[]", "null", "{\"records\": [{}]}", "{\"records\": [{\"_id\": null}]}",
        "{\"records\": [1, 2]}", "{\"records\": {}}", "{\"records\": [{\"_id\": 5, \"_file\": 3}]}",
        "{\"records\": [{\"_base64\": \"AAAA\"}]}", "{\"query_record\": {}}", "{\"query_record\": null}", "{\"query_records\": [{}]}",
        "{\"query_record\": {\"_id\": \"r0\"}, \"k\": \"3\"}", "{\"query_record\": {\"_id\": \"r0\"}, \"k\": -1}",
        "{\"filter\": []}", "{\"filter\": {\"$where\": 1}}", "{\"fields_to_return\": [1]}", "{\"radius\": \"x\"}",
        "{\"radius\": -1, \"query_record\": {\"_id\": \"r0\"}}", "{\"count\": 0}", "{\"product_field\": 1}",
        "{\"output_file_name\": 1}", "{\"delete_file_after\": \"no\", \"output_file_name\": \"a.json\"}", "{\"records\": [{\"_id\": \"x\", \"_url\": \"\"}]}",
        "{\"media\": 1}", "{\"media\": \"\"}", "{\"media\": \"!!!\"}", "{\"limit\": 0}", "{\"keywords\": \"cat\"}", "{\"metadata\": []}",
        "{\"records\": [{\"_id\": \"x\", \"tags\": \"a\"}]}", "{\"records\": [{\"_id\": \"zz\", \"_file\": \"x.jpg\"}]}",
        "{\"records\": [{\"_id\": \"zz\", \"price\": {\"$gt\": 1}}]}", "{\"\ud800\": 1}", "{");
    List<String> paths = new ArrayList<>(XimilarHttp.WRITES.stream().filter(w -> !w.equals("deleteByFilter")).map(m -> "/v2/" + m).toList());
    paths.addAll(List.of("/v2/get", "/v2/find", "/v2/visualKNN", "/v2/visualTagsKNN", "/v2/visualKNNMulti", "/v2/visualTagsKNNMulti",
        "/v2/random", "/v2/getRecordCount", "/v2/allRecords", "/v2/range", "/v2/nearDuplicates", "/v2/allNearDupPairs", "/v2/ping",
        "/media", "/services/search/media"));
    for (String path : paths) {
      for (String body : bodies) {
        RawHttp.Response r = RawHttp.post(server, path, body);
        assertTrue(r.status() < 500, path + " " + body + " -> " + r.status() + " " + r.body());
      }
    }
    RawHttp.Response noId = RawHttp.post(server, "/v2/insert", "{\"records\": [{\"_base64\": \"AAAA\"}]}");
    assertTrue(noId.body().contains("\"code\":400") && noId.body().contains("needs an _id"), noId.body());
    assertEquals(3, index.count(ImageIndex.ALL_RECORDS), "nothing stored, nothing lost");
  }
}
