package org.imageindex.signatures.similarity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.imageindex.signatures.Images;

/**
 * Trains a {@link SimilarityModel} on a collection's own images: the projection of the local
 * descriptors (PCA) and the visual words (k-means). Unsupervised: it needs pictures, no labels.
 *
 * <p>Deterministic: the same images in the same order with the same {@link Options} give a
 * bit-identical model (and so the same {@link SimilarityModel#id()}). Training runs on the
 * calling thread; run it on a background thread and follow it with a {@link Progress} callback,
 * and stop it through the cancellation flag.
 *
 * {@snippet :
 * SimilarityModel model = SimilarityTrainer.train(images, SimilarityTrainer.Options.defaults(),
 *     (done, total) -> log.info("similarity training {}/{}", done, total),
 *     () -> Thread.currentThread().isInterrupted());
 * SimilarityExtractor extractor = SimilarityExtractor.of(model);
 * }
 *
 * <p>Cost: one descriptor extraction per image (about the cost of extracting a signature) plus
 * projection and clustering (about a second for a hundred images); memory holds
 * {@code descriptorsPerImage} descriptors of 64 floats per image, not the images, when
 * {@code images} is a list that decodes on {@code get}.
 */
public final class SimilarityTrainer {

  /**
   * Upper bound on Lloyd iterations of k-means: enough for 16 words to settle on tens of
   * thousands of points; the run stops early once no assignment changes.
   */
  static final int KMEANS_ITERATIONS = 30;

  private SimilarityTrainer() {}

  /**
   * Told how far training has come. {@code total} is the number of images plus one step for
   * the projection plus 30 clustering steps; {@code done} grows by one per step up to
   * {@code total} (when clustering converges early, the remaining steps are reported at
   * once). Called on the training thread.
   */
  @FunctionalInterface
  public interface Progress {

    /** Ignores progress. */
    Progress NONE = (done, total) -> { };

    void update(int done, int total);
  }

  /**
   * How to train.
   *
   * @param words visual words in the codebook, >= 2
   * @param pcaDims dimensions each local descriptor is projected to, in [1, 64]; the vector has
   *     {@code words * pcaDims + 64} dimensions (64 for colour), at most 1024
   * @param descriptorsPerImage local descriptors sampled from each image (of about 1,100 the
   *     grid gives a 4:3 photo), >= 1; caps the weight of any one image and the memory used
   * @param seed seed of every random choice (sampling, k-means++ seeding)
   * @param colourWeight share of the colour histogram in the vectors' dot product, in [0, 1);
   *     0 makes the signature ignore colour
   */
  public record Options(int words, int pcaDims, int descriptorsPerImage, long seed, float colourWeight) {

    /**
     * 16 words: with 28 dimensions and the 64 colour dimensions that is a 512-float vector,
     * half of Lucene's limit and 2 KB per image, the size the rest of the index budgets for.
     */
    public static final int DEFAULT_WORDS = 16;

    /**
     * 28 of SURF's 64 dimensions: keeps most of the variance of RootSURF descriptors, and
     * 28 against 32 made no difference to mAP on boofcv-triples or pixabay-categories.
     */
    public static final int DEFAULT_PCA_DIMS = 28;

    /**
     * 500 per image: a hundred images then give 50,000 points, ample for 16 words in 32
     * dimensions and clustered in a few seconds.
     */
    public static final int DEFAULT_DESCRIPTORS_PER_IMAGE = 500;

    /** Fixed so that regenerating the shipped model reproduces it exactly. */
    public static final long DEFAULT_SEED = 20240601L;

    /**
     * 0.3: raised pixabay-categories mAP from 0.15 to 0.20 and kept boofcv-triples at 1.0
     * even when queries had their light changed; at 0.5 that relit same-scene retrieval fell to
     * 0.96, so colour would start to override what the picture shows.
     */
    public static final float DEFAULT_COLOUR_WEIGHT = 0.3f;

    public Options {
      if (words < 2) {
        throw new IllegalArgumentException("words must be >= 2, got: " + words);
      }
      SimilarityModel.checkShape(pcaDims, words);
      if (descriptorsPerImage < 1) {
        throw new IllegalArgumentException("descriptorsPerImage must be >= 1, got: " + descriptorsPerImage);
      }
      SimilarityModel.checkColourWeight(colourWeight);
    }

