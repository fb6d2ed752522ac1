package org.imageindex.examples.cli;

import org.imageindex.signatures.TestData;
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
  Path crop;
  String firstId;
  String secondId;
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
    // A half-size re-encoded copy of the first photo: a near duplicate the index must find.
    java.awt.image.BufferedImage first = javax.imageio.ImageIO.read(photos.get(0).toFile());
    java.awt.image.BufferedImage half = new java.awt.image.BufferedImage(first.getWidth() / 2, first.getHeight() / 2,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    var g = half.createGraphics();
    g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(first, 0, 0, half.getWidth(), half.getHeight(), null);
    g.dispose();
    javax.imageio.ImageIO.write(half, "jpg", folder.resolve("zz-copy.jpg").toFile());
    firstId = photos.get(0).getFileName().toString();
    // A crop of the second photo, outside the folder: a query for the match mode.
    java.awt.image.BufferedImage second = javax.imageio.ImageIO.read(photos.get(1).toFile());
    crop = tmp.resolve("crop.png");
    javax.imageio.ImageIO.write(second.getSubimage(second.getWidth() / 4, second.getHeight() / 4,
        second.getWidth() / 2, second.getHeight() / 2), "png", crop.toFile());
    secondId = photos.get(1).getFileName().toString();
    Files.writeString(folder.resolve("notes.jpg"), "not an image, only named like one");
    Files.write(folder.resolve("empty.png"), new byte[0]);
    Files.writeString(folder.resolve("readme.txt"), "ignored: not an image extension");
    index = tmp.resolve("index");
    Run run = cli("index", folder.toString(), "--index", index.toString(), "--no-progress");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("indexed 7 of 9 images"), run.out());
    assertTrue(run.out().contains("skipped 2, not an image:"), run.out());
    assertTrue(run.out().contains("notes.jpg: "), run.out());
  }

  @Test
  void clusterOptionsComeTogether() {
    Run nameOnly = cli("info", "--index-name", "photos");
    assertEquals(ImageIndexCli.EXIT_USAGE, nameOnly.status(), nameOnly.err());
    assertTrue(nameOnly.err().contains("--index-name names an index on a cluster"), nameOnly.err());
    Run clusterOnly = cli("list", "--cluster", "http://127.0.0.1:1");
    assertEquals(ImageIndexCli.EXIT_USAGE, clusterOnly.status(), clusterOnly.err());
    assertTrue(clusterOnly.err().contains("--cluster needs --index-name"), clusterOnly.err());
  }

  @Test
  void aClusterThatDoesNotAnswerIsAnErrorNotAHang() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Run run = cli("info", "--cluster", "http://127.0.0.1:" + closed, "--index-name", "photos");
    assertEquals(1, run.status(), run.out());
    assertTrue(run.err().contains("photos") && run.err().contains("127.0.0.1:" + closed), run.err());
  }

  @Test
  void infoDescribesTheIndex() {
    Run run = cli("info", "--index", index.toString());
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("records:   7 active, 0 deactivated"), run.out());
    assertTrue(run.out().contains("width"), run.out());
  }

  @Test
  void indexingTheSameFolderAgainSkipsEveryImageAsADuplicateId() {
    Run run = cli("index", folder.toString(), "--index", index.toString(), "--no-progress");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("indexed 0 of 9 images"), run.out());
    assertTrue(run.out().contains("skipped 7, duplicate id:"), run.out());
  }

  @Test
  void exportThenImportIntoAnotherIndexKeepsEveryRecord() {
    Path jsonl = tmp.resolve("records.jsonl");
    Run export = cli("export", "--index", index.toString(), "--out", jsonl.toString());
    assertEquals(0, export.status(), export.err());
    assertTrue(export.err().contains("exported 7 records"), export.err());
    Path other = tmp.resolve("other");
    Run imported = cli("import", jsonl.toString(), "--index", other.toString());
    assertEquals(0, imported.status(), imported.err());
    assertTrue(imported.out().contains("imported 7 of 7 records"), imported.out());
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

  @Test
  void matchModeFindsTheCropsOriginalWithAVerdict() {
    Run run = cli("search", crop.toString(), "--index", index.toString(), "--mode", "match");
    assertEquals(0, run.status(), run.err());
    String firstLine = run.out().lines().findFirst().orElse("");
    assertTrue(firstLine.startsWith(secondId) && firstLine.contains(" Match "), run.out());
  }

  @Test
  void similarModeRanksTheImageItselfFirstAndDuplicatesFindsTheCopy() {
    Run similar = cli("search", folder.resolve(firstId).toString(), "--index", index.toString(), "--mode", "similar", "-k", "3");
    assertEquals(0, similar.status(), similar.err());
    assertTrue(similar.out().startsWith(firstId), similar.out());
    assertEquals(3, similar.out().lines().count(), similar.out());

    Run groups = cli("duplicates", "--index", index.toString());
    assertEquals(0, groups.status(), groups.err());
    assertTrue(groups.out().startsWith("1 near-duplicate groups"), groups.out());
    assertTrue(groups.out().contains(firstId) && groups.out().contains("zz-copy.jpg"), groups.out());
  }

  @Test
  void colorModeTakesColoursAndAFilterNarrowsEveryMode() {
    Run color = cli("search", "#ff0000 100 %", "--index", index.toString(), "--mode", "color", "-k", "2");
    assertEquals(0, color.status(), color.err());
    assertEquals(2, color.out().lines().count(), color.out());
    Run filtered = cli("search", folder.resolve(firstId).toString(), "--index", index.toString(), "--mode", "similar",
        "--filter", "{\"id\": \"zz-copy.jpg\"}");
    assertEquals(0, filtered.status(), filtered.err());
    assertTrue(filtered.out().startsWith("zz-copy.jpg") && filtered.out().lines().count() == 1, filtered.out());
  }

  @Test
  void aMissingQueryImageIsAUsageError() {
    Run run = cli("search", tmp.resolve("nope.jpg").toString(), "--index", index.toString());
    assertEquals(ImageIndexCli.EXIT_USAGE, run.status());
    assertTrue(run.err().contains("query image not found"), run.err());
  }
}
