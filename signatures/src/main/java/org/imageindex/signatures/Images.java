package org.imageindex.signatures;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.util.Objects;

/**
 * Pixel access shared by every signature: one packed-RGB view of any decoded image, and an
 * area-averaging reduction to a working size.
 *
 * <p>Every signature is computed from a reduced copy (hash and colour from a few dozen pixels
 * a side, matching and similarity from about 512), so reducing once, with a box filter that
 * reads each source pixel exactly once, is where most of the extraction time after decoding
 * goes. Box filtering also removes the aliasing a nearest-neighbour reduction would add, which
 * matters for the hash: a re-encoded or rescaled copy must reduce to nearly the same pixels.
 */
public final class Images {

  private Images() {}

  /**
   * Returns the pixels of {@code image} as packed {@code 0xRRGGBB} ints, row by row.
   * Transparent pixels are composited over white, the background an image viewer shows them
   * on, so a logo with alpha and the same logo flattened give the same signatures.
   *
   * @throws NullPointerException if {@code image} is null
   */
  public static int[] rgb(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    int w = image.getWidth();
    int h = image.getHeight();
    switch (image.getType()) {
      case BufferedImage.TYPE_INT_RGB -> {
        if (image.getRaster().getDataBuffer() instanceof DataBufferInt db
            && image.getRaster().getSampleModelTranslateX() == 0
            && image.getRaster().getSampleModelTranslateY() == 0
            && db.getData().length == w * h) {
          int[] data = db.getData();
          int[] out = new int[w * h];
          for (int i = 0; i < out.length; i++) {
            out[i] = data[i] & 0xFFFFFF;
          }
          return out;
        }
      }
      case BufferedImage.TYPE_3BYTE_BGR -> {
        if (image.getRaster().getDataBuffer() instanceof DataBufferByte db
            && image.getRaster().getSampleModelTranslateX() == 0
            && image.getRaster().getSampleModelTranslateY() == 0
            && db.getData().length == w * h * 3) {
          byte[] data = db.getData();
          int[] out = new int[w * h];
          for (int i = 0, j = 0; i < out.length; i++, j += 3) {
            out[i] = (data[j + 2] & 0xFF) << 16 | (data[j + 1] & 0xFF) << 8 | (data[j] & 0xFF);
          }
          return out;
        }
      }
      case BufferedImage.TYPE_BYTE_GRAY -> {
        if (image.getRaster().getDataBuffer() instanceof DataBufferByte db
            && image.getRaster().getSampleModelTranslateX() == 0
            && image.getRaster().getSampleModelTranslateY() == 0
            && db.getData().length == w * h) {
          byte[] data = db.getData();
          int[] out = new int[w * h];
          for (int i = 0; i < out.length; i++) {
            int g = data[i] & 0xFF;
            out[i] = g << 16 | g << 8 | g;
          }
          return out;
        }
      }
      default -> { }
    }
    // Any other layout (palette, 16-bit, alpha, custom colour spaces): let Java2D convert,
    // drawing over white so transparency becomes the viewer's background.
    BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setColor(java.awt.Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb(rgb);
  }

  /**
   * Reduces {@code image} so that its longer side is at most {@code maxSide}, averaging every
   * source pixel into the output pixel that covers it. Never enlarges: an image already small
   * enough is returned as a packed-RGB copy of itself.
   *
   * @throws IllegalArgumentException if {@code maxSide < 1}
   */
  public static Pixels fit(BufferedImage image, int maxSide) {
    if (maxSide < 1) {
      throw new IllegalArgumentException("maxSide must be >= 1, got: " + maxSide);
    }
    int w = image.getWidth();
    int h = image.getHeight();
    int longer = Math.max(w, h);
    if (longer > maxSide) {
      int dw = Math.max(1, (int) Math.round((double) w * maxSide / longer));
      int dh = Math.max(1, (int) Math.round((double) h * maxSide / longer));
      RowReader rows = RowReader.of(image);
      if (rows != null) {
        // Reduce straight from the decoder's raster, one source row at a time: the full-size
        // packed copy (4 bytes a pixel) is never made, and the sums are those of resize().
        return shrink(rows, w, h, dw, dh);
      }
    }
    return fit(new Pixels(w, h, rgb(image)), maxSide);
  }

  /** Same as {@link #fit(BufferedImage, int)} for pixels already unpacked. */
  public static Pixels fit(Pixels pixels, int maxSide) {
    if (maxSide < 1) {
      throw new IllegalArgumentException("maxSide must be >= 1, got: " + maxSide);
    }
    int w = pixels.width();
    int h = pixels.height();
    int longer = Math.max(w, h);
    if (longer <= maxSide) {
      return pixels;
    }
    int dw = Math.max(1, (int) Math.round((double) w * maxSide / longer));
    int dh = Math.max(1, (int) Math.round((double) h * maxSide / longer));
    return resize(pixels, dw, dh);
  }

  /**
   * Box-filters {@code pixels} down (or copies them nearest-neighbour up) to exactly
   * {@code width} x {@code height}. Each output pixel averages the source rectangle it covers.
   */
  public static Pixels resize(Pixels pixels, int width, int height) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("width and height must be >= 1, got: " + width + "x" + height);
    }
    int w = pixels.width();
    int h = pixels.height();
    if (width <= w && height <= h) {
      int[] src = pixels.rgb();
      return shrink((y, row) -> System.arraycopy(src, y * w, row, 0, w), w, h, width, height);
    }
    return stretch(pixels, width, height);
  }

  /**
   * The box filter when neither axis grows: every source pixel lies in exactly one output cell
   * (the spans of {@link #spans} are disjoint then), so each row is added into its cells in one
   * pass. Integer sums, so the result is exactly that of the cell-by-cell loop in
   * {@link #stretch}.
   */
  private static Pixels shrink(RowReader reader, int w, int h, int width, int height) {
    int[] x0 = spans(w, width);
    int[] y0 = spans(h, height);
    int[] cellOf = new int[w];
    for (int dx = 0; dx < width; dx++) {
      for (int x = x0[dx]; x < x0[dx + 1]; x++) {
        cellOf[x] = dx;
      }
    }
    int[] row = new int[w];
    int[] out = new int[width * height];
    long[] r = new long[width];
    long[] g = new long[width];
    long[] b = new long[width];
    for (int dy = 0; dy < height; dy++) {
      java.util.Arrays.fill(r, 0);
      java.util.Arrays.fill(g, 0);
      java.util.Arrays.fill(b, 0);
      int ys = y0[dy];
      int ye = y0[dy + 1];
      for (int y = ys; y < ye; y++) {
        reader.read(y, row);
        for (int x = 0; x < w; x++) {
          int p = row[x];
          int c = cellOf[x];
          r[c] += p >>> 16 & 0xFF;
          g[c] += p >>> 8 & 0xFF;
          b[c] += p & 0xFF;
        }
      }
      int rows = ye - ys;
      for (int dx = 0; dx < width; dx++) {
        long n = (long) rows * (x0[dx + 1] - x0[dx]);
        int rr = (int) ((r[dx] + n / 2) / n);
        int gg = (int) ((g[dx] + n / 2) / n);
        int bb = (int) ((b[dx] + n / 2) / n);
        out[dy * width + dx] = rr << 16 | gg << 8 | bb;
      }
    }
    return new Pixels(width, height, out);
  }

  /** The general case, where an axis grows (nearest-neighbour on it) and cells may share pixels. */
  private static Pixels stretch(Pixels pixels, int width, int height) {
    int w = pixels.width();
    int h = pixels.height();
    int[] src = pixels.rgb();
    int[] x0 = spans(w, width);
    int[] y0 = spans(h, height);
    int[] out = new int[width * height];
    long[] r = new long[width];
    long[] g = new long[width];
    long[] b = new long[width];
    for (int dy = 0; dy < height; dy++) {
      java.util.Arrays.fill(r, 0);
      java.util.Arrays.fill(g, 0);
      java.util.Arrays.fill(b, 0);
      int ys = y0[dy];
      int ye = Math.max(ys + 1, y0[dy + 1]);
      for (int y = ys; y < ye; y++) {
        int row = y * w;
        for (int dx = 0; dx < width; dx++) {
          int xs = x0[dx];
          int xe = Math.max(xs + 1, x0[dx + 1]);
          long rr = 0;
          long gg = 0;
          long bb = 0;
          for (int x = xs; x < xe; x++) {
            int p = src[row + x];
            rr += p >>> 16 & 0xFF;
            gg += p >>> 8 & 0xFF;
            bb += p & 0xFF;
          }
          r[dx] += rr;
          g[dx] += gg;
          b[dx] += bb;
        }
      }
      int rows = ye - ys;
      for (int dx = 0; dx < width; dx++) {
        long n = (long) rows * (Math.max(x0[dx] + 1, x0[dx + 1]) - x0[dx]);
        int rr = (int) ((r[dx] + n / 2) / n);
        int gg = (int) ((g[dx] + n / 2) / n);
        int bb = (int) ((b[dx] + n / 2) / n);
        out[dy * width + dx] = rr << 16 | gg << 8 | bb;
      }
    }
    return new Pixels(width, height, out);
  }

  /** Source rows as packed RGB, read one at a time into the caller's buffer. */
  @FunctionalInterface
  private interface RowReader {
    void read(int y, int[] row);

    /**
     * A reader over the raster of the three layouts decoders produce for photographs, with
     * the same values {@link #rgb} gives; null for any other layout.
     */
    static RowReader of(BufferedImage image) {
      var raster = image.getRaster();
      if (raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
        return null;
      }
      int w = image.getWidth();
      int n = w * image.getHeight();
      switch (image.getType()) {
        case BufferedImage.TYPE_INT_RGB -> {
          if (raster.getDataBuffer() instanceof DataBufferInt db && db.getData().length == n) {
            int[] data = db.getData();
            return (y, row) -> {
              for (int x = 0, i = y * w; x < w; x++, i++) {
                row[x] = data[i] & 0xFFFFFF;
              }
            };
          }
        }
        case BufferedImage.TYPE_3BYTE_BGR -> {
          if (raster.getDataBuffer() instanceof DataBufferByte db && db.getData().length == n * 3) {
            byte[] data = db.getData();
            return (y, row) -> {
              for (int x = 0, j = y * w * 3; x < w; x++, j += 3) {
                row[x] = (data[j + 2] & 0xFF) << 16 | (data[j + 1] & 0xFF) << 8 | (data[j] & 0xFF);
              }
            };
          }
        }
        case BufferedImage.TYPE_BYTE_GRAY -> {
          if (raster.getDataBuffer() instanceof DataBufferByte db && db.getData().length == n) {
            byte[] data = db.getData();
            return (y, row) -> {
              for (int x = 0, i = y * w; x < w; x++, i++) {
                int v = data[i] & 0xFF;
                row[x] = v << 16 | v << 8 | v;
              }
            };
          }
        }
        default -> { }
      }
      return null;
    }
  }

  /** Start index in a source axis of {@code n} for each of {@code m} output cells, plus the end. */
  private static int[] spans(int n, int m) {
    int[] s = new int[m + 1];
    for (int i = 0; i <= m; i++) {
      s[i] = Math.min(n - 1, (int) ((long) i * n / m));
    }
    s[m] = n;
    return s;
  }

  /** Luma (ITU-R BT.601) of each packed-RGB pixel, 0..255. */
  public static float[] gray(Pixels pixels) {
    int[] src = pixels.rgb();
    float[] out = new float[src.length];
    for (int i = 0; i < src.length; i++) {
      int p = src[i];
      out[i] = 0.299f * (p >>> 16 & 0xFF) + 0.587f * (p >>> 8 & 0xFF) + 0.114f * (p & 0xFF);
    }
    return out;
  }

  /**
   * Packed {@code 0xRRGGBB} pixels of a width x height image, row by row. The array is the
   * caller's to read; it is not copied, because signatures pass multi-megapixel arrays along
   * and never write them.
   */
  public record Pixels(int width, int height, int[] rgb) {
    public Pixels {
      if (width < 1 || height < 1) {
        throw new IllegalArgumentException("width and height must be >= 1, got: " + width + "x" + height);
      }
      Objects.requireNonNull(rgb, "rgb");
      if (rgb.length != width * height) {
        throw new IllegalArgumentException(
            "rgb must hold width*height = " + (width * height) + " pixels, got: " + rgb.length);
      }
    }

    /** Returns these pixels as a {@code TYPE_INT_RGB} image (for writing or drawing). */
    public BufferedImage toImage() {
      BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      img.setRGB(0, 0, width, height, rgb, 0, width);
      return img;
    }
  }
}
