package org.imageindex.signatures;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.imageindex.signatures.color.ColorSignature;
import org.imageindex.signatures.hash.HashSignature;
import org.imageindex.signatures.matching.MatchingFeatures;
import org.imageindex.signatures.similarity.SimilaritySignature;

/**
 * Every signature of one image, as {@link SignatureExtractor} computes them from a single
 * decode.
 *
 * @param width width of the image as a viewer shows it (after EXIF orientation), in pixels
 * @param height height of the image as a viewer shows it, in pixels
 * @param format the encoded format, e.g. {@code "jpeg"}; {@code "raster"} for an image given
 *     already decoded
 * @param matching local features for copy detection and geometric verification (S1)
 * @param similarity the global "looks like" descriptor (S2)
 * @param color colour distribution and palette (S3)
 * @param hash the perceptual hash for near duplicates (S4)
 * @param vectors vectors of the caller's own extractors (S6), by extractor name
 */
public record ImageSignatures(
    int width,
    int height,
    String format,
    MatchingFeatures matching,
    SimilaritySignature similarity,
    ColorSignature color,
    HashSignature hash,
    Map<String, float[]> vectors) {

  public ImageSignatures {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("size must be >= 1x1, got: " + width + "x" + height);
    }
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(matching, "matching");
    Objects.requireNonNull(similarity, "similarity");
    Objects.requireNonNull(color, "color");
    Objects.requireNonNull(hash, "hash");
    Map<String, float[]> copy = new LinkedHashMap<>();
    vectors.forEach((k, v) -> copy.put(k, v.clone()));
    vectors = Collections.unmodifiableMap(copy);
  }

  /** Names of the caller's vectors present. */
  public Set<String> vectorNames() {
    return vectors.keySet();
  }

  /**
   * A copy of the vector of the caller's extractor {@code name}.
   *
   * @throws IllegalArgumentException if no extractor of that name ran
   */
  public float[] vector(String name) {
    float[] v = vectors.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no vector named '" + name + "'; present: " + vectors.keySet());
    }
    return v.clone();
  }

  /** The caller's vectors; each array is a copy. */
  @Override
  public Map<String, float[]> vectors() {
    Map<String, float[]> copy = new LinkedHashMap<>();
    vectors.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }
}
