package org.imageindex.signatures.matching.vocabulary;

import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.imageindex.signatures.matching.MatchingFeatures;

/**
 * Trains a {@link VisualVocabulary} by hierarchical k-means: the sampled descriptors are split
 * into {@code branching} clusters, each cluster again into {@code branching}, down to
 * {@code depth} levels. Training is deterministic: the same features and options give the same
 * vocabulary, byte for byte, on any machine (integer distances, a fixed seed per node, sums in a
 * fixed order).
 *
 * {@snippet :
 * List<MatchingFeatures> features = images.stream().map(MatchingExtractor.standard()::extract).toList();
 * VisualVocabulary v = VocabularyTrainer.train(features, VocabularyTrainer.Options.defaults());
 * int[] words = v.words(features.get(0));
 * }
 */
public final class VocabularyTrainer {

  private static final int D = MatchingFeatures.DESCRIPTOR_LENGTH;

  private VocabularyTrainer() {}

  /**
   * Told how far training has come, as a fraction in [0, 1] that never decreases. Called on the
   * training thread.
   */
  @FunctionalInterface
  public interface Progress {

    /** Ignores progress. */
    Progress NONE = fraction -> { };

    void update(double fraction);
  }

  /**
   * How to train.
   *
   * @param branching children per node, in 2..64
   * @param depth levels, in 1..8; the vocabulary has {@code branching ^ depth} words
   * @param iterations k-means iterations at each node, >= 1
   * @param maxDescriptors descriptors sampled from all features (evenly over the images, strongest
   *     features first), >= branching
   * @param seed seed of the k-means++ seeding (each node derives its own from it)
   */
  public record Options(int branching, int depth, int iterations, int maxDescriptors, long seed) {

    /**
     * 10 children: the vocabulary tree of Nistér and Stewénius (2006), whose retrieval was best
     * with branching 10; fewer children make deeper trees whose early mistakes cost more.
     */
    public static final int DEFAULT_BRANCHING = 10;
    /**
     * 4 levels, 10,000 words: 107 training photographs of 500 features put about five features
     * in each word, while a fifth level (100,000 words) would leave most words empty for
     * collections of that size. Chosen by that count, not yet by a
     * retrieval measurement.
     */
    public static final int DEFAULT_DEPTH = 4;
    /** 10 iterations: the assignment changes by less than 1 % after the eighth on the training set. */
    public static final int DEFAULT_ITERATIONS = 10;
    /**
     * 250,000 descriptors: 25 a word at the default size, enough to place every leaf, and
     * bounded so that training on a large index takes seconds, not hours (16 MB of descriptors).
     */
    public static final int DEFAULT_MAX_DESCRIPTORS = 250_000;
    /** Any fixed seed: it makes training reproducible. */
    public static final long DEFAULT_SEED = 0x5EED_7EE5L;

    public Options {
      VisualVocabulary.checkShape(branching, depth);
      if (iterations < 1) {
        throw new IllegalArgumentException("iterations must be >= 1, got: " + iterations);
      }
      if (maxDescriptors < branching) {
        throw new IllegalArgumentException("maxDescriptors must be >= branching (" + branching + "), got: " + maxDescriptors);
      }
    }

    /** The defaults above. */
    public static Options defaults() {
      return new Options(DEFAULT_BRANCHING, DEFAULT_DEPTH, DEFAULT_ITERATIONS, DEFAULT_MAX_DESCRIPTORS, DEFAULT_SEED);
    }

    /** These options with another depth. */
    public Options withDepth(int depth) {
      return new Options(branching, depth, iterations, maxDescriptors, seed);
    }

    /** These options with another branching. */
    public Options withBranching(int branching) {
      return new Options(branching, depth, iterations, maxDescriptors, seed);
    }
  }

  /** Same as {@link #train(List, Options, Progress, BooleanSupplier)} without progress or cancellation. */
  public static VisualVocabulary train(List<MatchingFeatures> features, Options options) {
    return train(features, options, Progress.NONE, () -> false);
  }

  /**
   * Trains a vocabulary on the descriptors of {@code features}.
   *
   * @throws IllegalArgumentException if the features hold fewer than {@code branching} descriptors
   * @throws CancellationException if {@code cancelled} returned true; it is asked between nodes
   */
  public static VisualVocabulary train(List<MatchingFeatures> features, Options options, Progress progress,
      BooleanSupplier cancelled) {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(cancelled, "cancelled");
    byte[][] data = sample(features, options.maxDescriptors());
    if (data.length < options.branching()) {
      throw new IllegalArgumentException("features must hold at least " + options.branching()
          + " descriptors (the branching), got: " + data.length);
    }
    int b = options.branching();
    int nodes = 0;
    int width = 1;
    for (int l = 0; l < options.depth(); l++) {
      width *= b;
      nodes += width;
    }
    byte[] centroids = new byte[nodes * D];
    // members[i]: the descriptors assigned to node i of the current level (the root at first).
    int[][] members = {range(data.length)};
    int levelStart = 0;
    for (int level = 0; level < options.depth(); level++) {
      int[][] next = new int[members.length * b][];
      for (int node = 0; node < members.length; node++) {
        if (cancelled.getAsBoolean()) {
          throw new CancellationException("vocabulary training cancelled at level " + (level + 1) + ", node "
              + node + " of " + members.length);
        }
        long seed = options.seed() * 31 + (long) level * 1_000_003L + node;
        byte[] c = kmeans(data, members[node], b, options.iterations(), new Random(seed));
        System.arraycopy(c, 0, centroids, (levelStart + node * b) * D, b * D);
        int[][] split = assign(data, members[node], c, b);
        System.arraycopy(split, 0, next, node * b, b);
        progress.update((level + (node + 1.0) / members.length) / options.depth());
      }
      levelStart += members.length * b;
      members = next;
    }
    return new VisualVocabulary(b, options.depth(), centroids);
  }

