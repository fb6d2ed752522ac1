package org.imageindex.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.imageindex.ImageIndex;
import org.imageindex.collection.ImageCollections;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays every endpoint of the similarity service's collection API (seed 001) with the request
 * headers and JSON objects the seed documents, against a server over a real index of real
 * photographs, then the refusals: a wrong key (403), unknown paths (404), wrong methods (405),
 * bad input and missing collections (400), and CSV origins leading out of the file root.
 */
class CollectionHttpTest {

  @TempDir
  Path work;

  private SimilarityServer server;

  /** The embedded index; {@code CollectionHttpOnClusterTest} runs the same tests on the test cluster. */
  SeedBackend backend() {
    return SeedBackend.EMBEDDED;
  }

  @Test
  void everyEndpointOfTheSeedAnswersAsDocumented() throws Exception {
    Path root = photos();
    try (ImageIndex index = backend().open(ImageIndex.builder().extractionThreads(2), work.resolve("index"));
         SimilarityServer s = SimilarityServer.start(index, ServerOptions.of(0).withFileRoot(root))) {
      server = s;
      // POST /api/verify with the API-Key header.
      RawHttp.Response verify = call("POST", "/api/verify", null);
      assertEquals(200, verify.status(), verify.body());
      assertEquals(true, verify.json().get("valid"));

      // POST /api/collection/create {name, heidicon_tag}
      RawHttp.Response created = call("POST", "/api/collection/create", "{\"name\": \"cats\", \"heidicon_tag\": \"hd-cats\"}");
      assertEquals(200, created.status(), created.body());
      String id = (String) created.json().get("id");
      assertEquals("cats", created.json().get("name"));
      assertEquals("hd-cats", created.json().get("heidicon_tag"));

      // A record inserted on its own (Ximilar's insert) before it joins the collection.
      assertEquals(200, RawHttp.post(server, "/v2/insert", "{\"records\": [{\"_id\": \"solo\", \"_file\": \"images/dog01.jpg\"}]}")
          .status());

      // GET /api/collection/list
      RawHttp.Response list = call("GET", "/api/collection/list", null);
      assertEquals(200, list.status(), list.body());
      assertEquals(List.of(id), list.json().get("ids"));
      assertEquals(List.of(Map.of("value", id, "id", id, "name", "cats")), list.json().get("names"));

      // POST /api/collection/(id)/updatecontent {content: base64 CSV}
      String csv = "id,origin,name,tags,painter\r\n"
          + "c1,images/cat01.jpg,first cat,cat|pet,anna\r\n"
          + "c2,images/cat02.jpg,second cat,cat,\r\n"
          + "c3,images/cat03.jpg,,cat,ben\r\n"
          + "solo,,lonely dog,dog,\r\n";
      RawHttp.Response updated = call("POST", "/api/collection/" + id + "/updatecontent", content(csv));
      assertEquals(200, updated.status(), updated.body());
      assertEquals(3L, updated.json().get("inserted"), updated.body());
      assertEquals(1L, updated.json().get("updated"));
      assertEquals(List.of(), updated.json().get("refused"));
      assertEquals(4L, updated.json().get("number_of_images"));

      // GET /api/collection/(id)/info
      Map<String, Object> info = call("GET", "/api/collection/" + id + "/info", null).json();
      assertEquals(4L, info.get("number_of_images"));
      assertEquals("cats", info.get("name"));
      assertEquals(id, info.get("id"));
      assertEquals("hd-cats", info.get("heidicon_tag"));
      assertNull(info.get("last_finetuned"));
      assertEquals(0.0, info.get("finetuning_progess"));
      assertTrue(info.get("requires_finetuning") instanceof Boolean);
      assertNotNull(java.time.Instant.parse((String) info.get("last_modified")));

      // POST /api/collection/(id)/search {image: base64}
      String cat2 = Base64.getEncoder().encodeToString(Files.readAllBytes(root.resolve("images/cat02.jpg")));
      RawHttp.Response found = call("POST", "/api/collection/" + id + "/search", "{\"image\": \"" + cat2 + "\"}");
      assertEquals(200, found.status(), found.body());
      List<Map<String, Object>> results = list(found.json().get("results"));
      assertEquals(4, results.size(), "only the collection's records: " + results);
      assertEquals("c2", results.get(0).get("id"));
      assertEquals("images/cat02.jpg", results.get(0).get("origin"));
      assertTrue((Double) results.get(0).get("distance") < 0.01, found.body());

      // GET /api/collection/(id)/csvfile
      RawHttp.Response file = call("GET", "/api/collection/" + id + "/csvfile", null);
      assertEquals(200, file.status());
      assertTrue(file.headers().get("content-type").startsWith("text/csv"), file.headers().toString());
      List<List<String>> rows = CsvRows.read(file.body());
      assertEquals(List.of("id", "origin", "name", "tags", "painter"), rows.get(0));
      assertEquals(List.of("c1", "images/cat01.jpg", "first cat", "cat|pet", "anna"), rows.get(1));
      assertEquals(List.of("solo", "images/dog01.jpg", "lonely dog", "dog", ""), rows.get(4));

      // The seed's way to add images: the downloaded CSV plus a row, uploaded again.
      RawHttp.Response again = call("POST", "/api/collection/" + id + "/updatecontent",
          content(file.body() + "c4,images/cat01.jpg,copy,cat,\r\n"));
      assertEquals(200, again.status(), again.body());
      assertEquals(1L, again.json().get("inserted"));
      assertEquals(4L, again.json().get("updated"));

      // POST /api/collection/(id)/updatename {name}
      RawHttp.Response renamed = call("POST", "/api/collection/" + id + "/updatename", "{\"name\": \"felines\"}");
      assertEquals(200, renamed.status(), renamed.body());
      assertEquals("felines", call("GET", "/api/collection/" + id + "/info", null).json().get("name"));

      // POST /api/collection/(id)/finetune, then its progress in info until done.
      RawHttp.Response tune = call("POST", "/api/collection/" + id + "/finetune", null);
      if (backend().onCluster()) {
        // Fine-tuning is embedded-only (docs/cluster.md): refused with the reason, nothing changes.
        assertEquals(501, tune.status(), tune.body());
        assertTrue(tune.description().contains("fine-tuning is offered by the embedded index only"), tune.body());
        Map<String, Object> after = call("GET", "/api/collection/" + id + "/info", null).json();
        assertNull(after.get("last_finetuned"), String.valueOf(after));
        assertEquals(false, after.get("requires_finetuning"), "a cluster never advises fine-tuning: " + after);
      } else {
        assertEquals(200, tune.status(), tune.body());
        assertEquals(true, tune.json().get("started"));
        Map<String, Object> after = null;
        for (int i = 0; i < 600; i++) { // a hang guard only: done in about a second
          after = call("GET", "/api/collection/" + id + "/info", null).json();
          if (after.get("last_finetuned") != null && Boolean.FALSE.equals(after.get("finetuning_running"))) {
            break;
          }
          Thread.sleep(200);
        }
        assertNotNull(after.get("last_finetuned"), String.valueOf(after));
      }

      // Replacing the content without solo and c3: c3 (created by it) leaves the index, solo only the collection.
      RawHttp.Response shrink = call("POST", "/api/collection/" + id + "/updatecontent",
          content("id,origin\r\nc1,images/cat01.jpg\r\nc2,\r\nc4,\r\n"));
      assertEquals(200, shrink.status(), shrink.body());
      assertEquals(3L, shrink.json().get("number_of_images"));
      assertEquals(1L, shrink.json().get("deleted"));
      assertTrue(index.get("c3").isEmpty());
      StoredRecord solo = index.get(List.of("solo"), FieldSelection.ALL).get(0);
      assertTrue(solo.attributes().get(ImageCollections.MEMBERSHIP_FIELD).isEmpty(), solo.toString());

      // POST /api/collection/(id)/delete: the records it created go, solo stays.
      RawHttp.Response deleted = call("POST", "/api/collection/" + id + "/delete", null);
      assertEquals(200, deleted.status(), deleted.body());
      assertEquals(List.of(id), deleted.json().get("deleted"));
      assertEquals(3L, deleted.json().get("records_deleted"));
      assertEquals(List.of(), call("GET", "/api/collection/list", null).json().get("ids"));
      assertEquals(List.of("solo"), index.find(ImageIndex.ALL_RECORDS, org.imageindex.query.ast.Listing.DEFAULT,
          FieldSelection.ID_ONLY).ids());
      assertEquals(400, call("GET", "/api/collection/" + id + "/info", null).status(), "the seed: 400 when not found");
    }
  }

