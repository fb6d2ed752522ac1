package org.imageindex.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.imageindex.ImageIndex;
import org.imageindex.query.json.JsonValues;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays every request of rokka's source-image listing documentation (seed 004) verbatim (the
 * curl lines' URLs and the filter examples of its text) against a server over a real index of
 * uploaded photographs, each answer checked against what the uploaded files themselves say
 * (their byte sizes, names, user metadata); then upload, get, user metadata, delete and the
 * refusals (400, 404, 405, 415, 501).
 */
class RokkaHttpTest {

  /** Upload name, test photograph, user metadata. */
  private static final List<List<Object>> UPLOADS = List.of(
      List.of("plant.jpg", "flower01.jpg", "{\"int:my_integer_field\": 3}"),
      List.of("plane.jpg", "airplane01.jpg", "{\"int:my_integer_field\": 7}"),
      List.of("foo-bird.jpg", "bird01.jpg", "{\"int:my_integer_field\": 3, \"str:colour\": \"blue\"}"),
      List.of("foolish-cat.jpg", "cat01.jpg", ""),
      List.of("ship.jpg", "ship01.jpg", "{\"int:my_integer_field\": 1}"),
      List.of("dog.jpg", "dog01.jpg", ""));

  @TempDir
  Path work;

  private SimilarityServer server;
  /** Upload name to file size, the truth the listing is checked against. */
  private final Map<String, Long> sizes = new LinkedHashMap<>();
  private final Map<String, Long> myInteger = new LinkedHashMap<>();

  /** The embedded index; {@code RokkaHttpOnClusterTest} runs the same tests on the test cluster. */
  SeedBackend backend() {
    return SeedBackend.EMBEDDED;
  }

