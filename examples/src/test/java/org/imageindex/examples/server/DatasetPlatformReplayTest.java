package org.imageindex.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imageindex.ImageIndex;
import org.imageindex.annotation.Annotation;
import org.imageindex.annotation.DatasetAttributes;
import org.imageindex.annotation.Region;
import org.imageindex.query.json.JsonValues;
import org.imageindex.query.yaml.SeedExamples;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the image dataset platform's API (seed 002) against a server on an ephemeral port:
 * a user logs in, uploads real photographs with the seed's form (a {@code json} part and a
 * {@code file} part, annotations prefilled, the seed's annotation example verbatim among them),
 * runs the seed's YAML example verbatim and gets exactly the pictures it describes, pages and
 * orders through URL parameters, rates and takes ratings back, updates a picture; every
 * endpoint the server does not serve answers 501, and bad input 400 with what was wrong.
 * The methods run in order over one index.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatasetPlatformReplayTest {

  /** The seed's query example, verbatim. */
  private static final String SEED_EXAMPLE = SeedExamples.DATASET_PLATFORM_QUERY;

  /** The seed's raw annotation example, verbatim. */
  private static final String SEED_ANNOTATIONS = """
      [
      {
      "type": "bbox",
      "shape": {"x": 0.1, "y": 0.1, "w": 0.5, "h": 0.5},
      "object": "Cat (Felis catus)"
      },
      {
      "type": "polygon",
      "shape": [{"x": 0, "y": 0}, {"x": 1, "y": 0}, {"x": 0, "y": 1}],
      "object": "Slice of pizza margherita"
      },
      {
      "type": "point",
      "shape": {"x": 0.5, "y": 0.5},
      "object": "Cat (Felis catus) - left eye"
      }
      ]""";

  private static final String CAT = "Cat (Felis catus)";
  private static final String DOG = "Dog (Canis lupus familiaris)";

  /** One upload: the file, its title, nature, licence and the objects annotated on it. */
  private record Upload(String file, String title, String nature, String licence, List<String> objects) {
  }

  /** Each picture but the first two breaks exactly one rule of the seed's example. */
  private static final List<Upload> UPLOADS = List.of(
      new Upload("cat02.jpg", "Cat and dog on the lawn", "photo", "CC-BY-4.0", List.of(CAT, DOG, "Grass")),
      new Upload("cat03.jpg", "Rendered pets among flowers", "computer-3d-art", "MIT", List.of(CAT, DOG, "Flower")),
      new Upload("dog01.jpg", "Family with pets", "photo", "CC0-1.0", List.of(CAT, DOG, "Grass", "Human")),
      new Upload("cat01.jpg", "narrow cat and dog", "photo", "CC0-1.0", List.of(CAT, DOG, "Grass")),       // 479 px wide
      new Upload("airplane01.jpg", "Low banner of pets", "photo", "CC0-1.0", List.of(CAT, DOG, "Flower")), // 527 px high
      new Upload("dog02.jpg", "Drawn pets", "drawing", "MIT", List.of(CAT, DOG, "Grass")),
      new Upload("flower01.jpg", "Proprietary pets", "photo", "X-proprietary", List.of(CAT, DOG, "Flower")),
      new Upload("horse01.jpg", "cat alone on grass", "photo", "MIT", List.of(CAT, "Grass")),
      new Upload("dog04.jpg", "Cat and dog indoors", "photo", "MIT", List.of(CAT, DOG)));

  private static final Set<String> PICTURE_KEYS = Set.of("id", "title", "description", "author", "origin_url", "timestamp", "width",
      "height", "file_format", "nature", "licences", "replaces", "replaced_by", "regions", "download");

  private final HttpClient alice = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();
  private final HttpClient bob = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();
  private final HttpClient plain = HttpClient.newHttpClient();
  private ImageIndex index;
  private SimilarityServer server;
  private Path images;
  /** Upload file name → picture id the server gave it. */
  private final Map<String, Long> ids = new LinkedHashMap<>();
  private String aliceCookie;

  /** The embedded index; {@code DatasetPlatformReplayOnClusterTest} runs the same tests on the test cluster. */
  SeedBackend backend() {
    return SeedBackend.EMBEDDED;
  }

  @BeforeAll
  void start() throws Exception {
    images = TestData.dir("pixabay-categories").resolve("images");
    index = backend().inMemory(ImageIndex.builder());
    server = SimilarityServer.start(index, ServerOptions.of(0));
    // The seed's API stamps an upload with the time it arrives; a picture from 2018 (the date rule's
    // counterexample) can only come in through the library.
    index.insert(List.of(ImageRecord.builder().id("1000").source(ImageSource.file(images.resolve("ship01.jpg")))
        .attributes(DatasetAttributes.builder().title("Old pets picture").nature("photo").licences("MIT").build())
        .created(Instant.parse("2018-05-01T00:00:00Z")).build()));
    index.annotations().set("1000", List.of(box(CAT), box(DOG), box("Grass")));
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    index.close();
  }

  // ---- login ---------------------------------------------------------------------------------

  @Test
  @Order(1)
  void loginWithTheServersTokenSetsAnUnguessableStrictHttpOnlyCookie() throws Exception {
    HttpResponse<String> wrong = send(alice, "POST", "/api/login", "application/json",
        "{\"username\": \"alice\", \"password\": \"not-the-token-at-all\"}", false);
    assertEquals(401, wrong.statusCode(), wrong.body());
    assertTrue(wrong.body().contains("the password is the server's token"), wrong.body());
    assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty());

    HttpResponse<String> ok = login(alice, "alice");
    assertEquals(Map.of("username", "alice"), JsonValues.parse(ok.body()));
    Matcher m = Pattern.compile("session=([A-Za-z0-9_-]{43}); Path=/api; HttpOnly; SameSite=Strict")
        .matcher(ok.headers().firstValue("Set-Cookie").orElseThrow());
    assertTrue(m.matches(), ok.headers().firstValue("Set-Cookie").orElseThrow());
    aliceCookie = m.group(1);
    HttpResponse<String> again = login(bob, "bob");
    assertNotEquals(aliceCookie, again.headers().firstValue("Set-Cookie").orElseThrow().substring(8, 51));
  }

  // ---- upload --------------------------------------------------------------------------------

  @Test
  @Order(2)
  void uploadStoresEachImageWithItsMetadataAndPrefilledAnnotations() throws Exception {
    for (Upload u : UPLOADS) {
      List<Map<String, Object>> regions = new ArrayList<>();
      for (int i = 0; i < u.objects().size(); i++) {
        regions.add(Map.of("type", "bbox", "shape", Map.of("x", 0.1 * i, "y", 0.1, "w", 0.2, "h", 0.3), "object", u.objects().get(i)));
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("title", u.title());
      json.put("description", "uploaded from " + u.file());
      json.put("origin_url", "https://commons.wikimedia.org/wiki/File:" + u.file());
      json.put("licence", List.of(u.licence()));
      json.put("nature", u.nature());
      json.put("annotations", regions);
      ids.put(u.file(), upload(alice, JsonValues.write(json), u.file()));
    }
    // The seed's annotation example, prefilled verbatim.
    ids.put("bird01.jpg", upload(alice, """
        {"title": "Annotation example", "description": "", "origin_url": "", "licence": ["CC0-1.0"], "nature": "photo",
         "annotations": %s}""".formatted(SEED_ANNOTATIONS), "bird01.jpg"));
    assertEquals(UPLOADS.size() + 1, new TreeSet<>(ids.values()).size(), "every upload has its own id: " + ids);
    assertEquals(UPLOADS.size() + 2, index.count());
  }

  @Test
  @Order(3)
  void pictureAnswersTheSeedsShapeAndSendsTheAnnotationsBack() throws Exception {
    long id = ids.get("bird01.jpg");
    Map<String, Object> p = object(send(alice, "GET", "/api/picture/" + id + "/", null, null, false), 200);
    Set<String> keys = new TreeSet<>(PICTURE_KEYS);
    keys.addAll(Set.of("rating_average", "rating_count"));
    assertEquals(keys, new TreeSet<>(p.keySet()));
    assertEquals(id, p.get("id"));
    assertEquals("Annotation example", p.get("title"));
    assertEquals("alice", p.get("author"));
    assertEquals(List.of("CC0-1.0"), p.get("licences"));
    assertEquals("photo", p.get("nature"));
    assertEquals("image/jpeg", p.get("file_format"));
    assertEquals(960L, p.get("width"));
    assertEquals(640L, p.get("height"));
    assertNull(p.get("description"), "an empty description is no description");
    assertNull(p.get("origin_url"));
    assertNull(p.get("replaces"));
    assertNull(p.get("rating_average"));
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L), p.get("rating_count"));
    long age = Instant.now().getEpochSecond() - (Long) p.get("timestamp");
    assertTrue(age >= 0 && age < 3600, "uploaded now: " + p.get("timestamp"));
    assertEquals(numbersAsDoubles(JsonValues.parse(SEED_ANNOTATIONS)), numbersAsDoubles(p.get("regions")));

    assertEquals(404, send(alice, "GET", "/api/picture/99999/", null, null, false).statusCode());
    // Exact paths: without its trailing slash the seed's path is another.
    assertEquals(404, send(alice, "GET", "/api/picture/" + id, null, null, true).statusCode());
  }

  // ---- query ---------------------------------------------------------------------------------

  @Test
  @Order(4)
  void theSeedsExampleQueryGivesExactlyThePicturesItDescribes() throws Exception {
    // curl --data-binary @query.yaml sends the YAML as application/x-www-form-urlencoded.
    List<Map<String, Object>> found = array(send(alice, "POST", "/api/query", "application/x-www-form-urlencoded", SEED_EXAMPLE, false));
    assertEquals(Set.of(ids.get("cat02.jpg"), ids.get("cat03.jpg")), idSet(found));
    for (Map<String, Object> p : found) {
      assertEquals(PICTURE_KEYS, p.keySet());
      assertEquals("alice", p.get("author"));
      assertEquals(960L, p.get("width"));
      assertTrue((Long) p.get("height") >= 600);
    }
    Map<String, Object> cat02 = found.stream().filter(p -> p.get("id").equals(ids.get("cat02.jpg"))).findFirst().orElseThrow();
    assertEquals("Cat and dog on the lawn", cat02.get("title"));
    assertEquals("https://commons.wikimedia.org/wiki/File:cat02.jpg", cat02.get("origin_url"));
    assertEquals(List.of("CC-BY-4.0"), cat02.get("licences"));
    assertEquals(3, ((List<?>) cat02.get("regions")).size());
    // The same with the token instead of the cookie, and a YAML content type.
    assertEquals(Set.of(ids.get("cat02.jpg"), ids.get("cat03.jpg")),
        idSet(array(send(plain, "POST", "/api/query", "application/yaml", SEED_EXAMPLE, true))));
  }

  /** The pictures showing a cat: all but the seed example's bird. */
  private static final String CATS = "want:\n- has_object: [\"Cat (Felis catus)\"]\n";

  @Test
  @Order(5)
  void orderingByTitleOffsetAndLimitAreUrlParameters() throws Exception {
    List<Map<String, Object>> byTitle = array(send(alice, "POST", "/api/query?ordering=title-asc", "application/yaml", CATS, false));
    List<String> titles = byTitle.stream().map(p -> (String) p.get("title")).toList();
    // Case-insensitive: "cat alone" sorts among the capitalised titles, not after them.
    assertEquals(List.of("Annotation example", "cat alone on grass", "Cat and dog indoors", "Cat and dog on the lawn", "Drawn pets",
        "Family with pets", "Low banner of pets", "narrow cat and dog", "Old pets picture", "Proprietary pets",
        "Rendered pets among flowers"), titles);
    List<Map<String, Object>> page = array(send(alice, "POST", "/api/query?ordering=title-asc&offset=2&limit=3", "application/yaml", CATS,
        false));
    assertEquals(titles.subList(2, 5), page.stream().map(p -> p.get("title")).toList());
  }

  @Test
  @Order(5)
  void orderingByDateRegionsAndAtRandomAreUrlParameters() throws Exception {
    List<Map<String, Object>> oldest = array(send(alice, "POST", "/api/query?ordering=date-asc&limit=1", "application/yaml", CATS, false));
    assertEquals(List.of(1000L), oldest.stream().map(p -> p.get("id")).toList());
    List<Map<String, Object>> mostRegions = array(send(alice, "POST", "/api/query?ordering=number-regions-desc&limit=1",
        "application/yaml", CATS, false));
    assertEquals(List.of(ids.get("dog01.jpg")), mostRegions.stream().map(p -> p.get("id")).toList());
    Set<Object> cats = idSet(array(send(alice, "POST", "/api/query", "application/yaml", CATS, false)));
    assertEquals(UPLOADS.size() + 2, cats.size(), "every picture has a cat region, the seed's annotation example too: " + cats);
    List<Map<String, Object>> random = array(send(alice, "POST", "/api/query?ordering=random", "application/yaml", CATS, false));
    assertEquals(cats, idSet(random));
    // No rules: every picture ("If not provided, no filtering is done").
    assertEquals(UPLOADS.size() + 2, array(send(alice, "POST", "/api/query", "application/yaml", "", false)).size());
  }

  // ---- rate ----------------------------------------------------------------------------------

  @Test
  @Order(6)
  void ratingsArePerUserAndAFalseValueDeletesOne() throws Exception {
    long id = ids.get("cat02.jpg");
    String rate = "/api/picture/" + id + "/rate";
    assertRating(object(send(alice, "POST", rate, "application/json", "{\"rating\": 4}", false), 200), 4.0, 0, 0, 0, 1, 0);
    assertRating(object(send(bob, "POST", rate, "application/json", "{\"rating\": 2}", false), 200), 3.0, 0, 1, 0, 1, 0);
    assertRating(object(send(alice, "POST", rate, "application/json", "{\"rating\": 5}", false), 200), 3.5, 0, 1, 0, 0, 1);
    assertRating(object(send(alice, "GET", "/api/picture/" + id + "/", null, null, false), 200), 3.5, 0, 1, 0, 0, 1);
    assertEquals(Set.of(id), idSet(array(send(alice, "POST", "/api/query", "application/yaml", "want:\n- above_rating_count: 2\n", false))));
    assertRating(object(send(alice, "POST", rate, "application/json", "{\"rating\": false}", false), 200), 2.0, 0, 1, 0, 0, 0);
    assertRating(object(send(bob, "POST", rate, "application/json", "{\"rating\": false}", false), 200), null, 0, 0, 0, 0, 0);
    assertEquals(Set.of(), idSet(array(send(alice, "POST", "/api/query", "application/yaml", "want:\n- above_rating_count: 1\n", false))));
  }

  @Test
  @Order(7)
  void badRatingsAreRefusedWithWhatIsAllowed() throws Exception {
    String rate = "/api/picture/" + ids.get("cat03.jpg") + "/rate";
    assertError(send(alice, "POST", rate, "application/json", "{\"rating\": 7}", false), 400,
        "rating must be a whole number of stars from 1 to 5, or false to delete your rating, got: 7");
    assertError(send(alice, "POST", rate, "application/json", "{\"rating\": true}", false), 400, "got: true");
    assertError(send(alice, "POST", rate, "application/json", "{\"rating\": \"4\"}", false), 400, "got: \"4\"");
    assertError(send(alice, "POST", rate, "application/json", "{}", false), 400, "the body must hold 'rating'");
    assertError(send(alice, "POST", rate, "application/json", "{\"rating\": ", false), 400, "the body is not valid JSON");
    assertError(send(alice, "POST", "/api/picture/99999/rate", "application/json", "{\"rating\": 3}", false), 404,
        "no picture with id '99999'");
    // The seed rates as a logged-in user: the token alone names nobody.
    assertError(send(plain, "POST", rate, "application/json", "{\"rating\": 3}", true), 401, "needs a logged-in user");
    assertNull(index.get(Long.toString(ids.get("cat03.jpg"))).orElseThrow().attributes().get("rating").orElse(null));
  }

  // ---- update --------------------------------------------------------------------------------

  @Test
  @Order(8)
  void updateChangesTheSeedsFields() throws Exception {
    long id = ids.get("dog04.jpg");
    Map<String, Object> p = object(send(alice, "POST", "/api/picture/" + id + "/update", "application/json", """
        {"title": "Cat and dog on the sofa", "description": "indoors", "origin_url": "http://example.org/sofa",
         "licence_ids": ["CC-BY-2.0"], "nature_id": "computer-3d-art"}""", false), 200);
    assertEquals("Cat and dog on the sofa", p.get("title"));
    assertEquals(List.of("CC-BY-2.0"), p.get("licences"));
    assertEquals("computer-3d-art", p.get("nature"));
    assertEquals(Set.of(id), idSet(array(send(alice, "POST", "/api/query", "application/yaml",
        "want:\n- title: \"%sofa\"\n- origin_url: example.org\n", false))));
    assertError(send(alice, "POST", "/api/picture/" + id + "/update", "application/json", "{\"licence\": [\"MIT\"]}", false), 400,
        "unknown key 'licence' in an update; known keys: [description, licence_ids, nature_id, origin_url, title]");
    assertError(send(alice, "POST", "/api/picture/" + id + "/update", "application/json", "{\"title\": 5}", false), 400,
        "title must be a string, got: 5");
  }

  // ---- not served and bad input --------------------------------------------------------------

  @Test
  @Order(9)
  void everyEndpointNotServedAnswers501NamingIt() throws Exception {
    Map<String, String> notServed = new LinkedHashMap<>();
    notServed.put("GET /api/licence/", "/api/licence/ is not served: the licence catalogue");
    notServed.put("GET /api/licence/CC0-1.0/", "/api/licence/<id>/ is not served: the licence catalogue");
    notServed.put("GET /api/nature/", "/api/nature/ is not served: the nature catalogue");
    notServed.put("GET /api/user/", "/api/user/ is not served: an embedded index has no user accounts");
    notServed.put("GET /api/user/alice/", "/api/user/<username>/ is not served");
    notServed.put("GET /api/gallery/1", "/api/gallery/<id> is not served: galleries");
    notServed.put("POST /api/gallery/1/edit", "/api/gallery/<id>/edit is not served");
    notServed.put("POST /api/new-gallery", "/api/new-gallery is not served");
    notServed.put("POST /api/gallery/1/add-picture", "/api/gallery/<id>/add-picture is not served");
    notServed.put("POST /api/gallery/1/remove-picture", "/api/gallery/<id>/remove-picture is not served");
    notServed.put("POST /api/gallery/1/users/add", "/api/gallery/<id>/users/add is not served");
    notServed.put("POST /api/gallery/1/users/remove", "/api/gallery/<id>/users/remove is not served");
    for (Map.Entry<String, String> e : notServed.entrySet()) {
      String[] mp = e.getKey().split(" ");
      String body = mp[0].equals("POST") ? "{\"title\": \"t\", \"description\": \"d\"}" : null;
      assertError(send(alice, mp[0], mp[1], body == null ? null : "application/json", body, false), 501, e.getValue());
    }
  }

  @Test
  @Order(10)
  void badInputIsRefusedWithWhatWasWrongAndNothingIsLost() throws Exception {
    long before = index.count();
    assertError(send(alice, "POST", "/api/query", "application/yaml", "want:\n- has_objekt: [Cat]\n", false), 400, "has_objekt");
    assertError(send(alice, "POST", "/api/query", "application/yaml", "want: [", false), 400, "line");
    assertError(send(alice, "POST", "/api/query", "application/yaml", "want:\n- above_rating: 7\n", false), 400,
        "above_rating expects a rating from 1 to 5 stars");
    assertError(send(alice, "POST", "/api/query?ordering=newest", "application/yaml", "", false), 400,
        "ordering must be one of date-desc, date-asc, title-asc, title-desc, number-regions-desc, number-regions-asc, random, got: newest");
    assertError(send(alice, "POST", "/api/query?limit=ten", "application/yaml", "", false), 400, "limit must be a whole number, got: ten");
    assertError(send(alice, "POST", "/api/query?offset=-1", "application/yaml", "", false), 400, "offset must be in 0..");
    assertError(send(alice, "POST", "/api/query?limit=1000000", "application/yaml", "", false), 400, "limit must be in 0..1000");
    assertError(send(alice, "POST", "/api/query", "application/yaml", "limit: 5000\n", false), 400,
        "limit must be at most 1000 (ServerOptions.Limits.maxRecords, --max-records), got: 5000");
    assertError(send(alice, "POST", "/api/query?page=2", "application/yaml", "", false), 400,
        "unknown URL parameter 'page'; the query takes ordering, offset and limit");
    assertError(send(alice, "POST", "/api/query?limit=1&limit=2", "application/yaml", "", false), 400, "'limit' is given twice");
    assertError(send(alice, "GET", "/api/query", null, null, false), 405, "/api/query takes POST, got: GET");
    assertError(send(alice, "POST", "/api/query", "text/plain", "want: []\n", false), 415, "application/x-www-form-urlencoded");
    assertEquals(404, send(alice, "POST", "/api/queryX", "application/yaml", "", true).statusCode());

    assertError(uploadResponse(alice, "{\"title\": \"text\"}", "notes.txt", "plain text, not a picture".getBytes(StandardCharsets.UTF_8)),
        415, "not a recognised image format");
    assertError(uploadResponse(alice, "{\"title\": \"t\", \"licences\": [\"MIT\"]}", "cat01.jpg", Files.readAllBytes(images.resolve("cat01.jpg"))),
        400, "unknown key 'licences' in an upload's json");
    assertError(uploadResponse(alice, "{\"annotations\": [{\"type\": \"circle\", \"shape\": {}, \"object\": \"Cat\"}]}", "cat01.jpg",
        Files.readAllBytes(images.resolve("cat01.jpg"))), 400, "annotations");
    assertError(uploadResponse(alice, "{\"title\": ", "cat01.jpg", Files.readAllBytes(images.resolve("cat01.jpg"))), 400,
        "the 'json' part is not valid JSON");
    assertError(uploadResponse(alice, "{\"licence\": \"MIT\"}", "cat01.jpg", Files.readAllBytes(images.resolve("cat01.jpg"))), 400,
        "licence must be a list of ids (strings), got: \"MIT\"");
    assertError(send(alice, "POST", "/api/upload", "application/json", "{\"title\": \"t\"}", false), 400,
        "/api/upload takes multipart/form-data with a 'json' part and a 'file' part");
    assertError(uploadResponse(plain, "{\"title\": \"t\"}", "cat01.jpg", Files.readAllBytes(images.resolve("cat01.jpg"))), 401,
        "needs a logged-in user");
    assertError(send(alice, "POST", "/api/login", "application/json", "{\"username\": \"\", \"password\": \"x\"}", false), 400,
        "username must be 1 to 100 characters");
    assertError(send(alice, "POST", "/api/login", "application/json", "{\"user\": \"alice\"}", false), 400, "unknown key 'user'");
    assertEquals(before, index.count(), "nothing stored, nothing lost");
  }

  @Test
  @Order(10)
  void noBodyShapeGetsA500() throws Exception {
    String id = Long.toString(ids.get("cat03.jpg"));
    List<String> bodies = List.of("", "{}", "[]", "null", "7", "\"text\"", "{\"rating\": null}", "{\"title\": null}",
        "{\"username\": 1, \"password\": []}", "\u0000", "{\"a\": {\"b\": [1, 2, {}]}}");
    for (String path : List.of("/api/picture/" + id + "/rate", "/api/picture/" + id + "/update", "/api/login", "/api/query", "/api/upload")) {
      for (String body : bodies) {
        HttpResponse<String> r = send(alice, "POST", path, "application/json", body, false);
        assertTrue(r.statusCode() < 500, path + " " + body + " -> " + r.statusCode() + " " + r.body());
        JsonValues.parse(r.body());
      }
    }
    assertEquals("Rendered pets among flowers", index.get(id).orElseThrow().attributes().get("title").orElseThrow());
  }

  @Test
  @Order(10)
  void obsoletePicturesAreHiddenUnlessIncludedAndNameTheirReplacement() throws Exception {
    String oldId = Long.toString(ids.get("cat03.jpg"));
    String newId = Long.toString(ids.get("cat02.jpg"));
    assertTrue(index.annotations().replace(oldId, newId).allSucceeded());
    try {
      assertEquals(Set.of(ids.get("cat02.jpg")), idSet(array(send(alice, "POST", "/api/query", "application/yaml", SEED_EXAMPLE, false))));
      List<Map<String, Object>> all = array(send(alice, "POST", "/api/query", "application/yaml",
          SEED_EXAMPLE + "include_obsolete: true\n", false));
      assertEquals(Set.of(ids.get("cat02.jpg"), ids.get("cat03.jpg")), idSet(all));
      Map<String, Object> obsolete = all.stream().filter(p -> p.get("id").equals(ids.get("cat03.jpg"))).findFirst().orElseThrow();
      assertEquals(ids.get("cat02.jpg"), obsolete.get("replaced_by"));
      Map<String, Object> replacement = all.stream().filter(p -> p.get("id").equals(ids.get("cat02.jpg"))).findFirst().orElseThrow();
      assertEquals(ids.get("cat03.jpg"), replacement.get("replaces"));
    } finally {
      index.update(List.of(org.imageindex.record.RecordUpdate.builder(oldId).unset("replaced_by").build(),
          org.imageindex.record.RecordUpdate.builder(newId).unset("replaces").build()));
    }
  }

  @Test
  @Order(11)
  void theCookieOpensOnlyThisSeedsPathsAndLogoutEndsIt() throws Exception {
    // The session opens seed 002's paths, not the other seeds' nor the form type on their paths.
    assertEquals(401, send(alice, "GET", "/v2/getRecordCount", null, null, false).statusCode());
    assertEquals(415, send(plain, "POST", "/v2/insert", "application/x-www-form-urlencoded", "records=1", true).statusCode());
    assertError(send(alice, "POST", "/api/picture/" + ids.get("cat02.jpg") + "/rate", "application/x-www-form-urlencoded", "rating=3", false),
        415, "request bodies must be application/json or multipart/form-data, got Content-Type: application/x-www-form-urlencoded");
    // A forged cookie, a page of another origin.
    HttpResponse<String> forged = plain.send(HttpRequest.newBuilder(uri("/api/picture/1/")).header("Cookie", "session=AAAA").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(401, forged.statusCode());
    HttpResponse<String> foreign = plain.send(HttpRequest.newBuilder(uri("/api/login")).header("Origin", "http://evil.example")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(403, foreign.statusCode());
    // A copy of alice's cookie works until she logs out.
    HttpRequest copied = HttpRequest.newBuilder(uri("/api/picture/" + ids.get("cat02.jpg") + "/")).header("Cookie", "session=" + aliceCookie).GET().build();
    assertEquals(200, plain.send(copied, HttpResponse.BodyHandlers.ofString()).statusCode());
    HttpResponse<String> out = send(alice, "POST", "/api/logout", null, null, false);
    assertEquals(200, out.statusCode(), out.body());
    assertTrue(out.headers().firstValue("Set-Cookie").orElseThrow().startsWith("session=; Path=/api; Max-Age=0"));
    assertEquals(401, plain.send(copied, HttpResponse.BodyHandlers.ofString()).statusCode());
    assertError(plain.send(copied, HttpResponse.BodyHandlers.ofString()), 401, "or log in with POST /api/login");
    assertEquals(401, send(alice, "POST", "/api/query", "application/yaml", "", false).statusCode());
  }

  /**
   * The curl block of docs/examples.md's seed 002 section, run as written with {@code curl}
   * against a fresh index in a folder laid out as the doc says; only the port is replaced.
   */
  @Test
  @Order(12)
  void theDocsCurlLinesWorkAsWritten(@TempDir Path work) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")), "curl replays the doc");
    Files.copy(images.resolve("cat01.jpg"), Files.createDirectories(work.resolve("photos/images")).resolve("cat01.jpg"));
    Files.writeString(work.resolve("query.yaml"), "want:\n- licence: [\"CC0-1.0\"]\n");
    List<String> commands = docBlock("### Seed 002");
    assertEquals(4, commands.size(), commands.toString());
    List<Object> answers = new ArrayList<>();
    try (ImageIndex fresh = backend().inMemory(ImageIndex.builder()); SimilarityServer s = SimilarityServer.start(fresh, ServerOptions.of(0))) {
      for (String command : commands) {
        assertTrue(command.startsWith("curl -s ") && command.contains("127.0.0.1:8080"), command);
        String script = "export IMAGEINDEX_TOKEN='" + s.options().token() + "'\n" + command.replace("127.0.0.1:8080", "127.0.0.1:" + s.port());
        Process p = new ProcessBuilder("bash", "-c", script).directory(work.toFile()).redirectErrorStream(true).start();
        String out;
        try {
          assertTrue(p.waitFor(60, TimeUnit.SECONDS), command);
          out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
          p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), command + " -> " + out);
        answers.add(JsonValues.parse(out));
      }
      assertEquals(Map.of("username", "alice"), answers.get(0));
      assertEquals(Map.of("id", 1L), answers.get(1));
      List<?> found = (List<?>) answers.get(2);
      assertEquals(1, found.size(), answers.get(2).toString());
      assertEquals("Cat", ((Map<?, ?>) found.get(0)).get("title"));
      assertEquals("alice", ((Map<?, ?>) found.get(0)).get("author"));
      Map<?, ?> rating = (Map<?, ?>) answers.get(3);
      assertTrue(rating.containsKey("rating_average"));
      assertNull(rating.get("rating_average"), "nothing rated: the false value deletes nothing");
      assertEquals(List.of(0L, 0L, 0L, 0L, 0L), rating.get("rating_count"));
    }
  }

  /** The sh block after {@code heading} in docs/examples.md, continuation lines joined. */
  private static List<String> docBlock(String heading) throws Exception {
    Path doc = Path.of("../docs/examples.md").toAbsolutePath().normalize();
    if (!Files.isRegularFile(doc)) {
      doc = Path.of("docs/examples.md").toAbsolutePath();
    }
    String text = Files.readString(doc);
    int section = text.indexOf(heading);
    assertTrue(section >= 0, "docs/examples.md has a '" + heading + "' section");
    int start = text.indexOf("```sh\n", section) + "```sh\n".length();
    String block = text.substring(start, text.indexOf("```", start));
    List<String> lines = new ArrayList<>();
    for (String line : block.replace("\\\n", "").split("\n")) {
      if (!line.isBlank()) {
        lines.add(line.strip().replaceAll(" {2,}", " "));
      }
    }
    return lines;
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static Annotation box(String object) {
    return Annotation.of(new Region.BoundingBox(0.1, 0.1, 0.2, 0.2), object);
  }

  private URI uri(String path) {
    return server.baseUri().resolve(path);
  }

  private HttpResponse<String> login(HttpClient client, String user) throws Exception {
    HttpResponse<String> r = send(client, "POST", "/api/login", "application/json",
        "{\"username\": \"" + user + "\", \"password\": \"" + server.options().token() + "\"}", false);
    assertEquals(200, r.statusCode(), r.body());
    return r;
  }

  /** A request; {@code token}: with the server's token instead of (or beside) the client's cookie. */
  private HttpResponse<String> send(HttpClient client, String method, String path, String type, String body, boolean token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
    if (token) {
      b.header("Authorization", "Token " + server.options().token());
    }
    if (type != null) {
      b.header("Content-Type", type);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private long upload(HttpClient client, String json, String file) throws Exception {
    HttpResponse<String> r = uploadResponse(client, json, file, Files.readAllBytes(images.resolve(file)));
    Map<String, Object> a = object(r, 201);
    assertEquals(Set.of("id"), a.keySet());
    return (Long) a.get("id");
  }

  /** The seed's upload form: a {@code json} field and a {@code file} file. */
  private HttpResponse<String> uploadResponse(HttpClient client, String json, String filename, byte[] content) throws Exception {
    String boundary = "----dataset-platform-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n" + json + "\r\n--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\nContent-Type: image/jpeg\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.write(content);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/upload")).header("Content-Type", "multipart/form-data; boundary=" + boundary);
    if (client == plain) {
      b.header("Authorization", "Token " + server.options().token());
    }
    return client.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    return (Map<String, Object>) JsonValues.parse(r.body());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> array(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return (List<Map<String, Object>>) JsonValues.parse(r.body());
  }

  private static Set<Object> idSet(List<Map<String, Object>> pictures) {
    Set<Object> s = new TreeSet<>();
    pictures.forEach(p -> s.add(p.get("id")));
    return s;
  }

  private static void assertError(HttpResponse<String> r, int status, String fragment) {
    assertEquals(status, r.statusCode(), r.body());
    Object description = ((Map<?, ?>) ((Map<?, ?>) JsonValues.parse(r.body())).get("status")).get("error_description");
    assertTrue(((String) description).contains(fragment), "expected '" + fragment + "' in: " + description);
  }

  private static void assertRating(Map<String, Object> answer, Double average, long... grades) {
    assertEquals(average, answer.get("rating_average"));
    List<Long> expected = new ArrayList<>();
    for (long g : grades) {
      expected.add(g);
    }
    assertEquals(expected, answer.get("rating_count"));
  }

  /** JSON numbers as doubles: {@code 0} and {@code 0.0} are the same coordinate. */
  private static Object numbersAsDoubles(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof List<?> l) {
      return l.stream().map(DatasetPlatformReplayTest::numbersAsDoubles).toList();
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, numbersAsDoubles(x)));
      return out;
    }
    return v;
  }
}
