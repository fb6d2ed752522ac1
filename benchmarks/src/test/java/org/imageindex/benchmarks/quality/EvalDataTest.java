package org.imageindex.benchmarks.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.imageindex.benchmarks.BenchmarkData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalDataTest {

  private static final Path PHOTOS = BenchmarkData.root().resolve("photos/images");

  @Test
  void withoutAStagedCollectionTheHarnessSaysSoAndMeasuresNothing(@TempDir Path dir) {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Path out = dir.resolve("out");
    QualityHarness.run(QualityHarness.Arguments.parse("--eval-data", dir.toString(), "--out", out.toString()),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(log, true, StandardCharsets.UTF_8));
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("run scripts/stage-eval-data first"), log.toString());
    assertFalse(Files.exists(out));
  }

  @Test
  void anUnrotatedViewIsTheCropAndARotatedOneNearTheEdgeShowsOnlyThePhoto() throws Exception {
    BufferedImage full = ImageIO.read(PHOTOS.resolve("mate_Garden.jpg").toFile());
    // Subsampled so the view needs no shrinking to VIEW_SIDE, and lifted to at least 20 in every
    // channel: a pixel from outside the photo would be black.
    int step = (int) Math.ceil(Math.min(full.getWidth(), full.getHeight()) * 0.5 * 4 / 3 / (EvalData.VIEW_SIDE - 50.0));
    BufferedImage photo = new BufferedImage(full.getWidth() / step, full.getHeight() / step, BufferedImage.TYPE_INT_RGB);
    BufferedImage lifted = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < photo.getHeight(); y++) {
      for (int x = 0; x < photo.getWidth(); x++) {
        int c = full.getRGB(x * step, y * step);
        int r = 20 + ((c >> 16) & 255) * 235 / 255;
        int g = 20 + ((c >> 8) & 255) * 235 / 255;
        int b = 20 + (c & 255) * 235 / 255;
        lifted.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    int shortSide = Math.min(photo.getWidth(), photo.getHeight());
    BufferedImage straight = EvalData.render(lifted, new EvalData.View("v", "g", "s", 0.5, 0.5, 0.5, 0));
    int h = (int) Math.round(0.5 * shortSide);
    assertEquals(Math.round(h * 4 / 3.0), straight.getWidth(), 1);
    assertEquals(h, straight.getHeight(), 1);
    int x0 = (int) Math.round(photo.getWidth() / 2.0 - straight.getWidth() / 2.0);
    int y0 = (int) Math.round(photo.getHeight() / 2.0 - straight.getHeight() / 2.0);
    long diff = 0;
    for (int y = 0; y < straight.getHeight(); y += 7) {
      for (int x = 0; x < straight.getWidth(); x += 7) {
        diff += Math.abs((straight.getRGB(x, y) & 255) - (lifted.getRGB(x0 + x, y0 + y) & 255));
      }
    }
    long samples = (long) ((straight.getHeight() + 6) / 7) * ((straight.getWidth() + 6) / 7);
    assertTrue(diff / (double) samples < 4, "mean blue difference " + diff / (double) samples);

    for (double angle : new double[] {37, -48, 95, 183, 262}) {
      BufferedImage view = EvalData.render(lifted, new EvalData.View("v", "g", "s", 0.95, 0.05, 0.6, angle));
      for (int y = 0; y < view.getHeight(); y++) {
        for (int x = 0; x < view.getWidth(); x++) {
          int c = view.getRGB(x, y);
          int min = Math.min((c >> 16) & 255, Math.min((c >> 8) & 255, c & 255));
          // Bicubic interpolation at the rectangle's border may undershoot a little, never to black.
          assertTrue(min >= 8, "angle " + angle + ": pixel (" + x + ", " + y + ") " + Integer.toHexString(c));
        }
      }
    }
  }

  @Test
  void setsRelateViewsNearDuplicatesAndCategoriesAndNeverMakeADistractorAQuery(@TempDir Path dir) throws Exception {
    List<String> photos;
    try (var files = Files.list(PHOTOS)) {
      photos = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("mate_")).sorted().limit(8).toList();
    }
    for (String p : photos) {
      Files.copy(PHOTOS.resolve(p), dir.resolve(p));
    }
    Files.writeString(dir.resolve("manifest.csv"), "file,sha256,bytes,package,version,path_in_package,licence\n"
        + photos.stream().map(p -> p + ",x,1,mate-backgrounds,1,p,GPL-2+\n").collect(Collectors.joining()));
    StringBuilder views = new StringBuilder("image,group,source,centre_x,centre_y,height_share,angle_degrees\n");
    for (int g = 0; g < 2; g++) {
      for (int k = 0; k < 4; k++) {
        views.append("generated/multiview/mv").append(g).append("/view").append(k).append(".png,mv").append(g).append(',')
            .append(photos.get(g)).append(",0.5,0.5,0.5,").append(k * 40).append('\n');
      }
    }
    Files.writeString(dir.resolve("multiview_views.csv"), views);
    // A WebP original is read through the PNG beside it.
    Files.writeString(dir.resolve("neardup_groups.csv"), "image,group,variant\n"
        + photos.get(2) + ",w,light landscape 10x5\n" + photos.get(3).replace(".jpg", ".webp") + ",w,dark landscape 10x5\n"
        + photos.get(4) + ",w,light portrait 5x10\n");
    Files.copy(PHOTOS.resolve(photos.get(3)), dir.resolve(photos.get(3).replace(".jpg", ".png")));
    Files.writeString(dir.resolve("distractors.csv"), "image\n" + photos.get(5) + "\n" + photos.get(6) + "\n");
    Files.writeString(dir.resolve("categories.csv"), "image,category,subcategory\n"
        + photos.get(5) + ",a,\n" + photos.get(6) + ",a,\n" + photos.get(7) + ",b,\n");
    assertTrue(EvalData.isStaged(dir));
    EvalData data = new EvalData(dir);
    data.renderViews(2);
    for (EvalData.View v : data.views()) {
      assertTrue(Files.isRegularFile(dir.resolve(v.image())), v.image());
    }
    Map<String, GroundTruth> sets = data.sets().stream().collect(Collectors.toMap(GroundTruth::name, t -> t));
    GroundTruth mv = sets.get("eval-data/multiview");
    assertEquals(8, mv.queries().size());
    assertTrue(mv.hasGroupsOfFour());
    GroundTruth mvd = sets.get("eval-data/multiview+distractors");
    assertEquals(10, mvd.images().size());
    assertEquals(8, mvd.queries().size());
    assertEquals(3, mvd.relevant().get("generated/multiview/mv0/view0.png").size());
    String dark = photos.get(3).replace(".jpg", ".png");
    GroundTruth shade = sets.get("eval-data/neardup-shade");
    assertEquals(Map.of(photos.get(2), Set.of(dark), dark, Set.of(photos.get(2))), shade.relevant());
    assertEquals(5, shade.images().size());
    GroundTruth aspect = sets.get("eval-data/neardup-aspect");
    assertEquals(Map.of(photos.get(2), Set.of(photos.get(4)), photos.get(4), Set.of(photos.get(2))), aspect.relevant());
    GroundTruth categories = sets.get("eval-data/categories");
    assertEquals(List.of(photos.get(5), photos.get(6)), categories.queries());

    List<IndexedImage> extracted = new Extraction(2).extract(dir, mv.images());
    RetrievalResult r = new RetrievalEvaluation(2).evaluate(mv, extracted,
        java.util.EnumSet.complementOf(java.util.EnumSet.of(SearchMode.MATCHING)));
    assertFalse(r.modes().contains(SearchMode.MATCHING));
    String md = Report.markdown(List.of(r), List.of(), null);
    assertFalse(md.contains(SearchMode.MATCHING.label()), md);
    assertTrue(md.contains(SearchMode.NEURAL.label()), md);
    assertTrue(md.contains("N-S"), md);
  }
}
