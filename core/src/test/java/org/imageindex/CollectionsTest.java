package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.imageindex.collection.CollectionInfo;
import org.imageindex.collection.ImageCollection;
import org.imageindex.collection.ImageCollections;
import org.imageindex.collection.SmartCollection;
import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.RecordPage;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.record.RecordUpdate;
import org.imageindex.record.StoredRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simple and smart collections on real photographs: CRUD, nesting, membership, paging, restriction, persistence. */
class CollectionsTest {

    private static final Listing NEWEST_FIRST = Listing.of(List.of(SortKey.descending("created")), 0, 100);

    @TempDir
    Path dir;

    @BeforeAll
    static void extractOnce() {
        PhotoFixture.export();
    }

    private static List<Code> codes(org.imageindex.record.BatchResult r) {
        return r.statuses().stream().map(RecordStatus::code).toList();
    }

    private static Listing page(int offset, int limit) {
        return Listing.of(List.of(SortKey.descending("created")), offset, limit);
    }

    @Test
    void nestedCollectionsHavePathsChildrenAndTreeOrder() throws IOException {
        try (ImageIndex index = PhotoFixture.open(dir)) {
            ImageCollections c = index.collections();
            ImageCollection music = c.create("music");
            ImageCollection art = c.create("art");
            ImageCollection sculpture = c.createIn(art.id(), "sculpture");
            ImageCollection paintings = c.createIn(art.id(), "paintings");
            ImageCollection oil = c.createIn(paintings.id(), "oil");

            assertEquals("art/paintings/oil", oil.path());
            assertEquals(Optional.of(paintings.id()), oil.parent());
            assertEquals(Optional.empty(), art.parent());
            assertEquals(32, art.id().length());
            assertEquals(List.of("art", "art/paintings", "art/paintings/oil", "art/sculpture", "music"),
                    c.list().stream().map(ImageCollection::path).toList());
            assertEquals(List.of(art.id(), music.id()), c.topLevel().stream().map(ImageCollection::id).toList());
            assertEquals(List.of(paintings.id(), sculpture.id()), c.get(art.id()).orElseThrow().childIds());
            assertEquals(List.of(oil.id()), c.children(paintings.id()).stream().map(ImageCollection::id).toList());

            IllegalArgumentException taken = assertThrows(IllegalArgumentException.class, () -> c.createIn(art.id(), "paintings"));
            assertEquals("name must be unique among its siblings, got: \"paintings\", the name of collection " + paintings.id()
                    + " in art", taken.getMessage());
            c.create("paintings"); // the same name elsewhere in the tree is fine
            IllegalArgumentException slash = assertThrows(IllegalArgumentException.class, () -> c.create("a/b"));
            assertEquals("name must have 1..200 characters, not be blank and hold no '/', got: \"a/b\"", slash.getMessage());
            IllegalArgumentException parent = assertThrows(IllegalArgumentException.class, () -> c.createIn("nope", "x"));
            assertEquals("collectionId names no collection, got: nope", parent.getMessage());
        }
    }

    @Test
    void membershipIsPagedOrderedAndRestrictsEveryListing() throws IOException {
        try (ImageIndex index = PhotoFixture.open(dir)) {
            ImageCollections c = index.collections();
            ImageCollection art = c.create("art");
            ImageCollection paintings = c.createIn(art.id(), "paintings");
            String sha1Before = index.get("p3").orElseThrow().image().sha1();

            assertEquals(List.of(Code.UPDATED, Code.UPDATED, Code.UPDATED, Code.UPDATED, Code.UPDATED, Code.UNCHANGED, Code.NOT_FOUND),
                    codes(c.add(paintings.id(), List.of("p0", "p1", "p2", "p3", "p4", "p0", "nope"))));
            assertEquals(List.of(Code.UNCHANGED), codes(c.add(paintings.id(), List.of("p2"))));

            RecordPage first = c.records(paintings.id(), page(0, 2), FieldSelection.ALL);
            assertEquals(5, first.total());
            assertEquals(List.of("p4", "p3"), first.ids());
            assertEquals(List.of("p2", "p1"), c.records(paintings.id(), page(2, 2), FieldSelection.ALL).ids());
            assertEquals(List.of("p0"), c.records(paintings.id(), page(4, 2), FieldSelection.ALL).ids());
            assertEquals(List.of("p0", "p1", "p2", "p3", "p4"),
                    c.records(paintings.id(), Listing.of(List.of(SortKey.ascending("id")), 0, 10), FieldSelection.ID_ONLY).ids());

            assertEquals(List.of(Code.UPDATED, Code.UNCHANGED), codes(c.remove(paintings.id(), List.of("p1", "p5"))));
            assertEquals(List.of("p4", "p3", "p2", "p0"), c.records(paintings.id(), NEWEST_FIRST, FieldSelection.ALL).ids());

            // The restriction is a filter the compiler knows, in every language and ANDed with others.
            assertEquals(4, index.count(ImageCollections.filterFor(paintings.id())));
            assertEquals(1, index.count("{\"collections\": \"" + paintings.id() + "\", \"name\": \"photo 3\"}", QueryLanguage.MONGO_JSON));
            assertEquals(4, index.count("collections:" + paintings.id(), QueryLanguage.LUCENE));
            assertEquals(0, index.count(ImageCollections.filterFor(art.id())));
            c.add(art.id(), List.of("p5"));
            assertEquals(1, index.count(ImageCollections.filterFor(art.id())));
            assertEquals(5, index.count(c.treeFilter(art.id())));
            assertEquals(6, index.count());

            // Membership is metadata: the image is not read again and the record keeps its facts.
            StoredRecord p3 = index.get("p3").orElseThrow();
            assertEquals(sha1Before, p3.image().sha1());
            assertEquals(List.of(paintings.id()), p3.attributes().get(ImageCollections.MEMBERSHIP_FIELD).orElseThrow());

            // A deactivated member is hidden from the collection's listing and count until restored.
            index.deactivate(List.of("p3"));
            assertEquals(List.of("p4", "p2", "p0"), c.records(paintings.id(), NEWEST_FIRST, FieldSelection.ALL).ids());
            assertEquals(3, c.info(paintings.id()).numberOfImages());
            index.restore(List.of("p3"));
            assertEquals(4, c.info(paintings.id()).numberOfImages());
        }
    }