    /** The options that trained the shipped model. */
    public static Options defaults() {
      return new Options(DEFAULT_WORDS, DEFAULT_PCA_DIMS, DEFAULT_DESCRIPTORS_PER_IMAGE, DEFAULT_SEED,
          DEFAULT_COLOUR_WEIGHT);
    }

    public Options withWords(int words) {
      return new Options(words, pcaDims, descriptorsPerImage, seed, colourWeight);
    }

    public Options withPcaDims(int pcaDims) {
      return new Options(words, pcaDims, descriptorsPerImage, seed, colourWeight);
    }

    public Options withDescriptorsPerImage(int descriptorsPerImage) {
      return new Options(words, pcaDims, descriptorsPerImage, seed, colourWeight);
    }

    public Options withSeed(long seed) {
      return new Options(words, pcaDims, descriptorsPerImage, seed, colourWeight);
    }

    public Options withColourWeight(float colourWeight) {
      return new Options(words, pcaDims, descriptorsPerImage, seed, colourWeight);
    }
  }

  /** Same as {@link #train(List, Options, Progress, BooleanSupplier)} without progress or cancellation. */
  public static SimilarityModel train(List<Images.Pixels> images, Options options) {
    return train(images, options, Progress.NONE, () -> false);
  }

  /**
   * Trains a model on {@code images}, each read once with {@code get}, in order (a list that
   * decodes on demand keeps memory bounded). Images are best passed at the size extractors get
   * them (about 512 px on the long side); any size works.
   *
   * @param cancelled polled before each step; once it returns true, training stops
   * @throws IllegalArgumentException if {@code images} is empty or gives fewer local
   *     descriptors than {@code options.words()}
   * @throws CancellationException if {@code cancelled} returned true
   */
  public static SimilarityModel train(List<Images.Pixels> images, Options options, Progress progress,
      BooleanSupplier cancelled) {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(cancelled, "cancelled");
    if (images.isEmpty()) {
      throw new IllegalArgumentException("images must not be empty");
    }
    int n = images.size();
    int total = n + 1 + KMEANS_ITERATIONS;
    Random random = new Random(options.seed());

    List<float[]> sample = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      checkCancelled(cancelled, "after " + i + " of " + n + " images");
      Images.Pixels image = Objects.requireNonNull(images.get(i), "image " + i);
      List<float[]> descriptors = DenseDescriptors.describe(DenseDescriptors.working(image));
      sample.addAll(subsample(descriptors, options.descriptorsPerImage(), random));
      progress.update(i + 1, total);
    }
    if (sample.size() < options.words()) {
      throw new IllegalArgumentException("training images gave " + sample.size()
          + " local descriptors, need at least words = " + options.words());
    }

    checkCancelled(cancelled, "before the projection");
    Pca pca = Pca.fit(sample, options.pcaDims());
    // A model without words yet, used only to project the sample the same way extraction will.
    SimilarityModel projection = new SimilarityModel(options.pcaDims(), 1, 0f, pca.mean, pca.axes,
        new float[options.pcaDims()]);
    List<float[]> projected = new ArrayList<>(sample.size());
    for (float[] d : sample) {
      projected.add(Vlad.project(projection, d));
    }
    sample = null; // the raw descriptors are no longer needed; let them go before clustering
    progress.update(n + 1, total);

    float[] centroids = KMeans.fit(projected, options.words(), options.pcaDims(), KMEANS_ITERATIONS, random,
        it -> {
          progress.update(n + 1 + it, total);
          if (it < KMEANS_ITERATIONS) {
            checkCancelled(cancelled, "at clustering iteration " + it + " of " + KMEANS_ITERATIONS);
          }
        });
    return new SimilarityModel(options.pcaDims(), options.words(), options.colourWeight(), pca.mean, pca.axes, centroids);
  }

  /** Up to {@code max} rows drawn without replacement (partial Fisher-Yates), order kept stable. */
  private static List<float[]> subsample(List<float[]> rows, int max, Random random) {
    if (rows.size() <= max) {
      return rows;
    }
    List<float[]> copy = new ArrayList<>(rows);
    for (int i = 0; i < max; i++) {
      int j = i + random.nextInt(copy.size() - i);
      float[] t = copy.get(i);
      copy.set(i, copy.get(j));
      copy.set(j, t);
    }
    return copy.subList(0, max);
  }

  private static void checkCancelled(BooleanSupplier cancelled, String where) {
    if (cancelled.getAsBoolean()) {
      throw new CancellationException("similarity training cancelled " + where);
    }
  }
}
