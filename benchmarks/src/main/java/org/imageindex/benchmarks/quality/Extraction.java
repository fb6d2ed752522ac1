package org.imageindex.benchmarks.quality;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.signatures.decode.DecodedImage;
import org.imageindex.signatures.decode.ImageDecoder;
import org.imageindex.signatures.neural.NeuralExtractor;

/**
 * Extracts every signature of a list of images once, in parallel.
 *
 * <p>Memory stays bounded by the thread count: a worker decodes one image (subsampled to the
 * working size while reading), keeps its signatures and baseline descriptors, and drops the
 * pixels before taking the next.
 */
final class Extraction {

  private final SignatureExtractor extractor = SignatureExtractor.standard();
  private final ImageDecoder decoder = ImageDecoder.standard().withTargetSide(SignatureExtractor.WORKING_SIDE);
  private final NeuralExtractor neural = NeuralExtractor.standard();
  private final int threads;

  Extraction(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got: " + threads);
    }
    this.threads = threads;
  }

  /** Signatures of {@code names}, each resolved against {@code baseDir}, in the same order. */
  List<IndexedImage> extract(Path baseDir, List<String> names) {
    return parallel(names.size(), threads, i -> {
      Path file = baseDir.resolve(names.get(i));
      DecodedImage decoded = decoder.decode(file);
      Images.Pixels pixels = decoded.pixels(SignatureExtractor.WORKING_SIDE);
      return new IndexedImage(names.get(i), extractor.extract(decoded), IndexedImage.baselines(pixels),
          neural.extract(pixels));
    });
  }

  /**
   * Runs {@code task} for 0..n-1 on {@code threads} workers and returns the results in index
   * order; the first failure is rethrown with the index that caused it.
   */
  static <T> List<T> parallel(int n, int threads, IntFunction<T> task) {
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<T>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.apply(index)));
      }
      List<T> results = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        try {
          results.add(futures.get(i).get());
        } catch (ExecutionException e) {
          futures.forEach(f -> f.cancel(true));
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException("task " + i + " failed", cause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      return results;
    }
  }
}
