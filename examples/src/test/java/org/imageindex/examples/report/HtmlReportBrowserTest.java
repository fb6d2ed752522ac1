package org.imageindex.examples.report;

import org.imageindex.signatures.TestData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.imageindex.ImageIndex;
import org.imageindex.matching.ImageMatch;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.query.json.JsonValues;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.signatures.hash.HashSignature;
import org.imageindex.signatures.matching.MatchingBox;
import org.imageindex.signatures.matching.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens generated reports in a real headless Chromium and checks what it drew: every thumbnail
 * loads, and every matching box lies where the match search said, within 2 pixels.
 *
 * <p>Chromium is the build's one optional prerequisite: without it the test is skipped with a
 * printed line saying so; with {@code -Dimageindex.requireBrowser=true} (as CI runs it) a missing
 * browser fails the test instead, so CI can never pass without drawing the report.
 */
class HtmlReportBrowserTest {

  /** Set by CI: a missing browser is then a failure rather than a skip. */
  static final String REQUIRE_BROWSER = "imageindex.requireBrowser";

  /** The browser's executable when it is not chromium or chromium-browser on the PATH. */
  static final String CHROMIUM_PATH = "imageindex.chromium";

  private static Path chromium;

  /** Largest difference between a drawn box edge and the API's coordinate, in page pixels. */
  private static final double TOLERANCE_PX = 2.0;

  @TempDir
  Path tmp;

  @BeforeAll
  static void findChromium() {
    Optional<Path> found = locateChromium();
    String given = System.getProperty(CHROMIUM_PATH, "");
    String missing = "Chromium is needed for the report's browser test and was not found "
        + (given.isBlank() ? "on the PATH (chromium, chromium-browser) nor at /usr/bin/chromium" : "at -D" + CHROMIUM_PATH + "=" + given)
        + "; install it (apt-get install chromium)";
    if (found.isEmpty()) {
      if (Boolean.getBoolean(REQUIRE_BROWSER)) {
        fail(missing + "; -D" + REQUIRE_BROWSER + "=true makes the browser mandatory");
      }
      System.out.println("SKIPPED HtmlReportBrowserTest: " + missing + ", or pass -D" + REQUIRE_BROWSER
          + "=true to make a missing browser a failure");
    }
    assumeTrue(found.isPresent(), missing);
    chromium = found.get();
  }

