package org.imageindex.signatures.neural;

import java.util.Objects;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.spi.VectorExtractor;
import org.imageindex.signatures.spi.VectorSimilarity;

/**
 * A "looks like" signature from a convolutional network: the globally averaged activations of
 * one MobileNetV2 layer, L2-normalised and compared by dot product.
 *
 * <p>Where the BoofCV similarity signature describes local gradients and colour, this one
 * responds to what the network learned to tell apart on ImageNet — so two photos of the same
 * kind of thing rank closer even when their textures differ. It is offered beside the built-in
 * signatures through the vector extractor SPI, not instead of them:
 *
 * {@snippet :
 * SignatureExtractor extractor = SignatureExtractor.builder()
 *     .add(NeuralExtractor.standard())                    // the vector named "neural"
 *     .build();
 * ImageIndex index = ImageIndex.builder().extractor(extractor).open(dir);
 * // search it with VectorSignature.of(NeuralExtractor.NAME)
 * }
 *
 * <p>It is not listed for {@link VectorExtractor#discover()}: a tenth of a second per image is
 * a cost a caller chooses. The image is squeezed to the
 * network's 224 x 224 input (aspect ratio not kept, as the network was trained) and scaled to
 * [0, 1], as the package that trained these weights feeds them (Keras' own [-1, 1] scaling
 * measured 0.12 to 0.16 lower mAP on pixabay-categories). Immutable and thread-safe; a forward pass takes
 * about a tenth of a second per image on one core (docs/signatures-neural.md).
 */
public final class NeuralExtractor implements VectorExtractor {

  /** Name of the vector in an index. */
  public static final String NAME = "neural";

  /**
   * The layer the standard extractor pools: of the four measured on the quality harness sets,
   * the expansion of block 13 ranked semantic categories best (pixabay-categories mAP 0.309
   * against 0.298 for block 16 and 0.269 for the top layer) and costs the least after block 10
   * (docs/signatures-neural.md).
   */
  public static final NeuralLayer DEFAULT_LAYER = NeuralLayer.BLOCK_13_EXPAND;

  private static final NeuralExtractor STANDARD = new NeuralExtractor(DEFAULT_LAYER);

  private final NeuralLayer layer;

  private NeuralExtractor(NeuralLayer layer) {
    this.layer = layer;
  }

  /** The extractor pooling {@link #DEFAULT_LAYER}. */
  public static NeuralExtractor standard() {
    return STANDARD;
  }

  /** An extractor pooling another layer, e.g. to compare them on a collection. */
  public static NeuralExtractor of(NeuralLayer layer) {
    return new NeuralExtractor(Objects.requireNonNull(layer, "layer"));
  }

  /** The layer pooled. */
  public NeuralLayer layer() {
    return layer;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Changes with the weights, the layer and the pre- and post-processing. */
  @Override
  public String version() {
    return "mobilenet_v2-nsfwjs-4.4.0-" + layer.name().toLowerCase(java.util.Locale.ROOT) + "-unit01-1";
  }

  @Override
  public int dimension() {
    return layer.channels();
  }

  @Override
  public VectorSimilarity similarity() {
    return VectorSimilarity.DOT_PRODUCT;
  }

  @Override
  public float[] extract(Images.Pixels pixels) {
    Objects.requireNonNull(pixels, "pixels");
    return normalised(MobileNetV2.standard().pooled(input(pixels), layer));
  }

  /** The network's input: 224 x 224 RGB, channels last, each value {@code v / 255}. */
  static float[] input(Images.Pixels pixels) {
    int s = MobileNetV2.SIDE;
    Images.Pixels p = pixels.width() == s && pixels.height() == s ? pixels : Images.resize(pixels, s, s);
    int[] rgb = p.rgb();
    float[] x = new float[s * s * 3];
    for (int i = 0; i < rgb.length; i++) {
      int v = rgb[i];
      x[3 * i] = ((v >> 16) & 0xFF) / 255f;
      x[3 * i + 1] = ((v >> 8) & 0xFF) / 255f;
      x[3 * i + 2] = (v & 0xFF) / 255f;
    }
    return x;
  }

  /**
   * Unit length. A flat image can pool to all zeros at a ReLU layer; it then gets the uniform
   * vector, so every image still has a valid dot-product vector.
   */
  static float[] normalised(float[] v) {
    double n = 0;
    for (float x : v) {
      n += (double) x * x;
    }
    float[] out = new float[v.length];
    if (n == 0) {
      java.util.Arrays.fill(out, (float) (1 / Math.sqrt(v.length)));
      return out;
    }
    float inv = (float) (1 / Math.sqrt(n));
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }
}
