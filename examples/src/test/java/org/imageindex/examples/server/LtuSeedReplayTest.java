package org.imageindex.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imageindex.ImageIndex;
import org.imageindex.query.json.JsonValues;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays every curl example of seed 000 (LTU MediaDB) against a server on a real index in a
 * temporary folder, with real photographs of the test data, and asserts the answers' status,
 * shape and records. The requests are the seed's own: methods, paths, form parts and JSON bodies
 * as written, with the server's token in place of {@code $API-KEY} / {@code $PRIVATE-KEY} /
 * {@code $TOKEN}, and the ids the server gave in place of the seed's example ids. Fixed, because
 * the seed itself got them wrong: the missing comma before {@code "metadata"} (JSON add), the
 * missing {@code POST} after {@code -X} (binary add, where curl's {@code -F} posts anyway), the
 * unclosed quote of {@code media=@"/painting.jpg"}, the missing closing brace of the
 * {@code {"medias": [...]} } bodies and the missing opening quote of {@code {"keywords" :
 * ["notre-dame"]}}. The image URL {@code http://data.onprint.com/images/mona-lisa.jpg} is served
 * by a local server on the same path, as the test has no network.
 *
 * <p>Replayed, in the seed's order:
 * <ol>
 * <li>get a token, refresh a token ({@code POST /realms/Production/protocol/openid-connect/token}): 501</li>
 * <li>get your application ({@code GET /apikey?owner=LTU}): 501</li>
 * <li>send an image by URL, JSON ({@code POST /media}): 201 with the id; stored with keywords and metadata</li>
 * <li>send an image by URL, form ({@code POST /services/search/media}): a search</li>
 * <li>send a binary ({@code POST /media}, {@code media=@file}, {@code data}): 201</li>
 * <li>add a picture ({@code POST /media}, {@code data={"name": "peinture"}}): 201, named</li>
 * <li>get your medias ({@code GET /media?page=2}): the seed's page shape</li>
 * <li>remove a media ({@code DELETE /media/{id}}, {@code {"force": true}}): deleted for good</li>
 * <li>create a collection, get all collections, add a media to it, get its medias (the seed's
 *     {@code POST ...?page=4&page_size=100&order_by=created_at&desc=true}), remove the media,
 *     remove the collection</li>
 * <li>create a smart collection, get all, get its medias, remove it</li>
 * <li>search from an image ({@code POST /services/search/media}, {@code media=@donut.jpg}): Clone</li>
 * <li>search from keywords ({@code POST /services/search/media}, {@code {"keywords" : ["notre-dame"]}})</li>
 * </ol>
 */
class LtuSeedReplayTest {

  private static final String BOUNDARY = "--------------------------764488365058661089633609";

  @TempDir
  Path tmp;

  private final HttpClient client = HttpClient.newHttpClient();
  private ImageIndex index;
  private SimilarityServer server;
  private HttpServer images;
  private Path photos;

  /** The embedded index; {@code LtuSeedReplayOnClusterTest} runs the same tests on the test cluster. */
  SeedBackend backend() {
    return SeedBackend.EMBEDDED;
  }

  @BeforeEach
  void start() throws Exception {
    photos = TestData.dir("pixabay-categories").resolve("images");
    // Image URLs of the seed point at the local image server: private addresses allowed.
    index = backend().open(ImageIndex.builder().allowPrivateNetworks(true), tmp.resolve("index"));
    server = SimilarityServer.start(index, ServerOptions.of(0));
    images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] monaLisa = Files.readAllBytes(photos.resolve("flower01.jpg"));
    images.createContext("/images/mona-lisa.jpg", x -> {
      x.getResponseHeaders().add("Content-Type", "image/jpeg");
      x.sendResponseHeaders(200, monaLisa.length);
      x.getResponseBody().write(monaLisa);
      x.close();
    });
    images.start();
  }

  @AfterEach
  void stop() throws Exception {
    images.stop(0);
    server.close();
    index.close();
  }

  // ---- the seed's curl examples ------------------------------------------------------------

  @Test
  void tokenAndApiKeyEndpointsAreNotServedAndSaySo() throws Exception {
    // curl -X POST .../realms/Production/protocol/openid-connect/token -H "Content-Type: application/x-www-form-urlencoded" -d ...
    for (String body : List.of("username=$USERNAME&password=$PASSWORD&grant_type=password&client_id=ltu-api",
        "refresh_token=$REFRESH_TOKEN&grant_type=refresh_token&client_id=ltu-api")) {
      Reply r = send("POST", "/realms/Production/protocol/openid-connect/token", "application/x-www-form-urlencoded",
          body.getBytes(StandardCharsets.UTF_8));
      assertError(r, 501, "issues no tokens");
    }
    // curl -X GET '.../apikey?owner=LTU' --header 'authorization: Bearer $TOKEN'
    assertError(send("GET", "/apikey?owner=LTU", null, null), 501, "no API keys");
  }

  @Test
  void addByUrlAndBinaryThenListGetSearchAndDelete() throws Exception {
    // Send an image by URL, all parameters in JSON (the seed's missing comma added).
    Reply byUrl = send("POST", "/media", "application/json", ("{\"media\" : \"" + monaLisaUrl() + "\", \"keywords\" : [\"painting\"], "
        + "\"metadata\" : {\"painter\":\"Leonardo Da vinci\"}}").getBytes(StandardCharsets.UTF_8));
    assertEquals(201, byUrl.status, byUrl.body);
    String monaLisa = (String) byUrl.json().get("id");
    assertEquals(Map.of("id", monaLisa), byUrl.json());
    assertEquals(List.of("painting"), index.get(monaLisa).orElseThrow().tags());
    assertEquals("Leonardo Da vinci", index.get(monaLisa).orElseThrow().attributes().toNested().get("painter"));

    // Send an image by URL as form parameters, on the search path: a search, which stores nothing.
    Reply formSearch = send("POST", "/services/search/media", multipart(
        part("media", null, "\"" + monaLisaUrl() + "\""),
        part("data", null, "\"{\\\"keywords\\\" : [\\\"painting\\\"], \\\"metadata\\\" : {\\\"painter\\\":\\\"Leonardo Da Vinci\\\"}}\"")));
    assertEquals(200, formSearch.status, formSearch.body);
    // The seed spells the painter "Da vinci" when adding and "Da Vinci" here: metadata are equal or not.
    assertEquals(0L, formSearch.json().get("count"));
    Reply sameSpelling = send("POST", "/services/search/media", multipart(part("media", null, monaLisaUrl()),
        part("data", null, "{\"keywords\" : [\"painting\"], \"metadata\" : {\"painter\":\"Leonardo Da vinci\"}}")));
    List<Map<String, Object>> found = results(sameSpelling);
    assertEquals(List.of(monaLisa), found.stream().map(m -> m.get("id")).toList(), sameSpelling.body);
    assertEquals("Clone", decision(found.get(0)));
    assertEquals(1, index.count());

    // Send a binary (the seed's -X without POST: curl -F posts).
    Reply binary = send("POST", "/media", multipart(part("media", "stomona-lisa.jpg", photos.resolve("flower02.jpg")),
        part("data", null, "\"{\\\"keywords\\\" : [\\\"painting\\\"], \\\"metadata\\\" : {\\\"painter\\\":\\\"Leonardo Da vinci\\\"}}\"")));
    assertEquals(201, binary.status, binary.body);
    String flower = (String) binary.json().get("id");
    assertEquals(List.of("painting"), index.get(flower).orElseThrow().tags());

    // Add a picture: -F 'media=@"/painting.jpg"' -F 'data="{ \"name\" : \"peinture\"}"'.
    Reply named = send("POST", "/media", multipart(part("media", "painting.jpg", photos.resolve("dog01.jpg")),
        part("data", null, "\"{ \\\"name\\\" : \\\"peinture\\\"}\"")));
    assertEquals(201, named.status, named.body);
    String peinture = (String) named.json().get("id");
    assertEquals("peinture", index.get(peinture).orElseThrow().name());

    // The seed's Python sample names the file part 'image'; its metadata key "name" is a built-in
    // field of the index, refused by name (the picture's name is data.name).
    assertError(send("POST", "/media", multipart(part("image", "stone.jpg", photos.resolve("cat01.jpg")),
        part("data", null, "{\"keywords\" : [\"stone\"], \"metadata\" : {\"name\":\"pierre\"}}"))), 400,
        "attribute path 'name' starts with the reserved name 'name'");
    Reply python = send("POST", "/media", multipart(part("image", "stone.jpg", photos.resolve("cat01.jpg")),
        part("data", null, "{\"keywords\" : [\"stone\"], \"metadata\" : {\"material\":\"pierre\"}}")));
    assertEquals(201, python.status, python.body);
    String stone = (String) python.json().get("id");
    assertEquals(List.of("stone"), index.get(stone).orElseThrow().tags());

    // Get your medias: page 1 lists all four, the most recent first; the seed's page=2 is past the end.
    Reply first = send("GET", "/media", null, null);
    assertEquals(200, first.status, first.body);
    assertEquals(4L, first.json().get("count"));
    assertNull(first.json().get("next"));
    assertNull(first.json().get("previous"));
    assertEquals(List.of(stone, peinture, flower, monaLisa), results(first).stream().map(m -> m.get("id")).toList());
    Map<String, Object> item = results(first).get(1);
    assertEquals("peinture", item.get("name"));
    assertNotNull(item.get("created_at"));
    Reply page2 = send("GET", "/media?page=2", null, null);
    assertEquals(200, page2.status, page2.body);
    assertEquals(4L, page2.json().get("count"));
    assertEquals(List.of(), page2.json().get("results"));
    assertEquals(server.baseUri() + "/media?page=1", page2.json().get("previous"));
    Reply small = send("GET", "/media?page=2&page_size=3", null, null);
    assertEquals(List.of(monaLisa), results(small).stream().map(m -> m.get("id")).toList());
    assertEquals(server.baseUri() + "/media?page=1&page_size=3", small.json().get("previous"));

    // Get one, by id and by name.
    assertEquals(peinture, send("GET", "/media/" + peinture, null, null).json().get("id"));
    assertEquals(peinture, send("GET", "/media/peinture", null, null).json().get("id"));

    // Remove a media: -d '{"force": true}' deletes it for good.
    Reply forced = send("DELETE", "/media/" + flower, "application/json", "{\"force\": true}".getBytes(StandardCharsets.UTF_8));
    assertEquals(200, forced.status, forced.body);
    assertEquals(Map.of("id", flower), forced.json());
    assertTrue(index.get(flower).isEmpty(), "deleted for good");
    assertError(send("GET", "/media/" + flower, null, null), 404, "no media");
    // Without force, deactivated: hidden from listings, still in the index. By name, as the seed allows.
    Reply soft = send("DELETE", "/media/peinture", null, null);
    assertEquals(Map.of("id", peinture), soft.json());
    assertFalse(index.get(peinture).orElseThrow().active());
    // The seed's Python form: data={'data': '{ "force" : "true"}'}.
    Reply pythonDelete = send("DELETE", "/media/" + stone, "application/x-www-form-urlencoded",
        "data=%7B+%22force%22+%3A+%22true%22%7D".getBytes(StandardCharsets.UTF_8));
    assertEquals(200, pythonDelete.status, pythonDelete.body);
    assertTrue(index.get(stone).isEmpty());
    assertEquals(1L, send("GET", "/media", null, null).json().get("count"));
  }

  @Test
  void collectionsAsTheSeedManagesThem() throws Exception {
    String dog = add("dog02.jpg", "{\"keywords\": [\"dog\"]}");
    String cat = add("cat02.jpg", "{\"keywords\": [\"cat\"]}");

    // Create a collection.
    Reply created = send("POST", "/collection", "application/json", "{\"name\": \"painting\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(201, created.status, created.body);
    String id = (String) created.json().get("id");
    assertEquals("painting", created.json().get("name"));
    assertEquals(List.of(), created.json().get("collections"));
    assertTrue(created.json().containsKey("parent") && created.json().get("parent") == null);

    // Get all your collections: the seed's bare array.
    Reply all = send("GET", "/collection", null, null);
    assertEquals(200, all.status, all.body);
    List<?> list = (List<?>) JsonValues.parse(all.body);
    assertEquals(List.of(id), list.stream().map(c -> ((Map<?, ?>) c).get("id")).toList());

    // Add a media to a collection (the seed's missing closing brace added).
    Reply added = send("PATCH", "/collection/" + id + "/medias", "application/json",
        ("{\"medias\": [\"" + dog + "\"]}").getBytes(StandardCharsets.UTF_8));
    assertEquals(200, added.status, added.body);
    assertEquals(List.of(dog), added.json().get("added"));

    // Get medias from a simple collection: the seed's curl uses POST, with its paging parameters.
    Reply page4 = send("POST", "/collection/" + id + "/medias?page=4&page_size=100&order_by=created_at&desc=true", null, null);
    assertEquals(200, page4.status, page4.body);
    assertEquals(1L, page4.json().get("count"));
    assertEquals(List.of(), page4.json().get("results"));
    Reply members = send("GET", "/collection/" + id + "/medias", null, null);
    assertEquals(List.of(dog), results(members).stream().map(m -> m.get("id")).toList());

    // Remove a media from a collection: it leaves the collection, it stays in the index.
    Reply removed = send("DELETE", "/collection/" + id + "/medias", "application/json",
        ("{\"medias\": [\"" + dog + "\"]}").getBytes(StandardCharsets.UTF_8));
    assertEquals(200, removed.status, removed.body);
    assertEquals(0L, send("GET", "/collection/" + id + "/medias", null, null).json().get("count"));
    assertTrue(index.get(dog).isPresent());

    // Remove a collection.
    Reply gone = send("DELETE", "/collection/" + id, "application/json", null);
    assertEquals(200, gone.status, gone.body);
    assertEquals(id, gone.json().get("id"));
    assertEquals("[]", send("GET", "/collection", null, null).body);
    assertEquals(2, index.count(), "media stay when their collection goes: " + cat);
  }

  @Test
  void smartCollectionsSelectByKeywordsAndMetadata() throws Exception {
    String monaLisa = add("flower01.jpg", "{\"keywords\": [\"painting\"], \"metadata\": {\"artist\": \"Da Vinci\"}}");
    add("flower02.jpg", "{\"keywords\": [\"painting\"], \"metadata\": {\"artist\": \"Monet\"}}");
    String cat = add("cat03.jpg", "{\"keywords\": [\"cat\"], \"metadata\": {\"painter\": \"Da Vinci\"}}");
    add("cat01.jpg", "{\"keywords\": [\"cat\"]}");

    // Create a smart collection, the seed's body.
    Reply created = send("POST", "/smart_collection", "application/json",
        "{ \"name\": \"painting\", \"query\" : {\"keywords\": [\"painting\"], \"metadata\" : {\"artist\":\"Da Vinci\"}}}"
            .getBytes(StandardCharsets.UTF_8));
    assertEquals(201, created.status, created.body);
    String id = (String) created.json().get("id");
    assertEquals(Map.of("keywords", List.of("painting"), "metadata", Map.of("artist", "Da Vinci")), created.json().get("query"));
    Reply cats = send("POST", "/smart_collection", "application/json",
        "{\"name\": \"cats\", \"query\": {\"keywords\": [\"cat\"], \"metadata\": {\"painter\": \"Da Vinci\"}}}".getBytes(StandardCharsets.UTF_8));
    assertEquals(201, cats.status, cats.body);

    // Get all your smart collections.
    Reply all = send("GET", "/smart_collection", null, null);
    List<?> list = (List<?>) JsonValues.parse(all.body);
    assertEquals(2, list.size(), all.body);

    // Get medias from a smart collection, the seed's query parameters.
    Reply media = send("GET", "/smart_collection/" + id + "/medias?page=1&order_by=created_at", null, null);
    assertEquals(200, media.status, media.body);
    assertEquals(List.of(monaLisa), results(media).stream().map(m -> m.get("id")).toList());
    Reply catMedia = send("GET", "/smart_collection/" + cats.json().get("id") + "/medias", null, null);
    assertEquals(List.of(cat), results(catMedia).stream().map(m -> m.get("id")).toList());
    // Members follow inserts.
    String late = add("cat02.jpg", "{\"keywords\": [\"cat\", \"x\"], \"metadata\": {\"painter\": \"Da Vinci\"}}");
    assertEquals(2L, send("GET", "/smart_collection/" + cats.json().get("id") + "/medias", null, null).json().get("count"), late);

    // Remove a smart collection.
    Reply gone = send("DELETE", "/smart_collection/" + id, null, null);
    assertEquals(Map.of("id", id), gone.json());
    assertError(send("GET", "/smart_collection/" + id + "/medias", null, null), 404, "no smart collection");
  }

  @Test
  void searchFromAnImageAndFromKeywords() throws Exception {
    String donut = add("corn01.jpg", "{\"keywords\": [\"food\"], \"name\": \"donut\"}");
    String notreDame = add("car01.jpg", "{\"keywords\": [\"notre-dame\"], \"metadata\": {\"topic\": \"architecture\"}}");
    add("deer01.jpg", "{\"keywords\": [\"deer\"]}");

    // curl -X '.../services/search/media' --header 'api-key: $PUBLIC-KEY' --form 'media=@"/Users/Downloads/donut.jpg"'
    Reply image = send("POST", "/services/search/media", multipart(part("media", "donut.jpg", photos.resolve("corn01.jpg"))));
    assertEquals(200, image.status, image.body);
    Map<String, Object> best = results(image).get(0);
    assertEquals(donut, best.get("id"));
    assertEquals("donut", best.get("name"));
    assertEquals("Clone", decision(best));

    // curl -X POST '.../services/search/media' --header 'Content-Type: application/json' --data '{"keywords" : ["notre-dame"]}'
    Reply keywords = send("POST", "/services/search/media", "application/json",
        "{\"keywords\" : [\"notre-dame\"]}".getBytes(StandardCharsets.UTF_8));
    assertEquals(200, keywords.status, keywords.body);
    List<Map<String, Object>> r = results(keywords);
    assertEquals(List.of(notreDame), r.stream().map(m -> m.get("id")).toList());
    assertEquals(Map.of("topic", "architecture"), r.get(0).get("metadata"));
    assertEquals(3, index.count(), "searches store nothing");
  }

  // ---- refusals ----------------------------------------------------------------------------

  @Test
  void refusalsNameWhatWasWrongAndStoreNothing() throws Exception {
    String dog = add("dog03.jpg", "{}");
    assertError(send("PUT", "/media", "application/json", "{}".getBytes(StandardCharsets.UTF_8)), 405, "/media takes GET, POST");
    assertError(send("GET", "/services/search/media", null, null), 405, "takes POST");
    assertError(send("POST", "/media/" + dog, "application/json", "{}".getBytes(StandardCharsets.UTF_8)), 405, "takes DELETE, GET");
    for (String path : List.of("/mediaXYZ", "/media/", "/media/a/b", "/collections", "/collection/x/medias/y",
        "/smart_collection/x/media", "/services/search/mediaX", "//media", "/media/..")) {
      assertEquals(404, send("GET", path, null, null).status, path);
    }
    assertError(send("GET", "/media/nope", null, null), 404, "no media with id or name nope");
    assertError(send("DELETE", "/collection/nope", null, null), 404, "no collection nope");
    assertError(send("DELETE", "/smart_collection/nope", null, null), 404, "no smart collection nope");

    // A text file is no picture: 415, as the seed's return codes say.
    Path text = Files.writeString(tmp.resolve("notes.jpg"), "these are notes, not a picture");
    assertError(send("POST", "/media", multipart(part("media", "notes.jpg", text))), 415, "not stored");
    // The search reads the part 'media' only, and says so.
    assertError(send("POST", "/services/search/media", multipart(part("image", "a.jpg", photos.resolve("dog03.jpg")))),
        400, "unknown part 'image'; the parts read here are [data, media]");
    assertError(send("POST", "/media", multipart(part("data", null, "{\"keywords\": [\"x\"]}"))), 400, "a file part named 'media'");
    assertError(send("POST", "/media", "application/json", "{\"keywords\": [\"x\"]}".getBytes(StandardCharsets.UTF_8)), 400,
        "a picture needs its image");
    assertError(send("POST", "/media", "application/json", "{\"media\": \"x\", \"painter\": 1}".getBytes(StandardCharsets.UTF_8)), 400,
        "unknown parameter 'painter'");
    assertError(send("POST", "/media", "application/json", "{\"media\" : \"x\" \"keywords\": []}".getBytes(StandardCharsets.UTF_8)), 400,
        "not valid JSON");
    assertError(send("GET", "/media?page=0", null, null), 400, "page must be a whole number");
    assertError(send("GET", "/media?order_by=version", null, null), 400, "order_by=version is not served");
    assertError(send("DELETE", "/media/" + dog, "application/json", "{\"force\": \"maybe\"}".getBytes(StandardCharsets.UTF_8)), 400,
        "force must be true or false");
    assertError(send("POST", "/smart_collection", "application/json", "{\"name\": \"n\", \"query\": {}}".getBytes(StandardCharsets.UTF_8)),
        400, "at least one keyword or metadata");
    assertError(send("POST", "/smart_collection", "application/json",
        "{\"name\": \"n\", \"query\": {\"colour\": \"red\"}}".getBytes(StandardCharsets.UTF_8)), 400, "unknown criterion query.colour");
    assertError(send("POST", "/collection", "application/json", "{}".getBytes(StandardCharsets.UTF_8)), 400, "needs a name");
    String c = (String) send("POST", "/collection", "application/json", "{\"name\": \"c\"}".getBytes(StandardCharsets.UTF_8)).json().get("id");
    Reply partly = send("PATCH", "/collection/" + c + "/medias", "application/json",
        ("{\"medias\": [\"" + dog + "\", \"missing\"]}").getBytes(StandardCharsets.UTF_8));
    assertEquals(207, partly.status, partly.body);
    assertEquals(List.of("missing"), partly.json().get("not_found"));
    assertError(send("PATCH", "/collection/" + c + "/medias", "application/json", "{\"medias\": \"x\"}".getBytes(StandardCharsets.UTF_8)),
        400, "medias must be a non-empty array");
    assertError(send("GET", "/apikey", null, null), 501, "/apikey is not served");
    assertEquals(1, index.count(), "nothing stored, nothing lost");
  }

  // ---- helpers -----------------------------------------------------------------------------

  private String monaLisaUrl() {
    return "http://127.0.0.1:" + images.getAddress().getPort() + "/images/mona-lisa.jpg";
  }

  /** Adds a test photograph with {@code data} as the seed's binary add does; its id. */
  private String add(String photo, String data) throws Exception {
    Reply r = send("POST", "/media", multipart(part("media", photo, photos.resolve(photo)), part("data", null, data)));
    assertEquals(201, r.status, r.body);
    return (String) r.json().get("id");
  }

  private record Part(String name, String filename, byte[] content) {
  }

  private static Part part(String name, String filename, String text) {
    return new Part(name, filename, text.getBytes(StandardCharsets.UTF_8));
  }

  private static Part part(String name, String filename, Path file) throws IOException {
    return new Part(name, filename, Files.readAllBytes(file));
  }

  /** A multipart/form-data body as curl's {@code --form} sends it. */
  private static Object[] multipart(Part... parts) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Part p : parts) {
      body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\""
          + (p.filename() == null ? "" : "; filename=\"" + p.filename() + "\"\r\nContent-Type: application/octet-stream")
          + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.write(p.content());
      body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return new Object[] {"multipart/form-data; boundary=" + BOUNDARY, body.toByteArray()};
  }

  private Reply send(String method, String path, Object[] multipart) throws Exception {
    return send(method, path, (String) multipart[0], (byte[]) multipart[1]);
  }

  /** A request with the seed's headers: the server's token as {@code api-key} and as the bearer token. */
  private Reply send(String method, String path, String type, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
        .header("accept", "application/json")
        .header("api-key", server.options().token())
        .header("authorization", "Bearer " + server.options().token())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body());
  }

  private record Reply(int status, String body) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      return (Map<String, Object>) JsonValues.parse(body);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> results(Reply r) {
    assertEquals(200, r.status, r.body);
    return new ArrayList<>((List<Map<String, Object>>) r.json().get("results"));
  }

  private static String decision(Map<String, Object> hit) {
    Map<?, ?> details = (Map<?, ?>) hit.get("details");
    return (String) ((Map<?, ?>) ((Map<?, ?>) details.get(details.get("best_index"))).get("info")).get("decision");
  }

  private static void assertError(Reply r, int status, String says) {
    assertEquals(status, r.status, r.body);
    Map<?, ?> s = (Map<?, ?>) r.json().get("status");
    assertEquals((long) status, s.get("code"), r.body);
    assertTrue(String.valueOf(s.get("error_description")).contains(says), "expected '" + says + "' in " + r.body);
  }
}
