package org.imageindex.examples.report;

import java.nio.file.Path;
import java.util.Objects;
import org.imageindex.signatures.matching.MatchingBox;

/**
 * One picture of a report row: the image file, a caption, and optionally the matching box to draw
 * over it (normalised coordinates, as the match search reports them).
 *
 * @param id    the record id, or a label such as {@code "query"}
 * @param image the image file, or null when the record keeps no file (then a placeholder is shown)
 * @param box   the matching box inside this image, or null
 */
public record ReportImage(String id, Path image, MatchingBox box) {

  public ReportImage {
    Objects.requireNonNull(id, "id");
  }

  /** An image without a box. */
  public static ReportImage of(String id, Path image) {
    return new ReportImage(id, image, null);
  }
}
