package org.imageindex.examples.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.imageindex.matching.ImageMatch;
import org.imageindex.search.NearDuplicatePairs;
import org.imageindex.search.SearchHit;
import org.imageindex.search.SearchResult;
import org.imageindex.signatures.decode.ImageDecoder;
import org.imageindex.signatures.matching.MatchingBox;

/**
 * A static HTML page of search results: a thumbnail per image (small JPEG files beside the page),
 * distances, verdicts, and each matching box drawn as an SVG polygon over its thumbnail.
 *
 * <p>The page also measures its own layout when it loads: every image's natural and rendered
 * size, and every drawn box's rectangle relative to its image, written as JSON into the hidden
 * {@code <pre id="measurements">}, so an automated check can compare what a browser drew with
 * the coordinates the search returned.
 */
public final class HtmlReport {

  /** Thumbnails fit in 240 x 240 pixels: a few rows fit on a screen and files stay a few KB. */
  public static final int THUMBNAIL_SIDE = 240;

  private final String title;
  private final List<ReportRow> rows;

  private HtmlReport(String title, List<ReportRow> rows) {
    this.title = Objects.requireNonNull(title, "title");
    this.rows = List.copyOf(rows);
  }

  /** A report of these rows. */
  public static HtmlReport of(String title, List<ReportRow> rows) {
    return new HtmlReport(title, rows);
  }

  /**
   * A match search's report: per hit, the query with its matching box and the reference with its
   * own, the verdict, the distance and the scores.
   *
   * @param query      the query image file
   * @param hits       the hits of {@code index.matcher().search(...)}
   * @param imageOfHit the image file of a hit's record (e.g. its origin), or null when there is none
   */
  public static HtmlReport ofMatches(String title, Path query, List<ImageMatch> hits,
      java.util.function.Function<String, Path> imageOfHit) {
    List<ReportRow> rows = new ArrayList<>();
    for (ImageMatch h : hits) {
      var r = h.result();
      rows.add(new ReportRow(List.of(new ReportImage("query", query, r.queryBox()),
          new ReportImage(h.id(), imageOfHit.apply(h.id()), r.referenceBox())),
          h.distance(), h.verdict().label(), List.of(String.format(Locale.ROOT,
              "matchStrength %.3f, boxPointsRatioHomography %.3f, boxCoveredSurface %.3f, %d inliers",
              r.scores().matchStrength(), r.scores().pointsRatio(), r.scores().coveredSurface(), r.inliers()))));
    }
    return new HtmlReport(title, rows);
  }

  /** A kNN, range or near-duplicate search's report: the query, then each hit with its distance. */
  public static HtmlReport ofSearch(String title, Path query, SearchResult result,
      java.util.function.Function<String, Path> imageOfHit) {
    List<ReportRow> rows = new ArrayList<>();
    for (SearchHit h : result.hits()) {
      rows.add(new ReportRow(List.of(ReportImage.of("query", query), ReportImage.of(h.id(), imageOfHit.apply(h.id()))),
          h.distance(), null, List.of(String.format(Locale.ROOT, "score %.3f", h.score()))));
    }
    return new HtmlReport(title, rows);
  }

  /** The near-duplicate groups of an index: a row per group, with the Hamming distance of each pair. */
  public static HtmlReport ofNearDuplicates(String title, NearDuplicatePairs pairs,
      java.util.function.Function<String, Path> imageOfRecord) {
    List<ReportRow> rows = new ArrayList<>();
    for (List<String> group : pairs.groups()) {
      List<ReportImage> images = group.stream().map(id -> ReportImage.of(id, imageOfRecord.apply(id))).toList();
      List<String> notes = new ArrayList<>();
      double closest = Double.NaN;
      for (NearDuplicatePairs.Pair p : pairs.pairs()) {
        if (group.contains(p.a())) {
          notes.add(p.a() + " – " + p.b() + ": " + p.distance() + " bits");
          closest = Double.isNaN(closest) ? p.distance() : Math.min(closest, p.distance());
        }
      }
      rows.add(new ReportRow(images, closest, null, notes));
    }
    return new HtmlReport(title, rows);
  }

