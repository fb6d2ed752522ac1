package org.imageindex.signatures;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.imageindex.signatures.color.ColorExtractor;
import org.imageindex.signatures.color.ColorSignature;
import org.imageindex.signatures.decode.DecodedImage;
import org.imageindex.signatures.decode.ImageDecoder;
import org.imageindex.signatures.hash.HashExtractor;
import org.imageindex.signatures.hash.HashSignature;
import org.imageindex.signatures.matching.MatchingExtractor;
import org.imageindex.signatures.matching.MatchingFeatures;
import org.imageindex.signatures.matching.MatchingOptions;
import org.imageindex.signatures.similarity.SimilarityExtractor;
import org.imageindex.signatures.similarity.SimilaritySignature;
import org.imageindex.signatures.spi.VectorExtractor;
import org.imageindex.signatures.spi.VectorSimilarity;

/**
 * Decodes an image once and computes all its signatures from one reduced copy.
 *
 * <p>The decoder subsamples while reading ({@link ImageDecoder#withTargetSide}) so a 12 MP
 * photo is never held at full size; the result is reduced once to {@link #WORKING_SIDE}
 * pixels and that single raster feeds every extractor, each reducing further as it needs. So
 * extraction holds at most two rasters of an image per thread: the subsampled decode and the
 * working copy.
 *
 * {@snippet :
 * SignatureExtractor extractor = SignatureExtractor.standard();
 * ImageSignatures a = extractor.extract(Path.of("original.jpg"));
 * ImageSignatures b = extractor.extract(Path.of("cropped.jpg"));
 * MatchResult r = MatchVerifier.standard().verify(b.matching(), a.matching());
 * double looksAlike = a.similarity().score(b.similarity());
 * }
 *
 * <p>Immutable and thread-safe.
 */
public final class SignatureExtractor {

  /**
   * 512 pixels on the longer side: the matching signature's working size, the largest any
   * signature reads; the others reduce further from it.
   */
  public static final int WORKING_SIDE = MatchingOptions.DEFAULT_WORKING_SIDE;

  private static final SignatureExtractor STANDARD = builder().build();

  private final ImageDecoder decoder;
  private final MatchingExtractor matching;
  private final SimilarityExtractor similarity;
  private final List<VectorExtractor> vectors;

  private SignatureExtractor(Builder b) {
    this.decoder = b.decoder.withTargetSide(Math.max(WORKING_SIDE, b.matching.options().workingSide()));
    this.matching = b.matching;
    this.similarity = b.similarity;
    this.vectors = List.copyOf(b.vectors);
  }

