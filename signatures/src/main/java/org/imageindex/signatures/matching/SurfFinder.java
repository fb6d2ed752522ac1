package org.imageindex.signatures.matching;

import boofcv.abst.distort.FDistort;
import boofcv.abst.feature.detdesc.Surf_DetectDescribe;
import boofcv.abst.feature.detect.interest.ConfigFastHessian;
import boofcv.alg.feature.detect.interest.FastHessianFeatureDetector;
import boofcv.factory.feature.describe.FactoryDescribeAlgs;
import boofcv.factory.feature.detect.selector.ConfigSelectLimit;
import boofcv.factory.feature.detect.interest.FactoryInterestPointAlgs;
import boofcv.factory.feature.orientation.FactoryOrientationAlgs;
import boofcv.struct.feature.ScalePoint;
import boofcv.struct.feature.TupleDesc_F64;
import boofcv.struct.image.GrayF32;
import java.util.Arrays;
import java.util.List;
import org.imageindex.signatures.Images;

/**
 * Finds SURF features in one image. Holds BoofCV's reusable work buffers, so one instance
 * serves one thread ({@link MatchingExtractor} keeps one per thread).
 *
 * <p>The single-threaded SURF pipeline is built by hand rather than through BoofCV's factory,
 * which picks a multi-threaded variant by default: extraction is already parallel across
 * images, and nested thread pools would only add contention.
 */
final class SurfFinder {

  static {
    // BoofCV otherwise splits the Hessian scale space and non-maximum suppression over its own
    // fork-join pool. Extraction is already parallel across images, so those threads only
    // compete with the other extraction threads (measured: the same CPU per image, spread over
    // more threads) and hide the work from per-thread CPU accounting. Results are identical.
    boofcv.concurrency.BoofConcurrency.USE_CONCURRENT = false;
  }

  private final MatchingOptions options;
  private final FastHessianFeatureDetector<GrayF32> detector;
  private final Surf_DetectDescribe<GrayF32, GrayF32> surf;

  SurfFinder(MatchingOptions options) {
    this.options = options;
    ConfigFastHessian config = new ConfigFastHessian();
    // One cap over all scales: a per-scale cap would keep weak fine-scale blobs that a rescaled
    // copy does not reproduce.
    config.maxFeaturesAll = options.maxFeatures();
    config.extract.threshold = 0;
    // Spread the kept features over a grid instead of keeping the globally strongest: the
    // strongest responses crowd onto the most contrasted region (or onto the straight edges a
    // rotation leaves at the canvas border), and a crop or rotated copy that loses that region
    // would keep almost nothing to match. Measured on the 32 test photographs: with the plain
    // strongest-N rule three 15-degree rotations found no consensus at all; with the grid the
    // weakest rotation still had 30 agreeing pairs.
    config.selector = ConfigSelectLimit.selectUniform(2.0);
    config.extract.radius = 2;
    this.detector = FactoryInterestPointAlgs.fastHessian(config);
    this.surf = new Surf_DetectDescribe<>(detector,
        FactoryOrientationAlgs.average_ii(null, GrayF32.class),
        FactoryDescribeAlgs.surfSpeed(null, GrayF32.class),
        GrayF32.class);
  }

  MatchingFeatures find(Images.Pixels input) {
    Images.Pixels pixels = Images.fit(input, options.workingSide());
    GrayF32 gray = new GrayF32(pixels.width(), pixels.height());
    float[] luma = Images.gray(pixels);
    System.arraycopy(luma, 0, gray.data, 0, luma.length);
    int longer = Math.max(gray.width, gray.height);
    if (longer < options.minSide()) {
      double s = (double) options.minSide() / longer;
      GrayF32 larger = new GrayF32(
          Math.max(1, (int) Math.round(gray.width * s)), Math.max(1, (int) Math.round(gray.height * s)));
      new FDistort(gray, larger).scaleExt().apply();
      gray = larger;
    }
    surf.detect(gray);
    List<ScalePoint> points = detector.getFoundFeatures();
    int n = surf.getNumberOfFeatures();
    // Strongest first, so a caller may truncate and still keep the most repeatable features.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(
        Math.abs(points.get(b).intensity), Math.abs(points.get(a).intensity)));
    float[] x = new float[n];
    float[] y = new float[n];
    float[] radius = new float[n];
    float[] angle = new float[n];
    boolean[] bright = new boolean[n];
    byte[] desc = new byte[n * MatchingFeatures.DESCRIPTOR_LENGTH];
    for (int k = 0; k < n; k++) {
      int i = order[k];
      x[k] = MatchingFeatures.quantizePixels(surf.getLocation(i).x);
      y[k] = MatchingFeatures.quantizePixels(surf.getLocation(i).y);
      radius[k] = MatchingFeatures.quantizePixels(surf.getRadius(i));
      angle[k] = MatchingFeatures.quantizeAngle(surf.getOrientation(i));
      bright[k] = points.get(i).white;
      quantize(surf.getDescription(i), desc, k * MatchingFeatures.DESCRIPTOR_LENGTH);
    }
    return new MatchingFeatures(gray.width, gray.height, x, y, radius, angle, bright, desc);
  }

  /** Unit-length SURF components rarely exceed 0.5: scale by 256 and clamp to a signed byte. */
  private static void quantize(TupleDesc_F64 d, byte[] out, int offset) {
    double[] v = d.data;
    for (int j = 0; j < MatchingFeatures.DESCRIPTOR_LENGTH; j++) {
      long q = Math.round(v[j] * 256);
      out[offset + j] = (byte) Math.max(-128, Math.min(127, q));
    }
  }
}
