/**
 * Annotated regions with object labels, the object hierarchy, and the picture fields of the
 * dataset platform (seed 002) that its YAML want/exclude queries read.
 *
 * <h2>How to annotate records and query them with YAML</h2>
 * {@snippet :
 * ImageRecord r = ImageRecord.builder().id("p1").source(ImageSource.file(Path.of("p1.jpg")))
 *         .attributes(DatasetAttributes.builder().title("Cat and dog").nature("photo").licences("CC0-1.0")
 *                 .build())
 *         .created(Instant.parse("2020-05-01T00:00:00Z"))     // the upload time the date rules read
 *         .build();
 * index.insert(List.of(r));
 * Annotations a = index.annotations();
 * a.set("p1", List.of(
 *         Annotation.of(new Region.BoundingBox(0.1, 0.1, 0.5, 0.5), "Cat (Felis catus)"),
 *         Annotation.of(Region.Polygon.of(0, 0, 1, 0, 0, 1), "Grass")));
 * a.addChildren("Animal", List.of("Cat (Felis catus)", "Dog (Canis lupus familiaris)"));
 * RecordPage page = a.find("""
 *         want:
 *         - has: ["Animal"]
 *         ordering: number-regions-desc
 *         limit: 10
 *         """, FieldSelection.ALL);
 * }
 *
 * <p>Coordinates are fractions of the image size in [0, 1], origin top-left; every shape is
 * validated when built and the error names the coordinate and value. Annotations are stored in
 * the record's attributes ({@code regions}, {@code objects}, {@code region_count}), so they are
 * rewritten without the image and travel with export and import. The raw JSON format of the
 * platform is read by {@link org.imageindex.annotation.Annotations#parseJson} and written by
 * {@link org.imageindex.annotation.Annotations#toJson}.
 */
package org.imageindex.annotation;
