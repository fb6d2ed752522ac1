package org.imageindex.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imageindex.query.json.JsonValues;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code list}/{@code find}, {@code collections}, {@code smart} and {@code annotate} on an index of real photographs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganiseCommandsTest {

  record Run(int status, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = ImageIndexCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(status, out.toString(), err.toString());
  }

  static Run ok(String... args) {
    Run r = cli(args);
    assertEquals(0, r.status(), String.join(" ", args) + ": " + r.err() + r.out());
    return r;
  }

  String index;
  List<String> ids;

  @BeforeAll
  void indexEightPhotos(@TempDir Path tmp) throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("photos"));
    try (var s = Files.walk(TestData.root().resolve("pixabay-categories/images"))) {
      for (Path p : s.filter(ImageFolder::isImageName).sorted().limit(8).toList()) {
        Files.copy(p, folder.resolve(p.getFileName()));
      }
    }
    index = tmp.resolve("index").toString();
    ok("index", folder.toString(), "--index", index, "--no-progress");
    try (var s = Files.list(folder)) {
      ids = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> records(String json) {
    return (List<Map<String, Object>>) ((Map<String, Object>) JsonValues.parse(json.strip())).get("records");
  }

  @Test
  void listSortsPagesAndFiltersInEachLanguage() {
    Run all = ok("list", "--index", index, "--sort", "id", "--format", "json");
    Map<?, ?> page = (Map<?, ?>) JsonValues.parse(all.out().strip());
    assertEquals(8L, page.get("total"));
    assertEquals(ids, records(all.out()).stream().map(r -> r.get("id")).toList());

    Run desc = ok("find", "--index", index, "--sort", "id:desc", "--offset", "2", "--limit", "3", "--format", "json");
    assertEquals(List.of(ids.get(5), ids.get(4), ids.get(3)), records(desc.out()).stream().map(r -> r.get("id")).toList());

    Run byWidth = ok("list", "--index", index, "--sort", "width:desc,id", "--format", "json");
    List<Long> widths = records(byWidth.out()).stream().map(r -> (Long) ((Map<?, ?>) r.get("image")).get("width")).toList();
    assertEquals(widths.stream().sorted(java.util.Comparator.reverseOrder()).toList(), widths);

    long wide = widths.stream().filter(w -> w >= widths.get(3)).count();
    String mongo = ok("list", "--index", index, "--filter", "{\"width\": {\"$gte\": " + widths.get(3) + "}}").out();
    assertTrue(mongo.startsWith(wide + " records, showing 1-" + wide + "\n"), mongo);
    String lucene = ok("list", "--index", index, "--filter", "width:[" + widths.get(3) + " TO *]", "--limit", "0").out();
    assertEquals(wide + " records\n", lucene);
    // Seed 002's rules: above_width is "at least as wide as".
    String yaml = ok("list", "--index", index, "--filter", "want:\n  - above_width: " + widths.get(3) + "\n", "--limit", "0").out();
    assertEquals(wide + " records\n", yaml);
    // rokka's URL form, guessed from its field= start or named with --lang.
    assertEquals(wide + " records\n", ok("list", "--index", index, "--filter", "width=[" + widths.get(3) + ",}", "--limit", "0").out());
    assertEquals(wide + " records\n",
        ok("list", "--index", index, "--filter", "width=[" + widths.get(3) + ",}&format=jpg", "--lang", "ROKKA", "--limit", "0").out());

    Run table = ok("list", "--index", index, "--sort", "id", "--limit", "2");
    assertEquals(4, table.out().lines().count(), table.out());
    assertTrue(table.out().lines().toList().get(1).startsWith("id "), table.out());

    Run badLimit = cli("list", "--index", index, "--limit", "5000");
    assertEquals(ImageIndexCli.EXIT_USAGE, badLimit.status());
    assertTrue(badLimit.err().contains("--limit must be in 0..2000, got: 5000"), badLimit.err());
  }

  static String idIn(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertTrue(m.find(), p + " in " + text);
    return m.group(1);
  }

  @Test
  void collectionsAreCreatedFilledListedRenamedAndDeleted() {
    Pattern created = Pattern.compile("created collection (\\S+) ");
    String art = idIn(created, ok("collections", "create", "art", "--index", index).out());
    String red = idIn(created, ok("collections", "create", "red", "--parent", art, "--index", index).out());
    Run added = ok("collections", "add", red, ids.get(0), ids.get(1), "nope", "--index", index);
    assertTrue(added.out().startsWith("added 2 of 3 records\n  not found 1:\n    nope: "), added.out());

    String members = ok("collections", "members", red, "--index", index, "--sort", "id").out();
    assertTrue(members.startsWith("2 records, showing 1-2"), members);
    assertTrue(members.contains(ids.get(0)) && members.contains(ids.get(1)), members);
    // Membership is on the record: every filter language sees it.
    assertTrue(ok("list", "--index", index, "--filter", "{\"collections\": \"" + red + "\"}").out().startsWith("2 records"));

    String listed = ok("collections", "list", "--index", index).out();
    assertTrue(listed.startsWith("2 collections\n"), listed);
    assertTrue(listed.contains(red) && listed.contains("art/red"), listed);

    ok("collections", "remove", red, ids.get(0), "--index", index);
    assertTrue(ok("collections", "members", red, "--index", index).out().startsWith("1 record,"));
    assertTrue(ok("collections", "rename", red, "crimson", "--index", index).out().contains("art/crimson"));
    Run deleted = ok("collections", "delete", art, "--index", index);
    assertEquals("deleted 2 collections: " + art + ", " + red + "\n", deleted.out());
    assertEquals("0 collections\n", ok("collections", "list", "--index", index).out());
    assertTrue(ok("list", "--index", index, "--limit", "0").out().startsWith("8 records"), "the records stay");

    Run unknown = cli("collections", "members", "no-such-id", "--index", index);
    assertEquals(ImageIndexCli.EXIT_USAGE, unknown.status(), unknown.out());
    Run bare = cli("collections");
    assertEquals(ImageIndexCli.EXIT_USAGE, bare.status());
    assertTrue(bare.err().contains("Missing required subcommand"), bare.err());
  }

  @Test
  void smartCollectionsFollowTheirFilter() {
    Pattern created = Pattern.compile("created smart collection (\\S+) \\(first two, 2 records now\\)");
    String first = idIn(created, ok("smart", "create", "first two",
        "{\"id\": {\"$in\": [\"" + ids.get(0) + "\", \"" + ids.get(1) + "\"]}}", "--index", index).out());
    String listed = ok("smart", "list", "--index", index).out();
    assertTrue(listed.startsWith("1 smart collection\n") && listed.contains(first) && listed.contains("(mongo_json)"), listed);
    String members = ok("smart", "members", first, "--index", index, "--format", "json", "--sort", "id").out();
    assertEquals(List.of(ids.get(0), ids.get(1)), records(members).stream().map(r -> r.get("id")).toList());
    Run bad = cli("smart", "create", "broken", "{\"width\": {\"$gt\": }", "--index", index);
    assertEquals(ImageIndexCli.EXIT_USAGE, bad.status());
    assertTrue(bad.err().startsWith("imageindex: mongo filter"), bad.err());
    ok("smart", "delete", first, "--index", index);
    assertEquals("0 smart collections\n", ok("smart", "list", "--index", index).out());
  }

  @Test
  void annotationsAreAddedListedFoundAndRemoved() {
    String id = ids.get(2);
    assertTrue(ok("annotate", "add", id, "car", "--bbox", "0.1,0.2,0.5,0.6", "--index", index).out()
        .startsWith(id + ": added bbox 'car' (1 region now)"));
    ok("annotate", "add", id, "wheel", "--point", "0.3,0.7", "--index", index);
    ok("annotate", "add", id, "road", "--polygon", "0,1,1,1,1,0.8", "--index", index);
    String listed = ok("annotate", "list", id, "--index", index).out();
    assertEquals(id + ": 3 regions\n"
        + "  1  car                  bbox x=0.1000 y=0.2000 w=0.5000 h=0.6000\n"
        + "  2  wheel                point (0.3000, 0.7000)\n"
        + "  3  road                 polygon (0.0000, 1.0000) (1.0000, 1.0000) (1.0000, 0.8000)\n", listed);
    assertTrue(ok("list", "--index", index, "--filter", "{\"objects\": \"wheel\"}").out().startsWith("1 record,"));

    Run outside = cli("annotate", "add", id, "sky", "--bbox", "0.8,0,0.5,0.2", "--index", index);
    assertEquals(ImageIndexCli.EXIT_USAGE, outside.status());
    assertTrue(outside.err().contains("bbox x + w must be <= 1"), outside.err());
    Run twoShapes = cli("annotate", "add", id, "sky", "--bbox", "0,0,0.5,0.2", "--point", "0.1,0.1", "--index", index);
    assertEquals(ImageIndexCli.EXIT_USAGE, twoShapes.status());

    assertEquals(id + ": removed 1 region (2 left)\n", ok("annotate", "remove", id, "--label", "wheel", "--index", index).out());
    assertEquals(id + ": removed 1 region (1 left)\n", ok("annotate", "remove", id, "--number", "1", "--index", index).out());
    Run badNumber = cli("annotate", "remove", id, "--number", "5", "--index", index);
    assertTrue(badNumber.err().contains("--number must be in 1..1"), badNumber.err());
    assertEquals(id + ": removed 1 region (0 left)\n", ok("annotate", "remove", id, "--all", "--index", index).out());
    Run missing = cli("annotate", "list", "no-such-record", "--index", index);
    assertEquals(ImageIndexCli.EXIT_USAGE, missing.status());
  }
}
