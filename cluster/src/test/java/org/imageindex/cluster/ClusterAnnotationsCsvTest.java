package org.imageindex.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imageindex.ClusterConfig;
import org.imageindex.ImageIndex;
import org.imageindex.annotation.Annotation;
import org.imageindex.annotation.Annotations;
import org.imageindex.annotation.Region;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.query.yaml.ImageRecordFields;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Annotations (regions, the object hierarchy, ratings, replacements) and CSV download and
 * replacement, which run in core over the storage boundary: the same scenario on an embedded
 * index and on the cluster, with the same expected answers as core's {@code AnnotationsTest} and
 * {@code ExportImportTest}, and the two backends' CSV files compared line by line.
 */
class ClusterAnnotationsCsvTest {

    @TempDir
    Path dir;

    private static ImageIndex onCluster(String name) {
        return ImageIndex.builder().extractionThreads(2).cluster(ClusterConfig.of(TestCluster.shared().urls(), name).withBulkRecords(3));
    }

    private static List<ImageRecord> records(List<Path> photos) {
        List<ImageRecord> out = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            out.add(ImageRecord.builder().id("e" + i).source(ImageSource.file(photos.get(i))).name("Name, \"quoted\" " + i)
                    .tags("t" + i, "all").created(Instant.parse("2020-01-01T00:00:00Z").plusSeconds(60L * i))
                    .attribute("n", (long) i).attribute("price", i + 0.5).attribute("ok", i % 2 == 0)
                    .attribute("when", Instant.parse("2022-01-0" + (i + 1) + "T10:00:00.123Z"))
                    .attribute("list", List.of("a", "b")).build());
        }
        return out;
    }

    private static List<Code> codes(BatchResult r) {
        return r.statuses().stream().map(RecordStatus::code).toList();
    }

    private static List<String> idsInOrder(ImageIndex index) {
        return index.find(ImageIndex.ALL_RECORDS, Listing.of(List.of(SortKey.ascending("id")), 0, 10), FieldSelection.ID_ONLY).ids();
    }

    /** Core's CSV scenario on {@code index}; the two CSV files it wrote, before and after the replacement. */
    private static List<String> csvScenario(ImageIndex index, List<ImageRecord> all) throws IOException {
        assertTrue(index.insert(all.subList(0, 3)).allSucceeded());
        StringWriter csv = new StringWriter();
        assertEquals(3, index.exportCsv(csv, ImageIndex.ALL_RECORDS, List.of("n", "price", "list", "when")));
        String[] lines = csv.toString().split("\r\n");
        assertEquals("id,origin,name,tags,n,price,list,when", lines[0]);
        assertEquals("e0," + ((ImageSource.File) all.get(0).source()).path()
                + ",\"Name, \"\"quoted\"\" 0\",t0|all,0,0.5,a|b,2022-01-01T10:00:00.123Z", lines[1]);

        // Edit: e0 changes its price and loses its list, e1 is dropped, e2 stays, e3 is new.
        String edited = lines[0] + "\r\n"
                + lines[1].replace(",0.5,a|b,", ",9.5,,") + "\r\n"
                + lines[3] + "\r\n"
                + "e3," + ((ImageSource.File) all.get(3).source()).path() + ",Fresh,new,30,1.25,x,\r\n";
        BatchResult r = index.replaceFromCsv(new StringReader(edited), ImageIndex.ALL_RECORDS, BatchProgress.NONE);
        assertEquals(List.of(Code.UPDATED, Code.UPDATED, Code.INSERTED, Code.DELETED), codes(r), r.toString());
        assertEquals("e1", r.get(3).id());
        StoredRecord e0 = index.get("e0").orElseThrow();
        assertEquals(9.5, e0.attributes().get("price").orElseThrow());
        assertTrue(e0.attributes().get("list").isEmpty());
        assertEquals("Name, \"quoted\" 0", e0.name());
        assertEquals(List.of("t0", "all"), e0.tags());
        StoredRecord e3 = index.get("e3").orElseThrow();
        assertEquals(30L, e3.attributes().get("n").orElseThrow());
        assertEquals("x", e3.attributes().get("list").orElseThrow());
        assertEquals(List.of("e0", "e2", "e3"), idsInOrder(index));

        BatchResult bad = index.replaceFromCsv(new StringReader("id,n\r\ne0,notanumber\r\n"),
                index.filter("id:e0", QueryLanguage.LUCENE), BatchProgress.NONE);
        assertEquals(Code.INVALID_RECORD, bad.get(0).code());
        assertEquals("column 'n' holds long values, got: notanumber", bad.get(0).reason());

        StringWriter after = new StringWriter();
        assertEquals(3, index.exportCsv(after, index.filter("{\"n\": {\"$gte\": 0}}", QueryLanguage.MONGO_JSON),
                List.of("n", "price", "list", "when", "ok")));
        return List.of(csv.toString(), after.toString());
    }

    @Test
    void csvDownloadThenReplaceGivesTheSameFilesAndRecordsOnBothBackends() throws Exception {
        List<ImageRecord> all = records(TestData.images("photos/images").subList(0, 4));
        List<String> embedded;
        try (ImageIndex index = ImageIndex.builder().extractionThreads(2).open(dir.resolve("csv"))) {
            embedded = csvScenario(index, all);
        }
        try (ImageIndex index = onCluster("annotations-csv")) {
            // Rows come in id order on the cluster, in insertion order on the embedded index
            // (docs/cluster.md); these ids were inserted in id order, so the files are equal.
            assertEquals(embedded, csvScenario(index, all));
        }
    }

    @Test
    void dateAttributesKeepTheirNanosecondsOnBothBackends() throws Exception {
        Instant when = Instant.parse("2022-01-01T10:00:00.123456789Z");
        ImageRecord r = ImageRecord.builder().id("n0").source(ImageSource.file(TestData.images("photos/images").get(0)))
                .attribute("when", when).build();
        try (ImageIndex embedded = ImageIndex.builder().open(dir.resolve("nanos")); ImageIndex cluster = onCluster("annotations-nanos")) {
            for (ImageIndex index : List.of(embedded, cluster)) {
                assertTrue(index.insert(List.of(r)).allSucceeded());
                assertEquals(when, index.get("n0").orElseThrow().attributes().get("when").orElseThrow());
                StringWriter csv = new StringWriter();
                index.exportCsv(csv, ImageIndex.ALL_RECORDS, List.of("when"));
                assertTrue(csv.toString().contains(",2022-01-01T10:00:00.123456789Z\r\n"), csv.toString());
                // filters and sorts see the millisecond on both backends
                assertEquals(1, index.count(index.filter("{\"when\": {\"$gte\": {\"$date\": \"2022-01-01T10:00:00.123Z\"}}}", QueryLanguage.MONGO_JSON)));
                assertEquals(0, index.count(index.filter("{\"when\": {\"$gt\": {\"$date\": \"2022-01-01T10:00:00.123Z\"}}}", QueryLanguage.MONGO_JSON)));
            }
        }
    }

    /** Core's annotation scenario on {@code index} (records p0..p2); the hierarchy links it stored. */
    private static Map<String, List<String>> annotationScenario(ImageIndex index) {
        Annotations a = index.annotations();
        List<Annotation> car = List.of(Annotation.of(new Region.BoundingBox(0.1, 0.2, 0.3, 0.3), "car"),
                Annotation.of(Region.Polyline.of(0.1, 0.9, 0.9, 0.9), "road"));
        assertEquals(Code.UPDATED, a.set("p0", car).code());
        assertEquals(Code.UPDATED, a.set("p1", List.of(Annotation.of(new Region.Point(0.4, 0.4), "cat"))).code());
        assertEquals(Code.NOT_FOUND, a.set("nope", car).code());
        assertEquals(car, a.get("p0"));
        assertEquals(2L, index.get("p0").orElseThrow().attributes().get(ImageRecordFields.REGION_COUNT).orElseThrow());
        assertEquals(List.of("car", "road"), index.get("p0").orElseThrow().attributes().get(ImageRecordFields.OBJECTS).orElseThrow());

        String hasVehicle = "want:\n- has: [vehicle]\n";
        assertEquals(List.of(), a.find(hasVehicle, FieldSelection.ID_ONLY).ids());
        a.addChildren("vehicle", List.of("motor vehicle"));
        a.addChildren("motor vehicle", List.of("car", "bus"));
        assertEquals(List.of("p0"), a.find(hasVehicle, FieldSelection.ID_ONLY).ids());
        assertEquals(1, index.count(hasVehicle, QueryLanguage.YAML));
        assertEquals(List.of(), a.find("want:\n- has_object: [vehicle]\n", FieldSelection.ID_ONLY).ids());
        assertEquals(List.of("p0"), a.find("want:\n- above_region_count: 2\n", FieldSelection.ID_ONLY).ids());
        IllegalArgumentException cycle = assertThrows(IllegalArgumentException.class, () -> a.addChildren("car", List.of("vehicle")));
        assertEquals("child 'vehicle' of 'car' is already an ancestor of 'car'; an object hierarchy may not have cycles", cycle.getMessage());

        assertEquals(Code.UPDATED, a.add("p1", List.of(Annotation.of(new Region.Point(0.5, 0.5), "bus"))).code());
        assertEquals(List.of("p0", "p1"), a.find(hasVehicle + "ordering: date-asc\n", FieldSelection.ID_ONLY).ids());
        assertEquals(Code.UPDATED, a.set("p0", List.of()).code());
        assertEquals(0L, index.get("p0").orElseThrow().attributes().get(ImageRecordFields.REGION_COUNT).orElseThrow());
        assertEquals(List.of("p1"), a.find(hasVehicle, FieldSelection.ID_ONLY).ids());

        // Ratings and replacements, the rest of the dataset platform's annotations.
        assertEquals(Code.UPDATED, a.rate("p2", 4).code());
        assertEquals(Code.UPDATED, a.rate("p2", 1).code());
        assertEquals(2.5, index.get("p2").orElseThrow().attributes().get(ImageRecordFields.RATING).orElseThrow());
        assertEquals(List.of("p2"), a.find("want:\n- above_rating_count: 1\n", FieldSelection.ID_ONLY).ids());
        assertTrue(a.replace("p1", "p2").allSucceeded());
        assertEquals(List.of("p0", "p2"), a.find("ordering: date-asc\n", FieldSelection.ID_ONLY).ids(), "obsolete p1 hidden");
        assertEquals(List.of("p0", "p1", "p2"), a.find("include_obsolete: true\nordering: date-asc\n", FieldSelection.ID_ONLY).ids());
        return a.hierarchyLinks();
    }

    private static List<ImageRecord> photos() {
        List<Path> files = TestData.images("photos/images").subList(4, 7);
        List<ImageRecord> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            out.add(ImageRecord.builder().id("p" + i).source(ImageSource.file(files.get(i)))
                    .created(Instant.parse("2020-01-01T00:00:00Z").plusSeconds(60L * i)).build());
        }
        return out;
    }

    @Test
    void annotationsHierarchyRatingsAndReplacementsAnswerAlikeOnBothBackends() throws Exception {
        List<ImageRecord> records = photos();
        Map<String, List<String>> links = Map.of("vehicle", List.of("motor vehicle"), "motor vehicle", List.of("car", "bus"));
        try (ImageIndex index = ImageIndex.builder().extractionThreads(2).open(dir.resolve("annotations"))) {
            assertTrue(index.insert(records).allSucceeded());
            assertEquals(links, annotationScenario(index));
        }
        try (ImageIndex index = onCluster("annotations-regions")) {
            assertTrue(index.insert(records).allSucceeded());
            assertEquals(links, annotationScenario(index));
        }
        // The hierarchy lives in the index's organisation data on the cluster: another client reads it.
        try (ImageIndex other = onCluster("annotations-regions")) {
            assertEquals(links, other.annotations().hierarchyLinks());
            assertEquals(List.of("p1"), other.annotations().find("want:\n- has: [vehicle]\ninclude_obsolete: true\n", FieldSelection.ID_ONLY).ids());
            assertEquals(List.of(Annotation.of(new Region.Point(0.4, 0.4), "cat"), Annotation.of(new Region.Point(0.5, 0.5), "bus")),
                    other.annotations().get("p1"));
        }
    }
}
