package org.imageindex.signatures.similarity;

import boofcv.abst.feature.dense.DescribeImageDense;
import boofcv.factory.feature.dense.ConfigDenseSurfFast;
import boofcv.factory.feature.dense.DenseSampling;
import boofcv.factory.feature.dense.FactoryDescribeImageDense;
import boofcv.struct.feature.TupleDesc_F64;
import boofcv.struct.image.GrayF32;
import java.util.ArrayList;
import java.util.List;
import org.imageindex.signatures.Images;

/**
 * Upright SURF descriptors sampled on a regular grid at two patch sizes, the local evidence the
 * similarity vector aggregates.
 *
 * <p>A dense grid rather than detected keypoints: "looks like" is about the whole picture, and
 * flat or low-texture areas (sky, walls, water) are part of how a picture looks, yet a detector
 * ignores them. Upright (no orientation) because photos are nearly always upright and the
 * rotation a detector would estimate on a flat patch is noise. Every constant here shapes the
 * vectors, so changing one means a new model format version.
 */
final class DenseDescriptors {

  /** Length of one SURF descriptor (4 x 4 cells x 4 sums). */
  static final int LENGTH = 64;

  /**
   * Long side of the image the grid runs on. 320 px keeps extraction around 10 ms (less than
   * decoding a 1 MP JPEG) while resolving the texture that separates scenes on the evaluation
   * sets; the images a caller hands in (about 512 px) are box-filtered down to it once.
   */
  static final int WORKING_SIDE = 320;

  /**
   * Patch sizes relative to SURF's canonical 20 px window: 32 px (a tenth of the working
   * side) for texture and 64 px for object parts, so that both fine and coarse structure of
   * the picture reach the vector without the cost of a full scale pyramid.
   */
  private static final double[] SCALES = {1.6, 3.2};

  /**
   * Grid spacing per patch size in pixels, about 1,100 patches on a 320 x 240 image. A
   * 12 px spacing for the small patches cut extraction by a third but lowered pixabay mAP
   * from 0.20 to 0.19 and relit boofcv-triples mAP from 1.0 to 0.995.
   */
  private static final int[] PERIODS = {8, 16};

  /** Descriptors whose gradient energy is below this are flat patches; see {@link #rootNormalise}. */
  private static final double FLAT_ENERGY = 1e-9;

  static {
    // Single-threaded BoofCV, for the reason SurfFinder gives.
    boofcv.concurrency.BoofConcurrency.USE_CONCURRENT = false;
  }

  /**
   * One dense describer per patch size and thread: building one allocates its grid, kernels and
   * descriptor pool, which is work every image repeated when they were built per call.
   */
  private static final ThreadLocal<List<DescribeImageDense<GrayF32, TupleDesc_F64>>> DESCRIBERS =
      ThreadLocal.withInitial(DenseDescriptors::describers);

  private DenseDescriptors() {}

  private static List<DescribeImageDense<GrayF32, TupleDesc_F64>> describers() {
    List<DescribeImageDense<GrayF32, TupleDesc_F64>> out = new ArrayList<>(SCALES.length);
    for (int s = 0; s < SCALES.length; s++) {
      ConfigDenseSurfFast config = new ConfigDenseSurfFast(new DenseSampling(PERIODS[s], PERIODS[s]));
      config.descriptorScale = SCALES[s];
      out.add(FactoryDescribeImageDense.surfFast(config, GrayF32.class));
    }
    return out;
  }

  /**
   * Returns the grid's descriptors of an image already at working size (see {@link #working}),
   * each RootSURF-normalised, as rows of {@link #LENGTH} floats. May return no rows when the
   * image is too thin to hold one patch.
   */
  static List<float[]> describe(Images.Pixels working) {
    GrayF32 gray = new GrayF32(working.width(), working.height());
    float[] luma = Images.gray(working);
    System.arraycopy(luma, 0, gray.data, 0, luma.length);
    List<float[]> out = new ArrayList<>();
    for (DescribeImageDense<GrayF32, TupleDesc_F64> dense : DESCRIBERS.get()) {
      dense.process(gray);
      for (TupleDesc_F64 d : dense.getDescriptions()) {
        out.add(rootNormalise(d.data));
      }
    }
    return out;
  }

  /**
   * Reduces (or enlarges) {@code pixels} to {@link #WORKING_SIDE} on the long side. Enlarging
   * small images too keeps the patch size a fixed fraction of the picture, so a thumbnail and
   * its original describe the same content.
   */
  static Images.Pixels working(Images.Pixels pixels) {
    int w = pixels.width();
    int h = pixels.height();
    int longer = Math.max(w, h);
    Images.Pixels p;
    if (longer > WORKING_SIDE) {
      p = Images.fit(pixels, WORKING_SIDE);
    } else if (longer < WORKING_SIDE) {
      p = Images.resize(pixels,
          Math.max(1, (int) Math.round((double) w * WORKING_SIDE / longer)),
          Math.max(1, (int) Math.round((double) h * WORKING_SIDE / longer)));
    } else {
      p = pixels;
    }
    return p;
  }

  /**
   * RootSURF: L1-normalise, then signed square root, which leaves the descriptor at unit L2
   * length. Comparing square roots (a Hellinger kernel) stops the few large gradient sums of an
   * edge from dominating, which improves matching of texture. Flat patches, whose SURF output
   * is normalised noise or zero, become the zero vector so they all fall into one word.
   */
  static float[] rootNormalise(double[] d) {
    double l1 = 0;
    for (double v : d) {
      l1 += Math.abs(v);
    }
    float[] out = new float[d.length];
    if (!(l1 >= FLAT_ENERGY)) { // also catches NaN from a zero-norm patch
      return out;
    }
    for (int i = 0; i < d.length; i++) {
      double v = Math.sqrt(Math.abs(d[i]) / l1);
      out[i] = (float) (d[i] < 0 ? -v : v);
    }
    return out;
  }
}
