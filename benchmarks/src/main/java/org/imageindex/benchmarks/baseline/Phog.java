package org.imageindex.benchmarks.baseline;

import org.imageindex.signatures.Images;

/**
 * PHOG, the Pyramid Histogram of Oriented Gradients (Bosch, Zisserman &amp; Muñoz, CIVR 2007).
 *
 * <p>Edges are found with Canny's detector on the grey image: Gaussian smoothing
 * (σ = {@value #SIGMA}), Sobel gradients, non-maximum suppression along the gradient, and
 * hysteresis between a high threshold at the {@value #NON_EDGE_SHARE} quantile of the gradient
 * magnitudes and a low one at {@value #LOW_RATIO} of it (the usual defaults, which make the edge
 * map independent of global contrast). Each edge pixel votes its gradient magnitude into one of
 * {@value #ORIENTATIONS} bins of unsigned orientation (0–180°), in every cell of a spatial
 * pyramid: level l cuts the image into 2^l × 2^l cells, l = 0..{@value #LEVELS}. The paper's
 * shape descriptor for categories uses these values (K = 8, L = 3): 8 × (1 + 4 + 16 + 64) = 680
 * bins. Each level is normalised to sum 1 and the levels are weighted equally (the whole
 * descriptor sums to 1), and two descriptors are compared with χ²,
 * {@code ½ Σ (a − b)² / (a + b)}, as the paper's kernel does.
 *
 * <p>An image with no edge at all (a flat colour) has an all-zero descriptor; it is at χ²
 * distance 0 from another flat image and ½ from any image with edges.
 */
final class Phog {

  static final int ORIENTATIONS = 8;
  static final int LEVELS = 3;
  static final int LENGTH = ORIENTATIONS * (1 + 4 + 16 + 64);
  static final double SIGMA = 1.0;
  static final double NON_EDGE_SHARE = 0.7;
  static final double LOW_RATIO = 0.4;

  private Phog() {}

