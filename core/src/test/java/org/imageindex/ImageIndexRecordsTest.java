package org.imageindex;

import org.imageindex.embedded.IndexStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.query.schema.FieldType;
import org.imageindex.record.Attributes;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordPage;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.record.RecordUpdate;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.signatures.decode.DecodeLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records on a real Lucene index: insert with statuses, get, update, delete, soft delete, count, random, listing. */
class ImageIndexRecordsTest {

    @TempDir
    Path dir;

    static ImageRecord synthetic(String id, long seed, Map<String, ?> attributes, String... tags) {
        return ImageRecord.builder().id(id).source(ImageSource.bytes(TestImages.synthetic(seed, 160, 120)))
                .name("image " + id).tags(tags).attributes(attributes).build();
    }

    @Test
    void insertThenGetReturnsTypedValuesAndDerivedFacts() throws IOException {
        byte[] bytes = TestImages.synthetic(1, 160, 120);
        Instant created = Instant.parse("2021-03-04T05:06:07.891Z");
        ImageRecord r = ImageRecord.builder().id("a").source(ImageSource.bytes(bytes)).name("First").tags("x", "y", "x")
                .attribute("price", 12.5).attribute("count", 3).attribute("sale", true)
                .attribute("seen", Instant.parse("2020-01-01T00:00:00Z")).attribute("sizes", List.of(1L, 2L))
                .attribute("exif", Map.of("iso", 200, "camera", "X100")).created(created).build();
        try (ImageIndex index = ImageIndex.builder().extractionThreads(2).open(dir)) {
            BatchResult result = index.insert(List.of(r));
            assertEquals(List.of(Code.INSERTED), result.statuses().stream().map(RecordStatus::code).toList());
            StoredRecord got = index.get(List.of("a"), FieldSelection.ALL_WITH_SIGNATURES).get(0);
            assertEquals("First", got.name());
            assertEquals(List.of("x", "y"), got.tags());
            assertEquals(12.5, got.attributes().get("price").orElseThrow());
            assertEquals(3L, got.attributes().get("count").orElseThrow());
            assertEquals(Boolean.TRUE, got.attributes().get("sale").orElseThrow());
            assertEquals(Instant.parse("2020-01-01T00:00:00Z"), got.attributes().get("seen").orElseThrow());
            assertEquals(List.of(1L, 2L), got.attributes().get("sizes").orElseThrow());
            assertEquals(200L, got.attributes().get("exif.iso").orElseThrow());
            assertEquals(Map.of("iso", 200L, "camera", "X100"), got.attributes().toNested().get("exif"));
            assertEquals(created, got.created());
            assertTrue(got.active());
            assertEquals(160, got.image().width());
            assertEquals(120, got.image().height());
            assertEquals("png", got.image().format());
            assertEquals(bytes.length, got.image().byteSize());
            assertEquals(Ingest.digest("SHA-1", bytes), got.image().sha1());
            assertEquals(Ingest.digest("MD5", bytes), got.image().md5());
            // The stored signatures are those the extractor computes from the same bytes.
            var expected = SignatureExtractor.standard().extract(bytes);
            assertEquals(expected.hash(), got.signatures().hash());
            assertEquals(expected.similarity(), got.signatures().similarity());
            // The colour signature's stored form keeps palette weights as floats (its own format).
            assertEquals(org.imageindex.signatures.color.ColorSignature.fromBytes(expected.color().toBytes()), got.signatures().color());
            assertTrue(java.util.Arrays.equals(expected.color().vector(), got.signatures().color().vector()));
            assertEquals(expected.matching(), got.signatures().matching());
            assertEquals(got.image().phash(), expected.hash().hex());

            // fields_to_return: only what is asked for.
            StoredRecord slim = index.get(List.of("a", "missing"), FieldSelection.of("tags", "exif")).get(0);
            assertNull(slim.name());
            assertNull(slim.image());
            assertNull(slim.signatures());
            assertEquals(List.of("x", "y"), slim.tags());
            assertEquals(Attributes.of(Map.of("exif", Map.of("iso", 200L, "camera", "X100"))).asMap().keySet(),
                    slim.attributes().asMap().keySet());
            assertEquals(1, index.get(List.of("a", "missing"), FieldSelection.ALL).size());

            // Derived fields are filterable under their documented names.
            assertEquals(1, index.count("{\"format\": \"png\", \"width\": 160, \"sha1\": \"" + got.image().sha1() + "\"}",
                    QueryLanguage.MONGO_JSON));
            assertEquals(1, index.count("md5:" + got.image().md5() + " AND size:[1 TO *] AND exif.iso:200", QueryLanguage.LUCENE));
            assertEquals(0, index.count("{\"price\": {\"$gt\": 20}}", QueryLanguage.MONGO_JSON));
        }
    }