  /** All built-in signatures with their defaults, and no extractor of the caller's. */
  public static SignatureExtractor standard() {
    return STANDARD;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The caller's vector extractors, in the order they were added. */
  public List<VectorExtractor> vectorExtractors() {
    return vectors;
  }

  /** The similarity extractor (and so the model) in use. */
  public SimilarityExtractor similarityExtractor() {
    return similarity;
  }

  /**
   * Decodes an encoded image and extracts its signatures.
   *
   * @throws org.imageindex.signatures.decode.ImageDecodeException if the bytes are not a
   *     readable image within the decoder's limits
   */
  public ImageSignatures extract(byte[] encoded) {
    return extract(decoder.decode(encoded));
  }

  /**
   * Decodes an image file and extracts its signatures.
   *
   * @throws org.imageindex.signatures.decode.ImageDecodeException if the file cannot be read
   *     or is not a readable image within the decoder's limits
   */
  public ImageSignatures extract(Path file) {
    return extract(decoder.decode(file));
  }

  /** Extracts the signatures of an image already decoded. */
  public ImageSignatures extract(DecodedImage decoded) {
    Objects.requireNonNull(decoded, "decoded");
    return extract(decoded.pixels(WORKING_SIDE), decoded.orientedWidth(), decoded.orientedHeight(),
        decoded.format());
  }

  /** Extracts the signatures of an image given as a raster. */
  public ImageSignatures extract(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    return extract(Images.fit(image, WORKING_SIDE), image.getWidth(), image.getHeight(), "raster");
  }

  /**
   * An image to search with, decoded already: its signatures are extracted the first time each
   * is asked for ({@link QueryImage} says why).
   */
  public QueryImage query(DecodedImage decoded) {
    Objects.requireNonNull(decoded, "decoded");
    return new QueryImage(this, decoded.pixels(WORKING_SIDE));
  }

  /** An image to search with, given as a raster; see {@link #query(DecodedImage)}. */
  public QueryImage query(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    return new QueryImage(this, Images.fit(image, WORKING_SIDE));
  }

  private ImageSignatures extract(Images.Pixels work, int width, int height, String format) {
    Map<String, float[]> custom = new LinkedHashMap<>();
    for (VectorExtractor v : vectors) {
      custom.put(v.name(), checked(v, v.extract(work)));
    }
    return new ImageSignatures(width, height, format, matchingOf(work), similarityOf(work), colorOf(work), hashOf(work),
        custom);
  }

  MatchingFeatures matchingOf(Images.Pixels work) {
    return matching.extract(work);
  }

  SimilaritySignature similarityOf(Images.Pixels work) {
    return similarity.extract(work);
  }

  ColorSignature colorOf(Images.Pixels work) {
    return ColorExtractor.standard().extract(work);
  }

  HashSignature hashOf(Images.Pixels work) {
    return HashExtractor.standard().extract(work);
  }

  float[] vectorOf(String name, Images.Pixels work) {
    for (VectorExtractor v : vectors) {
      if (v.name().equals(name)) {
        return checked(v, v.extract(work));
      }
    }
    throw new IllegalArgumentException("no vector extractor named '" + name + "'");
  }

  /** A caller's extractor is trusted with nothing: a wrong vector would corrupt the index. */
  private static float[] checked(VectorExtractor v, float[] vector) {
    String who = "vector extractor '" + v.name() + "' (" + v.getClass().getName() + ")";
    if (vector == null) {
      throw new IllegalStateException(who + " returned null");
    }
    if (vector.length != v.dimension()) {
      throw new IllegalStateException(who + " returned " + vector.length
          + " values but declares dimension " + v.dimension());
    }
    double norm = 0;
    for (int i = 0; i < vector.length; i++) {
      if (!Float.isFinite(vector[i])) {
        throw new IllegalStateException(who + " returned a non-finite value at index " + i + ": " + vector[i]);
      }
      norm += (double) vector[i] * vector[i];
    }
    if (v.similarity() == VectorSimilarity.DOT_PRODUCT && Math.abs(Math.sqrt(norm) - 1) > 1e-3) {
      throw new IllegalStateException(who + " declares DOT_PRODUCT similarity but returned a vector of length "
          + Math.sqrt(norm) + "; DOT_PRODUCT needs unit-length vectors");
    }
    if (v.similarity() == VectorSimilarity.COSINE && norm == 0) {
      throw new IllegalStateException(who + " returned an all-zero vector, which has no cosine");
    }
    return vector;
  }

  /** Chooses the decoder, the built-in extractors' settings and the caller's extractors. */
  public static final class Builder {
    private ImageDecoder decoder = ImageDecoder.standard();
    private MatchingExtractor matching = MatchingExtractor.standard();
    private SimilarityExtractor similarity = SimilarityExtractor.standard();
    private final List<VectorExtractor> vectors = new ArrayList<>();

    private Builder() {}

    /** The decoder, for other byte or pixel limits. */
    public Builder decoder(ImageDecoder decoder) {
      this.decoder = Objects.requireNonNull(decoder, "decoder");
      return this;
    }

    /** The matching extractor, for other feature counts or working sizes. */
    public Builder matching(MatchingExtractor matching) {
      this.matching = Objects.requireNonNull(matching, "matching");
      return this;
    }

    /** The similarity extractor, e.g. with a model fine-tuned on a collection. */
    public Builder similarity(SimilarityExtractor similarity) {
      this.similarity = Objects.requireNonNull(similarity, "similarity");
      return this;
    }

    /**
     * Adds a caller's vector signature.
     *
     * @throws IllegalArgumentException if its name is malformed, reserved or already taken,
     *     or its dimension is below 1
     */
    public Builder add(VectorExtractor extractor) {
      Objects.requireNonNull(extractor, "extractor");
      String name = extractor.name();
      if (name == null || !VectorExtractor.NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("vector extractor name must match "
            + VectorExtractor.NAME.pattern() + ", got: " + name);
      }
      if (VectorExtractor.RESERVED_NAMES.contains(name)) {
        throw new IllegalArgumentException("vector extractor name '" + name
            + "' is reserved for a built-in signature " + VectorExtractor.RESERVED_NAMES);
      }
      Set<String> taken = new HashSet<>();
      vectors.forEach(v -> taken.add(v.name()));
      if (taken.contains(name)) {
        throw new IllegalArgumentException("a vector extractor named '" + name + "' is already added");
      }
      if (extractor.dimension() < 1) {
        throw new IllegalArgumentException("vector extractor '" + name + "' dimension must be >= 1, got: "
            + extractor.dimension());
      }
      Objects.requireNonNull(extractor.similarity(), "similarity of vector extractor '" + name + "'");
      vectors.add(extractor);
      return this;
    }

    /** Adds every extractor {@link VectorExtractor#discover()} finds on the class path. */
    public Builder addDiscovered() {
      VectorExtractor.discover().forEach(this::add);
      return this;
    }

    /** The extractor. */
    public SignatureExtractor build() {
      return new SignatureExtractor(this);
    }
  }
}
