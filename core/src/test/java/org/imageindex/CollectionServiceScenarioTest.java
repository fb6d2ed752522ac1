package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imageindex.collection.CollectionInfo;
import org.imageindex.collection.ImageCollection;
import org.imageindex.collection.ImageCollections;
import org.imageindex.matching.ImageMatch;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordStatus.Code;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 001 (collection similarity service): create, rename, list and delete collections; replace
 * a collection's content from CSV and download it as CSV; info; search within a collection.
 */
class CollectionServiceScenarioTest {

    private static final Listing BY_ID = Listing.of(List.of(SortKey.ascending("id")), 0, 100);

    @TempDir
    Path dir;

    @BeforeAll
    static void extractOnce() {
        PhotoFixture.export();
    }

    private static List<String> ids(ImageIndex index, String collectionId) {
        return index.collections().records(collectionId, BY_ID, FieldSelection.ID_ONLY).ids();
    }

    @Test
    void theServicesCollectionWorkflow() throws IOException {
        List<Path> files = TestImages.photoFiles(8);
        try (ImageIndex index = PhotoFixture.open(dir)) {
            ImageCollections c = index.collections();

            // create (with the HeidICON tag), list, rename
            ImageCollection created = c.create("Heidelberg");
            c.describe(created.id(), List.of(), Map.of("heidicon_tag", "HD-2024"));
            ImageCollection other = c.create("Other");
            assertEquals(List.of("Heidelberg", "Other"), c.list().stream().map(ImageCollection::name).toList());
            assertEquals(List.of(created.id(), other.id()), c.list().stream().map(ImageCollection::id).toList());
            ImageCollection renamed = c.rename(created.id(), "Heidelberg University");
            assertEquals(created.id(), renamed.id());
            assertEquals("HD-2024", renamed.metadata().get("heidicon_tag"));

            CollectionInfo fresh = c.info(created.id());
            assertEquals(new CollectionInfo(created.id(), "Heidelberg University", 0, false, renamed.modified(), Optional.empty(), 0.0),
                    fresh);

            // updatecontent: the CSV becomes the content; stored ids are updated, new ids read from their origin
            c.add(other.id(), List.of("p1"));
            String csv = "id,origin,name,tags,room\n"
                    + "p0,,Alte Brücke,bridge,\n"
                    + "p1,,Schloss,castle|ruin,A1\n"
                    + "n6," + files.get(6) + ",Neckar,river,B2\n"
                    + "n7," + files.get(7) + ",Altstadt,,\n";
            BatchResult first = c.replaceContent(created.id(), new StringReader(csv), BatchProgress.NONE);
            assertEquals(List.of(Code.UPDATED, Code.UPDATED, Code.INSERTED, Code.INSERTED),
                    first.statuses().stream().map(RecordStatus::code).toList());
            assertEquals(List.of("n6", "n7", "p0", "p1"), ids(index, created.id()));
            assertEquals(List.of("castle", "ruin"), index.get("p1").orElseThrow().tags());
            assertEquals("A1", index.get("p1").orElseThrow().attributes().get("room").orElseThrow());
            CollectionInfo filled = c.info(created.id());
            assertEquals(4, filled.numberOfImages());
            assertTrue(!filled.lastModified().isBefore(fresh.lastModified()));
            assertFalse(filled.requiresFinetuning());

            // csvfile: the download is the format updatecontent reads
            StringWriter download = new StringWriter();
            assertEquals(4, c.exportCsv(created.id(), download, List.of("room")));
            List<String> lines = download.toString().lines().toList();
            assertEquals("id,origin,name,tags,room", lines.get(0));
            assertEquals(5, lines.size());
            assertTrue(lines.contains("p1,,Schloss,castle|ruin,A1"), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("n6," + files.get(6) + ",Neckar,river,B2")), lines.toString());

            // search in a collection: only its members answer
            byte[] p0 = TestImages.photoJpeg(TestImages.photoFiles(1).get(0));
            List<ImageMatch> inside = index.matcher().search(ImageMatchQuery.builder(ImageSource.bytes(p0)).collection(created.id()).build());
            assertEquals("p0", inside.get(0).id());
            assertEquals(List.of(), index.matcher().search(ImageMatchQuery.builder(ImageSource.bytes(p0)).collection(other.id()).build()));

            // replacing again without p1 and n7: p1 (also in Other) leaves the collection, n7 (only here) is deleted
            String smaller = download.toString().lines().filter(l -> !l.startsWith("p1,") && !l.startsWith("n7,"))
                    .reduce((a, b) -> a + "\n" + b).orElseThrow() + "\n";
            BatchResult second = c.replaceContent(created.id(), new StringReader(smaller), BatchProgress.NONE);
            assertEquals(List.of(Code.UPDATED, Code.UPDATED, Code.DELETED), second.statuses().stream().map(RecordStatus::code).toList());
            assertEquals("n7", second.get(2).id());
            assertEquals(List.of("n6", "p0"), ids(index, created.id()));
            assertTrue(index.get("n7").isEmpty());
            assertEquals(List.of(other.id()), index.get("p1").orElseThrow().attributes().get(ImageCollections.MEMBERSHIP_FIELD).orElseThrow());

            // p0 was inserted on its own before it joined: left out, it only leaves the collection
            String withoutP0 = smaller.lines().filter(l -> !l.startsWith("p0,")).reduce((a, b) -> a + "\n" + b).orElseThrow() + "\n";
            BatchResult third = c.replaceContent(created.id(), new StringReader(withoutP0), BatchProgress.NONE);
            assertEquals(List.of(Code.UPDATED), third.statuses().stream().map(RecordStatus::code).toList());
            assertEquals(List.of("n6"), ids(index, created.id()));
            assertTrue(index.get("p0").isPresent(), "an independently inserted record stays in the index");
            assertEquals(Optional.empty(), index.get("p0").orElseThrow().attributes().get(ImageCollections.MEMBERSHIP_FIELD));
            assertEquals(created.id(), index.get("n6").orElseThrow().attributes().get(ImageCollections.CREATOR_FIELD).orElseThrow());

            // delete
            c.delete(created.id());
            assertEquals(List.of("Other"), c.list().stream().map(ImageCollection::name).toList());
            IllegalArgumentException gone = assertThrows(IllegalArgumentException.class, () -> c.info(created.id()));
            assertEquals("collectionId names no collection, got: " + created.id(), gone.getMessage());
            assertTrue(index.get("n6").isPresent());
        }
    }
}