  static float[] extract(Images.Pixels pixels) {
    int w = pixels.width();
    int h = pixels.height();
    float[] grey = Images.gray(pixels);
    float[] smooth = gaussian(grey, w, h, SIGMA);
    float[] gx = new float[w * h];
    float[] gy = new float[w * h];
    float[] magnitude = new float[w * h];
    sobel(smooth, w, h, gx, gy, magnitude);
    boolean[] edge = canny(gx, gy, magnitude, w, h);
    double[] hist = new double[LENGTH];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        if (!edge[i]) {
          continue;
        }
        double angle = Math.atan2(gy[i], gx[i]);
        // Unsigned orientation in [0, π): atan2 gives π for a gradient pointing left.
        if (angle < 0) {
          angle += Math.PI;
        }
        if (angle >= Math.PI) {
          angle -= Math.PI;
        }
        int bin = Math.min(ORIENTATIONS - 1, (int) (angle / Math.PI * ORIENTATIONS));
        int offset = 0;
        for (int l = 0; l <= LEVELS; l++) {
          int cells = 1 << l;
          int cx = Math.min(cells - 1, x * cells / w);
          int cy = Math.min(cells - 1, y * cells / h);
          hist[offset + (cy * cells + cx) * ORIENTATIONS + bin] += magnitude[i];
          offset += cells * cells * ORIENTATIONS;
        }
      }
    }
    float[] d = new float[LENGTH];
    int offset = 0;
    for (int l = 0; l <= LEVELS; l++) {
      int size = (1 << l) * (1 << l) * ORIENTATIONS;
      double sum = 0;
      for (int i = offset; i < offset + size; i++) {
        sum += hist[i];
      }
      for (int i = offset; i < offset + size; i++) {
        d[i] = sum > 0 ? (float) (hist[i] / sum / (LEVELS + 1)) : 0;
      }
      offset += size;
    }
    return d;
  }

  static double distance(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      double s = (double) a[i] + b[i];
      if (s > 0) {
        double diff = a[i] - b[i];
        d += diff * diff / s;
      }
    }
    return d / 2;
  }

  /** Separable Gaussian blur, borders clamped. */
  static float[] gaussian(float[] img, int w, int h, double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    double[] k = new double[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      k[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
      sum += k[i + radius];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    float[] tmp = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double s = 0;
        for (int i = -radius; i <= radius; i++) {
          int xx = Math.max(0, Math.min(w - 1, x + i));
          s += k[i + radius] * img[y * w + xx];
        }
        tmp[y * w + x] = (float) s;
      }
    }
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double s = 0;
        for (int i = -radius; i <= radius; i++) {
          int yy = Math.max(0, Math.min(h - 1, y + i));
          s += k[i + radius] * tmp[yy * w + x];
        }
        out[y * w + x] = (float) s;
      }
    }
    return out;
  }

  private static void sobel(float[] img, int w, int h, float[] gx, float[] gy, float[] magnitude) {
    for (int y = 0; y < h; y++) {
      int ym = Math.max(0, y - 1);
      int yp = Math.min(h - 1, y + 1);
      for (int x = 0; x < w; x++) {
        int xm = Math.max(0, x - 1);
        int xp = Math.min(w - 1, x + 1);
        float dx = (img[ym * w + xp] + 2 * img[y * w + xp] + img[yp * w + xp])
            - (img[ym * w + xm] + 2 * img[y * w + xm] + img[yp * w + xm]);
        float dy = (img[yp * w + xm] + 2 * img[yp * w + x] + img[yp * w + xp])
            - (img[ym * w + xm] + 2 * img[ym * w + x] + img[ym * w + xp]);
        int i = y * w + x;
        gx[i] = dx;
        gy[i] = dy;
        magnitude[i] = (float) Math.sqrt(dx * dx + dy * dy);
      }
    }
  }

  /** Non-maximum suppression and hysteresis; the edge map. */
  static boolean[] canny(float[] gx, float[] gy, float[] magnitude, int w, int h) {
    int n = w * h;
    float[] thin = new float[n];
    for (int y = 1; y < h - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        int i = y * w + x;
        float m = magnitude[i];
        if (m <= 0) {
          continue;
        }
        // The gradient direction rounded to one of four neighbours' axes.
        double angle = Math.toDegrees(Math.atan2(gy[i], gx[i]));
        if (angle < 0) {
          angle += 180;
        }
        int dx;
        int dy;
        if (angle < 22.5 || angle >= 157.5) {
          dx = 1;
          dy = 0;
        } else if (angle < 67.5) {
          dx = 1;
          dy = 1;
        } else if (angle < 112.5) {
          dx = 0;
          dy = 1;
        } else {
          dx = -1;
          dy = 1;
        }
        if (m >= magnitude[i + dy * w + dx] && m >= magnitude[i - dy * w - dx]) {
          thin[i] = m;
        }
      }
    }
    float[] sorted = magnitude.clone();
    java.util.Arrays.sort(sorted);
    float high = sorted[Math.min(n - 1, (int) (NON_EDGE_SHARE * n))];
    if (high <= 0) {
      // Mostly flat (drawings, scans on white): the quantile is taken over the non-zero
      // gradients instead, or a few strong edges would never count.
      int firstPositive = 0;
      while (firstPositive < n && sorted[firstPositive] <= 0) {
        firstPositive++;
      }
      if (firstPositive < n) {
        high = sorted[firstPositive + Math.min(n - firstPositive - 1, (int) (NON_EDGE_SHARE * (n - firstPositive)))];
      }
    }
    boolean[] edge = new boolean[n];
    if (high <= 0) {
      return edge;
    }
    float low = (float) (LOW_RATIO * high);
    int[] stack = new int[n];
    for (int i = 0; i < n; i++) {
      if (thin[i] >= high && !edge[i]) {
        int top = 0;
        stack[top++] = i;
        edge[i] = true;
        while (top > 0) {
          int p = stack[--top];
          int px = p % w;
          int py = p / w;
          for (int oy = -1; oy <= 1; oy++) {
            for (int ox = -1; ox <= 1; ox++) {
              int qx = px + ox;
              int qy = py + oy;
              if (qx < 0 || qy < 0 || qx >= w || qy >= h) {
                continue;
              }
              int q = qy * w + qx;
              if (!edge[q] && thin[q] >= low) {
                edge[q] = true;
                stack[top++] = q;
              }
            }
          }
        }
      }
    }
    return edge;
  }
}