    @Test
    void renameKeepsMembersAndDeleteRemovesTheSubtreeButNotTheRecords() throws IOException {
        try (ImageIndex index = PhotoFixture.open(dir)) {
            ImageCollections c = index.collections();
            ImageCollection art = c.create("art");
            ImageCollection paintings = c.createIn(art.id(), "paintings");
            ImageCollection oil = c.createIn(paintings.id(), "oil");
            ImageCollection keep = c.create("keep");
            c.add(art.id(), List.of("p0"));
            c.add(paintings.id(), List.of("p1", "p2"));
            c.add(oil.id(), List.of("p2", "p3"));
            c.add(keep.id(), List.of("p2"));

            ImageCollection renamed = c.rename(art.id(), "fine art");
            assertEquals(art.id(), renamed.id());
            assertEquals("fine art/paintings/oil", c.get(oil.id()).orElseThrow().path());
            assertEquals(List.of("p0"), c.records(art.id(), NEWEST_FIRST, FieldSelection.ID_ONLY).ids());
            assertEquals(List.of(paintings.id()), renamed.childIds());

            // Deleting a parent deletes its subcollections; records stay and keep other memberships.
            assertEquals(List.of(art.id(), paintings.id(), oil.id()), c.delete(art.id()));
            assertEquals(List.of("keep"), c.list().stream().map(ImageCollection::path).toList());
            assertEquals(6, index.count());
            assertEquals(Optional.empty(), index.get("p1").orElseThrow().attributes().get(ImageCollections.MEMBERSHIP_FIELD));
            assertEquals(List.of(keep.id()), index.get("p2").orElseThrow().attributes().get(ImageCollections.MEMBERSHIP_FIELD).orElseThrow());
            assertEquals(0, index.count("{\"collections\": {\"$in\": [\"" + art.id() + "\", \"" + paintings.id() + "\", \"" + oil.id()
                    + "\"]}}", QueryLanguage.MONGO_JSON));
            IllegalArgumentException gone = assertThrows(IllegalArgumentException.class, () -> c.add(oil.id(), List.of("p0")));
            assertEquals("collectionId names no collection, got: " + oil.id(), gone.getMessage());

            // Deleting a record for good removes it from its collections.
            index.delete(List.of("p2"));
            assertEquals(0, c.info(keep.id()).numberOfImages());
        }
    }

