package org.imageindex.signatures.color;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.imageindex.signatures.Images;
import org.junit.jupiter.api.Test;

/**
 * Black, white, grey and silver objects told apart from each other and from their background:
 * generated street-like scenes, each an object of one achromatic body colour with dark tyres and
 * windows and a bright highlight (what every car photograph holds, whatever its colour), on one
 * of several backgrounds (road and sky, foliage, a pale façade, brick, a dark night). Each scene
 * asks for the four others of its body colour among all 48.
 */
class AchromaticColourTest {

  /** Body colours (sRGB) of the four classes: what a car's paint looks like in daylight. */
  static final Map<String, int[]> BODIES = new LinkedHashMap<>();

  static {
    BODIES.put("black", new int[] {28, 28, 32});
    BODIES.put("grey", new int[] {110, 112, 116});
    BODIES.put("silver", new int[] {178, 181, 186});
    BODIES.put("white", new int[] {238, 238, 236});
  }

  /** Backgrounds: top half, bottom half. */
  static final int[][][] BACKGROUNDS = {
    {{135, 170, 215}, {85, 85, 88}},     // sky over asphalt
    {{60, 110, 50}, {95, 90, 80}},       // foliage over a path
    {{225, 215, 195}, {160, 155, 150}},  // pale façade over pavement
    {{150, 70, 50}, {70, 70, 72}},       // brick over asphalt
    {{20, 22, 40}, {45, 45, 50}},        // night
    {{200, 200, 205}, {120, 120, 120}},  // overcast sky over concrete
  };

  static final int SCENES_PER_PAIR = 2;
  static final int W = 320;
  static final int H = 213;
  /**
   * Regression floors of the precision at 4 (11 other scenes share a class), per class: one
   * neighbour swap (1/48) below what is measured. Measured black 1.00, grey 1.00, silver 0.92,
   * white 0.85 (before the area-weighted half of the colour histogram and the nine greys: black
   * 1.00, grey 0.96, silver 0.85, white 0.79). The goal of 0.9 is met for all but white. Its
   * seven misses are two scenes: white bodies lit at the lowest shade (0.85, L* about 82) equal
   * the brightest silver ones (1.15, L* about 84) within 2 ΔE; only the bonnet highlight (L* 100
   * against 90, 4 % of the body) tells them apart, and it does not outweigh the body.
   */
  static final Map<String, Double> MIN_PRECISION_AT_4 = Map.of("black", 0.97, "grey", 0.97, "silver", 0.89,
      "white", 0.83);

  @Test
  void achromaticObjectsFindTheirOwnBodyColour() {
    List<String> classes = new ArrayList<>();
    List<ColorSignature> sigs = new ArrayList<>();
    SplittableRandom rnd = new SplittableRandom(7);
    for (String c : BODIES.keySet()) {
      for (int[][] bg : BACKGROUNDS) {
        for (int s = 0; s < SCENES_PER_PAIR; s++) {
          classes.add(c);
          sigs.add(ColorExtractor.standard().extract(scene(BODIES.get(c), bg, rnd)));
        }
      }
    }
    Map<String, double[]> perClass = new LinkedHashMap<>();
    for (int q = 0; q < sigs.size(); q++) {
      int query = q;
      List<Integer> others = new ArrayList<>();
      for (int i = 0; i < sigs.size(); i++) {
        if (i != q) {
          others.add(i);
        }
      }
      others.sort(Comparator.comparingDouble((Integer i) -> sigs.get(query).distance(sigs.get(i))).thenComparing(i -> i));
      long same = others.subList(0, 4).stream().filter(i -> classes.get(i).equals(classes.get(query))).count();
      double[] p = perClass.computeIfAbsent(classes.get(q), k -> new double[2]);
      p[0] += same / 4.0;
      p[1]++;
    }
    StringBuilder out = new StringBuilder();
    perClass.forEach((c, p) -> out.append(String.format(Locale.ROOT, " %s=%.2f", c, p[0] / p[1])));
    System.out.println("colour: generated achromatic objects, precision@4 per class:" + out);
    perClass.forEach((c, p) -> assertTrue(p[0] / p[1] >= MIN_PRECISION_AT_4.get(c), c + ": " + out));
  }

  /** A car-like object of body colour {@code body} on background {@code bg}, with noise. */
  static Images.Pixels scene(int[] body, int[][] bg, SplittableRandom rnd) {
    int[] rgb = new int[W * H];
    int horizon = (int) (H * (0.45 + 0.1 * rnd.nextDouble()));
    double ow = W * (0.45 + 0.2 * rnd.nextDouble());
    double oh = ow * 0.4;
    double ox = W / 2.0 - ow / 2 + (rnd.nextDouble() - 0.5) * W * 0.15;
    double oy = H * 0.62 - oh / 2 + (rnd.nextDouble() - 0.5) * H * 0.1;
    double shade = 0.85 + 0.3 * rnd.nextDouble();
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int[] c = y < horizon ? bg[0] : bg[1];
        double fx = (x - ox) / ow;
        double fy = (y - oy) / oh;
        boolean inBody = fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1;
        boolean inCabin = fx >= 0.25 && fx <= 0.75 && fy >= -0.45 && fy < 0;
        boolean tyre = fy >= 0.75 && fy <= 1.1 && (Math.abs(fx - 0.2) < 0.08 || Math.abs(fx - 0.8) < 0.08);
        boolean window = inCabin && fx >= 0.3 && fx <= 0.7 && fy >= -0.38;
        int[] px;
        if (tyre) {
          px = new int[] {18, 18, 20};
        } else if (window) {
          px = new int[] {40, 45, 55};
        } else if (inBody || inCabin) {
          double light = (fy < 0.2 && fx > 0.3 && fx < 0.5) ? 1.25 : shade; // a highlight on the bonnet
          px = new int[] {scale(body[0], light), scale(body[1], light), scale(body[2], light)};
        } else {
          px = c;
        }
        int n = (int) Math.round(rnd.nextGaussian() * 5);
        rgb[y * W + x] = clamp(px[0] + n) << 16 | clamp(px[1] + n) << 8 | clamp(px[2] + n);
      }
    }
    return new Images.Pixels(W, H, rgb);
  }

  private static int scale(int v, double f) {
    return clamp((int) Math.round(v * f));
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
