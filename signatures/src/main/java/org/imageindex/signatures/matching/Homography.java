package org.imageindex.signatures.matching;

import java.util.Arrays;

/**
 * A plane projective transformation from the reference image to the query image, as nine
 * row-major coefficients acting on normalised coordinates (0..1 across each image), scaled so
 * that the last coefficient is 1.
 *
 * <p>Normalised coordinates make the matrix independent of the size at which either image was
 * analysed; {@link #inPixels} converts it for images of known pixel size.
 */
public record Homography(double[] coefficients) {

  public Homography {
    if (coefficients == null || coefficients.length != 9) {
      throw new IllegalArgumentException("a homography needs 9 coefficients, got: "
          + (coefficients == null ? "null" : coefficients.length));
    }
    coefficients = coefficients.clone();
  }

  /** The identity: every point of the reference maps to the same place in the query. */
  public static Homography identity() {
    return new Homography(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
  }

  @Override
  public double[] coefficients() {
    return coefficients.clone();
  }

  /** Maps a normalised reference point to the query: {@code {x', y'}}. */
  public double[] apply(double x, double y) {
    double[] h = coefficients;
    double w = h[6] * x + h[7] * y + h[8];
    return new double[] {(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w};
  }

  /**
   * The same transformation between pixel coordinates of a reference of
   * {@code referenceWidth x referenceHeight} and a query of {@code queryWidth x queryHeight}.
   */
  public double[] inPixels(int referenceWidth, int referenceHeight, int queryWidth, int queryHeight) {
    double[] h = coefficients;
    double sx = queryWidth;
    double sy = queryHeight;
    double rx = 1.0 / referenceWidth;
    double ry = 1.0 / referenceHeight;
    // H_px = diag(qw, qh, 1) * H * diag(1/rw, 1/rh, 1)
    double[] p = {
      sx * h[0] * rx, sx * h[1] * ry, sx * h[2],
      sy * h[3] * rx, sy * h[4] * ry, sy * h[5],
      h[6] * rx, h[7] * ry, h[8]
    };
    double s = p[8];
    for (int i = 0; i < 9; i++) {
      p[i] /= s;
    }
    return p;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Homography other && Arrays.equals(coefficients, other.coefficients);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(coefficients);
  }

  @Override
  public String toString() {
    return "Homography" + Arrays.toString(coefficients);
  }
}
