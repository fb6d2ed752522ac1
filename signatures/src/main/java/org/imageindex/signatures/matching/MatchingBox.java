package org.imageindex.signatures.matching;

import java.util.Arrays;

/**
 * The region of one image that the other image's matching content covers: four vertices in
 * normalised coordinates ({@code x} from 0 at the left to 1 at the right edge, {@code y} from 0
 * at the top to 1 at the bottom), in order around the box, and its area as a fraction of the
 * image (0.2728 means 27.28 %).
 *
 * <p>In the reference the box is the axis-aligned rectangle around the verified features; in the
 * query it is that rectangle mapped through the homography, so it may be rotated or skewed, with
 * its vertices clamped to the image's edges (the mapped rectangle reaches past them when the
 * query is a crop): every coordinate lies in [0, 1].
 *
 * @param xs the four x coordinates, in order around the box
 * @param ys the four y coordinates, in the same order
 * @param area the box area as a fraction of the image area, in [0, 1]
 */
public record MatchingBox(double[] xs, double[] ys, double area) {

  public MatchingBox {
    if (xs == null || ys == null || xs.length != 4 || ys.length != 4) {
      throw new IllegalArgumentException("a matching box needs exactly 4 x and 4 y coordinates");
    }
    xs = xs.clone();
    ys = ys.clone();
  }

  /** An empty box, for verdicts that found no geometry. */
  public static MatchingBox none() {
    return new MatchingBox(new double[4], new double[4], 0);
  }

  @Override
  public double[] xs() {
    return xs.clone();
  }

  @Override
  public double[] ys() {
    return ys.clone();
  }

  /** Vertex {@code i} (0..3) as {@code {x, y}}. */
  public double[] point(int i) {
    return new double[] {xs[i], ys[i]};
  }

  /** The smallest axis-aligned rectangle holding the box: {@code {minX, minY, maxX, maxY}}. */
  public double[] bounds() {
    return new double[] {
      Arrays.stream(xs).min().orElse(0), Arrays.stream(ys).min().orElse(0),
      Arrays.stream(xs).max().orElse(0), Arrays.stream(ys).max().orElse(0)
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MatchingBox b
        && Arrays.equals(xs, b.xs) && Arrays.equals(ys, b.ys) && area == b.area;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(xs) + Arrays.hashCode(ys)) + Double.hashCode(area);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("MatchingBox[");
    for (int i = 0; i < 4; i++) {
      sb.append(String.format(java.util.Locale.ROOT, "(%.4f, %.4f) ", xs[i], ys[i]));
    }
    return sb.append(String.format(java.util.Locale.ROOT, "area=%.4f]", area)).toString();
  }
}
