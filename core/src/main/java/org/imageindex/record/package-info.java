/**
 * Records: what goes into an index, what comes out, and what happened to each.
 *
 * <h2>How to describe records</h2>
 * {@snippet :
 * ImageRecord r = ImageRecord.builder()
 *         .id("sku-1")                                   // or leave it out for a generated id
 *         .source(ImageSource.file(Path.of("chair.jpg"))) // file, url, bytes or base64
 *         .name("Red chair")
 *         .tags("chair", "red")
 *         .attribute("price", 129.0)                      // string, long, double, boolean, Instant, lists
 *         .attribute("exif", Map.of("iso", 200))          // nested objects become "exif.iso"
 *         .build();
 * BatchResult result = index.insert(List.of(r));
 * for (RecordStatus s : result.skipped()) {
 *     System.out.println(s.id() + " " + s.code() + ": " + s.reason());
 * }
 * StoredRecord stored = index.get(List.of("sku-1"), FieldSelection.of("tags", "price")).getFirst();
 * }
 * Attribute values keep their type: what {@link org.imageindex.record.Attributes#get} returns is
 * what was stored ({@code Long}, {@code Double}, {@code String}, {@code Boolean},
 * {@code Instant} or a list of one of them). The first value an index sees for a path fixes that
 * field's type; see {@code docs/architecture.md}.
 *
 * <p>Built-in fields that filters and sorts can name are listed in
 * {@link org.imageindex.record.RecordFields}.
 */
package org.imageindex.record;
