package org.imageindex.benchmarks.baseline;

import org.imageindex.signatures.Images;

/**
 * CEDD, the Color and Edge Directivity Descriptor (Chatzichristofis &amp; Boutalis, ICVS 2008).
 *
 * <p>The image is cut into {@value #BLOCKS}×{@value #BLOCKS} image blocks. Each block is
 * <ul>
 *   <li><b>textured:</b> split into 2×2 sub-blocks of mean grey level, filtered with the five
 *       MPEG-7 edge-histogram masks (vertical, horizontal, 45°, 135°, non-directional). If the
 *       strongest response is below {@link #T0} the block is non-edge; otherwise every mask whose
 *       response, divided by the strongest, passes its threshold ({@link #T1} for
 *       non-directional, {@link #T2} for horizontal and vertical, {@link #T3} for the diagonals)
 *       puts the block into its texture area. Six areas: non-edge, non-directional, horizontal,
 *       vertical, 45°, 135°; a block may fall into several.
 *   <li><b>coloured:</b> its mean colour, in HSV, goes through the paper's two fuzzy linking
 *       units: 10 bins (white, grey, black, red, orange, yellow, green, cyan, blue, magenta)
 *       from trapezoidal memberships on hue, saturation and value, then 24 bins, each chromatic
 *       bin split into dark, normal and light by two more memberships on saturation and value.
 *       The result is a membership vector of 24 values summing to 1.
 * </ul>
 * The block's 24 memberships are added into the 24 bins of each texture area it fell into:
 * 6 × 24 = 144 bins. The histogram is normalised to sum 1 and each bin quantised to 3 bits.
 * Distance: Tanimoto, {@code 1 − a·b / (a·a + b·b − a·b)}.
 *
 * <p>What is ours, not the paper's: the quantiser. The paper's eight levels come from
 * Gustafson–Kessel clustering on its own training images (a table we do not reproduce); here the
 * levels are equally spaced on a square-root scale of the bin's share up to
 * {@link #QUANTISER_RANGE}, which, like the learned table, spends most levels on small shares.
 */
final class Cedd {

  static final int BLOCKS = 40;
  static final int TEXTURES = 6;
  static final int COLOURS = 24;
  static final int LENGTH = TEXTURES * COLOURS;
  static final int LEVELS = 8;

  /** Below this strongest mask response (grey levels) a block is non-edge. */
  static final double T0 = 14;
  static final double T1 = 0.68;
  static final double T2 = 0.98;
  static final double T3 = 0.98;
  /** Bin shares at or above this get the top level. */
  static final double QUANTISER_RANGE = 0.25;

  static final int NON_EDGE = 0;
  static final int NON_DIRECTIONAL = 1;
  static final int HORIZONTAL = 2;
  static final int VERTICAL = 3;
  static final int DIAGONAL_45 = 4;
  static final int DIAGONAL_135 = 5;

  /** 10-bin indices. */
  static final int WHITE = 0;
  static final int GREY = 1;
  static final int BLACK = 2;
  /** First chromatic bin: red, orange, yellow, green, cyan, blue, magenta follow. */
  static final int RED = 3;
  static final int CHROMATIC = 7;

  /**
   * Hue memberships (degrees): red–orange at the start, orange, yellow, green, cyan, blue,
   * magenta, and red again at the wrap; each a trapezoid {a, b, c, d}.
   */
  private static final double[][] HUE = {
      {0, 0, 5, 10}, {5, 10, 35, 50}, {35, 50, 70, 85}, {70, 85, 150, 165},
      {150, 165, 195, 205}, {195, 205, 265, 280}, {265, 280, 315, 330}, {315, 330, 360, 360}};
  /** The chromatic 10-bin each hue membership votes for (the two red ones both for red). */
  private static final int[] HUE_BIN = {0, 1, 2, 3, 4, 5, 6, 0};
  /** Saturation (0..255): low (greys), high (colours). */
  private static final double[][] SATURATION = {{0, 0, 10, 75}, {10, 75, 255, 255}};
  /** Value (0..255): black, middle, bright. */
  private static final double[][] VALUE = {{0, 0, 10, 75}, {10, 75, 180, 220}, {180, 220, 255, 255}};
  /** The 24-bin unit's saturation and value memberships: low, high. */
  private static final double[][] SPLIT = {{0, 0, 68, 188}, {68, 188, 255, 255}};