  @Test
  void refusalsNameWhatWasWrongAndChangeNothing() throws Exception {
    Path root = photos();
    Path outside = Files.createDirectories(work.resolve("outside"));
    Files.copy(root.resolve("images/cat01.jpg"), outside.resolve("secret.jpg"));
    Files.createSymbolicLink(root.resolve("images/link.jpg"), outside.resolve("secret.jpg"));
    try (ImageIndex index = backend().open(ImageIndex.builder().extractionThreads(2), work.resolve("index"));
         SimilarityServer s = SimilarityServer.start(index, ServerOptions.of(0).withFileRoot(root))) {
      server = s;
      String host = "Host: 127.0.0.1:" + s.port();
      RawHttp.Response wrong = RawHttp.send(s.port(), "POST", "/api/verify", null, host, "API-Key: not-the-key-0123456789");
      assertEquals(403, wrong.status(), wrong.body());
      assertTrue(wrong.description().contains("API key is invalid"), wrong.body());
      assertEquals(403, RawHttp.send(s.port(), "GET", "/api/collection/list", null, host).status());
      assertEquals(403, RawHttp.send(s.port(), "POST", "/api/verify", null, "Host: evil.example:" + s.port(),
          "API-Key: " + s.options().token()).status(), "foreign host");
      assertEquals(403, RawHttp.send(s.port(), "POST", "/api/verify", null, host, "Origin: http://evil.example",
          "API-Key: " + s.options().token()).status(), "foreign origin");

      for (String path : List.of("/api/collection/list/", "/api/collection/", "/api/collection/abc/nope", "/api/collection/abc/info/x",
          "/api/collection//info", "/api/verifyX")) {
        RawHttp.Response r = call("GET", path, null);
        assertEquals(404, r.status(), path + " -> " + r.body());
      }
      RawHttp.Response method = call("GET", "/api/collection/create", null);
      assertEquals(405, method.status());
      assertEquals("POST", method.headers().get("allow"));
      assertEquals(405, call("POST", "/api/collection/list", "{}").status());

      assertBad(call("POST", "/api/collection/create", "{}"), "name must be a non-empty string");
      assertBad(call("POST", "/api/collection/create", "[1]"), "must be a JSON object");
      assertBad(call("GET", "/api/collection/0123/info", null), "no collection with id 0123");
      String id = (String) call("POST", "/api/collection/create", "{\"name\": \"c\"}").json().get("id");
      String update = "/api/collection/" + id + "/updatecontent";
      assertBad(call("POST", update, "{\"content\": \"***\"}"), "not base64");
      assertBad(call("POST", update, content("name\r\nx\r\n")), "id column");
      assertBad(call("POST", update, content("id,collections\r\nx,y\r\n")), "must not hold a collections column");
      assertBad(call("POST", update, content("id,origin\r\nu1,http://127.0.0.1:1/cat.jpg\r\n")), "row 2: origin http://127.0.0.1:1/cat.jpg is a URL");
      assertBad(call("POST", update, content("id,origin\r\nu1,file:///etc/hostname\r\n")), "is a URL");
      assertBad(call("POST", update, content("id,origin\r\nok,images/cat01.jpg\r\nu2,../outside/secret.jpg\r\n")),
          "row 3: origin ../outside/secret.jpg is refused");
      assertBad(call("POST", update, content("id,origin\r\nu3," + outside.resolve("secret.jpg") + "\r\n")), "is refused");
      assertBad(call("POST", update, content("id,origin\r\nu4,images/link.jpg\r\n")), "origin images/link.jpg is refused");
      assertBad(call("POST", update, content("id,origin\r\nu5,images/none.jpg\r\n")), "names no file");
      assertEquals(0, index.count(ImageIndex.ALL_RECORDS), "a refused updatecontent changes nothing");
      assertBad(call("POST", "/api/collection/" + id + "/search", "{\"image\": \"" + Base64.getEncoder()
          .encodeToString("not a picture".getBytes(StandardCharsets.UTF_8)) + "\"}"), "");
      assertBad(call("POST", "/api/collection/" + id + "/search", "{}"), "image must be a non-empty string");
      assertBad(call("POST", "/api/collection/" + id + "/updatename", "{\"name\": 3}"), "name must be a non-empty string, got: 3");
    }
    try (ImageIndex index = backend().inMemory(ImageIndex.builder()); SimilarityServer s = SimilarityServer.start(index, ServerOptions.of(0))) {
      server = s;
      String id = (String) call("POST", "/api/collection/create", "{\"name\": \"c\"}").json().get("id");
      assertBad(call("POST", "/api/collection/" + id + "/updatecontent", content("id,origin\r\nu,images/cat01.jpg\r\n")),
          "without a file root");
    }
  }

  private static void assertBad(RawHttp.Response r, String part) {
    assertEquals(400, r.status(), r.body());
    assertTrue(r.description().contains(part), "'" + part + "' in " + r.body());
    assertFalse(r.body().contains("Exception"), r.body());
  }

  private Path photos() throws Exception {
    Path root = Files.createDirectories(work.resolve("photos/images"));
    for (String name : List.of("cat01.jpg", "cat02.jpg", "cat03.jpg", "dog01.jpg")) {
      Files.copy(TestData.dir("pixabay-categories/images").resolve(name), root.resolve(name));
    }
    return root.getParent();
  }

  private static String content(String csv) {
    return "{\"content\": \"" + Base64.getEncoder().encodeToString(csv.getBytes(StandardCharsets.UTF_8)) + "\"}";
  }

  private RawHttp.Response call(String method, String path, String json) throws Exception {
    List<String> headers = new ArrayList<>(List.of("Host: 127.0.0.1:" + server.port(), "API-Key: " + server.options().token()));
    if (json != null) {
      headers.add("Content-Type: application/json");
    }
    return RawHttp.send(server.port(), method, path, json, headers.toArray(String[]::new));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }
}