  /**
   * {@code -Dimageindex.chromium} when given, else the first executable chromium or
   * chromium-browser on the PATH, else /usr/bin/chromium.
   */
  static Optional<Path> locateChromium() {
    List<Path> candidates = new ArrayList<>();
    String given = System.getProperty(CHROMIUM_PATH, "");
    if (!given.isBlank()) {
      Path p = Path.of(given);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, "chromium"));
          candidates.add(Path.of(dir, "chromium-browser"));
        }
      }
    }
    candidates.add(Path.of("/usr/bin/chromium"));
    return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
  }

  @Test
  void matchReportDrawsEachBoxWhereTheSearchSaidAndEveryThumbnailLoads() throws Exception {
    Path images = TestData.dir("pixabay-categories/images");
    Map<String, Path> files = Map.of("dog02", images.resolve("dog02.jpg"), "bird01", images.resolve("bird01.jpg"),
        "ship01", images.resolve("ship01.jpg"));
    Path crop = tmp.resolve("crop.jpg");
    BufferedImage dog = ImageIO.read(files.get("dog02").toFile());
    writeJpeg(dog.getSubimage(dog.getWidth() / 4, dog.getHeight() / 6, dog.getWidth() / 2, dog.getHeight() * 2 / 3), crop);
    try (ImageIndex index = ImageIndex.inMemory()) {
      List<ImageRecord> records = new ArrayList<>();
      files.forEach((id, p) -> records.add(ImageRecord.of(id, ImageSource.file(p))));
      records.add(ImageRecord.of("dog02-copy", ImageSource.file(files.get("dog02"))));
      assertTrue(index.insert(records).allSucceeded());
      List<ImageMatch> hits = index.matcher().search(ImageMatchQuery.builder(ImageSource.file(crop)).build());
      assertTrue(hits.size() >= 2, "the crop matches dog02 and its copy: " + hits);
      assertEquals(Verdict.MATCH, hits.get(0).verdict());

      Function<String, Path> imageOf = id -> files.get(id.replace("-copy", ""));
      Path page = HtmlReport.ofMatches("crop", crop, hits, imageOf).write(tmp.resolve("matches"));
      Map<?, ?> m = measure(page);

      List<?> shownImages = (List<?>) m.get("images");
      assertEquals(hits.size() * 2, shownImages.size());
      for (Object o : shownImages) {
        Map<?, ?> img = (Map<?, ?>) o;
        assertTrue(((Number) img.get("naturalWidth")).doubleValue() > 0, "image did not load: " + img);
        assertTrue(((Number) img.get("width")).doubleValue() > 0, "image not rendered: " + img);
      }
      List<MatchingBox> expected = new ArrayList<>();
      for (ImageMatch h : hits) {
        expected.add(h.result().queryBox());
        expected.add(h.result().referenceBox());
      }
      List<?> boxes = (List<?>) m.get("boxes");
      assertEquals(expected.size(), boxes.size(), "one drawn box per box with area: " + boxes);
      for (int i = 0; i < expected.size(); i++) {
        Map<?, ?> drawn = (Map<?, ?>) boxes.get(i);
        assertEquals("box" + i, drawn.get("id"));
        double w = num(drawn, "imageWidth");
        double h = num(drawn, "imageHeight");
        double[] b = expected.get(i).bounds();
        String what = "box " + i + " " + expected.get(i) + " drawn at " + drawn;
        assertEquals(b[0] * w, num(drawn, "left"), TOLERANCE_PX, what);
        assertEquals(b[1] * h, num(drawn, "top"), TOLERANCE_PX, what);
        assertEquals(b[2] * w, num(drawn, "right"), TOLERANCE_PX, what);
        assertEquals(b[3] * h, num(drawn, "bottom"), TOLERANCE_PX, what);
      }
      // The reference box of the best hit surrounds the cropped region (x 1/4..3/4, y 1/6..5/6).
      double[] ref = hits.get(0).result().referenceBox().bounds();
      assertTrue(ref[0] > 0.2 && ref[2] < 0.8 && ref[1] > 0.1 && ref[3] < 0.9, "reference box " + List.of(ref[0], ref[1], ref[2], ref[3]));

      Path groups = HtmlReport.ofNearDuplicates("duplicates",
          index.nearDuplicatePairs(HashSignature.NEAR_DUPLICATE_RADIUS, ImageIndex.ALL_RECORDS), imageOf)
          .write(tmp.resolve("duplicates"));
      List<?> groupImages = (List<?>) measure(groups).get("images");
      assertEquals(2, groupImages.size(), "one group: dog02 and its copy");
      for (Object o : groupImages) {
        assertTrue(num((Map<?, ?>) o, "naturalWidth") > 0, "image did not load: " + o);
      }
      assertTrue(Files.readString(groups).contains("dog02 – dog02-copy: 0 bits"));
    }
  }

  private static double num(Map<?, ?> m, String key) {
    return ((Number) m.get(key)).doubleValue();
  }

  /** Loads the page in headless Chromium and returns the JSON the page's script measured. */
  private Map<?, ?> measure(Path page) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(tmp, "chromium-profile");
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString())
        .redirectError(tmp.resolve("chromium.log").toFile())
        .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish within 60 s");
    }
    String dom = new String(out, StandardCharsets.UTF_8);
    int start = dom.indexOf("<pre id=\"measurements\">");
    int end = dom.indexOf("</pre>", start);
    assertTrue(start >= 0 && end > start, "no measurements in the DOM; chromium said: "
        + Files.readString(tmp.resolve("chromium.log")));
    String json = dom.substring(start + "<pre id=\"measurements\">".length(), end)
        .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    assertTrue(!json.isBlank(), "the page's script wrote no measurements");
    return (Map<?, ?>) JsonValues.parse(json);
  }

  private static void writeJpeg(BufferedImage image, Path file) throws IOException {
    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    rgb.createGraphics().drawImage(image, 0, 0, null);
    ImageIO.write(rgb, "jpg", file.toFile());
  }
}