  private static final double SQRT2 = Math.sqrt(2);

  private Cedd() {}

  static float[] extract(Images.Pixels pixels) {
    int w = pixels.width();
    int h = pixels.height();
    int[] rgb = pixels.rgb();
    double[] hist = new double[LENGTH];
    double[] colour = new double[COLOURS];
    double[] hsv = new double[3];
    double[] sub = new double[4];
    int[] subCount = new int[4];
    boolean[] areas = new boolean[TEXTURES];
    for (int by = 0; by < BLOCKS; by++) {
      int y0 = Math.min(h - 1, by * h / BLOCKS);
      int y1 = Math.max(y0 + 1, (by + 1) * h / BLOCKS);
      for (int bx = 0; bx < BLOCKS; bx++) {
        int x0 = Math.min(w - 1, bx * w / BLOCKS);
        int x1 = Math.max(x0 + 1, (bx + 1) * w / BLOCKS);
        double r = 0;
        double g = 0;
        double b = 0;
        java.util.Arrays.fill(sub, 0);
        java.util.Arrays.fill(subCount, 0);
        int ym = (y0 + y1) / 2;
        int xm = (x0 + x1) / 2;
        for (int y = y0; y < Math.min(y1, h); y++) {
          for (int x = x0; x < Math.min(x1, w); x++) {
            int p = rgb[y * w + x];
            int pr = (p >> 16) & 0xff;
            int pg = (p >> 8) & 0xff;
            int pb = p & 0xff;
            r += pr;
            g += pg;
            b += pb;
            int s = (y < ym || y1 - y0 == 1 ? 0 : 2) + (x < xm || x1 - x0 == 1 ? 0 : 1);
            sub[s] += 0.299 * pr + 0.587 * pg + 0.114 * pb;
            subCount[s]++;
          }
        }
        int n = (Math.min(y1, h) - y0) * (Math.min(x1, w) - x0);
        for (int s = 0; s < 4; s++) {
          // A block one pixel wide or high has empty sub-blocks: they copy their neighbour.
          sub[s] = subCount[s] > 0 ? sub[s] / subCount[s] : Double.NaN;
        }
        fillEmptySubBlocks(sub);
        textureAreas(sub, areas);
        Hsv.of(r / n, g / n, b / n, hsv);
        colour24(hsv[0], hsv[1] * 255, hsv[2] * 255, colour);
        for (int t = 0; t < TEXTURES; t++) {
          if (areas[t]) {
            for (int c = 0; c < COLOURS; c++) {
              hist[t * COLOURS + c] += colour[c];
            }
          }
        }
      }
    }
    double sum = 0;
    for (double v : hist) {
      sum += v;
    }
    float[] d = new float[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      d[i] = quantise(sum > 0 ? hist[i] / sum : 0);
    }
    return d;
  }

  static double distance(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    double denominator = aa + bb - ab;
    // Two empty descriptors are identical (distance 0); the paper leaves the case undefined.
    return denominator <= 0 ? 0 : 1 - ab / denominator;
  }

  static int quantise(double share) {
    double m = Math.sqrt(Math.min(1, share / QUANTISER_RANGE));
    return (int) Math.min(LEVELS - 1, Math.round(m * (LEVELS - 1)));
  }

  private static void fillEmptySubBlocks(double[] sub) {
    for (int pass = 0; pass < 2; pass++) {
      for (int s = 0; s < 4; s++) {
        if (Double.isNaN(sub[s])) {
          double horizontal = sub[s ^ 1];
          double vertical = sub[s ^ 2];
          sub[s] = !Double.isNaN(horizontal) ? horizontal : vertical;
        }
      }
    }
  }

