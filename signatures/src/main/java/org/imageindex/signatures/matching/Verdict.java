package org.imageindex.signatures.matching;

/**
 * The decision of a geometric verification, with the wording of the media databases users come
 * from, so a report can show {@link #label()} unchanged.
 */
public enum Verdict {
  /** The query is the same picture as the reference: same framing, any size or compression. */
  CLONE("Clone"),
  /** A part of the query shows a part of the reference (crop, rotation, object in a scene...). */
  MATCH("Match"),
  /** Too few features agree on one homography: the pictures are different. */
  REJECTED_GEOMETRY("Rejection due to geometric test"),
  /**
   * Features agree on a homography, but the matching box it maps is not a plausible view of a
   * planar region (folded, degenerate, or collapsed onto a line): a coincidence, not a copy.
   */
  REJECTED_BOX_SHAPE("Rejection due to shape of the matching box");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  /** The human-readable decision, e.g. {@code "Rejection due to geometric test"}. */
  public String label() {
    return label;
  }

  /** True for {@link #CLONE} and {@link #MATCH}: the two images share content. */
  public boolean isMatch() {
    return this == CLONE || this == MATCH;
  }
}
