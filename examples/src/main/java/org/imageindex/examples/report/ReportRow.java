package org.imageindex.examples.report;

import java.util.List;
import java.util.Objects;

/**
 * One row of a report: the pictures side by side (query and reference of a match, or the members
 * of a near-duplicate group) and what the search said about them.
 *
 * @param images   the pictures, left to right
 * @param distance the distance the search reported, or NaN when there is none
 * @param verdict  the verdict ("Clone", "Match", ...), or null
 * @param notes    further lines shown under the pictures (scores, pair distances)
 */
public record ReportRow(List<ReportImage> images, double distance, String verdict, List<String> notes) {

  public ReportRow {
    images = List.copyOf(images);
    if (images.isEmpty()) {
      throw new IllegalArgumentException("a report row needs at least one image");
    }
    notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
  }
}