  /**
   * Writes {@code index.html} and the thumbnails ({@code thumbs/*.jpg}) into {@code dir}.
   *
   * @return the page
   * @throws IOException if a file cannot be written
   */
  public Path write(Path dir) throws IOException {
    Path thumbs = Files.createDirectories(dir.resolve("thumbs"));
    Map<Path, Thumbnail> made = new HashMap<>();
    StringBuilder body = new StringBuilder();
    int boxNo = 0;
    for (int i = 0; i < rows.size(); i++) {
      ReportRow row = rows.get(i);
      body.append("<section class=\"row\">\n<div class=\"images\">\n");
      for (ReportImage img : row.images()) {
        Thumbnail t = img.image() == null ? null : made.computeIfAbsent(img.image().toAbsolutePath().normalize(),
            p -> thumbnail(p, thumbs.resolve(String.format(Locale.ROOT, "t%03d.jpg", made.size()))));
        body.append("<figure>");
        if (t == null) {
          body.append("<div class=\"missing\">no image file</div>");
        } else {
          body.append("<div class=\"frame\" style=\"width:").append(t.width).append("px;height:").append(t.height)
              .append("px\"><img src=\"thumbs/").append(t.file).append("\" width=\"").append(t.width)
              .append("\" height=\"").append(t.height).append("\" alt=\"").append(escape(img.id())).append("\">");
          if (img.box() != null && img.box().area() > 0) {
            body.append(svg(img.box(), "box" + boxNo++));
          }
          body.append("</div>");
        }
        body.append("<figcaption>").append(escape(img.id())).append("</figcaption></figure>\n");
      }
      body.append("</div>\n<p class=\"facts\">");
      if (row.verdict() != null) {
        body.append("<span class=\"verdict\">").append(escape(row.verdict())).append("</span> ");
      }
      if (!Double.isNaN(row.distance())) {
        body.append("distance <span class=\"distance\">").append(String.format(Locale.ROOT, "%.4f", row.distance())).append("</span>");
      }
      body.append("</p>\n");
      for (String n : row.notes()) {
        body.append("<p class=\"note\">").append(escape(n)).append("</p>\n");
      }
      body.append("</section>\n");
    }
    Path page = dir.resolve("index.html");
    Files.writeString(page, PAGE.formatted(escape(title), escape(title), rows.size(), body), StandardCharsets.UTF_8);
    return page;
  }

  private record Thumbnail(String file, int width, int height) {}

  /** The image upright (EXIF orientation applied, as the index sees it), scaled into the thumbnail square. */
  private static Thumbnail thumbnail(Path source, Path target) {
    BufferedImage image = ImageDecoder.standard().withTargetSide(THUMBNAIL_SIDE).decode(source).image();
    double scale = Math.min(1.0, (double) THUMBNAIL_SIDE / Math.max(image.getWidth(), image.getHeight()));
    int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.drawImage(image, 0, 0, w, h, null);
    g.dispose();
    try {
      if (!ImageIO.write(out, "jpg", target.toFile())) {
        throw new IOException("no JPEG writer installed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write thumbnail " + target, e);
    }
    return new Thumbnail(target.getFileName().toString(), w, h);
  }

  /** The box as a polygon in a 0..1 coordinate system stretched over the thumbnail. */
  private static String svg(MatchingBox box, String id) {
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      double[] p = box.point(i);
      points.append(String.format(Locale.ROOT, "%s%.5f,%.5f", i == 0 ? "" : " ", p[0], p[1]));
    }
    return "<svg class=\"box\" viewBox=\"0 0 1 1\" preserveAspectRatio=\"none\"><polygon id=\"" + id
        + "\" points=\"" + points + "\" vector-effect=\"non-scaling-stroke\"/></svg>";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static final String PAGE = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>%s</title>
      <style>
      body { font-family: sans-serif; margin: 16px; color: #222; }
      .row { border-bottom: 1px solid #ddd; padding: 8px 0; }
      .images { display: flex; gap: 12px; flex-wrap: wrap; align-items: flex-start; }
      figure { margin: 0; }
      .frame { position: relative; }
      .frame img { display: block; }
      svg.box { position: absolute; left: 0; top: 0; width: 100%%; height: 100%%; overflow: visible; }
      svg.box polygon { fill: rgba(255, 64, 0, 0.15); stroke: #ff4000; stroke-width: 2px; }
      .missing { width: 160px; height: 120px; background: #eee; display: flex; align-items: center; justify-content: center; }
      .verdict { font-weight: bold; }
      figcaption, .note { font-size: 12px; color: #555; margin: 2px 0; }
      #measurements { display: none; }
      </style>
      </head>
      <body>
      <h1>%s</h1>
      <p>%d results</p>
      %s<pre id="measurements"></pre>
      <script>
      window.addEventListener('load', function () {
        var out = { images: [], boxes: [] };
        document.querySelectorAll('.frame').forEach(function (frame) {
          var img = frame.querySelector('img');
          var ir = img.getBoundingClientRect();
          out.images.push({ src: img.getAttribute('src'), naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight,
                            width: ir.width, height: ir.height });
          frame.querySelectorAll('polygon').forEach(function (p) {
            var r = p.getBoundingClientRect();
            out.boxes.push({ id: p.id, image: img.getAttribute('src'), imageWidth: ir.width, imageHeight: ir.height,
                             left: r.left - ir.left, top: r.top - ir.top, right: r.right - ir.left, bottom: r.bottom - ir.top });
          });
        });
        document.getElementById('measurements').textContent = JSON.stringify(out);
      });
      </script>
      </body>
      </html>
      """;
}