    @Test
    void batchGivesEachRecordItsStatusAndStoresTheGoodOnes() throws IOException {
        Path photo = TestImages.photoFiles(1).get(0);
        byte[] jpeg = TestImages.photoJpeg(photo);
        Path textFile = dir.resolve("notes.txt");
        Files.writeString(textFile, "this is not an image\n".repeat(20), StandardCharsets.UTF_8);
        List<ImageRecord> batch = List.of(
                synthetic("good-1", 11, Map.of("price", 10.5)),
                synthetic("good-1", 12, Map.of()),                                          // same id again
                ImageRecord.of("empty", ImageSource.bytes(new byte[0])),
                ImageRecord.of("text", ImageSource.file(textFile)),
                ImageRecord.of("huge", ImageSource.bytes(TestImages.solidPng(2000, 1500))),   // 3 MP > maxPixels
                ImageRecord.of("truncated", ImageSource.bytes(TestImages.truncated(jpeg))),
                synthetic("wrong-type", 13, Map.of("price", "cheap")),
                ImageRecord.of("missing-file", ImageSource.file(dir.resolve("nope.jpg"))),
                ImageRecord.of("photo", ImageSource.bytes(jpeg)),
                synthetic("good-2", 14, Map.of("price", 7.0)));
        List<Integer> progress = new CopyOnWriteArrayList<>();
        try (ImageIndex index = ImageIndex.builder().decodeLimits(DecodeLimits.of(DecodeLimits.DEFAULT_MAX_BYTES, 2_000_000))
                .extractionThreads(2).maxInFlight(3).open(dir.resolve("index"))) {
            index.insert(List.of(synthetic("stored", 15, Map.of())));
            List<ImageRecord> withStored = new ArrayList<>(batch);
            withStored.add(synthetic("stored", 16, Map.of()));
            BatchResult result = index.insert(withStored, (done, total, status) -> progress.add(done));
            List<Code> codes = result.statuses().stream().map(RecordStatus::code).toList();
            assertEquals(List.of(Code.INSERTED, Code.DUPLICATE_ID, Code.NOT_AN_IMAGE, Code.NOT_AN_IMAGE, Code.TOO_LARGE,
                    Code.UNREADABLE, Code.INVALID_RECORD, Code.SOURCE_UNAVAILABLE, Code.INSERTED, Code.INSERTED,
                    Code.DUPLICATE_ID), codes, result.toString());
            assertEquals("id 'good-1' appears earlier in the batch, at index 0", result.get(1).reason());
            assertEquals("a record with id 'stored' is already stored", result.get(10).reason());
            assertTrue(result.get(4).reason().contains("maxPixels 2000000"), result.get(4).reason());
            assertEquals("attribute 'price' is string but the index holds it as double since its first value; values are never"
                    + " converted, so store double (write 5.0, not 5) values in it or use another path", result.get(6).reason());
            assertEquals("file not found: " + dir.resolve("nope.jpg"), result.get(7).reason());
            for (RecordStatus s : result.skipped()) {
                assertFalse(s.reason().isEmpty(), s.toString());
            }
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), progress);
            assertEquals(List.of("good-1", "photo", "good-2"),
                    index.get(List.of("good-1", "empty", "text", "huge", "truncated", "wrong-type", "photo", "good-2"),
                            FieldSelection.ID_ONLY).stream().map(StoredRecord::id).toList());
            assertEquals(4, index.count());
            assertEquals(2, index.count("{\"price\": {\"$gte\": 7}}", QueryLanguage.MONGO_JSON));
        }
    }

    @Test
    void generatedIdsAreUniqueAndReported() {
        try (ImageIndex index = ImageIndex.builder().extractionThreads(1).commitInterval(java.time.Duration.ZERO).inMemory()) {
            BatchResult r = index.insert(List.of(
                    ImageRecord.of(null, ImageSource.bytes(TestImages.synthetic(21, 100, 80))),
                    ImageRecord.of(null, ImageSource.base64(java.util.Base64.getEncoder().encodeToString(TestImages.synthetic(22, 100, 80))))));
            assertTrue(r.allSucceeded(), r.toString());
            assertNotEquals(r.get(0).id(), r.get(1).id());
            assertEquals(2, index.get(List.of(r.get(0).id(), r.get(1).id()), FieldSelection.ID_ONLY).size());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void updateDeleteDeactivateRestoreAndCount() throws IOException {
        try (ImageIndex index = ImageIndex.builder().extractionThreads(2).open(dir)) {
            List<ImageRecord> records = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                records.add(synthetic("r" + i, 100 + i, Map.of("day", "monday", "n", (long) i), i % 2 == 0 ? "even" : "odd"));
            }
            assertTrue(index.insert(records).allSucceeded());
            StoredRecord before = index.get(List.of("r1"), FieldSelection.ALL_WITH_SIGNATURES).get(0);

            BatchResult updated = index.update(List.of(
                    RecordUpdate.builder("r1").set("day", "tuesday").unset("n").name("renamed").tags(List.of("new")).build(),
                    RecordUpdate.of("missing", Map.of("day", "x")),
                    RecordUpdate.of("r2", Map.of("n", "not a number"))));
            assertEquals(List.of(Code.UPDATED, Code.NOT_FOUND, Code.INVALID_RECORD),
                    updated.statuses().stream().map(RecordStatus::code).toList());
            StoredRecord after = index.get(List.of("r1"), FieldSelection.ALL_WITH_SIGNATURES).get(0);
            assertEquals("renamed", after.name());
            assertEquals(List.of("new"), after.tags());
            assertEquals(Map.of("day", "tuesday"), after.attributes().asMap());
            assertEquals(before.image(), after.image());
            assertEquals(before.signatures().matching(), after.signatures().matching());
            assertEquals(before.signatures().similarity(), after.signatures().similarity());
            assertEquals(before.created(), after.created());
            assertTrue(!after.modified().isBefore(before.modified()));
            assertEquals(1, index.count("{\"day\": \"tuesday\"}", QueryLanguage.MONGO_JSON));
            assertEquals(0, index.count("{\"tags\": \"odd\", \"name\": \"image r1\"}", QueryLanguage.MONGO_JSON));

            assertEquals(List.of(Code.DEACTIVATED, Code.UNCHANGED, Code.NOT_FOUND),
                    index.deactivate(List.of("r3", "r3", "zz")).statuses().stream().map(RecordStatus::code).toList());
            assertEquals(5, index.count());
            assertEquals(1, index.countInactive());
            assertEquals(0, index.count("{\"n\": 3}", QueryLanguage.MONGO_JSON));
            assertFalse(index.get("r3").orElseThrow().active());
            assertEquals(List.of(Code.RESTORED), index.restore(List.of("r3")).statuses().stream().map(RecordStatus::code).toList());
            assertEquals(6, index.count());
            assertEquals(1, index.count("{\"n\": 3}", QueryLanguage.MONGO_JSON));

            assertEquals(List.of(Code.DELETED, Code.NOT_FOUND, Code.NOT_FOUND),
                    index.delete(List.of("r0", "r0", "nope")).statuses().stream().map(RecordStatus::code).toList());
            assertEquals(5, index.count());
            assertEquals(2, index.deleteByFilter("tags:odd", QueryLanguage.LUCENE)); // r3, r5; r1 lost its tag
            assertEquals(List.of("r1", "r2", "r4"), index.find(ImageIndex.ALL_RECORDS,
                    Listing.of(List.of(SortKey.ascending("id")), 0, 10), FieldSelection.ID_ONLY).ids());
            index.deactivate(List.of("r4"));
            index.commit();
        }
        try (ImageIndex index = ImageIndex.open(dir)) {
            assertEquals(2, index.count());
            assertEquals(1, index.countInactive());
            assertEquals("tuesday", index.get("r1").orElseThrow().attributes().get("day").orElseThrow());
        }
    }

    @Test
    void listingSortsPagesAndCountsTotals() throws IOException {
        try (ImageIndex index = ImageIndex.builder().extractionThreads(2).open(dir)) {
            List<ImageRecord> records = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                records.add(synthetic("p" + i, 200 + i, Map.of("rank", (long) (i * 7 % 9), "group", i < 5 ? "a" : "b")));
            }
            assertTrue(index.insert(records).allSucceeded());
            RecordPage page = index.find("{\"group\": \"a\"}", QueryLanguage.MONGO_JSON,
                    Listing.of(List.of(SortKey.descending("rank")), 1, 2), FieldSelection.of("rank"));
            assertEquals(5, page.total());
            // group a: p0..p4 with ranks 0,7,5,3,1; descending: p1(7), p2(5), p3(3), p4(1), p0(0)
            assertEquals(List.of("p2", "p3"), page.ids());
            assertEquals(5L, page.records().get(0).attributes().get("rank").orElseThrow());
            assertEquals(0, index.find(ImageIndex.ALL_RECORDS, Listing.of(List.of(), 0, 0), FieldSelection.ID_ONLY).records().size());
            assertEquals(9, index.find(ImageIndex.ALL_RECORDS, Listing.of(List.of(), 0, 0), FieldSelection.ID_ONLY).total());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> index.find(ImageIndex.ALL_RECORDS, Listing.of(List.of(), 0, 2001), FieldSelection.ID_ONLY));
            assertEquals("limit must be in 0..2000, got: 2001", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> index.find(ImageIndex.ALL_RECORDS, Listing.of(List.of(), 9500, 1000), FieldSelection.ID_ONLY));
            assertEquals("offset + limit must be <= 10000, got: 9500 + 1000; page deeper with a cursor", e.getMessage());

            List<String> r1 = index.random(4, ImageIndex.ALL_RECORDS, FieldSelection.ID_ONLY, 42).stream().map(StoredRecord::id).toList();
            List<String> r2 = index.random(4, ImageIndex.ALL_RECORDS, FieldSelection.ID_ONLY, 42).stream().map(StoredRecord::id).toList();
            assertEquals(r1, r2);
            assertEquals(4, new java.util.HashSet<>(r1).size());
            List<String> filtered = index.random(9, index.filter("group:b", QueryLanguage.LUCENE), FieldSelection.ID_ONLY, 7)
                    .stream().map(StoredRecord::id).sorted().toList();
            assertEquals(List.of("p5", "p6", "p7", "p8"), filtered);

            // ties on every sort key go by id, as on the cluster, not by the order records were written
            List<ImageRecord> reversed = new ArrayList<>();
            for (int i = 4; i >= 0; i--) {
                reversed.add(synthetic("t" + i, 300 + i, Map.of("rank", 99L, "group", "c")));
            }
            assertTrue(index.insert(reversed).allSucceeded());
            assertEquals(List.of("t0", "t1", "t2", "t3", "t4"), index.find("{\"group\": \"c\"}", QueryLanguage.MONGO_JSON,
                    Listing.of(List.of(SortKey.descending("rank")), 0, 10), FieldSelection.ID_ONLY).ids());
        }
    }

    @Test
    void fieldTypesPersistAcrossReopenAndRefuseOtherTypes() throws IOException {
        try (ImageIndex index = ImageIndex.builder().fieldType("note", FieldType.TEXT).open(dir)) {
            assertTrue(index.insert(List.of(synthetic("t1", 301, Map.of("n", 5L, "when", Instant.EPOCH, "note", "Red Chair")))).allSucceeded());
        }
        try (ImageIndex index = ImageIndex.open(dir)) {
            assertEquals(FieldType.LONG, index.fieldTypes().spec("n").orElseThrow().type());
            assertEquals(FieldType.DATE, index.fieldTypes().spec("when").orElseThrow().type());
            assertEquals(FieldType.TEXT, index.fieldTypes().spec("note").orElseThrow().type());
            BatchResult r = index.insert(List.of(synthetic("t2", 302, Map.of("n", 5.0)), synthetic("t3", 303, Map.of("when", "yesterday")),
                    synthetic("t4", 304, Map.of("n", List.of(6L, 7L)))));
            assertEquals(List.of(Code.INVALID_RECORD, Code.INVALID_RECORD, Code.INSERTED),
                    r.statuses().stream().map(RecordStatus::code).toList());
            assertEquals("attribute 'n' is double but the index holds it as long since its first value; values are never converted,"
                    + " so store long values in it or use another path", r.get(0).reason());
            assertEquals(1, index.count("note:chair", QueryLanguage.LUCENE)); // text: found by word
            assertEquals(1, index.count("{\"n\": 7}", QueryLanguage.MONGO_JSON)); // array element
            assertEquals(2, index.count("{\"n\": {\"$gte\": 5}}", QueryLanguage.MONGO_JSON));
        }
    }

    @Test
    void anIndexOfAnotherFormatVersionFailsToOpenNamingBoth() throws IOException {
        try (var d = org.apache.lucene.store.FSDirectory.open(dir);
             var w = new org.apache.lucene.index.IndexWriter(d, new org.apache.lucene.index.IndexWriterConfig())) {
            w.setLiveCommitData(Map.of(IndexStore.KEY_FORMAT, "99").entrySet());
            w.commit();
        }
        IncompatibleIndexException e = assertThrows(IncompatibleIndexException.class, () -> ImageIndex.open(dir));
        assertEquals("index in " + org.apache.lucene.store.FSDirectory.open(dir) + " has format version 99, this library reads format version 1",
                e.getMessage());

        Path other = dir.resolve("plain");
        try (var d = org.apache.lucene.store.FSDirectory.open(other);
             var w = new org.apache.lucene.index.IndexWriter(d, new org.apache.lucene.index.IndexWriterConfig())) {
            w.commit();
        }
        e = assertThrows(IncompatibleIndexException.class, () -> ImageIndex.open(other));
        assertTrue(e.getMessage().contains("is not an imageindex index"), e.getMessage());
    }

    @Test
    void anIndexOfAnEarlierColourFormatFailsToOpenSayingWhatToDo() throws IOException {
        try (ImageIndex index = ImageIndex.open(dir)) {
            assertTrue(index.insert(List.of(synthetic("old-colour", 31, Map.of()))).allSucceeded());
            index.commit();
        }
        // What an earlier release wrote: the same commit data without the colour format (format 2).
        try (var d = org.apache.lucene.store.FSDirectory.open(dir);
             var w = new org.apache.lucene.index.IndexWriter(d, new org.apache.lucene.index.IndexWriterConfig()
                     .setOpenMode(org.apache.lucene.index.IndexWriterConfig.OpenMode.APPEND))) {
            Map<String, String> data = new java.util.HashMap<>(
                    org.apache.lucene.index.SegmentInfos.readLatestCommit(d).getUserData());
            assertEquals("3", data.remove(IndexStore.KEY_COLOR));
            w.setLiveCommitData(data.entrySet(), true);
            w.commit();
        }
        IncompatibleIndexException e = assertThrows(IncompatibleIndexException.class, () -> ImageIndex.open(dir));
        assertEquals("index in " + org.apache.lucene.store.FSDirectory.open(dir) + " holds colour signatures of format 2,"
                + " this library extracts format 3 (45 dimensions, other pixel weighting); colour vectors of two formats"
                + " cannot be compared, so index the images again into a new index (an export of this one holds format 2"
                + " colour signatures too)", e.getMessage());

        // An empty index of the earlier format holds no colour vector: it opens and records the format.
        Path empty = dir.resolve("empty");
        try (var d = org.apache.lucene.store.FSDirectory.open(empty);
             var w = new org.apache.lucene.index.IndexWriter(d, new org.apache.lucene.index.IndexWriterConfig())) {
            w.setLiveCommitData(Map.of(IndexStore.KEY_FORMAT, "1").entrySet());
            w.commit();
        }
        try (ImageIndex index = ImageIndex.open(empty)) {
            assertTrue(index.insert(List.of(synthetic("new-colour", 32, Map.of()))).allSucceeded());
            index.commit();
        }
        try (ImageIndex index = ImageIndex.open(empty)) {
            assertEquals(1, index.count("{}", QueryLanguage.MONGO_JSON));
        }
    }

    @Test
    void closedIndexRefusesWorkAndCloseIsIdempotent() throws IOException {
        ImageIndex index = ImageIndex.open(dir);
        index.close();
        index.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, index::count);
        assertEquals("the index is closed", e.getMessage());
    }
}
