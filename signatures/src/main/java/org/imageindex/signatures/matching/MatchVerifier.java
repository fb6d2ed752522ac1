package org.imageindex.signatures.matching;

import boofcv.alg.geo.robust.GenerateHomographyLinear;
import boofcv.struct.geo.AssociatedPair;
import georegression.struct.homography.Homography2D_F64;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether a query and a reference share content, and explains the decision: pairs
 * features by descriptor, fits a reference-to-query homography with RANSAC, then judges the
 * matching box that homography maps.
 *
 * <p>Verdicts, in the order they are tested:
 * <ol>
 *   <li>{@link Verdict#REJECTED_GEOMETRY} when fewer than
 *       {@link VerificationOptions#minInliers()} pairs agree on one homography, unless the
 *       consensus is significant (below);
 *   <li>{@link Verdict#REJECTED_BOX_SHAPE} when the reference box is degenerate (the agreeing
 *       features lie along a line) or its image in the query is folded, not convex, collapsed
 *       or implausibly scaled — shapes no view of a flat region produces;
 *   <li>{@link Verdict#CLONE} when the agreeing features span most of both images and the
 *       homography maps each corner of the reference within {@link #CLONE_CORNER_TOLERANCE}
 *       of the same corner of the query: the same picture, whatever its size or compression;
 *   <li>{@link Verdict#MATCH} otherwise.
 * </ol>
 *
 * <p><b>Significance.</b> A fixed count is too strict where few features can agree (a crop to a
 * quarter of the picture, a small paste, fine textures whose features crowd out each other) and
 * knows nothing of how many pairs were proposed. Below {@code minInliers}, a consensus of
 * {@code k} distinct agreeing pairs (pairs sharing a point within the tolerance count once: one
 * blob found at two scales is one piece of evidence) among {@code n} proposed pairs is accepted
 * when its number of false alarms (Moisan and Stival 2004, "A probabilistic criterion to detect
 * rigid point matches between two images", the a-contrario test of ORSA)
 * <pre>NFA(k, n) = (n - 4) C(n, k) C(k, 4) a^(k - 4)</pre>
 * is at most {@link VerificationOptions#maxFalseAlarms()}, where {@code a} is the chance that a
 * pair placed at random falls within the tolerance of the homography: the area of the tolerance
 * disc over the query's area. The NFA bounds the number of such consensuses expected by chance
 * over all models and subsets tried; it is low only when many of few proposed pairs agree.
 * Consensuses of fewer than {@link #MIN_SIGNIFICANT_INLIERS} distinct pairs are never accepted.
 *
 * <p>Thread-safe and stateless.
 */
public final class MatchVerifier {

  /**
   * Corners within 2 % of the image size: recompression and rescaling move the fitted corners by
   * well under 1 %, while the mildest crop a user would call a different framing removes 5 %.
   */
  public static final double CLONE_CORNER_TOLERANCE = 0.02;
  /**
   * The agreeing features of a clone span at least 25 % of each image. Features never sit on
   * the border and avoid flat sky or walls, so even an exact copy's box can be much smaller
   * than the image (59 % for one landscape of the test set); the corner test does the real work.
   */
  public static final double CLONE_MIN_BOX_AREA = 0.25;
  /** Interior angles of the query box must lie in [25°, 155°]; steeper is a fold, not a view. */
  static final double MIN_ANGLE_DEG = 25;
  /** A matching box narrower than 2 % of its image along either axis is a line of features. */
  static final double MIN_BOX_SIDE = 0.02;
  /** The query box may be at most 40 times larger or smaller in area than the reference box. */
  static final double MAX_AREA_RATIO = 40;
  /**
   * Fewest distinct agreeing pairs the significance test accepts. The best chance consensus
   * between unrelated photographs of the test data gathers 6 (1,991 pairs of MatchSignificanceTest)
   * or 7 (docs/signatures.md); with 8 pairs among a few dozen proposed, the NFA alone would
   * already call a chance consensus significant, so the floor is what keeps it out.
   */
  public static final int MIN_SIGNIFICANT_INLIERS = 8;
  /** Cells per side of the grid that measures {@link MatchScores#coveredSurface()}. */
  static final int COVER_GRID = 10;
  /** Agreeing pairs at which {@link MatchScores#matchStrength()} reaches 1 - 1/e. */
  static final double STRENGTH_SCALE = 20;

  private static final MatchVerifier STANDARD = new MatchVerifier(VerificationOptions.defaults());

  private final VerificationOptions options;

  private MatchVerifier(VerificationOptions options) {
    this.options = options;
  }

  /** The verifier with {@link VerificationOptions#defaults()}. */
  public static MatchVerifier standard() {
    return STANDARD;
  }

  /** A verifier with the given options. */
  public static MatchVerifier of(VerificationOptions options) {
    return new MatchVerifier(Objects.requireNonNull(options, "options"));
  }

  /** The options this verifier was built with. */
  public VerificationOptions options() {
    return options;
  }

  /** Verifies {@code query} against {@code reference}. */
  public MatchResult verify(MatchingFeatures query, MatchingFeatures reference) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(reference, "reference");
    int[][] pairs = Association.associate(query, reference, options.ratio());
    if (pairs.length < fewestInliers()) {
      return rejected(Verdict.REJECTED_GEOMETRY, pairs.length, 0);
    }
    List<AssociatedPair> points = new ArrayList<>(pairs.length);
    for (int[] p : pairs) {
      points.add(new AssociatedPair(reference.x(p[1]), reference.y(p[1]), query.x(p[0]), query.y(p[0])));
    }
    double tol = options.tolerance() * Math.max(query.width(), query.height());
    double[][] rows = new double[points.size()][];
    for (int i = 0; i < rows.length; i++) {
      AssociatedPair p = points.get(i);
      rows[i] = new double[] {p.p1.x, p.p1.y, p.p2.x, p.p2.y};
    }
    Homography2D_F64 h = new HomographyRansac(rows).fit(tol, options.iterations(), options.seed());
    if (h == null) {
      return rejected(Verdict.REJECTED_GEOMETRY, pairs.length, 0);
    }
    List<AssociatedPair> inliers = agreeing(points, h, tol);
    // Refit on every agreeing pair, then let the refit claim the pairs it explains: RANSAC's
    // model comes from 4 points and is the least accurate one consistent with the set.
    for (int round = 0; round < 2 && inliers.size() >= 4; round++) {
      Homography2D_F64 refit = new Homography2D_F64();
      if (!new GenerateHomographyLinear(true).generate(inliers, refit)) {
        break;
      }
      List<AssociatedPair> explained = agreeing(points, refit, tol);
      if (explained.size() < inliers.size()) {
        break;
      }
      h = refit;
      inliers = explained;
    }
    int n = inliers.size();
    if (n < options.minInliers() && !significant(inliers, pairs.length, tol, query.width(), query.height())) {
      return rejected(Verdict.REJECTED_GEOMETRY, pairs.length, n);
    }
    return judge(query, reference, h, inliers, pairs.length);
  }

  /** The fewest agreeing pairs any accepted consensus has. */
  private int fewestInliers() {
    return options.maxFalseAlarms() > 0 ? Math.min(options.minInliers(), MIN_SIGNIFICANT_INLIERS) : options.minInliers();
  }

  /** Whether a consensus too small for the fixed count passes the significance test. */
  private boolean significant(List<AssociatedPair> inliers, int proposed, double tol, int qw, int qh) {
    if (options.maxFalseAlarms() <= 0) {
      return false;
    }
    int k = distinct(inliers, tol);
    return k >= MIN_SIGNIFICANT_INLIERS && log10FalseAlarms(k, proposed, tol, qw, qh) <= Math.log10(options.maxFalseAlarms());
  }

  /** Agreeing pairs whose query point and reference point both lie farther than {@code tol} from those of every pair counted before. */
  static int distinct(List<AssociatedPair> inliers, double tol) {
    double t2 = tol * tol;
    List<AssociatedPair> kept = new ArrayList<>();
    for (AssociatedPair p : inliers) {
      boolean near = false;
      for (AssociatedPair q : kept) {
        if (p.p2.distance2(q.p2) <= t2 || p.p1.distance2(q.p1) <= t2) {
          near = true;
          break;
        }
      }
      if (!near) {
        kept.add(p);
      }
    }
    return kept.size();
  }

  /**
   * log10 of NFA(k, n) = (n - 4) C(n, k) C(k, 4) a^(k - 4), with {@code a} the tolerance disc's
   * share of the query's area.
   */
  static double log10FalseAlarms(int k, int n, double tol, int qw, int qh) {
    if (k < 4 || n < k) {
      return Double.POSITIVE_INFINITY;
    }
    double a = Math.min(1, Math.PI * tol * tol / ((double) qw * qh));
    double ln = Math.log(Math.max(1, n - 4)) + logChoose(n, k) + logChoose(k, 4) + (k - 4) * Math.log(a);
    return ln / Math.log(10);
  }

  private static double logChoose(int n, int k) {
    double s = 0;
    for (int i = 1; i <= k; i++) {
      s += Math.log(n - k + i) - Math.log(i);
    }
    return s;
  }

  private MatchResult judge(MatchingFeatures query, MatchingFeatures reference,
      Homography2D_F64 h, List<AssociatedPair> inliers, int candidates) {
    int n = inliers.size();
    double rw = reference.width();
    double rh = reference.height();
    double qw = query.width();
    double qh = query.height();
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (AssociatedPair p : inliers) {
      minX = Math.min(minX, p.p1.x);
      minY = Math.min(minY, p.p1.y);
      maxX = Math.max(maxX, p.p1.x);
      maxY = Math.max(maxY, p.p1.y);
    }
    Homography homography = normalised(h, rw, rh, qw, qh);
    double[] refXs = {minX / rw, maxX / rw, maxX / rw, minX / rw};
    double[] refYs = {minY / rh, minY / rh, maxY / rh, maxY / rh};
    MatchingBox referenceBox = new MatchingBox(refXs, refYs,
        clamp01((maxX - minX) * (maxY - minY) / (rw * rh)));
    double[] qxs = new double[4];
    double[] qys = new double[4];
    for (int i = 0; i < 4; i++) {
      double[] q = homography.apply(refXs[i], refYs[i]);
      qxs[i] = q[0];
      qys[i] = q[1];
    }
    // Shape is judged in query pixels, where angles are true angles.
    double[] pxs = new double[4];
    double[] pys = new double[4];
    for (int i = 0; i < 4; i++) {
      pxs[i] = qxs[i] * qw;
      pys[i] = qys[i] * qh;
    }
    double queryAreaPx = Math.abs(polygonArea(pxs, pys));
    double refAreaPx = (maxX - minX) * (maxY - minY);
    // The reference's box mapped into a crop of it reaches past the crop's edges; a box is shown
    // on its image, so its vertices are clamped to the edges (its area is already the clipped one).
    double[] shownXs = new double[4];
    double[] shownYs = new double[4];
    for (int i = 0; i < 4; i++) {
      shownXs[i] = clamp01(qxs[i]);
      shownYs[i] = clamp01(qys[i]);
    }
    MatchingBox queryBox = new MatchingBox(shownXs, shownYs, clamp01(clippedArea(qxs, qys)));

    boolean degenerate = (maxX - minX) < MIN_BOX_SIDE * rw || (maxY - minY) < MIN_BOX_SIDE * rh;
    boolean badShape = degenerate
        || !convexWithAngles(pxs, pys, MIN_ANGLE_DEG)
        || refAreaPx <= 0 || queryAreaPx <= 0
        || queryAreaPx / refAreaPx > MAX_AREA_RATIO
        || refAreaPx / queryAreaPx > MAX_AREA_RATIO;
    MatchScores scores = scores(query, inliers, pxs, pys, minX, minY, maxX, maxY);
    if (badShape) {
      return new MatchResult(Verdict.REJECTED_BOX_SHAPE, queryBox, referenceBox, homography,
          scores, n, candidates, 1.0);
    }
    double score = 0.6 * scores.matchStrength() + 0.2 * scores.pointsRatio()
        + 0.2 * scores.coveredSurface();
    Verdict verdict = isClone(homography, referenceBox, queryBox) ? Verdict.CLONE : Verdict.MATCH;
    return new MatchResult(verdict, queryBox, referenceBox, homography, scores, n, candidates,
        clamp01(1 - score));
  }

  private static boolean isClone(Homography h, MatchingBox referenceBox, MatchingBox queryBox) {
    if (referenceBox.area() < CLONE_MIN_BOX_AREA || queryBox.area() < CLONE_MIN_BOX_AREA) {
      return false;
    }
    double[][] corners = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
    for (double[] c : corners) {
      double[] m = h.apply(c[0], c[1]);
      if (Math.abs(m[0] - c[0]) > CLONE_CORNER_TOLERANCE || Math.abs(m[1] - c[1]) > CLONE_CORNER_TOLERANCE) {
        return false;
      }
    }
    return true;
  }

  private static MatchScores scores(MatchingFeatures query, List<AssociatedPair> inliers,
      double[] pxs, double[] pys, double minX, double minY, double maxX, double maxY) {
    int inside = 0;
    for (int i = 0; i < query.size(); i++) {
      if (insideConvex(pxs, pys, query.x(i), query.y(i))) {
        inside++;
      }
    }
    double pointsRatio = inside == 0 ? 0 : Math.min(1.0, (double) inliers.size() / inside);
    boolean[] cells = new boolean[COVER_GRID * COVER_GRID];
    double w = Math.max(1e-9, maxX - minX);
    double hgt = Math.max(1e-9, maxY - minY);
    for (AssociatedPair p : inliers) {
      int cx = Math.min(COVER_GRID - 1, (int) ((p.p1.x - minX) / w * COVER_GRID));
      int cy = Math.min(COVER_GRID - 1, (int) ((p.p1.y - minY) / hgt * COVER_GRID));
      cells[cy * COVER_GRID + cx] = true;
    }
    int covered = 0;
    for (boolean c : cells) {
      covered += c ? 1 : 0;
    }
    double strength = 1 - Math.exp(-inliers.size() / STRENGTH_SCALE);
    return new MatchScores(pointsRatio, (double) covered / cells.length, strength);
  }

  private static List<AssociatedPair> agreeing(List<AssociatedPair> points, Homography2D_F64 h, double tol) {
    List<AssociatedPair> out = new ArrayList<>();
    double t2 = tol * tol;
    for (AssociatedPair p : points) {
      double w = h.a31 * p.p1.x + h.a32 * p.p1.y + h.a33;
      double x = (h.a11 * p.p1.x + h.a12 * p.p1.y + h.a13) / w;
      double y = (h.a21 * p.p1.x + h.a22 * p.p1.y + h.a23) / w;
      double dx = x - p.p2.x;
      double dy = y - p.p2.y;
      if (dx * dx + dy * dy <= t2) {
        out.add(p);
      }
    }
    return out;
  }

  /** Converts a pixel homography to normalised coordinates of both images. */
  private static Homography normalised(Homography2D_F64 h, double rw, double rh, double qw, double qh) {
    // H_n = diag(1/qw, 1/qh, 1) * H_px * diag(rw, rh, 1)
    double[] c = {
      h.a11 * rw / qw, h.a12 * rh / qw, h.a13 / qw,
      h.a21 * rw / qh, h.a22 * rh / qh, h.a23 / qh,
      h.a31 * rw, h.a32 * rh, h.a33
    };
    double s = c[8];
    for (int i = 0; i < 9; i++) {
      c[i] /= s;
    }
    return new Homography(c);
  }

  private MatchResult rejected(Verdict verdict, int candidates, int inliers) {
    return new MatchResult(verdict, MatchingBox.none(), MatchingBox.none(), Homography.identity(),
        MatchScores.none(), inliers, candidates, 1.0);
  }

  static double polygonArea(double[] xs, double[] ys) {
    double a = 0;
    for (int i = 0; i < xs.length; i++) {
      int j = (i + 1) % xs.length;
      a += xs[i] * ys[j] - xs[j] * ys[i];
    }
    return a / 2;
  }

  /** True when the quadrilateral turns the same way at every vertex, by at least minAngle. */
  static boolean convexWithAngles(double[] xs, double[] ys, double minAngleDeg) {
    int sign = 0;
    double minSin = Math.sin(Math.toRadians(minAngleDeg));
    for (int i = 0; i < 4; i++) {
      int prev = (i + 3) % 4;
      int next = (i + 1) % 4;
      double ax = xs[prev] - xs[i];
      double ay = ys[prev] - ys[i];
      double bx = xs[next] - xs[i];
      double by = ys[next] - ys[i];
      double la = Math.hypot(ax, ay);
      double lb = Math.hypot(bx, by);
      if (la < 1e-9 || lb < 1e-9) {
        return false;
      }
      double cross = ax * by - ay * bx;
      int s = cross > 0 ? 1 : -1;
      if (sign == 0) {
        sign = s;
      } else if (s != sign) {
        return false;
      }
      // |sin| of the interior angle: small means nearly 0° or 180°.
      if (Math.abs(cross) / (la * lb) < minSin) {
        return false;
      }
    }
    return true;
  }

  private static boolean insideConvex(double[] xs, double[] ys, double x, double y) {
    int sign = 0;
    for (int i = 0; i < 4; i++) {
      int j = (i + 1) % 4;
      double cross = (xs[j] - xs[i]) * (y - ys[i]) - (ys[j] - ys[i]) * (x - xs[i]);
      int s = cross >= 0 ? 1 : -1;
      if (sign == 0) {
        sign = s;
      } else if (s != sign) {
        return false;
      }
    }
    return true;
  }

  /** Area of the quadrilateral clipped to the unit square (Sutherland–Hodgman), in [0, 1]. */
  static double clippedArea(double[] xs, double[] ys) {
    List<double[]> poly = new ArrayList<>();
    for (int i = 0; i < xs.length; i++) {
      poly.add(new double[] {xs[i], ys[i]});
    }
    poly = clip(poly, 0, true, true);
    poly = clip(poly, 1, true, false);
    poly = clip(poly, 0, false, true);
    poly = clip(poly, 1, false, false);
    double[] px = new double[poly.size()];
    double[] py = new double[poly.size()];
    for (int i = 0; i < px.length; i++) {
      px[i] = poly.get(i)[0];
      py[i] = poly.get(i)[1];
    }
    return px.length < 3 ? 0 : Math.abs(polygonArea(px, py));
  }

  private static List<double[]> clip(List<double[]> poly, double edge, boolean onX, boolean keepAbove) {
    List<double[]> out = new ArrayList<>();
    int n = poly.size();
    for (int i = 0; i < n; i++) {
      double[] a = poly.get(i);
      double[] b = poly.get((i + 1) % n);
      double va = onX ? a[0] : a[1];
      double vb = onX ? b[0] : b[1];
      boolean ina = keepAbove ? va >= edge : va <= edge;
      boolean inb = keepAbove ? vb >= edge : vb <= edge;
      if (ina) {
        out.add(a);
      }
      if (ina != inb) {
        double t = (edge - va) / (vb - va);
        out.add(new double[] {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])});
      }
    }
    return out;
  }

  private static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