  /**
   * Which texture areas a block with sub-block grey means {@code sub} (top-left, top-right,
   * bottom-left, bottom-right) falls into.
   */
  static void textureAreas(double[] sub, boolean[] areas) {
    java.util.Arrays.fill(areas, false);
    double vertical = Math.abs(sub[0] - sub[1] + sub[2] - sub[3]);
    double horizontal = Math.abs(sub[0] + sub[1] - sub[2] - sub[3]);
    double d45 = Math.abs(SQRT2 * sub[0] - SQRT2 * sub[3]);
    double d135 = Math.abs(SQRT2 * sub[1] - SQRT2 * sub[2]);
    double nonDirectional = Math.abs(2 * sub[0] - 2 * sub[1] - 2 * sub[2] + 2 * sub[3]);
    double max = Math.max(Math.max(vertical, horizontal), Math.max(Math.max(d45, d135), nonDirectional));
    if (max < T0) {
      areas[NON_EDGE] = true;
      return;
    }
    areas[NON_DIRECTIONAL] = nonDirectional / max > T1;
    areas[HORIZONTAL] = horizontal / max > T2;
    areas[VERTICAL] = vertical / max > T2;
    areas[DIAGONAL_45] = d45 / max > T3;
    areas[DIAGONAL_135] = d135 / max > T3;
  }

  /**
   * The two fuzzy linking units: hue in degrees, saturation and value in [0, 255], into 24
   * memberships summing to 1 (layout: white, grey, black, then dark, normal, light of red,
   * orange, yellow, green, cyan, blue, magenta).
   */
  static void colour24(double hue, double saturation, double value, double[] out) {
    double[] ten = new double[10];
    colour10(hue, saturation, value, ten);
    java.util.Arrays.fill(out, 0);
    out[WHITE] = ten[WHITE];
    out[GREY] = ten[GREY];
    out[BLACK] = ten[BLACK];
    double sLow = membership(saturation, SPLIT[0]);
    double sHigh = membership(saturation, SPLIT[1]);
    double vLow = membership(value, SPLIT[0]);
    double vHigh = membership(value, SPLIT[1]);
    // Rules of the 24-bin unit: dark when the value is low; normal when saturated and bright;
    // light when pale and bright.
    double dark = vLow;
    double normal = Math.min(sHigh, vHigh);
    double light = Math.min(sLow, vHigh);
    double total = dark + normal + light;
    for (int c = 0; c < CHROMATIC; c++) {
      double m = ten[RED + c];
      if (m <= 0) {
        continue;
      }
      int base = 3 + 3 * c;
      if (total <= 0) {
        out[base + 1] += m;
      } else {
        out[base] += m * dark / total;
        out[base + 1] += m * normal / total;
        out[base + 2] += m * light / total;
      }
    }
  }

  /**
   * The 10-bin unit: Mamdani rules with min for "and", the activations summed per output bin and
   * normalised to 1. Rules: value black → black; saturation low and value middle → grey;
   * saturation low and value bright → white; saturation high and value not black → the hue's
   * colour.
   */
  static void colour10(double hue, double saturation, double value, double[] out) {
    java.util.Arrays.fill(out, 0);
    double sLow = membership(saturation, SATURATION[0]);
    double sHigh = membership(saturation, SATURATION[1]);
    double vBlack = membership(value, VALUE[0]);
    double vMiddle = membership(value, VALUE[1]);
    double vBright = membership(value, VALUE[2]);
    out[BLACK] += vBlack;
    out[GREY] += Math.min(sLow, vMiddle);
    out[WHITE] += Math.min(sLow, vBright);
    double vNotBlack = Math.max(vMiddle, vBright);
    for (int i = 0; i < HUE.length; i++) {
      double mh = membership(hue, HUE[i]);
      if (mh > 0) {
        out[RED + HUE_BIN[i]] += Math.min(mh, Math.min(sHigh, vNotBlack));
      }
    }
    double sum = 0;
    for (double v : out) {
      sum += v;
    }
    if (sum <= 0) {
      out[GREY] = 1;
      return;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] /= sum;
    }
  }

  /** Trapezoidal membership {a, b, c, d}: 0 outside [a, d], 1 on [b, c], linear between. */
  static double membership(double x, double[] t) {
    if (x < t[0] || x > t[3]) {
      return 0;
    }
    if (x >= t[1] && x <= t[2]) {
      return 1;
    }
    if (x < t[1]) {
      return (x - t[0]) / (t[1] - t[0]);
    }
    return (t[3] - x) / (t[3] - t[2]);
  }
}
