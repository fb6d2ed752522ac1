package org.imageindex.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.imageindex.ClusterConfig;
import org.imageindex.ImageIndex;
import org.imageindex.collection.ImageCollection;
import org.imageindex.collection.SmartCollection;
import org.imageindex.matching.ImageMatch;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.record.RecordUpdate;
import org.imageindex.record.StoredRecord;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.ListingRequest;
import org.imageindex.search.NearDuplicatePairs;
import org.imageindex.search.RangeRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations of {@code ImageIndex} beyond search and listing, run through the public API on
 * an embedded index and on the cluster backend with the same records: they give the same ids in
 * the same order. Reads come first; the writes (update, soft delete, delete by filter) run last,
 * each on both indexes, and compare the indexes after each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterApiDifferentialTest {

    @TempDir
    static Path dir;
    private static ImageIndex embedded;
    private static ImageIndex cluster;
    private static final List<ImageRecord> RECORDS = new ArrayList<>();
    private static List<Path> photos;
    private static List<Path> variants;

    @BeforeAll
    static void index() throws IOException {
        photos = TestData.images("photos/images").subList(0, 12);
        variants = TestData.images("neardup-variants/images/sway_blue").subList(0, 4);
        List<Path> images = new ArrayList<>(photos);
        images.addAll(variants);
        String[] titles = {"A cat on the lawn", "Dog render", "grass", "The cat and dog", "100% sky", "under_score"};
        String[] licences = {"MIT", "CC-BY", "X-public-domain"};
        for (int i = 0; i < images.size(); i++) {
            RECORDS.add(ImageRecord.builder().id(String.format("a%02d", i)).source(ImageSource.file(images.get(i)))
                    .created(Instant.parse("2020-01-01T00:00:00Z").plusSeconds(3600L * ((i * 5) % 16)))
                    .tags(i % 2 == 0 ? List.of("even") : List.of("odd"))
                    .attribute("title", titles[i % titles.length])
                    .attribute("licence", licences[i % licences.length])
                    .attribute("author", i % 4 == 0 ? "alice" : "bob")
                    .attribute("n", (long) (i % 5))
                    .build());
        }
        embedded = ImageIndex.open(dir.resolve("embedded"));
        cluster = ImageIndex.builder().cluster(ClusterConfig.of(TestCluster.shared().urls(), "api-differential").withBulkRecords(5));
        BatchResult e = embedded.insert(RECORDS);
        assertTrue(e.allSucceeded(), e::toString);
        BatchResult c = cluster.insert(RECORDS);
        assertTrue(c.allSucceeded(), c::toString);
        assertEquals(RECORDS.size(), cluster.count(), "a read after a write of this client sees it without a commit");
    }

    @AfterAll
    static void close() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    /** Both indexes answer {@code query} alike. */
    private static <T> void same(Function<ImageIndex, T> query, String what) {
        assertEquals(query.apply(embedded), query.apply(cluster), what);
    }

    private static Filter mongo(String f) {
        return embedded.filter(f, QueryLanguage.MONGO_JSON);
    }

    private static List<String> ids(List<StoredRecord> records) {
        return records.stream().map(StoredRecord::id).toList();
    }

    private static List<String> sortedIds(ImageIndex index, Filter f) {
        return index.find(f, Listing.of(List.of(SortKey.ascending("id")), 0, 100), FieldSelection.ID_ONLY).ids();
    }

    @Test
    @Order(1)
    void yamlWantAndExcludeRulesSelectTheSameRecords() {
        List<String> rules = List.of("title: \"%cAt%\"", "title: cAt", "title: \"%DOG%\"", "title: \"gr_ss\"", "title: '100\\%%'",
                "title: \"under_score\"", "licence: [MIT, X-public-domain]", "author: [alice]");
        int partial = 0;
        for (String rule : rules) {
            for (String kind : List.of("want", "exclude")) {
                String text = kind + ":\n- " + rule + "\n";
                Filter f = embedded.filter(text, QueryLanguage.YAML);
                List<String> e = sortedIds(embedded, f);
                assertEquals(e, sortedIds(cluster, f), text);
                partial += !e.isEmpty() && e.size() < RECORDS.size() ? 1 : 0;
            }
        }
        assertTrue(partial >= 10, "most rules should select some but not all records: " + partial);
        Filter ordered = embedded.filter("want:\n- author: [bob]\nordering: date-desc\n", QueryLanguage.YAML);
        same(i -> i.find(ordered, Listing.of(List.of(SortKey.descending("created")), 0, 100), FieldSelection.ID_ONLY).ids(),
                "date-desc");
    }

    @Test
    @Order(2)
    void matchingSearchFindsTheSameVerifiedMatches() {
        for (Path q : List.of(variants.get(1), photos.get(2), photos.get(7))) {
            ImageMatchQuery query = ImageMatchQuery.of(ImageSource.file(q));
            List<String> e = embedded.matcher().search(query).stream().map(ImageMatch::id).toList();
            List<String> c = cluster.matcher().search(query).stream().map(ImageMatch::id).toList();
            assertEquals(e, c, "matching " + q.getFileName());
            assertFalse(e.isEmpty(), "the query image's own record matches it: " + q);
        }
        // candidates by visual words alone, with a filter
        Filter odd = mongo("{\"tags\": \"odd\"}");
        ImageMatchQuery filtered = new ImageMatchQuery(ImageSource.file(photos.get(3)), odd, null, 30, 0, 20,
                false, FieldSelection.ID_ONLY);
        assertEquals(embedded.matcher().search(filtered).stream().map(ImageMatch::id).toList(),
                cluster.matcher().search(filtered).stream().map(ImageMatch::id).toList());
    }

    @Test
    @Order(3)
    void rangeAndAllNearDuplicatePairsAgree() {
        for (double radius : new double[] {0.05, 0.2, 0.5}) {
            RangeRequest r = RangeRequest.of(VectorSignature.SIMILARITY, SearchQuery.id("a12"), radius);
            SearchResult e = embedded.range(r);
            ClusterDifferentialTest.sameTopK(e, cluster.range(r), "range " + radius);
            RangeRequest f = r.withFilter(mongo("{\"n\": {\"$lt\": 3}}")).withLimit(5);
            ClusterDifferentialTest.sameTopK(embedded.range(f), cluster.range(f), "filtered range " + radius);
        }
        for (int radius : new int[] {4, 12, 24}) {
            NearDuplicatePairs e = embedded.nearDuplicatePairs(radius, ImageIndex.ALL_RECORDS);
            assertEquals(e, cluster.nearDuplicatePairs(radius, ImageIndex.ALL_RECORDS), "pairs " + radius);
            if (radius == 12) {
                assertFalse(e.pairs().isEmpty(), "the wallpaper variants are near duplicates of each other");
            }
        }
        Filter even = mongo("{\"tags\": \"even\"}");
        assertEquals(embedded.nearDuplicatePairs(12, even), cluster.nearDuplicatePairs(12, even));
    }

    @Test
    @Order(4)
    void collectionsAndSmartCollectionsListTheSameRecords() {
        for (ImageIndex index : List.of(embedded, cluster)) {
            ImageCollection c = index.collections().create("favourites");
            assertTrue(index.collections().add(c.id(), List.of("a03", "a01", "a07", "a11")).allSucceeded());
            assertTrue(index.collections().remove(c.id(), List.of("a07")).allSucceeded());
            index.collections().createSmart("alice's", "{\"author\": \"alice\"}", QueryLanguage.MONGO_JSON);
        }
        Listing byId = Listing.of(List.of(SortKey.ascending("id")), 0, 100);
        same(i -> i.collections().list().stream().map(ImageCollection::name).toList(), "collection names");
        same(i -> i.collections().records(i.collections().list().get(0).id(), byId, FieldSelection.ID_ONLY).ids(), "members");
        assertEquals(List.of("a01", "a03", "a11"),
                cluster.collections().records(cluster.collections().list().get(0).id(), byId, FieldSelection.ID_ONLY).ids());
        same(i -> {
            SmartCollection s = i.collections().listSmart().get(0);
            return i.collections().smartRecords(s.id(), byId, FieldSelection.ID_ONLY).ids();
        }, "smart collection");
        // the collections survive reopening the cluster index: they are kept on the cluster
        try (ImageIndex again = ImageIndex.builder().cluster(ClusterConfig.of(TestCluster.shared().urls(), "api-differential"))) {
            assertEquals(List.of("favourites"), again.collections().list().stream().map(ImageCollection::name).toList());
            assertEquals(1, again.collections().listSmart().size());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The export's lines by id, without {@code modified} (the time of each index's own insert) and collection ids. */
    private static Map<String, String> exported(ImageIndex index, Filter f) throws IOException {
        StringWriter out = new StringWriter();
        long n = index.exportJsonLines(out, f, FieldSelection.ALL_WITH_SIGNATURES);
        ObjectMapper json = new ObjectMapper();
        Map<String, String> byId = new java.util.TreeMap<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isBlank()) {
                ObjectNode o = (ObjectNode) json.readTree(line);
                o.remove("modified");
                // collection ids are random per index: the membership is compared by collection name in its own test
                if (o.path("attributes").has("collections")) {
                    ((ObjectNode) o.get("attributes")).put("collections", "member");
                }
                byId.put(o.path("id").asText(), json.writeValueAsString(o));
            }
        }
        assertEquals(n, byId.size());
        return byId;
    }

    @Test
    @Order(5)
    void exportJsonLinesGivesTheSameRecordsAndImportsBack() throws IOException {
        Map<String, String> e = exported(embedded, ImageIndex.ALL_RECORDS);
        assertEquals(RECORDS.size(), e.size());
        assertEquals(e, exported(cluster, ImageIndex.ALL_RECORDS), "the same lines, signatures included");
        Filter odd = mongo("{\"tags\": \"odd\"}");
        assertEquals(exported(embedded, odd), exported(cluster, odd));
        // a cluster export imports into another cluster index with every record and its signatures
        StringWriter out = new StringWriter();
        cluster.exportJsonLines(out, ImageIndex.ALL_RECORDS, FieldSelection.ALL_WITH_SIGNATURES);
        try (ImageIndex copy = ImageIndex.builder().cluster(ClusterConfig.of(TestCluster.shared().urls(), "api-copy"))) {
            BatchResult r = copy.importJsonLines(new StringReader(out.toString()), BatchProgress.NONE);
            assertTrue(r.allSucceeded(), r::toString);
            assertEquals(RECORDS.size(), copy.count());
            KnnRequest knn = KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("a05")).k(6).build();
            ClusterDifferentialTest.sameTopK(embedded.search(knn), copy.search(knn), "kNN on the imported copy");
        }
    }

    @Test
    @Order(6)
    void randomRecordsAreVisibleMatchesFixedBySeed() {
        Filter even = mongo("{\"tags\": \"even\"}");
        List<String> a = ids(cluster.random(5, even, FieldSelection.ID_ONLY, 42));
        assertEquals(a, ids(cluster.random(5, even, FieldSelection.ID_ONLY, 42)), "the same seed, the same records");
        assertEquals(5, new HashSet<>(a).size());
        Set<String> evens = new TreeSet<>(sortedIds(embedded, even));
        assertTrue(evens.containsAll(a), a + " within " + evens);
        assertEquals(evens, new TreeSet<>(ids(cluster.random(100, even, FieldSelection.ID_ONLY, 7))));
    }

    @Test
    @Order(7)
    void fineTuningIsEmbeddedOnlyAndSaysSo() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, cluster::fineTune);
        assertTrue(e.getMessage().startsWith("fine-tuning is offered by the embedded index only"), e.getMessage());
        assertFalse(cluster.fineTuningInfo().requiresFinetuning());
        assertEquals(embedded.fineTuningInfo().vocabularyId(), cluster.fineTuningInfo().vocabularyId());
    }

    @Test
    @Order(9)
    void insertUnlessNearDuplicateSkipsTheSameRecords() {
        List<Path> more = TestData.images("neardup-variants/images/sway_blue").subList(4, 7);
        List<ImageRecord> batch = new ArrayList<>();
        for (int i = 0; i < more.size(); i++) {
            batch.add(ImageRecord.builder().id("b" + i).source(ImageSource.file(more.get(i))).build());
        }
        batch.add(ImageRecord.builder().id("b9").source(ImageSource.file(TestData.images("photos/images").get(15))).build());
        BatchResult e = embedded.insertUnlessNearDuplicate(batch);
        BatchResult c = cluster.insertUnlessNearDuplicate(batch);
        assertEquals(e.statuses().stream().map(s -> s.code() + " " + s.duplicates()).toList(),
                c.statuses().stream().map(s -> s.code() + " " + s.duplicates()).toList());
        assertTrue(c.statuses().stream().anyMatch(s -> s.code() == Code.NEAR_DUPLICATE), c::toString);
        assertEquals(Code.INSERTED, c.get(3).code(), c::toString);
        same(ImageIndex::count, "count after near-duplicate insert");
    }

    @Test
    @Order(10)
    void updateRoundTripGivesTheSameRecordsAndSearches() {
        List<RecordUpdate> updates = List.of(
                RecordUpdate.builder("a02").name("renamed").tags(List.of("odd", "moved")).set("n", 9L).build(),
                RecordUpdate.builder("a05").unset("licence").build(),
                RecordUpdate.of("a06", Map.of("n", "not a long")),
                RecordUpdate.of("missing", Map.of("n", 1L)));
        BatchResult e = embedded.update(updates);
        BatchResult c = cluster.update(updates);
        assertEquals(List.of(Code.UPDATED, Code.UPDATED, Code.INVALID_RECORD, Code.NOT_FOUND),
                c.statuses().stream().map(RecordStatus::code).toList());
        assertEquals(e.statuses().stream().map(RecordStatus::code).toList(), c.statuses().stream().map(RecordStatus::code).toList());
        assertEquals(e.get(2).reason(), c.get(2).reason());
        Filter nine = mongo("{\"n\": 9}");
        same(i -> sortedIds(i, nine), "updated attribute");
        same(i -> sortedIds(i, mongo("{\"licence\": {\"$exists\": false}}")), "removed attribute");
        same(i -> i.get("a02").map(r -> r.name() + " " + r.tags() + " " + r.attributes().asMap()).orElseThrow(), "updated record");
        // the signatures stay: the updated record is still its own nearest neighbour
        KnnRequest byId = KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("a02")).k(5).filter(nine).build();
        same(i -> i.search(byId).ids(), "kNN after update");
    }

    @Test
    @Order(11)
    void softDeleteAndRestoreRoundTrip() {
        List<String> ids = List.of("a01", "a04", "a01", "nope");
        BatchResult e = embedded.deactivate(ids);
        BatchResult c = cluster.deactivate(ids);
        assertEquals(e.statuses().stream().map(RecordStatus::code).toList(), c.statuses().stream().map(RecordStatus::code).toList());
        same(ImageIndex::count, "visible after deactivate");
        same(ImageIndex::countInactive, "inactive");
        assertEquals(2, cluster.countInactive());
        same(i -> sortedIds(i, ImageIndex.ALL_RECORDS), "listing hides deactivated records");
        KnnRequest knn = KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.image(photos.get(1))).k(5).build();
        same(i -> i.search(knn).ids(), "kNN hides deactivated records");
        assertFalse(cluster.search(knn).ids().contains("a01"));
        assertTrue(cluster.get("a01").isPresent() && !cluster.get("a01").get().active(), "get sees a deactivated record");
        assertThrows(IllegalArgumentException.class, () -> cluster.search(KnnRequest.builder(VectorSignature.SIMILARITY,
                SearchQuery.id("a01")).k(3).build()));
        assertEquals(e.statuses().stream().map(RecordStatus::code).toList(),
                cluster.restore(List.of("a01", "a04", "a01", "nope")).statuses().stream().map(RecordStatus::code).toList()
                        .stream().map(x -> x == Code.RESTORED ? Code.DEACTIVATED : x).toList());
        embedded.restore(List.of("a01", "a04"));
        same(ImageIndex::count, "visible after restore");
        same(i -> i.search(knn).ids(), "kNN after restore");
    }

    @Test
    @Order(12)
    void deleteByFilterAndByIdsRoundTrip() throws IOException {
        Filter bobOdd = mongo("{\"author\": \"bob\", \"tags\": \"odd\"}");
        embedded.deactivate(List.of("a03"));
        cluster.deactivate(List.of("a03"));
        long e = embedded.deleteByFilter(bobOdd);
        assertEquals(e, cluster.deleteByFilter(bobOdd), "deleted by filter (visible records only)");
        assertTrue(e > 2, "some records deleted: " + e);
        same(i -> sortedIds(i, ImageIndex.ALL_RECORDS), "after delete by filter");
        same(ImageIndex::countInactive, "the deactivated record is kept");
        BatchResult de = embedded.delete(List.of("a00", "a03", "a00", "gone"));
        BatchResult dc = cluster.delete(List.of("a00", "a03", "a00", "gone"));
        assertEquals(de.statuses().stream().map(RecordStatus::code).toList(), dc.statuses().stream().map(RecordStatus::code).toList());
        same(ImageIndex::count, "after delete");
        same(ImageIndex::countInactive, "after deleting the deactivated record");
        same(i -> i.nearDuplicatePairs(12, ImageIndex.ALL_RECORDS), "pairs after deletes");
        // another client sees the deletes after commit, a refresh on the cluster
        cluster.commit();
        try (ImageIndex other = ImageIndex.builder().cluster(ClusterConfig.of(TestCluster.shared().urls(), "api-differential"))) {
            assertEquals(sortedIds(embedded, ImageIndex.ALL_RECORDS), sortedIds(other, ImageIndex.ALL_RECORDS));
        }
    }
}
