package org.imageindex.signatures.matching;

/**
 * How the matching signature is extracted.
 *
 * @param maxFeatures features kept per image, strongest first
 * @param workingSide long side, in pixels, an image is reduced to before features are found
 * @param minSide long side, in pixels, a smaller image is enlarged to, so thumbnails still
 *     yield features at the scales the detector looks at
 */
public record MatchingOptions(int maxFeatures, int workingSide, int minSide) {

  /**
   * 500 features: on the 32 test photographs a 30 % corner crop still keeps at least 23
   * agreeing pairs (verification wants {@link VerificationOptions#DEFAULT_MIN_INLIERS}), while a
   * signature stays at 36 KB and a pair verifies in a few milliseconds.
   */
  public static final int DEFAULT_MAX_FEATURES = 500;
  /**
   * 512 pixels: the size media databases analyse at; finer detail adds features that do not
   * survive recompression or rescaling, and costs time roughly with the pixel count.
   */
  public static final int DEFAULT_WORKING_SIDE = 512;
  /**
   * 320 pixels: a 0.3x copy of a 1000-pixel photo is 300 pixels wide; enlarging it to about the
   * size of the reference's working image puts its blobs back at the detector's scales.
   */
  public static final int DEFAULT_MIN_SIDE = 320;

  public MatchingOptions {
    if (maxFeatures < 8) {
      throw new IllegalArgumentException("maxFeatures must be >= 8, got: " + maxFeatures);
    }
    if (workingSide < 64 || workingSide > 4096) {
      throw new IllegalArgumentException("workingSide must be in 64..4096, got: " + workingSide);
    }
    if (minSide < 1 || minSide > workingSide) {
      throw new IllegalArgumentException(
          "minSide must be in 1..workingSide (" + workingSide + "), got: " + minSide);
    }
  }

  /** The defaults above. */
  public static MatchingOptions defaults() {
    return new MatchingOptions(DEFAULT_MAX_FEATURES, DEFAULT_WORKING_SIDE, DEFAULT_MIN_SIDE);
  }
}
