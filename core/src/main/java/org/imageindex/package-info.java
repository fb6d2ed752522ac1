/**
 * The image index: open one, add records, read them back, list and count them by metadata.
 *
 * <h2>How to use an index</h2>
 * {@snippet :
 * try (ImageIndex index = ImageIndex.builder()
 *         .extractionThreads(4)
 *         .commitInterval(Duration.ofSeconds(10))
 *         .open(Path.of("my-index"))) {
 *     BatchResult r = index.insert(records, (done, total, status) -> System.out.println(done + "/" + total));
 *     r.skipped().forEach(s -> System.out.println(s.id() + ": " + s.code() + " " + s.reason()));
 *     index.commit();
 *
 *     index.update(List.of(RecordUpdate.of("1", Map.of("day", "monday"))));
 *     index.deactivate(List.of("2"));                 // hidden, restorable
 *     index.delete(List.of("3"));                     // gone for good
 *     long n = index.count("{\"day\": \"monday\"}", QueryLanguage.MONGO_JSON);
 *     RecordPage page = index.find("format:png AND width:[1000 TO *]", QueryLanguage.LUCENE,
 *             Listing.of(List.of(SortKey.descending("created")), 0, 50), FieldSelection.of("name", "tags"));
 * }
 * }
 * Filters name the built-in fields of {@link org.imageindex.record.RecordFields} and the
 * attribute paths the records carry; {@link org.imageindex.ImageIndex#fieldTypes()} lists them
 * with their types. Everything here is thread-safe; docs/architecture.md explains the storage,
 * threading and durability guarantees.
 */
package org.imageindex;
