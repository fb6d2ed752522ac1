package org.imageindex.signatures.spi;

import org.imageindex.signatures.Images;

/**
 * A caller-style extractor for the tests: the 4 x 4 luma thumbnail of an image, mean-removed
 * and compared by cosine. Registered for {@link java.util.ServiceLoader} in the test resources.
 */
public final class GrayThumbnailVector implements VectorExtractor {

  @Override
  public String name() {
    return "gray_thumbnail";
  }

  @Override
  public int dimension() {
    return 16;
  }

  @Override
  public VectorSimilarity similarity() {
    return VectorSimilarity.COSINE;
  }

  @Override
  public float[] extract(Images.Pixels pixels) {
    float[] g = Images.gray(Images.resize(pixels, 4, 4));
    double mean = 0;
    for (float v : g) {
      mean += v / g.length;
    }
    float[] out = new float[16];
    for (int i = 0; i < 16; i++) {
      out[i] = (float) (g[i] - mean) + 1e-3f;
    }
    return out;
  }
}
