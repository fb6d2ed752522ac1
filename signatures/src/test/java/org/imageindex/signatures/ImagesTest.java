package org.imageindex.signatures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The box reduction feeds every signature, so its fast paths (row-at-a-time from the raster,
 * one pass per source row) must give exactly the pixels of the plain cell-by-cell average.
 */
class ImagesTest {

  private static final long SEED = 0x1A6E5L;

  @Test
  void resizeEqualsTheCellByCellAverage() {
    Random random = new Random(SEED);
    for (int trial = 0; trial < 200; trial++) {
      int w = 1 + random.nextInt(300);
      int h = 1 + random.nextInt(300);
      int[] rgb = new int[w * h];
      for (int i = 0; i < rgb.length; i++) {
        rgb[i] = random.nextInt(0x1000000);
      }
      Images.Pixels p = new Images.Pixels(w, h, rgb);
      int dw = 1 + random.nextInt(trial % 4 == 0 ? 2 * w : w);
      int dh = 1 + random.nextInt(trial % 5 == 0 ? 2 * h : h);
      Images.Pixels got = Images.resize(p, dw, dh);
      assertArrayEquals(reference(p, dw, dh).rgb(), got.rgb(),
          "seed " + SEED + ", trial " + trial + ": " + w + "x" + h + " -> " + dw + "x" + dh);
    }
  }

  @Test
  void fitFromEachRasterLayoutEqualsFitFromItsPackedPixels() {
    Random random = new Random(SEED);
    int[] types = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_BYTE_GRAY,
        BufferedImage.TYPE_INT_ARGB};
    for (int trial = 0; trial < 40; trial++) {
      int w = 1 + random.nextInt(700);
      int h = 1 + random.nextInt(700);
      BufferedImage img = new BufferedImage(w, h, types[trial % types.length]);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          img.setRGB(x, y, random.nextInt());
        }
      }
      int side = 1 + random.nextInt(520);
      Images.Pixels got = Images.fit(img, side);
      Images.Pixels expected = Images.fit(new Images.Pixels(w, h, Images.rgb(img)), side);
      String what = "seed " + SEED + ", trial " + trial + ": type " + img.getType() + " " + w + "x" + h + " fit " + side;
      assertEquals(expected.width(), got.width(), what);
      assertEquals(expected.height(), got.height(), what);
      assertArrayEquals(expected.rgb(), got.rgb(), what);
      if (Math.max(w, h) > side) {
        assertArrayEquals(reference(new Images.Pixels(w, h, Images.rgb(img)), got.width(), got.height()).rgb(),
            got.rgb(), what);
      }
    }
  }

  /** Each output cell averages the source span it covers, rounded half up; as first written. */
  private static Images.Pixels reference(Images.Pixels p, int width, int height) {
    int w = p.width();
    int h = p.height();
    int[] out = new int[width * height];
    for (int dy = 0; dy < height; dy++) {
      int ys = Math.min(h - 1, (int) ((long) dy * h / height));
      int ye = dy + 1 == height ? h : Math.min(h - 1, (int) ((long) (dy + 1) * h / height));
      ye = Math.max(ys + 1, ye);
      for (int dx = 0; dx < width; dx++) {
        int xs = Math.min(w - 1, (int) ((long) dx * w / width));
        int xe = dx + 1 == width ? w : Math.min(w - 1, (int) ((long) (dx + 1) * w / width));
        xe = Math.max(xs + 1, xe);
        long r = 0;
        long g = 0;
        long b = 0;
        for (int y = ys; y < ye; y++) {
          for (int x = xs; x < xe; x++) {
            int v = p.rgb()[y * w + x];
            r += v >>> 16 & 0xFF;
            g += v >>> 8 & 0xFF;
            b += v & 0xFF;
          }
        }
        long n = (long) (ye - ys) * (xe - xs);
        out[dy * width + dx] = (int) ((r + n / 2) / n) << 16 | (int) ((g + n / 2) / n) << 8 | (int) ((b + n / 2) / n);
      }
    }
    return new Images.Pixels(width, height, out);
  }
}
