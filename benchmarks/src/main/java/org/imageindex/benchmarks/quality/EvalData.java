package org.imageindex.benchmarks.quality;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.signatures.decode.ImageDecoder;

/**
 * The held-out evaluation collection staged by {@code scripts/stage-eval-data} (truth CSVs in
 * {@code benchmarks/eval-data/}): the sets the harness ranks on it, the multi-view views it
 * renders from the staged photos, and the fine-textured photos it attacks for copy detection.
 *
 * <p>Sets, each named {@code eval-data/<set>}:
 * <ul>
 *   <li>{@code multiview}: groups of four views cut from one photo each (panned, rolled in the
 *       image plane), rendered here from {@code multiview_views.csv}; N-S score applies;
 *   <li>{@code multiview+distractors}: the same, ranked among every distractor;
 *   <li>{@code neardup-shade}: a wallpaper's light and dark variants of the same cut, both ways;
 *   <li>{@code neardup-aspect}: a portrait and a landscape cut of the same artwork and shade;
 *   <li>{@code neardup+distractors}: every near-duplicate group among every distractor;
 *   <li>{@code categories}: semantic categories (GCompris photos by topic, Tux Paint object
 *       photos by kind of object).
 * </ul>
 */
final class EvalData {

  /** Side the views are rendered at: larger than the working size, so extraction still shrinks them. */
  static final int VIEW_SIDE = 800;
  /** Photos are read at up to this side before a view is cut, so a half-height view keeps detail. */
  static final int SOURCE_SIDE = 1600;
  /**
   * Fine-textured photos attacked for copy detection; every other one is held out: 32 × 13
   * distractor copies, each verified against the 32 indexed photos (13,312 pairs).
   */
  static final int COPY_PHOTOS = 64;
  /**
   * Sets with more images than this are ranked without verified matching (one verification per
   * pair: 83,000 for the 288 views alone, more than a shared two-core machine runs in an hour);
   * copy detection measures matching instead.
   */
  static final int MATCHING_MAX_IMAGES = 100;

  private final Path dir;

  /** One rendered view: a rotated rectangle of a source photo, its centre and height as shares. */
  record View(String image, String group, String source, double centreX, double centreY,
      double heightShare, double angleDegrees) {}

  EvalData(Path dir) {
    this.dir = dir.toAbsolutePath();
  }

  /** Whether {@code dir} holds a staged collection (the staging script copies the CSVs last). */
  static boolean isStaged(Path dir) {
    return Files.isRegularFile(dir.resolve("manifest.csv")) && Files.isRegularFile(dir.resolve("multiview_views.csv"))
        && Files.isRegularFile(dir.resolve("distractors.csv")) && Files.isRegularFile(dir.resolve("neardup_groups.csv"))
        && Files.isRegularFile(dir.resolve("categories.csv"));
  }

  Path dir() {
    return dir;
  }

  /** The name the harness reads a staged file by: a WebP original through the PNG staged beside it. */
  static String readable(String name) {
    return name.toLowerCase(Locale.ROOT).endsWith(".webp") ? name.substring(0, name.length() - 5) + ".png" : name;
  }

  List<View> views() {
    List<View> views = new ArrayList<>();
    for (List<String> row : rows("multiview_views.csv", 7)) {
      views.add(new View(row.get(0), row.get(1), readable(row.get(2)), Double.parseDouble(row.get(3)),
          Double.parseDouble(row.get(4)), Double.parseDouble(row.get(5)), Double.parseDouble(row.get(6))));
    }
    return views;
  }

  List<String> distractors() {
    return rows("distractors.csv", 1).stream().map(r -> readable(r.get(0))).toList();
  }

  /**
   * Renders every view not yet on disk. A view is the rectangle of {@code heightShare} of the
   * source's shorter side (4:3), centred at the given shares and rotated about its centre; when
   * the rotated rectangle would leave the photo it is shrunk, then moved inside, so no view shows
   * anything but the photo.
   */
  void renderViews(int threads) {
    List<View> todo = views().stream().filter(v -> !Files.isRegularFile(dir.resolve(v.image()))).toList();
    ImageDecoder decoder = ImageDecoder.standard().withTargetSide(SOURCE_SIDE);
    Extraction.parallel(todo.size(), threads, i -> {
      View v = todo.get(i);
      BufferedImage src = decoder.decode(dir.resolve(v.source())).pixels(SOURCE_SIDE).toImage();
      write(render(src, v), dir.resolve(v.image()));
      return null;
    });
  }