  /**
   * Up to {@code max} descriptors: the same share of every image, strongest features first
   * (features are stored strongest first), in image order.
   */
  static byte[][] sample(List<MatchingFeatures> features, int max) {
    long total = 0;
    for (MatchingFeatures f : features) {
      total += f.size();
    }
    double share = Math.min(1.0, max / (double) Math.max(1, total));
    int count = 0;
    int[] take = new int[features.size()];
    for (int i = 0; i < take.length; i++) {
      take[i] = (int) Math.floor(features.get(i).size() * share);
      count += take[i];
    }
    byte[][] out = new byte[count][];
    int k = 0;
    for (int i = 0; i < take.length; i++) {
      MatchingFeatures f = features.get(i);
      for (int j = 0; j < take[i]; j++) {
        out[k++] = f.descriptor(j);
      }
    }
    return out;
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  /**
   * k-means++ seeding then Lloyd iterations on the members; returns k centroids rounded to bytes.
   * With fewer distinct members than k, the missing centroids repeat the first one: ties go to
   * the lower child, so a repeat never receives a descriptor.
   */
  static byte[] kmeans(byte[][] data, int[] members, int k, int iterations, Random random) {
    byte[] centroids = new byte[k * D];
    if (members.length == 0) {
      return centroids;
    }
    // k-means++ seeding.
    long[] nearest = new long[members.length];
    java.util.Arrays.fill(nearest, Long.MAX_VALUE);
    int chosen = 0;
    int first = members[random.nextInt(members.length)];
    System.arraycopy(data[first], 0, centroids, 0, D);
    chosen = 1;
    while (chosen < k) {
      long sum = 0;
      for (int i = 0; i < members.length; i++) {
        nearest[i] = Math.min(nearest[i], VisualVocabulary.distance(data[members[i]], centroids, (chosen - 1) * D));
        sum += nearest[i];
      }
      if (sum == 0) {
        break;
      }
      long target = (long) (random.nextDouble() * sum);
      int pick = members.length - 1;
      long acc = 0;
      for (int i = 0; i < members.length; i++) {
        acc += nearest[i];
        if (acc > target) {
          pick = i;
          break;
        }
      }
      System.arraycopy(data[members[pick]], 0, centroids, chosen * D, D);
      chosen++;
    }
    for (int c = chosen; c < k; c++) {
      System.arraycopy(centroids, 0, centroids, c * D, D);
    }
    // Lloyd iterations on the chosen centroids; an empty cluster keeps its centroid.
    long[] sums = new long[k * D];
    int[] counts = new int[k];
    for (int it = 0; it < iterations; it++) {
      java.util.Arrays.fill(sums, 0);
      java.util.Arrays.fill(counts, 0);
      for (int m : members) {
        int c = nearest(data[m], centroids, chosen);
        counts[c]++;
        for (int d = 0; d < D; d++) {
          sums[c * D + d] += data[m][d];
        }
      }
      boolean changed = false;
      for (int c = 0; c < chosen; c++) {
        if (counts[c] == 0) {
          continue;
        }
        for (int d = 0; d < D; d++) {
          byte v = (byte) Math.max(Byte.MIN_VALUE, Math.min(Byte.MAX_VALUE, Math.round((double) sums[c * D + d] / counts[c])));
          changed |= v != centroids[c * D + d];
          centroids[c * D + d] = v;
        }
      }
      if (!changed) {
        break;
      }
    }
    return centroids;
  }

  private static int nearest(byte[] descriptor, byte[] centroids, int k) {
    int best = 0;
    long bestDistance = Long.MAX_VALUE;
    for (int c = 0; c < k; c++) {
      long d = VisualVocabulary.distance(descriptor, centroids, c * D);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }

  /** Splits the members by nearest centroid, exactly as {@link VisualVocabulary#word} descends. */
  private static int[][] assign(byte[][] data, int[] members, byte[] centroids, int k) {
    int[] which = new int[members.length];
    int[] counts = new int[k];
    for (int i = 0; i < members.length; i++) {
      which[i] = nearest(data[members[i]], centroids, k);
      counts[which[i]]++;
    }
    int[][] out = new int[k][];
    for (int c = 0; c < k; c++) {
      out[c] = new int[counts[c]];
    }
    int[] fill = new int[k];
    for (int i = 0; i < members.length; i++) {
      out[which[i]][fill[which[i]]++] = members[i];
    }
    return out;
  }
}
