package org.imageindex.signatures.similarity;

import java.awt.image.BufferedImage;
import java.util.Objects;
import org.imageindex.signatures.Images;

/**
 * Computes {@link SimilaritySignature}s: dense upright SURF descriptors at two patch sizes on
 * the image reduced to 320 px, projected by the model's PCA, aggregated into a VLAD vector over
 * the model's visual words, then power-, intra- and L2-normalised; followed by a coarse colour
 * histogram weighted by {@link SimilarityModel#colourWeight()}.
 *
 * <p>Immutable and thread-safe: every call allocates its own working buffers, so one extractor
 * can serve all threads.
 *
 * {@snippet :
 * SimilarityExtractor extractor = SimilarityExtractor.standard();
 * SimilaritySignature a = extractor.extract(Images.fit(imageA, 512));
 * SimilaritySignature b = extractor.extract(Images.fit(imageB, 512));
 * double score = a.score(b); // in [0, 1], higher looks more alike
 * }
 */
public final class SimilarityExtractor {

  /**
   * Long side the {@link BufferedImage} overload reduces to before extracting: the size the
   * signature facade hands every extractor, so both overloads give identical vectors.
   */
  static final int INPUT_SIDE = 512;

  private final SimilarityModel model;

  private SimilarityExtractor(SimilarityModel model) {
    this.model = model;
  }

  /** An extractor using the model shipped in the jar ({@link SimilarityModel#standard()}). */
  public static SimilarityExtractor standard() {
    return Standard.EXTRACTOR;
  }

  private static final class Standard {
    static final SimilarityExtractor EXTRACTOR = new SimilarityExtractor(SimilarityModel.standard());
  }

  /** An extractor using {@code model}, e.g. one trained on a collection by {@link SimilarityTrainer}. */
  public static SimilarityExtractor of(SimilarityModel model) {
    return new SimilarityExtractor(Objects.requireNonNull(model, "model"));
  }

  /** The model whose vector space this extractor's signatures live in. */
  public SimilarityModel model() {
    return model;
  }

  /** Length of the vectors: {@code model().dimension()}. */
  public int dimension() {
    return model.dimension();
  }

  /**
   * The signature of {@code pixels}, normally the image reduced to about 512 px on the long
   * side; it is reduced further (or enlarged) to 320 px here, so any size works.
   */
  public SimilaritySignature extract(Images.Pixels pixels) {
    Objects.requireNonNull(pixels, "pixels");
    Images.Pixels working = DenseDescriptors.working(pixels);
    float[] local = Vlad.aggregate(model, DenseDescriptors.describe(working));
    float[] colour = ColourHistogram.of(working);
    // Both parts are unit length; weighting them by the square roots of (1 - w) and w keeps
    // the whole unit length and makes the dot product (1 - w) cos(local) + w cos(colour).
    float a = (float) Math.sqrt(1 - model.colourWeight());
    float b = (float) Math.sqrt(model.colourWeight());
    float[] vector = new float[local.length + colour.length];
    for (int i = 0; i < local.length; i++) {
      vector[i] = a * local[i];
    }
    for (int i = 0; i < colour.length; i++) {
      vector[local.length + i] = b * colour[i];
    }
    return new SimilaritySignature(model.id(), vector);
  }

  /** The signature of {@code image}, reduced to 512 px first as the signature facade does. */
  public SimilaritySignature extract(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    return extract(Images.fit(image, INPUT_SIDE));
  }
}
