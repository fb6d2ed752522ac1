package org.imageindex.examples.server;

import org.imageindex.signatures.TestData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.imageindex.ImageIndex;
import org.imageindex.query.json.JsonValues;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Replays the seeds' own request bodies (Ximilar {@code /v2/*}, LTU {@code POST /media}) against
 * a server on an ephemeral loopback port, with {@code _file} / {@code _base64} pointing at real
 * photographs, and checks the answers field by field. The methods run in order over one index.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimilarityServerTest {

  private final HttpClient client = HttpClient.newHttpClient();
  private ImageIndex index;
  private SimilarityServer server;
  private Path root;

  /** The embedded index; {@code SimilarityServerOnClusterTest} runs the same tests on the test cluster. */
  SeedBackend backend() {
    return SeedBackend.EMBEDDED;
  }

  @BeforeAll
  void start() throws Exception {
    root = TestData.dir("pixabay-categories");
    index = backend().inMemory(ImageIndex.builder());
    server = SimilarityServer.start(index, ServerOptions.of(0).withFileRoot(root));
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    index.close();
  }

  // ---- /v2/insert --------------------------------------------------------------------------

  @Test
  @Order(1)
  void insertOfTheSeedBodyInsertsEveryRecord() throws Exception {
    Map<String, Object> a = post("/v2/insert", """
        {
          "fields_to_return" : [ "_id" ],
          "records" : [ {
            "_id" : "1",
            "_file" : "images/cat01.jpg"
          }, {
            "_base64" : "%s",
            "_id" : "2"
          }, {
            "_id" : "3",
            "_file" : "images/dog01.jpg"
          } ]
        }""".formatted(base64(root.resolve("images/cat02.jpg"))));
    assertStatus(a, 210, "records inserted");
    assertEquals(List.of(Map.of("_id", "1"), Map.of("_id", "2"), Map.of("_id", "3")), a.get("answer_records"));
    assertEquals(3L, a.get("answer_count"));
    assertFalse(a.containsKey("skipped_records"));
    assertTrue(((Map<?, ?>) a.get("statistics")).get("OperationTime") instanceof Long);
  }

  @Test
  @Order(2)
  void insertSkipsADuplicateIdANonImageAndFilesOutsideTheRootWithReasons() throws Exception {
    Map<String, Object> a = post("/v2/insert", """
        {
          "fields_to_return" : [ "_id", "price" ],
          "records" : [
            { "_id" : "10", "_file" : "images/dog02.jpg", "tags" : ["dog", "pet"], "price" : "250", "artist" : "david_27", "product_id" : "p1" },
            { "_id" : "11", "_file" : "images/bird01.jpg", "tags" : ["bird"], "price" : "300", "artist" : "anna", "product_id" : "p2" },
            { "_id" : "13", "_file" : "images/dog03.jpg", "tags" : ["dog"], "price" : "210", "artist" : "anna", "product_id" : "p1" },
            { "_id" : "12", "_file" : "images/ship01.jpg", "tags" : ["ship"], "price" : "120", "artist" : "anna", "product_id" : "p3" },
            { "_id" : "3", "_file" : "images/cat03.jpg" },
            { "_id" : "5", "_base64" : "%s" },
            { "_id" : "6", "_file" : "../../../../../../etc/passwd" },
            { "_id" : "7", "_file" : "/etc/hostname" }
          ]
        }""".formatted(Base64.getEncoder().encodeToString("plain text, not a picture".getBytes(StandardCharsets.UTF_8))));
    assertStatus(a, 211, "some records inserted");
    assertEquals(List.of(Map.of("_id", "10", "price", "250"), Map.of("_id", "11", "price", "300"),
        Map.of("_id", "13", "price", "210"), Map.of("_id", "12", "price", "120")), a.get("answer_records"));
    Map<String, Map<String, Object>> skipped = byId(a.get("skipped_records"));
    assertEquals(Set.of("3", "5", "6", "7"), skipped.keySet());
    assertReason(skipped.get("3"), 411, "record duplicate");
    assertReason(skipped.get("5"), 415, "not an image");
    assertReason(skipped.get("6"), 403, "file outside the served folder");
    assertReason(skipped.get("7"), 403, "file outside the served folder");
    for (Map<String, Object> s : skipped.values()) {
      assertEquals(Set.of("_id", "_reason"), s.keySet());
    }
  }

  // ---- /v2/get, /v2/find -------------------------------------------------------------------

  @Test
  @Order(3)
  void getReturnsEveryFieldWithStarAndNamesRecordsNotFound() throws Exception {
    Map<String, Object> all = post("/v2/get", """
        {
          "fields_to_return" : [ "*" ],
          "records" : [ { "_id" : "1" }, { "_id" : "2" }, { "_id" : "10" } ]
        }""");
    assertStatus(all, 205, "records found");
    List<Map<String, Object>> recs = records(all);
    assertEquals(Map.of("_id", "1", "_file", "images/cat01.jpg"), recs.get(0));
    assertEquals(Map.of("_id", "2"), recs.get(1));
    assertEquals(Map.of("_id", "10", "_file", "images/dog02.jpg", "tags", List.of("dog", "pet"), "price", "250",
        "artist", "david_27", "product_id", "p1"), recs.get(2));

    Map<String, Object> some = post("/v2/get", """
        { "fields_to_return" : [ "tags" ], "records" : [ { "_id" : "11" }, { "_id" : "99" } ] }""");
    assertStatus(some, 206, "some of the records not found");
    assertEquals(List.of(Map.of("_id", "11", "tags", List.of("bird"))), some.get("answer_records"));
    assertReason(byId(some.get("skipped_records")).get("99"), 404, "records not found");

    assertStatus(post("/v2/get", "{\"records\": [{\"_id\": \"98\"}]}"), 404, "records not found");
  }

  @Test
  @Order(4)
  void findOfTheSeedBodyFiltersWithTheOperatorFirstSpelling() throws Exception {
    Map<String, Object> a = post("/v2/find", """
        {
          "fields_to_return" : [ "_id", "_url" ],
          "filter" : {
            "$gte" : {
              "price" : "200"
            }
          },
          "limit" : 3
        }""");
    assertStatus(a, 200, "OK");
    assertEquals(Set.of("10", "11", "13"), ids(a));
    for (Map<String, Object> r : records(a)) {
      assertEquals(Set.of("_id"), r.keySet(), "file records have no _url: " + r);
    }
  }

  // ---- ranked answers ----------------------------------------------------------------------

  @Test
  @Order(5)
  void visualKnnOfTheOverviewExampleRanksTheQueryRecordFirst() throws Exception {
    Map<String, Object> a = post("/v2/visualKNN", """
        {
            "query_record": { "_id": "1" },
            "k": 3,
            "filter": { "artist": { "$ne": "david_27" } }
        }""");
    assertStatus(a, 200, "OK");
    List<Map<String, Object>> recs = records(a);
    assertEquals(3, recs.size());
    assertEquals(Map.of("_id", "1"), recs.get(0));
    assertFalse(ids(a).contains("10"), "the filter excludes david_27's record");
    List<Double> d = distances(a);
    assertEquals(0.0, d.get(0), 1e-4);
    assertAscending(d);
    assertEquals(3L, a.get("answer_count"));
  }

  @Test
  @Order(6)
  void visualKnnOfTheSeedBodyByFileKeepsOnlyFilteredRecordsOnePerProduct() throws Exception {
    Map<String, Object> a = post("/v2/visualKNN", """
        {
          "cand_set_size" : 1000,
          "fields_to_return" : [ "_id" ],
          "filter" : {
            "$gte" : {
              "price" : "200"
            }
          },
          "from" : 0,
          "k" : 3,
          "product_field" : "product_id",
          "query_record" : {
            "_file" : "images/dog02.jpg"
          }
        }""");
    assertStatus(a, 200, "OK");
    // 13 (price 210) is product p1 like 10, which is closer: one hit per product.
    assertEquals(List.of("10", "11"), idList(a));
    assertEquals(0.0, distances(a).get(0), 1e-3, "the query is record 10's own file");
    assertAscending(distances(a));
    records(a).forEach(r -> assertEquals(Set.of("_id"), r.keySet()));
  }

  @Test
  @Order(7)
  void visualTagsAndMultiQueryMethodsAnswerWithRankedRecords() throws Exception {
    Map<String, Object> tags = post("/v2/visualTagsKNN", """
        { "query_record" : { "_id" : "10", "tags" : ["dog"] }, "k" : 3, "fields_to_return" : [ "_id", "tags" ] }""");
    assertStatus(tags, 200, "OK");
    assertEquals(Map.of("_id", "10", "tags", List.of("dog", "pet")), records(tags).get(0));
    assertAscending(distances(tags));

    String multiBody = """
        {
          "cand_set_size" : 1000,
          "fields_to_return" : [ "_id" ],
          "filter" : {
            "$gte" : {
              "price" : "200"
            }
          },
          "from" : 0,
          "k" : 3,
          "query_records" : [ {
            "_id" : "10"
          }, {
            "_id" : "11"
          } ]
        }""";
    for (String method : List.of("visualKNNMulti", "visualTagsKNNMulti")) {
      Map<String, Object> multi = post("/v2/" + method, multiBody);
      assertStatus(multi, 200, "OK");
      assertEquals(Set.of("10", "11", "13"), ids(multi), method);
      assertEquals(3, distances(multi).size(), method);
      assertAscending(distances(multi));
    }
  }

  @Test
  @Order(8)
  void anUnknownQueryRecordIsAWrongQueryRecord() throws Exception {
    Map<String, Object> a = post("/v2/visualKNN", "{\"query_record\": {\"_id\": \"11959\"}, \"k\": 3}");
    assertStatus(a, 403, "wrong query record");
    assertTrue(((Map<?, ?>) a.get("status")).get("error_description").toString().contains("11959"));
    assertFalse(a.containsKey("answer_records"));
  }

  @Test
  @Order(9)
  void rangeOfTheSeedBodyKeepsOnlyFilteredRecordsOnePerProduct() throws Exception {
    Map<String, Object> range = post("/v2/range", """
        {
          "cand_set_size" : 1000,
          "fields_to_return" : [ "_id" ],
          "filter" : {
            "$gte" : {
              "price" : "200"
            }
          },
          "product_field" : "product_id",
          "query_record" : {
            "_file" : "images/bird01.jpg"
          },
          "radius" : 2
        }""");
    assertStatus(range, 200, "OK");
    // Radius 2 (the largest similarity distance) covers every record; the filter leaves 10, 11,
    // 13, and 10 and 13 are one product.
    assertEquals(2, idList(range).size(), range.toString());
    assertEquals("11", idList(range).get(0));
    assertTrue(Set.of("10", "13").contains(idList(range).get(1)), range.toString());
    assertAscending(distances(range));
  }

  @Test
  @Order(9)
  void rangeAtWideAndTightRadiiAndNearDuplicatesOfTheSeedBodies() throws Exception {
    Map<String, Object> range = post("/v2/range", """
        {
          "cand_set_size" : 1000,
          "fields_to_return" : [ "_id" ],
          "filter" : {
            "$gte" : {
              "price" : "200"
            }
          },
          "query_record" : {
            "_file" : "images/bird01.jpg"
          },
          "radius" : 2
        }""");
    assertStatus(range, 200, "OK");
    // Without product_field every filtered record: 11 (the query's own picture), then 10 and 13.
    assertEquals(3, idList(range).size(), range.toString());
    assertEquals("11", idList(range).get(0));
    assertEquals(Set.of("10", "11", "13"), ids(range));
    assertAscending(distances(range));
    double second = distances(range).get(1);

    // A radius between the two nearest distances keeps the query's own record only.
    Map<String, Object> tight = post("/v2/range", """
        { "query_record" : { "_file" : "images/bird01.jpg" }, "radius" : %s }""".formatted((distances(range).get(0) + second) / 2));
    assertStatus(tight, 200, "OK");
    assertEquals(List.of("11"), idList(tight));

    // The seed's radius 100 is on Ximilar's own scale: refused with ours, not answered with everything.
    Map<String, Object> seedScale = post("/v2/range", """
        { "query_record" : { "_file" : "images/bird01.jpg" }, "radius" : 100 }""");
    assertStatus(seedScale, 402, "aborted by error");
    assertTrue(seedScale.toString().contains("radius must be a similarity distance in 0..2"), seedScale.toString());

    Map<String, Object> near = post("/v2/nearDuplicates", """
        {
          "cand_set_size" : 1000,
          "fields_to_return" : [ "_id" ],
          "query_record" : {
            "_file" : "images/cat01.jpg"
          },
          "radius" : 5.0
        }""");
    assertStatus(near, 200, "OK");
    assertEquals(List.of("1"), idList(near), "only the same picture lies within 5 hash bits");
    assertEquals(List.of(0.0), distances(near));
  }

  // ---- listings ----------------------------------------------------------------------------

  @Test
  @Order(10)
  void randomCountAndAllRecordsOfTheSeedBodies() throws Exception {
    Map<String, Object> random = post("/v2/random", """
        {
          "count" : 2,
          "fields_to_return" : [ "_id" ],
          "filter" : {
            "$gte" : {
              "price" : "200"
            }
          }
        }""");
    assertStatus(random, 200, "OK");
    assertEquals(2, records(random).size());
    assertTrue(Set.of("10", "11", "13").containsAll(ids(random)), random.toString());
    records(random).forEach(r -> assertEquals(Set.of("_id"), r.keySet()));

    HttpResponse<String> count = client.send(authorized(uri("/v2/getRecordCount")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, count.statusCode());
    Map<String, Object> c = json(count.body());
    assertStatus(c, 200, "OK");
    assertEquals(7L, c.get("answer_count"));

    Map<String, Object> all = post("/v2/allRecords", """
        {
          "delete_file_after" : true,
          "fields_to_return" : [ "*" ],
          "filter" : {
            "$gte" : {
              "price" : "200"
            }
          },
          "output_file_name" : "some-file.json"
        }""");
    assertStatus(all, 200, "OK");
    // Unsorted: insertion order on the embedded index, id order on the cluster (docs/cluster.md); here both 10, 11, 13.
    assertEquals(List.of("10", "11", "13"), idList(all));
    assertEquals(Map.of("_id", "11", "_file", "images/bird01.jpg", "tags", List.of("bird"), "price", "300",
        "artist", "anna", "product_id", "p2"), records(all).get(1));
    assertEquals("some-file.json", all.get("output_file_name"));
    assertFalse(Files.exists(root.resolve("some-file.json")), "delete_file_after: true leaves no file");
  }

  // ---- /v2/update, /v2/nearDupsInsert, /v2/allNearDupPairs ---------------------------------

  @Test
  @Order(11)
  void updateOfTheSeedBodyChangesAttributesAndNamesUnknownRecords() throws Exception {
    Map<String, Object> a = post("/v2/update", """
        {
          "fields_to_return" : [ "*" ],
          "records" : [ {
            "_id" : "1",
            "day" : "monday"
          }, {
            "_id" : "2",
            "day" : "tuesday"
          }, {
            "_id" : "3",
            "day" : "wednesday"
          } ]
        }""");
    assertStatus(a, 205, "records found");
    assertEquals(List.of(Map.of("_id", "1", "_file", "images/cat01.jpg", "day", "monday"),
        Map.of("_id", "2", "day", "tuesday"), Map.of("_id", "3", "_file", "images/dog01.jpg", "day", "wednesday")),
        a.get("answer_records"));

    Map<String, Object> some = post("/v2/update", """
        { "fields_to_return" : [ "day" ], "records" : [ { "_id" : "1", "day" : "sunday" }, { "_id" : "99", "day" : "x" } ] }""");
    assertStatus(some, 206, "some of the records not found");
    assertEquals(List.of(Map.of("_id", "1", "day", "sunday")), some.get("answer_records"));
    assertReason(byId(some.get("skipped_records")).get("99"), 404, "records not found");
  }

  @Test
  @Order(12)
  void nearDupsInsertSkipsACopyAndNamesTheRecordItDuplicates() throws Exception {
    Map<String, Object> a = post("/v2/nearDupsInsert", """
        {
          "cand_set_size" : 1000,
          "fields_to_return" : [ "_id" ],
          "radius" : 5.0,
          "records" : [ {
            "_id" : "20",
            "_file" : "images/cat01.jpg"
          }, {
            "_base64" : "%s",
            "_id" : "21"
          } ]
        }""".formatted(base64(root.resolve("images/horse01.jpg"))));
    assertStatus(a, 211, "some records inserted");
    assertEquals(List.of(Map.of("_id", "21")), a.get("answer_records"));
    Map<String, Object> skip = byId(a.get("skipped_records")).get("20");
    assertReason(skip, 211, "record(s) duplicate");
    Map<?, ?> reason = (Map<?, ?>) skip.get("_reason");
    assertEquals(List.of(Map.of("_id", "1")), reason.get("answer_records"));
    assertEquals(List.of(0.0), reason.get("answer_distances"));
  }

  @Test
  @Order(13)
  void allNearDupPairsFindsARecompressedCopy() throws Exception {
    BufferedImage cat = ImageIO.read(root.resolve("images/cat02.jpg").toFile());
    BufferedImage smaller = new BufferedImage(cat.getWidth() * 3 / 4, cat.getHeight() * 3 / 4, BufferedImage.TYPE_INT_RGB);
    smaller.createGraphics().drawImage(cat, 0, 0, smaller.getWidth(), smaller.getHeight(), null);
    Map<String, Object> ins = post("/v2/insert", "{\"records\": [{\"_id\": \"30\", \"_base64\": \"" + base64(jpeg(smaller)) + "\"}]}");
    assertStatus(ins, 210, "records inserted");

    Map<String, Object> a = post("/v2/allNearDupPairs", "{}");
    assertStatus(a, 200, "OK");
    assertTrue(((List<?>) a.get("answer_records")).contains(List.of(Map.of("_id", "2"), Map.of("_id", "30"))),
        "pairs: " + a.get("answer_records"));
    assertEquals(((List<?>) a.get("answer_records")).size(), distances(a).size());
    assertAscending(distances(a));
    assertTrue(((List<?>) a.get("answer_groups")).contains(List.of("2", "30")));
  }

  // ---- LTU MediaDB search by image ---------------------------------------------------------

  @Test
  @Order(14)
  void mediaSearchOfACropAnswersMatchWithBoxesScoresAndHomography() throws Exception {
    BufferedImage dog = ImageIO.read(root.resolve("images/dog02.jpg").toFile());
    BufferedImage crop = dog.getSubimage(dog.getWidth() / 5, dog.getHeight() / 5, dog.getWidth() * 3 / 5, dog.getHeight() * 3 / 5);
    Map<String, Object> a = post("/services/search/media", "{\"media\": \"" + base64(jpeg(crop)) + "\"}");
    List<Map<String, Object>> results = list(a.get("results"));
    Map<String, Object> first = results.get(0);
    assertEquals("10", first.get("id"));
    assertEquals(List.of("dog", "pet"), first.get("keywords"));
    assertEquals(Map.of("price", "250", "artist", "david_27", "product_id", "p1"), first.get("metadata"));
    Map<?, ?> details = (Map<?, ?>) first.get("details");
    assertEquals("matching", details.get("best_index"));
    Map<?, ?> signature = (Map<?, ?>) details.get("matching");
    assertEquals("succeed", signature.get("message"));
    Map<?, ?> info = (Map<?, ?>) signature.get("info");
    assertEquals("Match", info.get("decision"));
    assertEquals("LOCALMATCHING", info.get("category"));
    Map<?, ?> reference = (Map<?, ?>) info.get("reference");
    assertEquals(List.of((double) dog.getWidth(), (double) dog.getHeight()), reference.get("originalDimensions"));
    assertBox((Map<?, ?>) reference.get("matchingBox"));
    assertBox((Map<?, ?>) ((Map<?, ?>) info.get("query")).get("matchingBox"));
    Map<?, ?> scores = (Map<?, ?>) info.get("scores");
    assertEquals(Set.of("boxCoveredSurface", "boxPointsRatioHomography", "matchStrength"), scores.keySet());
    for (Object s : scores.values()) {
      double v = (Double) s;
      assertTrue(v > 0 && v <= 1, "score " + s);
    }
    double distance = (Double) info.get("distance");
    assertTrue(distance > 0 && distance < 1, "a crop is not a clone: " + distance);
    assertEquals(distance, (Double) signature.get("score"), 1e-4);
    Map<?, ?> h = (Map<?, ?>) info.get("homography");
    assertEquals("reference", h.get("source"));
    assertEquals("query", h.get("destination"));
    assertEquals(9, ((List<?>) h.get("coefficients")).size());
    // The reference box lies around the cropped part (x 0.2..0.8, y 0.2..0.8 of the original).
    List<?> p0 = (List<?>) ((List<?>) ((Map<?, ?>) reference.get("matchingBox")).get("points")).get(0);
    assertTrue((Double) p0.get(0) >= 0.15 && (Double) p0.get(1) >= 0.15, "box corner " + p0);
  }

  @Test
  @Order(15)
  void mediaSearchOfTheSameImageAsAMultipartUploadAnswersClone() throws Exception {
    byte[] bird = Files.readAllBytes(root.resolve("images/bird01.jpg"));
    String boundary = "----imageindex-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"bird01.jpg\"\r\n"
        + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(bird);
    body.write(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n"
        + "{\"keywords\" : [\"bird\"]}\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    // The seed's own search path (POST /media adds a picture; see LtuSeedReplayTest).
    for (String path : List.of("/services/search/media")) {
      HttpResponse<String> r = client.send(authorized(uri(path))
          .header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), path + ": " + r.body());
      List<Map<String, Object>> results = list(json(r.body()).get("results"));
      assertEquals(List.of("11"), results.stream().map(m -> m.get("id")).toList(), path + ": keywords [bird] keep record 11 only");
      Map<?, ?> info = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) results.get(0).get("details")).get("matching")).get("info");
      assertEquals("Clone", info.get("decision"));
      assertBox((Map<?, ?>) ((Map<?, ?>) info.get("reference")).get("matchingBox"));
    }
  }

  // ---- deletes -----------------------------------------------------------------------------

  @Test
  @Order(16)
  void deleteByFilterThenDeleteOfTheSeedBody() throws Exception {
    Map<String, Object> byFilter = post("/v2/deleteByFilter", "{\"filter\": {\"day\": \"wednesday\"}}");
    assertStatus(byFilter, 220, "records deleted");
    assertEquals(1L, byFilter.get("answer_count"));

    Map<String, Object> a = post("/v2/delete", """
        {
          "records" : [ {
            "_id" : "1"
          }, {
            "_id" : "2"
          }, {
            "_id" : "3"
          } ]
        }""");
    assertStatus(a, 206, "some of the records not found");
    assertEquals(List.of(Map.of("_id", "1"), Map.of("_id", "2")), a.get("answer_records"));
    assertReason(byId(a.get("skipped_records")).get("3"), 404, "records not found");
    assertStatus(post("/v2/delete", "{\"records\": [{\"_id\": \"1\"}]}"), 404, "records not found");
    assertStatus(post("/v2/delete", "{\"records\": [{\"_id\": \"12\"}]}"), 220, "records deleted");
  }

  // ---- protocol errors ---------------------------------------------------------------------

  @Test
  @Order(17)
  void badRequestsGetTheSeedsErrorStatusWithADescription() throws Exception {
    Map<String, Object> badFilter = post("/v2/find", "{\"filter\": {\"price\": {\"$foo\": 1}}}");
    assertStatus(badFilter, 402, "aborted by error");
    assertTrue(((Map<?, ?>) badFilter.get("status")).get("error_description").toString().contains("/price/$foo"),
        badFilter.toString());

    HttpResponse<String> get = client.send(authorized(uri("/v2/insert")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(405, get.statusCode());

    try (SimilarityServer small = SimilarityServer.start(index, ServerOptions.of(0).withMaxBodyBytes(100)
        .withToken(server.options().token()))) {
      HttpResponse<String> big = client.send(authorized(small.baseUri().resolve("/v2/get")).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"records\": [" + "{\"_id\": \"1\"},".repeat(20) + "{}]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(413, big.statusCode());
      Map<String, Object> a = json(big.body());
      assertStatus(a, 413, "request body too large");
      assertTrue(((Map<?, ?>) a.get("status")).get("error_description").toString().contains("maxBodyBytes"), a.toString());

      Map<String, Object> noRoot = json(client.send(authorized(small.baseUri().resolve("/v2/insert")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[{\"_id\":\"x\",\"_file\":\"a.jpg\"}]}")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertReason(byId(noRoot.get("skipped_records")).get("x"), 403, "file outside the served folder");
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** A request carrying the server's token, as every request must. */
  private HttpRequest.Builder authorized(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Token " + server.options().token());
  }

  private URI uri(String path) {
    return server.baseUri().resolve(path);
  }

  private Map<String, Object> post(String path, String body) throws Exception {
    HttpResponse<String> r = client.send(authorized(uri(path))
            .header("Content-Type", "application/json;charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    Map<String, Object> answer = json(r.body());
    Object status = answer.get("status");
    if (status instanceof Map<?, ?> s) {
      long code = (Long) s.get("code");
      assertEquals(code < 300 ? 200 : code, (long) r.statusCode(), "HTTP status of " + r.body());
    }
    return answer;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) {
    return (Map<String, Object>) JsonValues.parse(text);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }

  private static List<Map<String, Object>> records(Map<String, Object> a) {
    List<Map<String, Object>> r = list(a.get("answer_records"));
    assertEquals((long) r.size(), a.get("answer_count"));
    return r;
  }

  private static List<String> idList(Map<String, Object> a) {
    return records(a).stream().map(r -> (String) r.get("_id")).toList();
  }

  private static Set<String> ids(Map<String, Object> a) {
    return new HashSet<>(idList(a));
  }

  private static Map<String, Map<String, Object>> byId(Object skipped) {
    Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
    list(skipped).forEach(s -> out.put((String) s.get("_id"), s));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Double> distances(Map<String, Object> a) {
    return (List<Double>) a.get("answer_distances");
  }

  private static void assertAscending(List<Double> d) {
    for (int i = 1; i < d.size(); i++) {
      assertTrue(d.get(i - 1) <= d.get(i), "distances ascending: " + d);
    }
  }

  private static void assertStatus(Map<String, Object> answer, long code, String text) {
    Map<?, ?> s = (Map<?, ?>) answer.get("status");
    assertEquals(code, s.get("code"), answer.toString());
    assertEquals(text, s.get("text"), answer.toString());
  }

  private static void assertReason(Map<String, Object> skipped, long code, String text) {
    Map<?, ?> status = (Map<?, ?>) ((Map<?, ?>) skipped.get("_reason")).get("status");
    assertEquals(code, status.get("code"), skipped.toString());
    assertEquals(text, status.get("text"), skipped.toString());
  }

  private static void assertBox(Map<?, ?> box) {
    List<?> points = (List<?>) box.get("points");
    assertEquals(4, points.size(), "a matching box has 4 points: " + box);
    List<Double> xs = new ArrayList<>();
    for (Object p : points) {
      List<?> xy = (List<?>) p;
      assertEquals(2, xy.size());
      xs.add((Double) xy.get(0));
    }
    double area = (Double) box.get("area");
    assertTrue(area > 0 && area <= 1, "area " + area);
    assertTrue(xs.stream().distinct().count() > 1, "a box with extent: " + box);
  }

  private static String base64(Path file) throws Exception {
    return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] jpeg(BufferedImage image) throws Exception {
    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    rgb.createGraphics().drawImage(image, 0, 0, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(rgb, "jpg", out);
    return out.toByteArray();
  }
}
