package org.imageindex.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.imageindex.ClusterConfig;
import org.imageindex.ImageIndex;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.mongo.MongoFilterParser;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.record.StoredRecord;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ImageIndex} on the cluster backend, on a real two-node OpenSearch cluster, against the embedded index on the same
 * photographs: the module's shared cluster, one OpenSearch index per test.
 */
class ClusterIndexTest {

    private static TestCluster cluster;
    private static List<Path> photos;
    private static final List<ImageRecord> RECORDS = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        photos = TestData.images("photos/images");
        for (int i = 0; i < photos.size(); i++) {
            RECORDS.add(ImageRecord.of("p" + i, ImageSource.file(photos.get(i)), List.of(i % 2 == 0 ? "even" : "odd"),
                    Map.of("n", (long) i)));
        }
        cluster = TestCluster.shared();
    }

    private static ImageIndex open(String name) {
        return ImageIndex.builder().cluster(ClusterConfig.of(cluster.urls(), name).withBulkRecords(7));
    }

    @Test
    void insertCountGetDelete() throws Exception {
        try (ImageIndex index = open("crud")) {
            BatchResult r = index.insert(RECORDS.subList(0, 10));
            assertTrue(r.allSucceeded(), r.toString());
            index.commit();
            assertEquals(10, index.count());
            assertEquals(5, index.count(MongoFilterParser.parse("{\"tags\": \"even\"}")));
            List<StoredRecord> got = index.get(List.of("p3", "missing", "p1"), FieldSelection.ALL_WITH_SIGNATURES);
            assertEquals(List.of("p3", "p1"), got.stream().map(StoredRecord::id).toList());
            assertEquals(3L, got.get(0).attributes().asMap().get("n"));
            assertEquals(List.of("odd"), got.get(0).tags());
            assertEquals(photos.get(3).toString(), got.get(0).origin());
            assertTrue(got.get(0).signatures() != null && got.get(0).image().phash().equals(got.get(0).signatures().hash().hex()));
            BatchResult d = index.delete(List.of("p1", "nope"));
            assertEquals(List.of(Code.DELETED, Code.NOT_FOUND), d.statuses().stream().map(s -> s.code()).toList());
            index.commit();
            assertEquals(9, index.count());
        }
    }

    @Test
    void partialBulkFailureIsReportedPerRecord() throws Exception {
        try (ImageIndex index = open("partial")) {
            assertTrue(index.insert(RECORDS.subList(0, 4)).allSucceeded());
            List<ImageRecord> batch = new ArrayList<>(RECORDS.subList(2, 8)); // p2, p3 exist on the cluster
            batch.add(ImageRecord.of("bad-type", ImageSource.file(photos.get(9)), List.of(), Map.of("n", "nine")));
            batch.add(ImageRecord.of("not-image", ImageSource.bytes("plain text".getBytes())));
            BatchResult r = index.insert(batch);
            assertEquals(List.of(Code.DUPLICATE_ID, Code.DUPLICATE_ID, Code.INSERTED, Code.INSERTED, Code.INSERTED, Code.INSERTED,
                    Code.INVALID_RECORD, Code.NOT_AN_IMAGE), r.statuses().stream().map(s -> s.code()).toList());
            assertEquals("a record with id 'p2' is already stored", r.get(0).reason());
            assertTrue(r.get(6).reason().startsWith("attribute 'n' is string but the index holds it as long since its first value; "
                    + "values are never converted"), r.get(6).reason());
            index.commit();
            assertEquals(8, index.count());
        }
    }

    @Test
    void knnGivesTheEmbeddedIndexsIdsAndDistances(@TempDir Path dir) throws Exception {
        try (ImageIndex index = open("knn"); ImageIndex embedded = ImageIndex.open(dir.resolve("idx"))) {
            assertTrue(index.insert(RECORDS).allSucceeded());
            assertTrue(embedded.insert(RECORDS).allSucceeded());
            index.commit();
            for (VectorSignature sig : List.of(VectorSignature.SIMILARITY, VectorSignature.COLOR)) {
                for (int q : new int[] {0, 5, 17}) {
                    for (Filter f : List.of(ImageIndex.ALL_RECORDS, MongoFilterParser.parse("{\"n\": {\"$gte\": 10}, \"tags\": \"odd\"}"))) {
                        KnnRequest req = KnnRequest.builder(sig, SearchQuery.image(photos.get(q))).k(8).filter(f).build();
                        SearchResult c = index.search(req);
                        SearchResult e = embedded.search(req);
                        String what = sig.name() + " q=" + q + " filter=" + f;
                        // the same ids in the same order but among neighbours at float-noise distances
                        ClusterDifferentialTest.sameTopK(e, c, what);
                    }
                }
            }
            KnnRequest byId = KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("p4")).k(5).build();
            assertEquals(embedded.search(byId).ids(), index.search(byId).ids());
            assertEquals("p4", index.search(byId).ids().get(0));
        }
    }

    @Test
    void filteredKnnHonoursTheFilter() throws Exception {
        try (ImageIndex index = open("filtered")) {
            assertTrue(index.insert(RECORDS).allSucceeded());
            index.commit();
            Filter f = MongoFilterParser.parse("{\"$or\": [{\"n\": {\"$lt\": 4}}, {\"n\": 20}], \"tags\": {\"$ne\": \"odd\"}}");
            SearchResult r = index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.image(photos.get(1)))
                    .k(10).filter(f).fields(FieldSelection.ALL).build());
            assertEquals(List.of("p0", "p2", "p20"), r.ids().stream().sorted().toList());
            assertFalse(r.hits().stream().anyMatch(h -> h.record().tags().contains("odd")));
            // a string bound on a long field matches nothing, as in the embedded index: values never convert
            assertEquals(0, index.count(MongoFilterParser.parse("{\"n\": {\"$gte\": \"3\"}}")));
        }
    }

    @Test
    void anIndexOfAnotherSchemaVersionFailsClearly() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(cluster.urls().get(1).resolve("/old-layout"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"mappings\":{\"_meta\":{\"imageindex_schema_version\":0}}}"))
                .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> open("old-layout"));
        assertEquals("index 'old-layout' on the cluster has layout version 0, this library reads version 3; "
                + "open another index name or re-import the records into a new index", e.getMessage());
    }

    @Test
    void aStoppedNodeListIsAClearErrorNotAHang() {
        ClusterConfig dead = ClusterConfig.of(List.of(URI.create("http://127.0.0.1:1")), "x").withBulkRecords(10)
                .withRetries(0, java.time.Duration.ZERO).withTimeout(java.time.Duration.ofSeconds(2));
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> ImageIndex.builder().cluster(dead));
        assertTrue(e.getMessage().startsWith("cluster [http://127.0.0.1:1] did not answer HEAD /x: no node reachable after 1 attempts in "), e.getMessage());
    }
}