  static BufferedImage render(BufferedImage src, View v) {
    double a = Math.toRadians(v.angleDegrees());
    double cos = Math.abs(Math.cos(a));
    double sin = Math.abs(Math.sin(a));
    double h = v.heightShare() * Math.min(src.getWidth(), src.getHeight());
    double w = h * 4 / 3;
    double boxW = w * cos + h * sin;
    double boxH = w * sin + h * cos;
    double shrink = Math.min(1, Math.min(src.getWidth() / boxW, src.getHeight() / boxH));
    w *= shrink;
    h *= shrink;
    boxW *= shrink;
    boxH *= shrink;
    double cx = Math.clamp(v.centreX() * src.getWidth(), boxW / 2, src.getWidth() - boxW / 2);
    double cy = Math.clamp(v.centreY() * src.getHeight(), boxH / 2, src.getHeight() - boxH / 2);
    double scale = Math.min(1, VIEW_SIDE / Math.max(w, h));
    int outW = Math.max(1, (int) Math.round(w * scale));
    int outH = Math.max(1, (int) Math.round(h * scale));
    BufferedImage out = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.translate(outW / 2.0, outH / 2.0);
    g.scale(scale, scale);
    g.rotate(-a);
    g.translate(-cx, -cy);
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return out;
  }

  private static void write(BufferedImage image, Path file) {
    try {
      Files.createDirectories(file.getParent());
      Path part = file.resolveSibling(file.getFileName() + ".part");
      if (!ImageIO.write(image, "png", part.toFile())) {
        throw new IllegalStateException("no PNG writer");
      }
      Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write view " + file, e);
    }
  }

  /** The ranked sets, as the class comment lists them. */
  List<GroundTruth> sets() {
    List<GroundTruth> sets = new ArrayList<>();
    List<String> distractors = distractors();
    Map<String, String> viewGroups = new LinkedHashMap<>();
    views().forEach(v -> viewGroups.put(v.image(), v.group()));
    sets.add(groups("multiview", viewGroups, List.of()));
    sets.add(groups("multiview+distractors", viewGroups, distractors));

    Map<String, String> dupGroup = new LinkedHashMap<>();
    Map<String, String> variant = new LinkedHashMap<>();
    for (List<String> row : rows("neardup_groups.csv", 3)) {
      String image = readable(row.get(0));
      dupGroup.put(image, row.get(1));
      variant.put(image, row.get(2));
    }
    Map<String, Set<String>> shade = new LinkedHashMap<>();
    Map<String, Set<String>> aspect = new LinkedHashMap<>();
    for (String a : dupGroup.keySet()) {
      for (String b : dupGroup.keySet()) {
        if (a.equals(b) || !dupGroup.get(a).equals(dupGroup.get(b))) {
          continue;
        }
        String[] va = variant.get(a).split(" ");
        String[] vb = variant.get(b).split(" ");
        String orientA = va.length > 1 ? va[1] : "";
        String orientB = vb.length > 1 ? vb[1] : "";
        if (!va[0].equals(vb[0]) && orientA.equals(orientB)) {
          shade.computeIfAbsent(a, k -> new LinkedHashSet<>()).add(b);
        } else if (va[0].equals(vb[0]) && !orientA.equals(orientB)) {
          aspect.computeIfAbsent(a, k -> new LinkedHashSet<>()).add(b);
        }
      }
    }
    // Each relation is ranked among every near-duplicate image and every distractor: the other
    // variants of a group that are not the relation's are neither relevant nor queries.
    List<String> dupImages = new ArrayList<>(dupGroup.keySet());
    sets.add(pairs("neardup-shade", shade, dupImages, distractors));
    sets.add(pairs("neardup-aspect", aspect, dupImages, distractors));
    sets.add(groups("neardup+distractors", dupGroup, distractors));

    Map<String, String> category = new LinkedHashMap<>();
    for (List<String> row : rows("categories.csv", 2)) {
      category.put(readable(row.get(0)), row.get(1));
    }
    sets.add(groups("categories", category, List.of()));
    return sets;
  }

