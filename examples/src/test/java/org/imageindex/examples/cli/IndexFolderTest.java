package org.imageindex.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imageindex.ImageIndex;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code index DIR} recurses, names every entry it left out and why, and stores absolute origins. */
class IndexFolderTest {

  record Run(int status, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = ImageIndexCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(status, out.toString(), err.toString());
  }

  static List<Path> photos(int n) throws Exception {
    try (var s = Files.list(TestData.root().resolve("pixabay-categories/images"))) {
      return s.sorted().limit(n).toList();
    }
  }

  static boolean mkfifo(Path p) throws Exception {
    try {
      return new ProcessBuilder("mkfifo", p.toString()).start().waitFor() == 0;
    } catch (java.io.IOException noMkfifo) {
      return false;
    }
  }

  @Test
  void aFolderOfSubFoldersIsIndexedWholeAndEveryLeftOutEntryIsNamed(@TempDir Path tmp) throws Exception {
    List<Path> photos = photos(4);
    Path folder = Files.createDirectories(tmp.resolve("photos"));
    Path cats = Files.createDirectories(folder.resolve("cats"));
    Path deeper = Files.createDirectories(cats.resolve("deeper"));
    Files.copy(photos.get(0), folder.resolve("top.jpg"));
    Files.copy(photos.get(1), cats.resolve("a.jpg"));
    Files.copy(photos.get(2), deeper.resolve("b.jpg"));
    Files.writeString(folder.resolve("notes.txt"), "not an image");
    // A link out of the folder, to a photo inside the test's own temp folder.
    Path outside = Files.copy(photos.get(3), tmp.resolve("outside.jpg"));
    Files.createSymbolicLink(folder.resolve("link.jpg"), outside);
    boolean fifo = mkfifo(folder.resolve("pipe.jpg"));
    Path index = tmp.resolve("index");

    Run run = cli("index", folder.toString(), "--index", index.toString(), "--no-progress");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("indexed 3 of 3 images"), run.out());
    assertTrue(run.out().contains("left out 1, not an image name:\n  notes.txt: not an image name"), run.out());
    assertTrue(run.out().contains("left out 1, symbolic link out of the folder:\n  link.jpg: symbolic link out of the folder: to "
        + outside.toRealPath()), run.out());
    if (fifo) {
      assertTrue(run.out().contains("  pipe.jpg: not a regular file (a FIFO, socket or device)"), run.out());
    }
    try (ImageIndex idx = ImageIndex.open(index)) {
      List<String> ids = idx.get(List.of("top.jpg", "cats/a.jpg", "cats/deeper/b.jpg", "link.jpg"), FieldSelection.ID_ONLY)
          .stream().map(StoredRecord::id).toList();
      assertEquals(List.of("top.jpg", "cats/a.jpg", "cats/deeper/b.jpg"), ids);
    }
  }

  @Test
  void withoutRecursionTheSubFoldersImagesAreCountedAndTheWayToIndexThemSaid(@TempDir Path tmp) throws Exception {
    List<Path> photos = photos(3);
    Path folder = Files.createDirectories(tmp.resolve("photos"));
    Files.copy(photos.get(0), Files.createDirectories(folder.resolve("x")).resolve("a.jpg"));
    Files.copy(photos.get(1), Files.createDirectories(folder.resolve("y/z")).resolve("b.jpg"));
    Files.copy(photos.get(2), folder.resolve("y/c.jpg"));
    Run run = cli("index", folder.toString(), "--index", tmp.resolve("index").toString(), "--no-progress", "--no-recursive");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("indexed 0 of 0 images"), run.out());
    assertTrue(run.out().contains("  x: sub-folder, not searched without recursion (1 image inside)"), run.out());
    assertTrue(run.out().contains("  y: sub-folder, not searched without recursion (2 images inside)"), run.out());
    assertTrue(run.out().contains("the sub-folders hold 3 more images: run without --no-recursive to index them"), run.out());
  }

  @Test
  void theIndexInsideTheIndexedFolderIsNotWalked(@TempDir Path tmp) throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("photos"));
    Files.copy(photos(1).get(0), folder.resolve("a.jpg"));
    Path index = folder.resolve(".imageindex");
    assertEquals(0, cli("index", folder.toString(), "--index", index.toString(), "--no-progress").status());
    Run again = cli("index", folder.toString(), "--index", index.toString(), "--no-progress");
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains("indexed 0 of 1 images"), again.out());
    assertFalse(again.out().contains("left out"), again.out());
  }

  @Test
  void originsAreAbsoluteSoTheReportFindsTheImagesFromAnyWorkingFolder(@TempDir Path tmp) throws Exception {
    List<Path> photos = photos(2);
    Path folder = Files.createDirectories(tmp.resolve("photos"));
    Files.copy(photos.get(0), folder.resolve("a.jpg"));
    Files.copy(photos.get(1), folder.resolve("b.jpg"));
    // The folder named relative to the working folder, as a user in the parent folder would.
    Path relative = Path.of("").toAbsolutePath().relativize(folder);
    assertFalse(relative.isAbsolute());
    Path index = tmp.resolve("index");
    assertEquals(0, cli("index", relative.toString(), "--index", index.toString(), "--no-progress").status());
    try (ImageIndex idx = ImageIndex.open(index)) {
      for (StoredRecord r : idx.get(List.of("a.jpg", "b.jpg"), FieldSelection.of(FieldSelection.ORIGIN))) {
        assertTrue(Path.of(r.origin()).isAbsolute(), r.origin());
        assertTrue(Files.isSameFile(folder.resolve(r.id()), Path.of(r.origin())), r.origin());
      }
    }
    Path out = tmp.resolve("report");
    Run report = cli("report", "--index", index.toString(), "--out", out.toString(), "--similar", folder.resolve("a.jpg").toString());
    assertEquals(0, report.status(), report.err());
    String html = Files.readString(out.resolve("index.html"));
    assertFalse(html.contains("no image file"), "a record without its image in the report");
  }

  @Test
  void aFifoAsTheQueryImageIsNotARegularFileRatherThanNotFound(@TempDir Path tmp) throws Exception {
    Path pipe = tmp.resolve("query.jpg");
    Assumptions.assumeTrue(mkfifo(pipe), "mkfifo is not available");
    Run run = cli("search", pipe.toString(), "--index", tmp.resolve("index").toString());
    assertEquals(ImageIndexCli.EXIT_USAGE, run.status(), run.out());
    assertTrue(run.err().contains("query image is not a regular file (a FIFO, socket or device): " + pipe), run.err());
    Run folder = cli("search", tmp.toString(), "--index", tmp.resolve("index").toString());
    assertTrue(folder.err().contains("query image is not a regular file (a folder)"), folder.err());
  }
}