    @Test
    void definitionsAndMembershipSurviveReopen() throws IOException {
        String paintingsId;
        String smartId;
        CollectionInfo before;
        try (ImageIndex index = PhotoFixture.open(dir)) {
            ImageCollections c = index.collections();
            ImageCollection art = c.create("art");
            paintingsId = c.createIn(art.id(), "paintings").id();
            c.describe(art.id(), List.of("museum"), java.util.Map.of("heidicon_tag", "ART-1"));
            c.add(paintingsId, List.of("p1", "p4"));
            smartId = c.createSmart("early", "created:[* TO 2020-01-01T00:02:00Z]", QueryLanguage.LUCENE).id();
            index.annotations().addChildren("vehicle", List.of("car"));
            before = c.info(paintingsId);
        }
        try (ImageIndex index = PhotoFixture.reopen(dir)) {
            ImageCollections c = index.collections();
            assertEquals(List.of("art", "art/paintings"), c.list().stream().map(ImageCollection::path).toList());
            assertEquals(List.of("museum"), c.list().get(0).keywords());
            assertEquals("ART-1", c.list().get(0).metadata().get("heidicon_tag"));
            assertEquals(List.of("p4", "p1"), c.records(paintingsId, NEWEST_FIRST, FieldSelection.ID_ONLY).ids());
            assertEquals(before, c.info(paintingsId));
            assertEquals(List.of("p2", "p1", "p0"), c.smartRecords(smartId, NEWEST_FIRST, FieldSelection.ID_ONLY).ids());
            assertEquals(java.util.Set.of("vehicle", "car"), index.annotations().expand("vehicle"));
        }
    }

    @Test
    void infoReportsCountsTimesAndNoFinetuning() throws IOException, InterruptedException {
        try (ImageIndex index = PhotoFixture.open(dir)) {
            ImageCollections c = index.collections();
            ImageCollection a = c.create("a");
            CollectionInfo empty = c.info(a.id());
            assertEquals(0, empty.numberOfImages());
            assertFalse(empty.requiresFinetuning());
            assertEquals(Optional.empty(), empty.lastFinetuned());
            assertEquals(0.0, empty.finetuningProgress());
            assertEquals(a.created(), empty.lastModified());
            Thread.sleep(5);
            c.add(a.id(), List.of("p0", "p1"));
            CollectionInfo two = c.info(a.id());
            assertEquals(2, two.numberOfImages());
            assertTrue(two.lastModified().isAfter(empty.lastModified()));
            assertEquals("a", two.name());
        }
    }

    @Test
    void smartCollectionsValidateWhenSavedAndFollowRecordUpdates() throws IOException {
        try (ImageIndex index = PhotoFixture.open(dir)) {
            ImageCollections c = index.collections();
            QueryException json = assertThrows(QueryException.class,
                    () -> c.createSmart("bad", "{\"tags\": {\"$bogus\": 1}}", QueryLanguage.MONGO_JSON));
            assertEquals("/tags/$bogus", json.position().jsonPointer());
            assertTrue(json.getMessage().contains("$bogus"), json.getMessage());
            QueryException yaml = assertThrows(QueryException.class,
                    () -> c.createSmart("bad", "want:\n- has_objekt: [Cat]\n", QueryLanguage.YAML));
            assertEquals(2, yaml.position().line());
            assertTrue(yaml.getMessage().contains("has_objekt"), yaml.getMessage());
            assertEquals(List.of(), c.listSmart());

            SmartCollection red = c.createSmart("red things", "{\"tags\": \"red\"}", QueryLanguage.MONGO_JSON);
            assertEquals(0, c.smartRecords(red.id(), NEWEST_FIRST, FieldSelection.ID_ONLY).total());
            index.update(List.of(RecordUpdate.builder("p1").tags(List.of("red")).build(),
                    RecordUpdate.builder("p3").tags(List.of("red", "big")).build()));
            assertEquals(List.of("p3", "p1"), c.smartRecords(red.id(), NEWEST_FIRST, FieldSelection.ID_ONLY).ids());
            index.update(List.of(RecordUpdate.builder("p3").tags(List.of("big")).build()));
            assertEquals(List.of("p1"), c.smartRecords(red.id(), NEWEST_FIRST, FieldSelection.ID_ONLY).ids());
            index.deactivate(List.of("p1"));
            assertEquals(0, c.smartRecords(red.id(), NEWEST_FIRST, FieldSelection.ID_ONLY).total());

            IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                    () -> c.createSmart("red things", "{}", QueryLanguage.MONGO_JSON));
            assertEquals("name must be unique among smart collections, got: \"red things\", the name of smart collection " + red.id(),
                    taken.getMessage());
            SmartCollection renamed = c.renameSmart(red.id(), "crimson");
            assertEquals("crimson", renamed.name());
            SmartCollection big = c.updateSmart(red.id(), "tags:big", QueryLanguage.LUCENE);
            assertEquals(List.of("p3"), c.smartRecords(big.id(), NEWEST_FIRST, FieldSelection.ID_ONLY).ids());
            c.deleteSmart(red.id());
            assertEquals(List.of(), c.listSmart());
            IllegalArgumentException gone = assertThrows(IllegalArgumentException.class, () -> c.smartFilter(red.id()));
            assertEquals("smartId names no smart collection, got: " + red.id(), gone.getMessage());
        }
    }
}
