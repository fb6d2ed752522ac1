package org.imageindex.signatures.color;

/**
 * Per-pixel subject weights for a small image, from two background priors of salient-object
 * detection. Both start from the same assumption: what touches the image border is background
 * (sky, road, façades), the subject is framed inside.
 * <ul>
 *   <li><b>Minimum barrier distance to the border.</b> For every pixel, over all paths to the
 *       border, the smallest "barrier" met: per Lab channel, the highest minus the lowest value
 *       along the path, summed over L, a and b. A sky or a wall that reaches the border through
 *       similar colours gets a low barrier however far it stretches; a car is enclosed by its
 *       outline, so every path out crosses a step in colour. Computed by
 *       {@value #PASSES} alternating raster scans (the approximation of Zhang et al., "Minimum
 *       Barrier Salient Object Detection at 80 FPS", 2015), linear in the number of pixels.
 *   <li><b>Contrast to a border colour model.</b> The colours of the outer {@value #BORDER} of
 *       each side are clustered into {@value #BORDER_COLOURS} Lab colours (k-means, deterministic
 *       farthest-point start); a pixel's value is its ΔE to the nearest of them. This catches
 *       background cut off from the border by a lamp post or a person, which the barrier alone
 *       calls foreground, as long as its colour also appears on the border.
 * </ul>
 * The weight is the product of the two, so a pixel must stand out both ways. Pixels on the border
 * itself weigh zero. If no pixel stands out (an image of flat colours that all touch the border),
 * every weight is zero and the caller falls back to its other priors.
 */
final class SubjectMask {

  /** Border strip sampled for the colour model: 10% of each side. */
  static final double BORDER = 0.1;

  /**
   * Four border colours: one each for a street scene's sky, façade, road and shadow. Eight
   * measured about the same on the Ferrari sample, one or two lower (whole background areas
   * left unmodelled).
   */
  static final int BORDER_COLOURS = 4;

  /** k-means rounds for the border colours; on a few hundred points they settle in 5 to 10. */
  static final int BORDER_ROUNDS = 10;

  /**
   * Raster-scan passes (forward, backward, forward, backward): two pairs propagate barriers
   * around one bend of a path, which covers the shapes of photographed objects. On the Ferrari
   * sample two passes measured slightly lower and six the same.
   */
  static final int PASSES = 4;

  private SubjectMask() {}

  /**
   * Subject weight of each pixel, {@code >= 0}, row-major.
   *
   * @param lab L, a, b per pixel, row-major, {@code 3 * w * h} values
   */
  static double[] weights(double[] lab, int w, int h) {
    double[] barrier = barrier(lab, w, h);
    double[] contrast = borderContrast(lab, w, h);
    double[] out = new double[w * h];
    for (int i = 0; i < out.length; i++) {
      out[i] = barrier[i] * contrast[i];
    }
    return out;
  }

