package org.imageindex.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imageindex.ImageIndex;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import}: a summary per status, a policy for stored ids, no local file read unless its
 * folder is allowed, the file's own mistakes named by line and field, and the fine-tuning carried.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportCommandTest {

  record Run(int status, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = ImageIndexCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(status, out.toString(), err.toString());
  }

  Path tmp;
  Path folder;
  Path index;
  Path export;
  Path light;
  int n;

  /** The 55 photographs of pixabay-categories: enough for fine-tuning to learn a whitening (50 on). */
  @BeforeAll
  void indexAndFineTune(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    folder = TestData.root().resolve("pixabay-categories/images");
    try (var s = Files.list(folder)) {
      n = (int) s.filter(ImageFolder::isImageName).count();
    }
    index = tmp.resolve("index");
    Run indexed = cli("index", folder.toString(), "--index", index.toString(), "--no-progress");
    assertEquals(0, indexed.status(), indexed.err());
    Run tuned = cli("finetune", "--index", index.toString(), "--no-progress");
    assertEquals(0, tuned.status(), tuned.err());
    export = tmp.resolve("all.jsonl");
    Run exported = cli("export", "--index", index.toString(), "--out", export.toString());
    assertEquals(0, exported.status(), exported.err());
    assertTrue(exported.err().startsWith("exported " + n + " records and the fine-tuning (vocabulary "), exported.err());
    light = tmp.resolve("light.jsonl");
    assertEquals(0, cli("export", "--index", index.toString(), "--out", light.toString(), "--without-signatures",
        "--without-fine-tuning", "--filter", "{\"id\": {\"$in\": [\"" + firstIds(2).get(0) + "\", \"" + firstIds(2).get(1) + "\"]}}")
        .status());
  }

  List<String> firstIds(int k) throws Exception {
    try (var s = Files.list(folder)) {
      return s.filter(ImageFolder::isImageName).map(p -> p.getFileName().toString()).sorted().limit(k).toList();
    }
  }

  static String line(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertTrue(m.find(), p + " in:\n" + text);
    return m.group(1);
  }

  @Test
  void theFineTuningTravelsWithTheExportAndSearchesAgree() {
    Path copy = tmp.resolve("copy");
    Run imported = cli("import", export.toString(), "--index", copy.toString());
    assertEquals(0, imported.status(), imported.err());
    assertTrue(imported.out().startsWith("imported " + n + " of " + n + " records"), imported.out());
    assertTrue(imported.out().contains("fine-tuning carried by the export installed: vocabulary "), imported.out());

    Run source = cli("finetune", "--status", "--index", index.toString());
    Run target = cli("finetune", "--status", "--index", copy.toString());
    Pattern vocabulary = Pattern.compile("(?m)^vocabulary: +(\\S+)$");
    Pattern space = Pattern.compile("(?m)^similarity space: +(\\S+)$");
    assertEquals(line(vocabulary, source.out()), line(vocabulary, target.out()));
    assertEquals(line(space, source.out()), line(space, target.out()));
    // Whether the source adopted a whitening is the held-out measure's call (on these 55 records it
    // keeps the model's space); either way the copy has the source's space.
    assertTrue(target.out().contains("requires fine-tuning: no"), target.out());
    for (String id : List.of("dog1.jpg", "ship1.jpg", "cat1.jpg")) {
      Path q = folder.resolve(id);
      if (!Files.exists(q)) {
        continue;
      }
      assertEquals(cli("search", q.toString(), "--index", index.toString(), "--mode", "similar").out(),
          cli("search", q.toString(), "--index", copy.toString(), "--mode", "similar").out(), id);
    }
    String any = folder.resolve(firstIdsUnchecked().get(3)).toString();
    Run a = cli("search", any, "--index", index.toString(), "--mode", "similar");
    assertEquals(a.out(), cli("search", any, "--index", copy.toString(), "--mode", "similar").out());
    assertEquals(cli("search", any, "--index", index.toString(), "--mode", "match").out(),
        cli("search", any, "--index", copy.toString(), "--mode", "match").out());
  }

  List<String> firstIdsUnchecked() {
    try {
      return firstIds(5);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void withoutTheFineTuningImportSaysTheIndexNeedsFineTuning() {
    Run imported = cli("import", export.toString(), "--index", tmp.resolve("untuned").toString(), "--without-fine-tuning");
    assertEquals(0, imported.status(), imported.err());
    assertTrue(imported.out().contains("the export's fine-tuning was left out: run 'imageindex finetune'"), imported.out());
  }

  @Test
  void aRepeatedImportIsSummarisedAndThePolicyChoosesSkipReplaceOrFail() throws Exception {
    Path target = tmp.resolve("twice");
    assertEquals(0, cli("import", export.toString(), "--index", target.toString(), "--without-fine-tuning").status());

    Run skipped = cli("import", export.toString(), "--index", target.toString(), "--without-fine-tuning");
    assertEquals(0, skipped.status(), skipped.err());
    assertTrue(skipped.out().startsWith("imported 0 of " + n + " records"), skipped.out());
    assertTrue(skipped.out().contains("  duplicate id (skipped)   " + n + "\n"), skipped.out());
    assertTrue(skipped.out().contains("    ... and " + (n - ImportCommand.SHOWN) + " more"), skipped.out());
    assertTrue(skipped.out().lines().count() < 12, "a summary, not a line per record:\n" + skipped.out());
    // Line 1 holds the fine-tuning: the first record is on line 2.
    assertTrue(skipped.out().contains(": line 2: a record with id '"), skipped.out());

    Run failed = cli("import", export.toString(), "--index", target.toString(), "--on-duplicate", "fail");
    assertEquals(1, failed.status(), failed.out());
    assertTrue(failed.err().startsWith("imageindex: nothing imported: " + n + " lines with an id already stored"), failed.err());
    assertTrue(failed.err().contains("  line 2: a record with id '"), failed.err());

    Run replaced = cli("import", export.toString(), "--index", target.toString(), "--on-duplicate", "replace",
        "--without-fine-tuning");
    assertEquals(0, replaced.status(), replaced.err());
    assertTrue(replaced.out().startsWith("imported " + n + " of " + n + " records"), replaced.out());
    assertTrue(replaced.out().contains("  replaced                 " + n + ": "), replaced.out());
    try (ImageIndex idx = ImageIndex.open(target)) {
      assertEquals(n, idx.count());
    }

    // A file repeating an id fails before anything is written, though neither copy is stored yet.
    List<String> lines = Files.readAllLines(export);
    Path repeated = Files.write(tmp.resolve("repeated.jsonl"), List.of(lines.get(1), lines.get(2), lines.get(1)));
    Path fresh = tmp.resolve("fresh");
    Run refused = cli("import", repeated.toString(), "--index", fresh.toString(), "--on-duplicate", "fail");
    assertEquals(1, refused.status(), refused.out());
    assertTrue(refused.err().contains("  line 3: id '"), refused.err());
    try (ImageIndex idx = ImageIndex.open(fresh)) {
      assertEquals(0, idx.count(), "nothing imported");
    }
  }

  @Test
  void aLocalOriginIsReadOnlyUnderTheFolderGivenWithOrigins() {
    Run refused = cli("import", light.toString(), "--index", tmp.resolve("light1").toString());
    assertEquals(0, refused.status(), refused.err());
    assertTrue(refused.out().startsWith("imported 0 of 2 records"), refused.out());
    assertTrue(refused.out().contains("refused to read the local origin "), refused.out());

    Run outside = cli("import", light.toString(), "--index", tmp.resolve("light2").toString(), "--origins", tmp.toString());
    assertTrue(outside.out().startsWith("imported 0 of 2 records"), outside.out());
    assertTrue(outside.out().contains(", which lies outside the allowed origin folder "), outside.out());

    Run allowed = cli("import", light.toString(), "--index", tmp.resolve("light3").toString(), "--origins", folder.toString());
    assertEquals(0, allowed.status(), allowed.err());
    assertTrue(allowed.out().startsWith("imported 2 of 2 records"), allowed.out());
    assertTrue(allowed.out().contains("the export carries no fine-tuning"), allowed.out());
  }

  @Test
  void theFilesOwnMistakesAreNamedByLineAndField() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.jsonl"),
        "\n\n{\"id\": \"x\", \"tags\": 7}\n\n{\"id\": \"y\\ud800\"}\n{\"id\": \"z\", \"origin\": \"" + "a".repeat(300) + "\"}\n");
    Run run = cli("import", bad.toString(), "--index", tmp.resolve("bad").toString());
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("    x: line 3: field 'tags' must be an array of strings, got: number"), run.out());
    assertTrue(run.out().contains("line 5: id must be valid Unicode text, got a lone surrogate \\ud800 at character 1"), run.out());
    assertTrue(run.out().contains("a".repeat(100) + "… (300 characters)"), run.out());
    assertFalse(run.out().contains("a".repeat(101)), run.out());
    assertFalse(run.out().contains("ClassCastException") || run.out().contains("cannot be cast"), run.out());
    assertNotEquals("", run.out());
  }
}
