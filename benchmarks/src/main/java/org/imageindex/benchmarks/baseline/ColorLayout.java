package org.imageindex.benchmarks.baseline;

import org.imageindex.signatures.Images;

/**
 * The MPEG-7 Colour Layout Descriptor (ISO/IEC 15938-3; Kasutani &amp; Yamada, ICIP 2001).
 *
 * <p>The image is cut into an 8×8 grid; each cell's representative colour is its mean, taken to
 * YCbCr (ITU-R BT.601). Each channel's 8×8 grid of means goes through an orthonormal 2-D DCT,
 * and the coefficients are read in zig-zag order: the standard's default keeps 6 for Y and 3 for
 * each of Cb and Cr. The DC coefficient is quantised to 6 bits, linearly; the AC coefficients
 * to 5 bits, non-linearly (a square-root law, finer near zero where most AC values lie, as the
 * standard's quantiser is). Distance: the standard's weighted one,
 * {@code sqrt(Σ wy·ΔY²) + sqrt(Σ wcb·ΔCb²) + sqrt(Σ wcr·ΔCr²)}, with weights 2,2,2,1,1,1 for
 * Y, 2,1,1 for Cb and 4,2,2 for Cr, so that the coarsest layout and chroma count most.
 *
 * <p>Descriptor layout: {@code [Y0..Y5, Cb0..Cb2, Cr0..Cr2]}, each an integer level stored as a
 * float.
 */
final class ColorLayout {

  static final int GRID = 8;
  static final int Y_COEFFICIENTS = 6;
  static final int C_COEFFICIENTS = 3;
  static final int LENGTH = Y_COEFFICIENTS + 2 * C_COEFFICIENTS;

  /** DC levels: 6 bits. */
  static final int DC_LEVELS = 64;
  /** AC levels: 5 bits, level 16 is a zero coefficient. */
  static final int AC_LEVELS = 32;
  static final int AC_ZERO = AC_LEVELS / 2;
  /**
   * AC magnitudes at or above this saturate the quantiser. An orthonormal 8×8 DCT of values in
   * [0, 255] gives at most 8·255 = 2040 for DC; low-frequency AC of photos rarely exceeds a
   * quarter of that.
   */
  static final double AC_RANGE = 512;

  private static final double[] Y_WEIGHTS = {2, 2, 2, 1, 1, 1};
  private static final double[] CB_WEIGHTS = {2, 1, 1};
  private static final double[] CR_WEIGHTS = {4, 2, 2};

  /** Zig-zag scan of an 8×8 block: {@code ZIGZAG[k]} is the row-major index of the k-th coefficient. */
  static final int[] ZIGZAG = zigzag();

  private static final double[][] COS = new double[GRID][GRID];

  static {
    for (int u = 0; u < GRID; u++) {
      double c = u == 0 ? Math.sqrt(1.0 / GRID) : Math.sqrt(2.0 / GRID);
      for (int x = 0; x < GRID; x++) {
        COS[u][x] = c * Math.cos((2 * x + 1) * u * Math.PI / (2 * GRID));
      }
    }
  }

  private ColorLayout() {}

  static float[] extract(Images.Pixels pixels) {
    double[][] channels = representativeColours(pixels);
    float[] d = new float[LENGTH];
    int k = 0;
    for (int c = 0; c < 3; c++) {
      double[] coefficients = dct(channels[c]);
      int keep = c == 0 ? Y_COEFFICIENTS : C_COEFFICIENTS;
      for (int i = 0; i < keep; i++) {
        double v = coefficients[ZIGZAG[i]];
        d[k++] = i == 0 ? quantiseDc(v) : quantiseAc(v);
      }
    }
    return d;
  }

  static double distance(float[] a, float[] b) {
    return weighted(a, b, 0, Y_WEIGHTS) + weighted(a, b, Y_COEFFICIENTS, CB_WEIGHTS)
        + weighted(a, b, Y_COEFFICIENTS + C_COEFFICIENTS, CR_WEIGHTS);
  }

  private static double weighted(float[] a, float[] b, int from, double[] weights) {
    double s = 0;
    for (int i = 0; i < weights.length; i++) {
      double diff = a[from + i] - b[from + i];
      s += weights[i] * diff * diff;
    }
    return Math.sqrt(s);
  }

  /** Mean Y, Cb, Cr of each cell of the 8×8 grid, row-major; every cell holds at least one pixel. */
  static double[][] representativeColours(Images.Pixels pixels) {
    int w = pixels.width();
    int h = pixels.height();
    double[][] ycc = new double[3][GRID * GRID];
    int[] rgb = pixels.rgb();
    for (int gy = 0; gy < GRID; gy++) {
      int y0 = gy * h / GRID;
      int y1 = Math.max(y0 + 1, (gy + 1) * h / GRID);
      for (int gx = 0; gx < GRID; gx++) {
        int x0 = gx * w / GRID;
        int x1 = Math.max(x0 + 1, (gx + 1) * w / GRID);
        double r = 0;
        double g = 0;
        double b = 0;
        for (int y = Math.min(y0, h - 1); y < Math.min(y1, h); y++) {
          for (int x = Math.min(x0, w - 1); x < Math.min(x1, w); x++) {
            int p = rgb[y * w + x];
            r += (p >> 16) & 0xff;
            g += (p >> 8) & 0xff;
            b += p & 0xff;
          }
        }
        int n = (Math.min(y1, h) - Math.min(y0, h - 1)) * (Math.min(x1, w) - Math.min(x0, w - 1));
        r /= n;
        g /= n;
        b /= n;
        int cell = gy * GRID + gx;
        ycc[0][cell] = 0.299 * r + 0.587 * g + 0.114 * b;
        ycc[1][cell] = -0.168736 * r - 0.331264 * g + 0.5 * b + 128;
        ycc[2][cell] = 0.5 * r - 0.418688 * g - 0.081312 * b + 128;
      }
    }
    return ycc;
  }

  /** Orthonormal 2-D DCT-II of an 8×8 block given row-major; result row-major (v = row frequency). */
  static double[] dct(double[] block) {
    double[] out = new double[GRID * GRID];
    for (int v = 0; v < GRID; v++) {
      for (int u = 0; u < GRID; u++) {
        double s = 0;
        for (int y = 0; y < GRID; y++) {
          double cy = COS[v][y];
          for (int x = 0; x < GRID; x++) {
            s += block[y * GRID + x] * COS[u][x] * cy;
          }
        }
        out[v * GRID + u] = s;
      }
    }
    return out;
  }

  static int quantiseDc(double dc) {
    double unit = dc / (GRID * 255.0);
    return (int) Math.max(0, Math.min(DC_LEVELS - 1, Math.round(unit * (DC_LEVELS - 1))));
  }

  static int quantiseAc(double ac) {
    double m = Math.sqrt(Math.min(1, Math.abs(ac) / AC_RANGE));
    int level = (int) Math.round(m * (AC_ZERO - 1));
    return ac < 0 ? AC_ZERO - level : AC_ZERO + level;
  }

  private static int[] zigzag() {
    int[] order = new int[GRID * GRID];
    int k = 0;
    for (int s = 0; s < 2 * GRID - 1; s++) {
      if (s % 2 == 0) {
        for (int y = Math.min(s, GRID - 1); y >= Math.max(0, s - GRID + 1); y--) {
          order[k++] = y * GRID + (s - y);
        }
      } else {
        for (int x = Math.min(s, GRID - 1); x >= Math.max(0, s - GRID + 1); x--) {
          order[k++] = (s - x) * GRID + x;
        }
      }
    }
    return order;
  }
}
