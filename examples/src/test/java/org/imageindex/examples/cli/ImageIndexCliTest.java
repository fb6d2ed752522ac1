package org.imageindex.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The command-line program end to end on a folder of real photographs and two bad files. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageIndexCliTest {

  Path tmp;
  Path folder;
  Path index;

  /** What one run printed. */
  record Run(int status, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = ImageIndexCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(status, out.toString(), err.toString());
  }

  @BeforeAll
  void indexAFolder(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    folder = Files.createDirectories(tmp.resolve("photos"));
    List<Path> photos = Files.list(TestData.root().resolve("pixabay-categories/images")).sorted().limit(6).toList();
    for (Path p : photos) {
      Files.copy(p, folder.resolve(p.getFileName()));
    }
    Files.writeString(folder.resolve("notes.jpg"), "not an image, only named like one");
    Files.write(folder.resolve("empty.png"), new byte[0]);
    Files.writeString(folder.resolve("readme.txt"), "ignored: not an image extension");
    index = tmp.resolve("index");
    Run run = cli("index", folder.toString(), "--index", index.toString(), "--no-progress");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("indexed 6 of 8 images"), run.out());
    assertTrue(run.out().contains("skipped 2, not an image:"), run.out());
    assertTrue(run.out().contains("notes.jpg: "), run.out());
  }

  @Test
  void infoDescribesTheIndex() {
    Run run = cli("info", "--index", index.toString());
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("records:   6 active, 0 deactivated"), run.out());
    assertTrue(run.out().contains("width"), run.out());
  }

  @Test
  void indexingTheSameFolderAgainSkipsEveryImageAsADuplicateId() {
    Run run = cli("index", folder.toString(), "--index", index.toString(), "--no-progress");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("indexed 0 of 8 images"), run.out());
    assertTrue(run.out().contains("skipped 6, duplicate id:"), run.out());
  }

  @Test
  void exportThenImportIntoAnotherIndexKeepsEveryRecord() {
    Path jsonl = tmp.resolve("records.jsonl");
    Run export = cli("export", "--index", index.toString(), "--out", jsonl.toString());
    assertEquals(0, export.status(), export.err());
    assertTrue(export.err().contains("exported 6 records"), export.err());
    Path other = tmp.resolve("other");
    Run imported = cli("import", jsonl.toString(), "--index", other.toString());
    assertEquals(0, imported.status(), imported.err());
    assertTrue(imported.out().contains("imported 6 of 6 records"), imported.out());
  }

  @Test
  void aBadFilterIsAUsageErrorWithTheParsersMessage() {
    Run run = cli("export", "--index", index.toString(), "--filter", "{\"width\": {\"$gt\": }", "--out",
        tmp.resolve("x.jsonl").toString());
    assertEquals(ImageIndexCli.EXIT_USAGE, run.status(), run.out() + run.err());
    assertTrue(run.err().startsWith("imageindex: mongo filter"), run.err());
  }

  @Test
  void aMissingFolderIsAUsageError() {
    Run run = cli("index", tmp.resolve("nope").toString(), "--index", index.toString());
    assertEquals(ImageIndexCli.EXIT_USAGE, run.status());
    assertTrue(run.err().contains("not a folder: "), run.err());
  }
}
