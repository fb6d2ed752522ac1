/**
 * Static HTML reports of search results: thumbnails, distances, verdicts and matching boxes.
 *
 * <h2>How to write a report</h2>
 * {@snippet :
 * List<ImageMatch> hits = index.matcher().search(ImageMatchQuery.of(ImageSource.file(query)));
 * Path page = HtmlReport.ofMatches("Copies of " + query.getFileName(), query, hits,
 *         id -> index.get(id).map(StoredRecord::origin).map(Path::of).orElse(null))
 *     .write(Path.of("report"));          // report/index.html and report/thumbs/*.jpg
 * }
 * {@link org.imageindex.examples.report.HtmlReport#ofSearch} shows kNN, range and near-duplicate
 * hits with their distances, {@link org.imageindex.examples.report.HtmlReport#ofNearDuplicates}
 * the near-duplicate groups of a whole index. From the command line,
 * {@link org.imageindex.examples.report.ReportCommand} does the same
 * ({@code report --matches photo.jpg --out report}).
 *
 * <h2>What the page shows</h2>
 * Each row puts its images side by side as thumbnails of at most
 * {@link org.imageindex.examples.report.HtmlReport#THUMBNAIL_SIDE} pixels, upright as the index
 * sees them (EXIF orientation applied). A matching box is drawn as an SVG polygon in a 0..1
 * coordinate system stretched over its thumbnail, so the normalised points of the match search
 * land on the pixels they describe. The page is self-contained apart from its thumbnails: no
 * network access, no external script.
 */
package org.imageindex.examples.report;
