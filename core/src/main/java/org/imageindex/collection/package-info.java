/**
 * Collections of records: simple (nested) collections whose members are added, and smart
 * collections whose members a saved filter computes (LTU MediaDB's collections, the similarity
 * service's collections).
 *
 * <h2>How to organise records in collections</h2>
 * {@snippet :
 * ImageCollections c = index.collections();
 * ImageCollection art = c.create("art");                       // top level
 * ImageCollection paintings = c.createIn(art.id(), "paintings");
 * c.add(paintings.id(), List.of("mona-lisa", "starry-night")); // statuses per record
 * c.rename(paintings.id(), "oil paintings");                   // same id, members, children
 * RecordPage page = c.records(paintings.id(), Listing.of(List.of(SortKey.descending("created")), 0, 20),
 *         FieldSelection.ALL);
 * CollectionInfo info = c.info(paintings.id());                // number of images, last modified, ...
 * }
 *
 * <h2>How to restrict a search or listing to a collection</h2>
 * Membership is the record attribute {@value org.imageindex.collection.ImageCollections#MEMBERSHIP_FIELD}
 * (keyword, multi-valued: the collection ids), so every filter language reaches it and the
 * query module compiles it like any field. AND {@link org.imageindex.collection.ImageCollections#filterFor(String)}
 * into a filter, use {@link org.imageindex.collection.ImageCollections#treeFilter(String)} to include
 * subcollections, or write {@code {"collections": "<id>"}} / {@code collections:<id>}.
 *
 * <h2>How to keep a collection's content in a CSV</h2>
 * {@link org.imageindex.collection.ImageCollections#exportCsv} writes {@code id,origin,name,tags,...};
 * {@link org.imageindex.collection.ImageCollections#replaceContent} makes the collection exactly
 * the CSV's rows (new ids are read from {@code origin}).
 *
 * <h2>How to save a smart collection</h2>
 * {@snippet :
 * SmartCollection s = c.createSmart("da vinci", "{\"tags\": \"painting\", \"artist\": \"Da Vinci\"}",
 *         QueryLanguage.MONGO_JSON);                           // QueryException if invalid, with its location
 * RecordPage members = c.smartRecords(s.id(), Listing.DEFAULT, FieldSelection.ALL); // computed now
 * }
 *
 * <p>Definitions live in the index's commit data and are durable with the next commit, like the
 * records' membership.
 */
package org.imageindex.collection;