  /**
   * The mask with every weight at or above its {@code quantile} (over all pixels) raised to 1 and
   * the others divided by that value, in [0, 1]: which pixels are subject, no longer how much they
   * contrast. The mask itself if fewer pixels than {@code 1 - quantile} have any weight.
   */
  static double[] saturated(double[] mask, double quantile) {
    double[] sorted = mask.clone();
    java.util.Arrays.sort(sorted);
    double top = sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))];
    if (!(top > 0)) {
      return mask;
    }
    double[] out = new double[mask.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.min(1, mask[i] / top);
    }
    return out;
  }

  /** Minimum barrier distance of every pixel to the image border (raster-scan approximation). */
  static double[] barrier(double[] lab, int w, int h) {
    int n = w * h;
    double[] dist = new double[n];
    double[] hi = lab.clone();
    double[] lo = lab.clone();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean border = x == 0 || y == 0 || x == w - 1 || y == h - 1;
        dist[y * w + x] = border ? 0 : Double.POSITIVE_INFINITY;
      }
    }
    for (int pass = 0; pass < PASSES; pass++) {
      boolean forward = pass % 2 == 0;
      for (int yy = 1; yy < h - 1; yy++) {
        int y = forward ? yy : h - 1 - yy;
        for (int xx = 1; xx < w - 1; xx++) {
          int x = forward ? xx : w - 1 - xx;
          int i = y * w + x;
          int step = forward ? -1 : 1;
          relax(i, i + step, lab, hi, lo, dist);
          relax(i, i + step * w, lab, hi, lo, dist);
        }
      }
    }
    return dist;
  }

  /** Extends the best path of neighbour {@code j} to pixel {@code i} if its barrier is lower. */
  private static void relax(int i, int j, double[] lab, double[] hi, double[] lo, double[] dist) {
    // Unrolled over L, a, b: this runs 8 times per pixel and is the mask's inner loop.
    int a = i * 3;
    int b = j * 3;
    double h0 = Math.max(hi[b], lab[a]);
    double h1 = Math.max(hi[b + 1], lab[a + 1]);
    double h2 = Math.max(hi[b + 2], lab[a + 2]);
    double l0 = Math.min(lo[b], lab[a]);
    double l1 = Math.min(lo[b + 1], lab[a + 1]);
    double l2 = Math.min(lo[b + 2], lab[a + 2]);
    double cost = (h0 - l0) + (h1 - l1) + (h2 - l2);
    if (cost < dist[i]) {
      dist[i] = cost;
      hi[a] = h0;
      hi[a + 1] = h1;
      hi[a + 2] = h2;
      lo[a] = l0;
      lo[a + 1] = l1;
      lo[a + 2] = l2;
    }
  }

  /** ΔE of every pixel to the nearest of the border strip's {@value #BORDER_COLOURS} colours. */
  static double[] borderContrast(double[] lab, int w, int h) {
    int bx = Math.max(1, (int) Math.round(w * BORDER));
    int by = Math.max(1, (int) Math.round(h * BORDER));
    int count = 0;
    double[] strip = new double[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (x < bx || y < by || x >= w - bx || y >= h - by) {
          System.arraycopy(lab, (y * w + x) * 3, strip, count * 3, 3);
          count++;
        }
      }
    }
    double[][] centres = kMeans(strip, count, BORDER_COLOURS, BORDER_ROUNDS);
    double[] out = new double[w * h];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.sqrt(nearest(lab, i, centres)[1]);
    }
    return out;
  }

  /** k-means with a farthest-point start from the first point: deterministic, no duplicates. */
  private static double[][] kMeans(double[] pts, int n, int k, int rounds) {
    double[][] centres = new double[k][];
    centres[0] = new double[] {pts[0], pts[1], pts[2]};
    double[] closest = new double[n];
    java.util.Arrays.fill(closest, Double.POSITIVE_INFINITY);
    for (int c = 1; c < k; c++) {
      int far = 0;
      for (int i = 0; i < n; i++) {
        closest[i] = Math.min(closest[i], squared(pts, i, centres[c - 1]));
        if (closest[i] > closest[far]) {
          far = i;
        }
      }
      centres[c] = new double[] {pts[far * 3], pts[far * 3 + 1], pts[far * 3 + 2]};
    }
    for (int round = 0; round < rounds; round++) {
      double[][] sums = new double[k][4];
      for (int i = 0; i < n; i++) {
        double[] s = sums[(int) nearest(pts, i, centres)[0]];
        s[0] += pts[i * 3];
        s[1] += pts[i * 3 + 1];
        s[2] += pts[i * 3 + 2];
        s[3]++;
      }
      for (int c = 0; c < k; c++) {
        if (sums[c][3] > 0) {
          centres[c] = new double[] {sums[c][0] / sums[c][3], sums[c][1] / sums[c][3], sums[c][2] / sums[c][3]};
        }
      }
    }
    return centres;
  }

  /** Index of the nearest centre and the squared distance to it. */
  private static double[] nearest(double[] pts, int i, double[][] centres) {
    int best = 0;
    double min = Double.POSITIVE_INFINITY;
    for (int c = 0; c < centres.length; c++) {
      double d = squared(pts, i, centres[c]);
      if (d < min) {
        min = d;
        best = c;
      }
    }
    return new double[] {best, min};
  }

  private static double squared(double[] pts, int i, double[] c) {
    double dl = pts[i * 3] - c[0];
    double da = pts[i * 3 + 1] - c[1];
    double db = pts[i * 3 + 2] - c[2];
    return dl * dl + da * da + db * db;
  }
}
