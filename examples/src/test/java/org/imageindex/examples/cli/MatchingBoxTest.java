package org.imageindex.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.imageindex.ImageIndex;
import org.imageindex.matching.ImageMatch;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.record.ImageSource;
import org.imageindex.signatures.TestData;
import org.imageindex.signatures.matching.MatchingBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every matching box, in the API and in the CLI's output, lies inside its image: [0, 1] on both axes. */
class MatchingBoxTest {

  private static final Pattern BOX = Pattern.compile("box in query \\(([-\\d.]+), ([-\\d.]+)\\)-\\(([-\\d.]+), ([-\\d.]+)\\)");

  static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = ImageIndexCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertEquals(0, status, err.toString());
    return out.toString();
  }

  /** Crops off-centre and at the edges, and rotations: the reference's box maps partly outside such queries. */
  static List<BufferedImage> attacks(BufferedImage src) {
    int w = src.getWidth();
    int h = src.getHeight();
    List<BufferedImage> out = new ArrayList<>();
    out.add(src.getSubimage(w / 2, 0, w / 2, h));
    out.add(src.getSubimage(0, 0, w / 2, h / 2));
    out.add(src.getSubimage(w / 4, h / 4, w / 2, h / 2));
    out.add(src.getSubimage(w / 3, h / 5, 2 * w / 3, 4 * h / 5));
    for (double degrees : new double[] {17, 90}) {
      double t = Math.toRadians(degrees);
      BufferedImage r = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = r.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.rotate(t, w / 2.0, h / 2.0);
      g.drawImage(src, 0, 0, null);
      g.dispose();
      out.add(r);
    }
    return out;
  }

  static void assertInside(MatchingBox box, String what) {
    for (int i = 0; i < 4; i++) {
      double[] p = box.point(i);
      assertTrue(p[0] >= 0 && p[0] <= 1 && p[1] >= 0 && p[1] <= 1, what + ": " + box);
    }
    assertTrue(box.area() >= 0 && box.area() <= 1, what + ": " + box);
  }

  @Test
  void everyBoxOfCropsAndRotationsLiesInsideItsImage(@TempDir Path tmp) throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("photos"));
    List<Path> sources;
    try (var s = Files.list(TestData.root().resolve("geometric-pairs/images"))) {
      sources = s.filter(ImageFolder::isImageName).sorted().limit(4).toList();
    }
    for (Path p : sources) {
      Files.copy(p, folder.resolve(p.getFileName()));
    }
    Path index = tmp.resolve("index");
    cli("index", folder.toString(), "--index", index.toString(), "--no-progress");
    int boxes = 0;
    int printed = 0;
    try (ImageIndex idx = ImageIndex.open(index)) {
      for (Path p : sources) {
        List<BufferedImage> queries = attacks(ImageIO.read(p.toFile()));
        for (int q = 0; q < queries.size(); q++) {
          Path file = tmp.resolve(p.getFileName() + "-" + q + ".png");
          ImageIO.write(queries.get(q), "png", file.toFile());
          for (ImageMatch m : idx.matcher().search(ImageMatchQuery.builder(ImageSource.file(file)).build())) {
            assertInside(m.result().queryBox(), file.getFileName() + " query box, hit " + m.id());
            assertInside(m.result().referenceBox(), file.getFileName() + " reference box, hit " + m.id());
            boxes++;
          }
        }
      }
    }
    for (Path p : sources) {
      for (int q = 0; q < 6; q++) {
        Path file = tmp.resolve(p.getFileName() + "-" + q + ".png");
        Matcher m = BOX.matcher(cli("search", file.toString(), "--index", index.toString(), "--mode", "match"));
        while (m.find()) {
          for (int g = 1; g <= 4; g++) {
            double v = Double.parseDouble(m.group(g));
            assertTrue(v >= 0 && v <= 1, file.getFileName() + ": " + m.group());
          }
          printed++;
        }
      }
    }
    assertTrue(boxes >= sources.size() * 4, "matches found: " + boxes);
    assertEquals(boxes, printed, "the CLI prints a box per match");
  }
}