  /** Groups, plus distractors each in a group of its own (ranked, never relevant, not queries). */
  private GroundTruth groups(String name, Map<String, String> groupOf, List<String> distractors) {
    Map<String, String> all = new LinkedHashMap<>(groupOf);
    distractors.forEach(d -> all.putIfAbsent(d, "distractor:" + d));
    Map<String, List<String>> members = new LinkedHashMap<>();
    all.forEach((image, group) -> members.computeIfAbsent(group, k -> new ArrayList<>()).add(image));
    Map<String, Set<String>> relevant = new LinkedHashMap<>();
    all.forEach((image, group) -> {
      Set<String> others = new LinkedHashSet<>(members.get(group));
      others.remove(image);
      if (!others.isEmpty()) {
        relevant.put(image, others);
      }
    });
    Map<String, String> labels = new LinkedHashMap<>(all);
    labels.replaceAll((image, group) -> group.startsWith("distractor:") ? "distractor" : group);
    return new GroundTruth("eval-data/" + name, dir, GroundTruth.Form.GROUPS, new ArrayList<>(all.keySet()),
        relevant, labels);
  }

  private GroundTruth pairs(String name, Map<String, Set<String>> relevant, List<String> images, List<String> distractors) {
    Set<String> all = new LinkedHashSet<>(images);
    all.addAll(distractors);
    return new GroundTruth("eval-data/" + name, dir, GroundTruth.Form.PAIRS, new ArrayList<>(all), relevant, Map.of());
  }

  /**
   * The {@value #COPY_PHOTOS} most finely textured photos of the collection, sorted by name: of
   * every staged photograph that is neither a cut-out object (Tux Paint) nor rendered artwork
   * (a near-duplicate wallpaper) nor a generated view, the ones with the highest mean absolute
   * Laplacian of the luma at the working size. Fine texture is what the verifier found hardest.
   */
  List<Path> fineTexturedPhotos(int threads) {
    Set<String> exclude = new LinkedHashSet<>();
    rows("neardup_groups.csv", 3).forEach(r -> exclude.add(readable(r.get(0))));
    List<String> pool = rows("manifest.csv", 7).stream().map(r -> readable(r.get(0)))
        .filter(n -> !n.startsWith("tuxpaint-stamps-default/") && !exclude.contains(n)).distinct().toList();
    ImageDecoder decoder = ImageDecoder.standard().withTargetSide(SignatureExtractor.WORKING_SIDE);
    List<Double> texture = Extraction.parallel(pool.size(), threads, i -> {
      Images.Pixels px = decoder.decode(dir.resolve(pool.get(i))).pixels(SignatureExtractor.WORKING_SIDE);
      return Math.min(px.width(), px.height()) < 256 ? -1.0 : meanAbsLaplacian(px);
    });
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < pool.size(); i++) {
      if (texture.get(i) >= 0) {
        order.add(i);
      }
    }
    order.sort(Comparator.comparingDouble((Integer i) -> -texture.get(i)).thenComparing(pool::get));
    return order.stream().limit(COPY_PHOTOS).map(pool::get).sorted().map(dir::resolve).toList();
  }

  static double meanAbsLaplacian(Images.Pixels px) {
    float[] g = Images.gray(px);
    int w = px.width();
    int h = px.height();
    double sum = 0;
    for (int y = 1; y < h - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        int i = y * w + x;
        sum += Math.abs(4 * g[i] - g[i - 1] - g[i + 1] - g[i - w] - g[i + w]);
      }
    }
    return sum / Math.max(1, (w - 2) * (h - 2));
  }

  /** The attacks of the copy-detection targets, each at its target strength and one milder. */
  static List<Attack> attacks() {
    List<Attack> a = new ArrayList<>();
    for (double s : new double[] {0.4, 0.25}) {
      a.add(new Attack(Attack.Kind.CROP, s));
    }
    for (double s : new double[] {15, 45, 90, 180, 315}) {
      a.add(new Attack(Attack.Kind.ROTATION, s));
    }
    for (double s : new double[] {0.5, 0.25}) {
      a.add(new Attack(Attack.Kind.SCALE, s));
    }
    for (double s : new double[] {50, 15}) {
      a.add(new Attack(Attack.Kind.JPEG, s));
    }
    for (double s : new double[] {0.25, 0.1}) {
      a.add(new Attack(Attack.Kind.PASTE, s));
    }
    return a;
  }

  private List<List<String>> rows(String csv, int columns) {
    Path file = dir.resolve(csv);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> cells = GroundTruth.Csv.split(lines.get(i));
      if (cells.size() < columns) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected " + columns + " columns, got " + cells.size());
      }
      rows.add(cells);
    }
    return rows;
  }
}
