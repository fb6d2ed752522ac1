package org.imageindex.signatures.matching;

import java.awt.image.BufferedImage;
import java.util.Objects;
import org.imageindex.signatures.Images;

/**
 * Extracts the matching signature: scale- and rotation-invariant local features (SURF),
 * at most {@link MatchingOptions#maxFeatures()} per image, strongest first.
 *
 * <p>Thread-safe: each thread gets its own detector buffers.
 *
 * {@snippet :
 * MatchingExtractor extractor = MatchingExtractor.standard();
 * MatchingFeatures query = extractor.extract(queryImage);
 * MatchingFeatures reference = extractor.extract(referenceImage);
 * MatchResult result = MatchVerifier.standard().verify(query, reference);
 * if (result.verdict().isMatch()) { ... result.queryBox() ... }
 * }
 */
public final class MatchingExtractor {

  private static final MatchingExtractor STANDARD = new MatchingExtractor(MatchingOptions.defaults());

  private final MatchingOptions options;
  private final ThreadLocal<SurfFinder> finders;

  private MatchingExtractor(MatchingOptions options) {
    this.options = options;
    this.finders = ThreadLocal.withInitial(() -> new SurfFinder(options));
  }

  /** The extractor with {@link MatchingOptions#defaults()}. */
  public static MatchingExtractor standard() {
    return STANDARD;
  }

  /** An extractor with the given options. */
  public static MatchingExtractor of(MatchingOptions options) {
    return new MatchingExtractor(Objects.requireNonNull(options, "options"));
  }

  /** The options this extractor was built with. */
  public MatchingOptions options() {
    return options;
  }

  /** Features of a decoded image (reduced to the working size first). */
  public MatchingFeatures extract(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    return extract(Images.fit(image, options.workingSide()));
  }

  /** Features of pixels of any size (reduced to the working size first when larger). */
  public MatchingFeatures extract(Images.Pixels pixels) {
    Objects.requireNonNull(pixels, "pixels");
    return finders.get().find(pixels);
  }
}