  @Test
  void everyExampleOfTheSeedAnswersItsRecords() throws Exception {
    try (ImageIndex index = backend().open(ImageIndex.builder().extractionThreads(2), work.resolve("index"));
         SimilarityServer s = SimilarityServer.start(index, ServerOptions.of(0))) {
      server = s;
      Map<String, String> hashes = new LinkedHashMap<>();
      for (List<Object> u : UPLOADS) {
        Path file = TestData.dir("pixabay-categories/images").resolve((String) u.get(1));
        RawHttp.Response r = upload((String) u.get(0), Files.readAllBytes(file), (String) u.get(2));
        assertEquals(201, r.status(), r.body());
        Map<String, Object> item = items(r).get(0);
        assertEquals(u.get(0), item.get("name"));
        hashes.put((String) u.get(0), (String) item.get("hash"));
        sizes.put((String) u.get(0), Files.size(file));
        if (!((String) u.get(2)).isEmpty()) {
          myInteger.put((String) u.get(0), ((Number) ((Map<?, ?>) JsonValues.parse((String) u.get(2))).get("int:my_integer_field")).longValue());
        }
      }
      // The same bytes again are the same source image.
      RawHttp.Response again = upload("again.jpg", Files.readAllBytes(TestData.dir("pixabay-categories/images").resolve("dog01.jpg")), "");
      assertEquals(200, again.status(), again.body());
      assertEquals(hashes.get("dog.jpg"), items(again).get(0).get("hash"));

      // curl -H 'Content-Type: application/json' -X GET 'https://api.rokka.io/sourceimages/myorganization'
      RawHttp.Response all = get("/sourceimages/myorganization");
      assertEquals(200, all.status(), all.body());
      assertEquals(6L, all.json().get("total"));
      assertEquals(Map.of(), all.json().get("links"), "one page: no next link");
      Map<String, Object> plant = items(all).stream().filter(i -> i.get("name").equals("plant.jpg")).findFirst().orElseThrow();
      assertEquals(Set.of("binary_hash", "created", "dynamic_metadata", "format", "hash", "height", "link", "name",
          "organization", "size", "width", "user_metadata"), plant.keySet());
      assertEquals("jpg", plant.get("format"));
      assertEquals("myorganization", plant.get("organization"));
      assertEquals("/sourceimages/myorganization/" + plant.get("hash"), plant.get("link"));
      assertEquals(plant.get("hash"), plant.get("binary_hash"), "an upload's hash is the SHA-1 of its bytes");
      assertEquals(sizes.get("plant.jpg"), plant.get("size"));
      assertEquals(Map.of("my_integer_field", 3L), plant.get("user_metadata"));
      assertTrue(((String) plant.get("created")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+0000"), plant.toString());
      List<String> created = items(all).stream().map(i -> (String) i.get("created")).toList();
      assertEquals(created.stream().sorted(Comparator.reverseOrder()).toList(), created, "newest first by default");

      // curl -X GET 'https://api.rokka.io/sourceimages/myorganization?limit=20&offset=100'
      RawHttp.Response far = get("/sourceimages/myorganization?limit=20&offset=100");
      assertEquals(200, far.status(), far.body());
      assertEquals(6L, far.json().get("total"));
      assertEquals(List.of(), far.json().get("items"));
      // The same shape on pages that exist: limit 2 from offset 2 links both ways.
      RawHttp.Response middle = get("/sourceimages/myorganization?limit=2&offset=2");
      assertEquals(names(all).subList(2, 4), names(middle));
      assertEquals(Map.of("next", Map.of("href", "/sourceimages/myorganization?limit=2&offset=4"),
          "prev", Map.of("href", "/sourceimages/myorganization?limit=2&offset=0")), middle.json().get("links"));
      // Following the next links pages through everything, once.
      List<String> paged = new ArrayList<>();
      for (String href = "/sourceimages/myorganization?limit=4"; href != null; ) {
        RawHttp.Response p = get(href);
        paged.addAll(names(p));
        Object next = ((Map<?, ?>) p.json().get("links")).get("next");
        href = next == null ? null : (String) ((Map<?, ?>) next).get("href");
      }
      assertEquals(names(all), paged);

      // curl ... 'https://api.rokka.io/sourceimages/myorganization?height=1200'
      long tall = items(all).stream().filter(i -> i.get("height").equals(1200L)).count();
      assertEquals(tall, get("/sourceimages/myorganization?height=1200").json().get("total"));
      Object someHeight = items(all).get(0).get("height");
      assertEquals(matching(all, i -> i.get("height").equals(someHeight)), names(get("/sourceimages/myorganization?height=" + someHeight)));

      // curl ... '...?user:int:my_integer_field=3'
      assertEquals(Set.of("plant.jpg", "foo-bird.jpg"), Set.copyOf(names(get("/sourceimages/myorganization?user:int:my_integer_field=3"))));
      // curl ... '...?name=plan*'
      assertEquals(Set.of("plant.jpg", "plane.jpg"), Set.copyOf(names(get("/sourceimages/myorganization?name=plan*"))));

      // The range examples of the text: size=[30000,40000], size=[30000,}, size={30000,}, created=['2017-01-01T00:00:00Z',}
      assertEquals(sized(v -> v >= 30000 && v <= 40000), Set.copyOf(names(get("/sourceimages/myorganization?size=[30000,40000]"))));
      assertEquals(sized(v -> v >= 30000), Set.copyOf(names(get("/sourceimages/myorganization?size=[30000,}"))));
      assertEquals(sized(v -> v > 30000), Set.copyOf(names(get("/sourceimages/myorganization?size={30000,}"))));
      assertEquals(6, names(get("/sourceimages/myorganization?created=['2017-01-01T00:00:00Z',}")).size());
      // size=[30000,}&name=foo*
      Set<String> big = sized(v -> v >= 30000);
      assertEquals(Set.of("foo-bird.jpg", "foolish-cat.jpg").stream().filter(big::contains).collect(Collectors.toSet()),
          Set.copyOf(names(get("/sourceimages/myorganization?size=[30000,}&name=foo*"))));
      // An exact size: the smallest file.
      String smallest = sizes.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
      assertEquals(List.of(smallest), names(get("/sourceimages/myorganization?size=" + sizes.get(smallest))));

      // curl ... '...?sort=size' (ascending), '...?sort=size desc', '...?sort=created desc,size asc'
      List<String> bySize = sizes.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
      assertEquals(bySize, names(get("/sourceimages/myorganization?sort=size")));
      assertEquals(bySize.reversed(), names(get("/sourceimages/myorganization?sort=size%20desc")));
      // Uploads were created at distinct milliseconds (shown to the second), so size only breaks no tie here.
      assertEquals(names(all), names(get("/sourceimages/myorganization?sort=created%20desc,size%20asc")));
      assertEquals(names(all).reversed(), names(get("/sourceimages/myorganization?sort=created%20asc,size%20asc")));
      // curl ... '...?sort=user:int:my_integer_field desc'
      List<String> byInteger = names(get("/sourceimages/myorganization?sort=user:int:my_integer_field%20desc"));
      List<Long> values = byInteger.stream().filter(myInteger::containsKey).map(myInteger::get).toList();
      assertEquals(values.stream().sorted(Comparator.reverseOrder()).toList(), values, byInteger.toString());
      assertEquals("plane.jpg", byInteger.get(0));

      // limit=0 gives only the total.
      RawHttp.Response none = get("/sourceimages/myorganization?limit=0&name=plan*");
      assertEquals(2L, none.json().get("total"));
      assertEquals(List.of(), none.json().get("items"));

      // One image, user metadata, delete.
      String ship = hashes.get("ship.jpg");
      RawHttp.Response one = get("/sourceimages/myorganization/" + ship);
      assertEquals(200, one.status(), one.body());
      assertEquals("ship.jpg", one.json().get("name"));
      assertEquals(204, send("PATCH", "/sourceimages/myorganization/" + ship + "/meta/user", "{\"int:my_integer_field\": 3, \"date:shot\": \"2019-05-01T10:00:00Z\"}").status());
      assertEquals(Map.of("my_integer_field", 3L, "shot", "2019-05-01T10:00:00Z"), get("/sourceimages/myorganization/" + ship).json().get("user_metadata"));
      assertEquals(Set.of("plant.jpg", "foo-bird.jpg", "ship.jpg"), Set.copyOf(names(get("/sourceimages/myorganization?user:int:my_integer_field=3"))));
      assertEquals(204, send("DELETE", "/sourceimages/myorganization/" + ship + "/meta/user/shot", null).status());
      assertEquals(204, send("PUT", "/sourceimages/myorganization/" + ship + "/meta/user", "{\"str:colour\": \"grey\"}").status());
      assertEquals(Map.of("colour", "grey"), get("/sourceimages/myorganization/" + ship).json().get("user_metadata"));
      assertEquals(204, send("DELETE", "/sourceimages/myorganization/" + ship + "/meta/user", null).status());
      assertFalse(get("/sourceimages/myorganization/" + ship).json().containsKey("user_metadata"));
      RawHttp.Response deleted = send("DELETE", "/sourceimages/myorganization/" + ship, null);
      assertEquals(204, deleted.status());
      assertEquals("", deleted.body());
      assertEquals(404, get("/sourceimages/myorganization/" + ship).status());
      assertEquals(5L, get("/sourceimages/myorganization").json().get("total"));
      assertEquals(5, index.count(ImageIndex.ALL_RECORDS));
    }
  }

  @Test
  void refusalsNameWhatWasWrong() throws Exception {
    try (ImageIndex index = backend().inMemory(ImageIndex.builder()); SimilarityServer s = SimilarityServer.start(index, ServerOptions.of(0))) {
      server = s;
      assertEquals(201, upload("cat.jpg", Files.readAllBytes(TestData.dir("pixabay-categories/images").resolve("cat01.jpg")), "").status());
      assertError(get("/sourceimages/myorganization?size=[abc,}"), 400, "size");
      assertError(get("/sourceimages/myorganization?limit=5000"), 400, "limit");
      assertError(get("/sourceimages/myorganization?colour=red"), 400, "colour");
      assertError(get("/sourceimages/myorganization?sort=size sideways".replace(" ", "%20")), 400, "sideways");
      assertError(get("/sourceimages/myorganization?offset=not-a-cursor"), 400, "not-a-cursor");
      assertError(get("/sourceimages/My_Org"), 400, "organization");
      assertError(get("/sourceimages/myorganization/0000"), 404, "no source image with hash 0000");
      assertError(get("/sourceimages/myorganization/0000/nope"), 404, "no endpoint");
      assertError(get("/sourceimages"), 404, "no endpoint");
      assertError(send("PUT", "/sourceimages/myorganization", "{}"), 405, "GET, POST");
      assertError(send("POST", "/sourceimages/myorganization/abc", "{}"), 405, "GET, DELETE");
      assertError(get("/stacks/myorganization"), 501, "/stacks is not served");
      assertError(get("/sourceimages/myorganization/abc/download"), 501, "download");
      assertError(send("PUT", "/sourceimages/myorganization/abc/meta/dynamic/crop_hint", "{}"), 501, "meta/dynamic");
      assertError(upload("notes.jpg", "plain text, not a picture".getBytes(StandardCharsets.UTF_8), ""), 415, "notes.jpg");
      assertError(upload("cat2.jpg", Files.readAllBytes(TestData.dir("pixabay-categories/images").resolve("cat02.jpg")),
          "{\"int:n\": \"three\"}"), 400, "int:n must be a whole number");
      assertError(send("POST", "/sourceimages/myorganization", "{}"), 400, "multipart/form-data");
      assertEquals(1, index.count(ImageIndex.ALL_RECORDS), "nothing refused was stored");
      assertEquals(401, RawHttp.send(s.port(), "GET", "/sourceimages/myorganization", null, "Host: 127.0.0.1:" + s.port()).status());
    }
  }

  private static void assertError(RawHttp.Response r, int status, String part) {
    assertEquals(status, r.status(), r.body());
    String message = r.json().get("error") instanceof Map<?, ?> e ? (String) e.get("message") : r.description();
    assertTrue(message.contains(part), "'" + part + "' in " + r.body());
  }

  private Set<String> sized(Predicate<Long> p) {
    return sizes.entrySet().stream().filter(e -> p.test(e.getValue())).map(Map.Entry::getKey).collect(Collectors.toSet());
  }

  private static List<String> matching(RawHttp.Response r, Predicate<Map<String, Object>> p) {
    return items(r).stream().filter(p).map(i -> (String) i.get("name")).toList();
  }

  private static List<String> names(RawHttp.Response r) {
    assertEquals(200, r.status(), r.body());
    return items(r).stream().map(i -> (String) i.get("name")).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> items(RawHttp.Response r) {
    return (List<Map<String, Object>>) r.json().get("items");
  }

  /** As the seed's curl lines send it: with {@code Content-Type: application/json}, no body. */
  private RawHttp.Response get(String target) throws Exception {
    return RawHttp.send(server.port(), "GET", target, null, "Host: 127.0.0.1:" + server.port(),
        "Api-Key: " + server.options().token(), "Content-Type: application/json");
  }

  private RawHttp.Response send(String method, String target, String json) throws Exception {
    return RawHttp.send(server.port(), method, target, json, "Host: 127.0.0.1:" + server.port(),
        "Api-Key: " + server.options().token(), "Content-Type: application/json");
  }

  /** rokka's upload: multipart with the file in {@code filedata} and optional {@code meta_user}. */
  private RawHttp.Response upload(String name, byte[] image, String meta) throws Exception {
    String boundary = "rokkaBoundary7MA4YWxk";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"filedata\"; filename=\"" + name
        + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(image);
    body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    if (!meta.isEmpty()) {
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"meta_user\"\r\n\r\n" + meta + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    byte[] bytes = body.toByteArray();
    try (Socket s = RawHttp.connect(server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /sourceimages/myorganization HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nApi-Key: "
          + server.options().token() + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
          + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(bytes);
      out.flush();
      return RawHttp.read(s.getInputStream());
    }
  }
}
