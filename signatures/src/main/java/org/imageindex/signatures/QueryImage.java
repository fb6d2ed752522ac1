package org.imageindex.signatures;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.imageindex.signatures.color.ColorSignature;
import org.imageindex.signatures.hash.HashSignature;
import org.imageindex.signatures.matching.MatchingFeatures;
import org.imageindex.signatures.similarity.SimilaritySignature;

/**
 * An image a search asks with: decoded and reduced to the working size once, each signature
 * extracted the first time it is asked for. A search by image needs one or two signatures (a
 * matching search the features and the hash, a looks-alike search the similarity vector), and
 * matching features and the similarity vector each cost about as much as decoding, so extracting
 * everything, as indexing must, would make a query up to a third slower. Obtain one from
 * {@link SignatureExtractor#query}.
 *
 * <p>Thread-safe.
 */
public final class QueryImage {

  private final SignatureExtractor extractor;
  private final Images.Pixels work;
  private MatchingFeatures matching;
  private SimilaritySignature similarity;
  private ColorSignature color;
  private HashSignature hash;
  private final Map<String, float[]> vectors = new HashMap<>();

  QueryImage(SignatureExtractor extractor, Images.Pixels work) {
    this.extractor = Objects.requireNonNull(extractor, "extractor");
    this.work = Objects.requireNonNull(work, "work");
  }

  /** The matching signature. */
  public synchronized MatchingFeatures matching() {
    if (matching == null) {
      matching = extractor.matchingOf(work);
    }
    return matching;
  }

  /** The similarity signature. */
  public synchronized SimilaritySignature similarity() {
    if (similarity == null) {
      similarity = extractor.similarityOf(work);
    }
    return similarity;
  }

  /** The colour signature. */
  public synchronized ColorSignature color() {
    if (color == null) {
      color = extractor.colorOf(work);
    }
    return color;
  }

  /** The perceptual hash. */
  public synchronized HashSignature hash() {
    if (hash == null) {
      hash = extractor.hashOf(work);
    }
    return hash;
  }

  /**
   * The vector of the caller's extractor {@code name}.
   *
   * @throws IllegalArgumentException if the extractor has no vector extractor of that name
   */
  public synchronized float[] vector(String name) {
    return vectors.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> extractor.vectorOf(n, work)).clone();
  }
}
