package org.imageindex.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.imageindex.ClusterConfig;
import org.imageindex.ImageIndex;
import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.query.schema.FieldType;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.search.KnnPlan;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.ListingPage;
import org.imageindex.search.ListingRequest;
import org.imageindex.search.MultiQuery;
import org.imageindex.search.NearDuplicateRequest;
import org.imageindex.search.RangeRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded index and the cluster index on the same records give the same ids in the same
 * order: every filter of the query module's conformance tables (MongoDB semantics, rokka's
 * listing filters in Lucene syntax; read from the query test-jar, not copied) as a count, a
 * sorted listing and a filtered kNN; listings with multi-field sort over offset and cursor
 * pages; near duplicates by id and by image. The records are the test photographs and the
 * near-duplicate variants, with attributes taken from the conformance fixtures (missing
 * fields, arrays, type brackets).
 */
class ClusterDifferentialTest {

    /** Distances closer than this are float noise: such neighbours may come in either order. */
    private static final double FLOAT_NOISE = 1e-5;

    @TempDir
    static Path dir;
    private static ImageIndex embedded;
    private static ImageIndex cluster;
    private static final List<ImageRecord> RECORDS = new ArrayList<>();
    private static List<Path> photos;
    private static List<Path> variants;
    /** Titles whose collated order (case and accents second) is not their code point order. */
    private static final List<Object> TITLES = List.of("grass", "Zebra dog", "\u00e9lan", "Eland", "cat", "Cat", "zebra",
            List.of("b", "A cat"), "\uFB03 ligature", "\uD83D\uDE00 smile", "\u00c4rger", "apple", "Apple pie");

    @BeforeAll
    static void index() throws IOException {
        photos = TestData.images("photos/images");
        variants = TestData.images("neardup-variants/images/sway_blue");
        List<Path> images = new ArrayList<>(photos);
        images.addAll(variants);
        String[] names = {"plant.jpg", "plane.png", "Plan-B.jpg", "other.jpg", "plan a", "plane over the sea"};
        Instant[] created = {Instant.parse("2017-01-18T14:10:40Z"), Instant.parse("2016-12-31T23:59:59Z"),
                Instant.parse("2017-06-01T00:00:00Z"), Instant.parse("2018-03-03T10:00:00Z"), Instant.parse("2015-05-05T05:05:05Z")};
        for (int i = 0; i < images.size(); i++) {
            ImageRecord.Builder b = ImageRecord.builder().id(String.format("r%02d", i)).source(ImageSource.file(images.get(i)))
                    .created(created[i % created.length].plusSeconds(i / created.length));
            if (i % 7 != 3) {
                b.name(names[i % names.length]);
            }
            // MongoSemanticsTableTest's fixture d1..d6, cycled (nulls and empty lists are refused by both indexes: omitted)
            switch (i % 6) {
                case 0 -> b.tags("red", "blue").attribute("n", 10.0).attribute("nums", List.of(2L, 8L)).attribute("s", "15")
                        .attribute("flag", true).attribute("big", 9007199254740993L).attribute("txt", "\uD83D\uDE00");
                case 1 -> b.tags("blue").attribute("n", 10.0).attribute("nums", List.of(10L, 50000L)).attribute("s", "x")
                        .attribute("flag", false).attribute("big", 9007199254740992L).attribute("txt", "\uFFFE");
                case 3 -> b.tags("red").attribute("n", 15.0).attribute("s", "true");
                case 5 -> b.tags("red").attribute("n", 2.5).attribute("nums", List.of(4L)).attribute("s", "abc")
                        .attribute("flag", true).attribute("exif.camera", "X100");
                default -> { }
            }
            // a text attribute (declared): collated sort order, accents, case, a multi-valued one, some records without
            if (i % 11 != 4) {
                Object title = TITLES.get(i % TITLES.size());
                b.attribute("title", title);
            }
            // RokkaListingFilterTest's fields beside them
            if (i % 4 != 2) {
                b.attribute("caption", i % 2 == 0 ? "A Plant in the sun" : "plane over the sea").attribute("approved", i % 3 == 0)
                        .attribute("ratio", 0.5 + (i % 4) * 0.25).attribute("my_integer_field", (long) (i % 9));
            }
            RECORDS.add(b.build());
        }
        embedded = ImageIndex.builder().fieldType("title", FieldType.TEXT).open(dir.resolve("embedded"));
        cluster = ImageIndex.builder().fieldType("title", FieldType.TEXT).cluster(config());
        var e = embedded.insert(RECORDS);
        assertTrue(e.allSucceeded(), e::toString);
        var r = cluster.insert(RECORDS);
        assertTrue(r.allSucceeded(), r::toString);
        embedded.commit();
        cluster.commit();
    }

    private static ClusterConfig config() {
        return ClusterConfig.of(TestCluster.shared().urls(), "differential").withBulkRecords(9);
    }

    /** The differential index opened again with a smaller offset window, so that cursor paging shows on a few records. */
    private static ImageIndex windowed(int window) {
        ClusterBackend.listingWindowForTests = window;
        try {
            return ImageIndex.builder().cluster(config());
        } finally {
            ClusterBackend.listingWindowForTests = ListingRequest.MAX_WINDOW;
        }
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

    /** A conformance table of the query module: its first column, the filter text. */
    private static List<String> cases(String resource) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = ClusterDifferentialTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, "conformance table " + resource + " not on the test class path (query's test-jar)");
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.substring(0, l.lastIndexOf('|')).strip())
                    .forEach(out::add);
        }
        return out;
    }

    @Test
    void everyMongoConformanceFilterGivesTheSameIds() throws IOException {
        List<String> filters = cases("/org/imageindex/query/mongo/mongo-semantics.csv");
        assertEquals(46, filters.size());
        int partial = 0;
        for (String f : filters) {
            partial += sameResults(f, embedded.filter(f, QueryLanguage.MONGO_JSON)) ? 1 : 0;
        }
        System.out.println("mongo conformance: " + filters.size() + " filters, " + partial + " with a partial result, identical");
        assertTrue(partial >= 20, "the records should make most filters select some but not all: " + partial);
    }

    @Test
    void everyRokkaListingFilterGivesTheSameIds() throws IOException {
        List<String> filters = cases("/org/imageindex/query/lucene/rokka-listing-filters.csv");
        assertEquals(40, filters.size());
        List<String> unknownHere = new ArrayList<>();
        int partial = 0;
        for (String f : filters) {
            Filter ast;
            try {
                ast = embedded.filter(f, QueryLanguage.LUCENE);
            } catch (QueryException e) {
                // rokka's own field names (hash, binaryhash, user:int:...) are not fields of these records
                unknownHere.add(f);
                continue;
            }
            partial += sameResults(f, ast) ? 1 : 0;
        }
        System.out.println("rokka listing filters: " + (filters.size() - unknownHere.size()) + " identical (" + partial
                + " partial), not fields of these records: " + unknownHere);
        assertTrue(unknownHere.size() <= 4, unknownHere.toString());
    }

    /** Count, sorted listing and filtered kNN agree; true when the filter selects some but not all. */
    private static boolean sameResults(String text, Filter f) {
        long n = embedded.count(f);
        assertEquals(n, cluster.count(f), "count " + text);
        ListingRequest listing = ListingRequest.of(f, List.of(SortKey.ascending("n"), SortKey.descending("created")), 100)
                .withFields(FieldSelection.ID_ONLY);
        assertEquals(embedded.list(listing).ids(), cluster.list(listing).ids(), "listing " + text);
        KnnRequest knn = KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.image(photos.get(3))).k(8).filter(f).build();
        sameTopK(embedded.search(knn), cluster.search(knn), "kNN " + text);
        return n > 0 && n < RECORDS.size();
    }

    /**
     * The same ids in the same order, except among neighbours whose distances differ by float
     * noise only; at the cut, records tied with the last hit may be exchanged for one another
     * (the embedded index breaks exact ties by insertion order, the cluster by id: docs/cluster.md).
     */
    static void sameTopK(SearchResult e, SearchResult c, String what) {
        assertEquals(e.size(), c.size(), what + ": " + e.ids() + " vs " + c.ids());
        for (int i = 0; i < e.size(); i++) {
            assertEquals(e.distances().get(i), c.distances().get(i), FLOAT_NOISE, what + " distance #" + i);
            if (!e.ids().get(i).equals(c.ids().get(i))) {
                int j = c.ids().indexOf(e.ids().get(i));
                boolean tiedAtCut = Math.abs(e.distances().get(i) - e.distances().get(e.size() - 1)) <= FLOAT_NOISE;
                assertTrue(j >= 0 ? Math.abs(c.distances().get(j) - e.distances().get(i)) <= FLOAT_NOISE : tiedAtCut,
                        what + ": " + e.ids() + " vs " + c.ids());
            }
        }
    }

    @Test
    void knnWithAndWithoutFiltersGivesTheSameTopK() {
        List<Filter> filters = List.of(ImageIndex.ALL_RECORDS, embedded.filter("{\"tags\": \"red\"}", QueryLanguage.MONGO_JSON),
                embedded.filter("{\"n\": {\"$not\": {\"$gt\": 10}}, \"flag\": {\"$ne\": false}}", QueryLanguage.MONGO_JSON),
                embedded.filter("size:[100000 TO *] OR format:png", QueryLanguage.LUCENE));
        int compared = 0;
        for (VectorSignature sig : List.of(VectorSignature.SIMILARITY, VectorSignature.COLOR)) {
            for (int q : new int[] {0, 13, 25}) {
                for (Filter f : filters) {
                    if (q == 0) {
                        KnnRequest byImage = KnnRequest.builder(sig, SearchQuery.image(((ImageSource.File) RECORDS.get(q).source()).path()))
                                .k(10).filter(f).build();
                        sameTopK(embedded.search(byImage), cluster.search(byImage), sig.name() + " image " + q + " " + f);
                        compared++;
                    }
                    KnnRequest byId = KnnRequest.builder(sig, SearchQuery.id(RECORDS.get(q).id())).k(10).filter(f).build();
                    sameTopK(embedded.search(byId), cluster.search(byId), sig.name() + " id " + q + " " + f);
                    compared++;
                }
            }
        }
        System.out.println("kNN: " + compared + " searches, the same top-10");
    }

    /**
     * Each plan forced on both backends: the graph walk and the exact scan give the same top-k
     * with the same distances, for the similarity signature (measured from the engine's score:
     * the graph's and the exact scan's scores both convert) and for colour (vectors compared here).
     */
    @Test
    void eachPlanGivesTheSameTopKAndDistances() {
        Filter red = embedded.filter("{\"tags\": \"red\"}", QueryLanguage.MONGO_JSON);
        int compared = 0;
        for (KnnPlan plan : List.of(KnnPlan.GRAPH, KnnPlan.EXACT_SCAN)) {
            for (VectorSignature sig : List.of(VectorSignature.SIMILARITY, VectorSignature.COLOR)) {
                for (int q : new int[] {1, 7, 19}) {
                    for (Filter f : List.of(ImageIndex.ALL_RECORDS, red)) {
                        KnnRequest byId = KnnRequest.builder(sig, SearchQuery.id(RECORDS.get(q).id())).k(10).from(q % 3)
                                .filter(f).plan(plan).build();
                        SearchResult e = embedded.search(byId);
                        sameTopK(e, cluster.search(byId), plan + " " + sig.name() + " id " + q + " " + f);
                        assertTrue(e.size() > 0, "hits for " + plan + " " + sig.name() + " " + q);
                        compared++;
                    }
                }
            }
        }
        System.out.println("kNN by plan: " + compared + " searches, the same top-10");
    }

    @Test
    void listingsWithMultiFieldSortAgreeOverOffsetAndCursorPages() throws IOException {
        List<List<SortKey>> sorts = List.of(
                List.of(SortKey.ascending("tags"), SortKey.descending("n"), SortKey.ascending("created")),
                List.of(SortKey.descending("nums"), SortKey.ascending("s")),
                List.of(SortKey.ascending("flag"), SortKey.descending("size")),
                List.of(SortKey.descending("ratio").missingAs(1), SortKey.ascending("my_integer_field")),
                // text fields by collation key: the built-in name and a declared text attribute, one multi-valued
                List.of(SortKey.ascending("title")),
                List.of(SortKey.descending("title"), SortKey.ascending("created")),
                List.of(SortKey.ascending("name"), SortKey.descending("size")),
                List.of(SortKey.descending("name"), SortKey.ascending("title")),
                ListingRequest.DEFAULT_SORT);
        try (ImageIndex small = windowed(9)) { // cursor pages after 9 records here, as after 10,000 on a full index
            for (List<SortKey> sort : sorts) {
                ListingRequest first = ListingRequest.of(ImageIndex.ALL_RECORDS, sort, 4).withFields(FieldSelection.ID_ONLY);
                List<String> all = embedded.list(first.withLimit(100)).ids();
                assertEquals(RECORDS.size(), all.size());
                assertEquals(all, pages(embedded, first, false), "embedded pages " + sort);
                // the window is exceeded at once: the cluster's first page already pages by cursor
                assertEquals(all, pages(small, first, true), "cluster cursor pages " + sort);
                assertEquals(all, pages(small, first.atOffset(0), true), "cluster offset then cursor pages " + sort);
            }
        }
        ListingRequest r = ListingRequest.of(ImageIndex.ALL_RECORDS, ListingRequest.DEFAULT_SORT, 5);
        assertEquals(embedded.list(r.atOffset(10)).ids(), cluster.list(r.atOffset(10)).ids());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cluster.list(ListingRequest.of(ImageIndex.ALL_RECORDS, List.of(SortKey.ascending("nope")), 5)));
        assertTrue(e.getMessage().startsWith("sort field must be one of [id, name, tags"), e.getMessage());
    }

    @Test
    void textSortsByCollationKeyNotByCodePoint() {
        Listing byTitle = Listing.of(List.of(SortKey.ascending("title")), 0, 100);
        List<String> e = embedded.find(ImageIndex.ALL_RECORDS, byTitle, FieldSelection.ID_ONLY).ids();
        assertEquals(e, cluster.find(ImageIndex.ALL_RECORDS, byTitle, FieldSelection.ID_ONLY).ids());
        // the order is the collator's: "Apple pie" after "apple", "cat" beside "Cat", "grass" before "Zebra dog",
        // not the code point order a plain keyword sort would give
        List<String> titles = cluster.find(ImageIndex.ALL_RECORDS, byTitle, FieldSelection.ALL).records().stream()
                .filter(r -> r.attributes().get("title").isPresent() && !(r.attributes().get("title").get() instanceof List))
                .map(r -> (String) r.attributes().get("title").get()).distinct().toList();
        assertEquals(List.of("apple", "Apple pie", "cat", "Cat", "Eland", "\u00e9lan", "grass", "zebra", "Zebra dog",
                "\u00c4rger", "\uFB03 ligature", "\uD83D\uDE00 smile").stream().sorted(java.text.Collator.getInstance(java.util.Locale.ROOT)).toList(),
                titles);
        assertTrue(titles.indexOf("grass") < titles.indexOf("Zebra dog") && titles.indexOf("apple") < titles.indexOf("Cat"), titles.toString());
        Listing byName = Listing.of(List.of(SortKey.descending("name"), SortKey.ascending("id")), 0, 100);
        assertEquals(embedded.find(ImageIndex.ALL_RECORDS, byName, FieldSelection.ID_ONLY).ids(),
                cluster.find(ImageIndex.ALL_RECORDS, byName, FieldSelection.ID_ONLY).ids());
        Filter red = embedded.filter("{\"tags\": \"red\"}", QueryLanguage.MONGO_JSON);
        ListingRequest filtered = ListingRequest.of(red, List.of(SortKey.descending("title")), 4).withFields(FieldSelection.ID_ONLY);
        assertEquals(pages(embedded, filtered, false, embedded.count(red)), pages(cluster, filtered, false, embedded.count(red)));
    }

    @Test
    void multiImageSearchesGiveTheSameTopK() {
        Filter red = embedded.filter("{\"tags\": \"red\"}", QueryLanguage.MONGO_JSON);
        int compared = 0;
        for (VectorSignature sig : List.of(VectorSignature.SIMILARITY, VectorSignature.COLOR)) {
            for (MultiQuery multi : MultiQuery.values()) {
                for (Filter f : List.of(ImageIndex.ALL_RECORDS, red)) {
                    List<List<SearchQuery>> queries = List.of(
                            List.of(SearchQuery.id("r00"), SearchQuery.id("r13")),
                            List.of(SearchQuery.id("r05"), SearchQuery.id("r22"), SearchQuery.id("r17")),
                            List.of(SearchQuery.image(photos.get(3)), SearchQuery.image(variants.get(2))));
                    for (List<SearchQuery> q : queries) {
                        KnnRequest r = KnnRequest.builder(sig, q).multi(multi).k(10).filter(f).build();
                        SearchResult e = embedded.search(r);
                        sameTopK(e, cluster.search(r), sig.name() + " " + multi + " " + q + " " + f);
                        assertEquals(10, e.size());
                        // a page further on; on the colour signature (float vectors on both indexes) a narrow pool per query
                        KnnRequest page = KnnRequest.builder(sig, q).multi(multi).k(5).from(5)
                                .candidates(sig == VectorSignature.COLOR ? 10 : KnnRequest.MIN_CANDIDATES).filter(f).build();
                        sameTopK(embedded.search(page), cluster.search(page), "page " + sig.name() + " " + multi + " " + q + " " + f);
                        compared += 2;
                    }
                }
            }
        }
        // rank fusion puts each query's own record first: not the mean vector's order
        KnnRequest fused = KnnRequest.builder(VectorSignature.SIMILARITY, List.of(SearchQuery.id("r00"), SearchQuery.id("r13")))
                .multi(MultiQuery.RANK_FUSION).k(2).build();
        assertEquals(java.util.Set.of("r00", "r13"), new java.util.HashSet<>(cluster.search(fused).ids()));
        System.out.println("multi-image kNN: " + compared + " searches, the same top-k");
    }

    @Test
    void visualAndTagsScoringGivesTheSameTopK() {
        Filter notFlagFalse = embedded.filter("{\"flag\": {\"$ne\": false}}", QueryLanguage.MONGO_JSON);
        int compared = 0;
        for (Filter f : List.of(ImageIndex.ALL_RECORDS, notFlagFalse)) {
            List<KnnRequest> requests = List.of(
                    // the query record's own tags (r00: red, blue), default weight
                    KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("r00")).tagWeight(KnnRequest.DEFAULT_TAG_WEIGHT)
                            .k(10).filter(f).build(),
                    // tags given, an image query, tags weighing most; a pool narrower than the records (colour: float vectors)
                    KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.image(photos.get(7))).queryTags(List.of("blue"))
                            .tagWeight(0.8).k(8).filter(f).build(),
                    KnnRequest.builder(VectorSignature.COLOR, SearchQuery.image(photos.get(7))).queryTags(List.of("blue"))
                            .tagWeight(0.8).k(8).candidates(12).filter(f).build(),
                    KnnRequest.builder(VectorSignature.COLOR, SearchQuery.id("r03")).queryTags(List.of("red", "green"))
                            .k(6).from(2).filter(f).build(),
                    // several queries: mean vector (the pool widened by tagged records) and rank fusion
                    KnnRequest.builder(VectorSignature.SIMILARITY, List.of(SearchQuery.id("r01"), SearchQuery.id("r06")))
                            .tagWeight(0.5).k(10).filter(f).build(),
                    KnnRequest.builder(VectorSignature.COLOR, List.of(SearchQuery.id("r01"), SearchQuery.id("r06")))
                            .tagWeight(0.5).k(10).candidates(15).filter(f).build(),
                    KnnRequest.builder(VectorSignature.SIMILARITY, List.of(SearchQuery.id("r01"), SearchQuery.id("r06")))
                            .multi(MultiQuery.RANK_FUSION).tagWeight(0.5).k(10).filter(f).build());
            for (KnnRequest r : requests) {
                SearchResult e = embedded.search(r);
                sameTopK(e, cluster.search(r), "tags " + r.queries() + " " + r.queryTags() + " " + r.tagWeight() + " " + f);
                assertFalse(e.ids().isEmpty());
                compared++;
            }
        }
        // tags reorder: with all the weight on tags, the records sharing r00's tags lead
        KnnRequest tagsOnly = KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("r00")).tagWeight(1).k(5)
                .fields(FieldSelection.of(FieldSelection.TAGS)).build();
        assertTrue(cluster.search(tagsOnly).hits().stream().allMatch(h -> h.record().tags().equals(List.of("red", "blue"))),
                cluster.search(tagsOnly).ids().toString());
        System.out.println("visual + tags kNN: " + compared + " searches, the same top-k");
    }

    @Test
    void oneHitPerProductGivesTheSameHits() {
        Filter hasFlag = embedded.filter("{\"flag\": {\"$exists\": true}}", QueryLanguage.MONGO_JSON);
        int compared = 0;
        for (String product : List.of("s", "my_integer_field", "nums", "flag")) {
            for (Filter f : List.of(ImageIndex.ALL_RECORDS, hasFlag)) {
                for (String q : List.of("r00", "r13", "r25")) {
                    // a pool of k: one per product widens it x4 until k products are found or the filter is exhausted
                    // (colour: float vectors on both indexes); the similarity signature with its default pool
                    KnnRequest r = KnnRequest.builder(VectorSignature.COLOR, SearchQuery.id(q)).productField(product)
                            .k(4).candidates(4).filter(f).fields(FieldSelection.ALL).build();
                    SearchResult e = embedded.search(r);
                    SearchResult c = cluster.search(r);
                    sameTopK(e, c, "product " + product + " " + q + " " + f);
                    KnnRequest similar = KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id(q)).productField(product)
                            .k(4).filter(f).build();
                    sameTopK(embedded.search(similar), cluster.search(similar), "similarity product " + product + " " + q + " " + f);
                    List<Object> seen = new ArrayList<>();
                    for (var h : c.hits()) {
                        h.record().attributes().get(product).ifPresent(v -> {
                            assertFalse(seen.contains(v), "one hit per " + product + ": " + c.ids());
                            seen.add(v);
                        });
                    }
                    KnnRequest fromTwo = KnnRequest.builder(VectorSignature.COLOR, SearchQuery.id(q)).productField(product)
                            .k(3).from(2).filter(f).build();
                    sameTopK(embedded.search(fromTwo), cluster.search(fromTwo), "product from 2 " + product + " " + q + " " + f);
                    compared += 3;
                }
            }
            RangeRequest range = RangeRequest.of(VectorSignature.SIMILARITY, SearchQuery.id("r22"), 0.6).withProductField(product);
            sameTopK(embedded.range(range), cluster.range(range), "range product " + product);
            compared++;
        }
        IllegalArgumentException ee = assertThrows(IllegalArgumentException.class, () -> embedded.search(
                KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("r00")).productField("nope").build()));
        IllegalArgumentException ce = assertThrows(IllegalArgumentException.class, () -> cluster.search(
                KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("r00")).productField("nope").build()));
        for (IllegalArgumentException x : List.of(ee, ce)) {
            assertTrue(x.getMessage().startsWith("productField must be an attribute path the index holds, one of ["), x.getMessage());
            assertTrue(x.getMessage().endsWith("got: nope"), x.getMessage());
        }
        System.out.println("one hit per product: " + compared + " searches, the same hits");
    }

    /**
     * The documented difference: the cluster widens a one-hit-per-product pool up to OpenSearch's
     * bound on k (10,000; lowered here to 4 to show on a few records), the embedded index up to
     * every match. Within the bound the hits are the products of the bound's nearest records.
     */
    @Test
    void oneHitPerProductStopsWideningAtTheClustersBound() {
        Filter hasFlag = embedded.filter("{\"flag\": {\"$exists\": true}}", QueryLanguage.MONGO_JSON);
        int bound = 4;
        int fewer = 0;
        KnnRanking.maxCandidatesForTests = bound;
        try {
            for (ImageRecord rec : RECORDS) {
                if (!rec.attributes().get("flag").isPresent()) {
                    continue;
                }
                KnnRequest r = KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id(rec.id())).productField("flag")
                        .k(2).candidates(2).filter(hasFlag).build();
                // the bound's nearest records on the embedded index, then the first of each product among them
                KnnRequest nearest = KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id(rec.id())).k(bound)
                        .filter(hasFlag).fields(FieldSelection.ALL).build();
                List<String> expected = new ArrayList<>();
                List<Object> products = new ArrayList<>();
                for (var h : embedded.search(nearest).hits()) {
                    Object p = h.record().attributes().get("flag").orElseThrow();
                    if (!products.contains(p) && expected.size() < 2) {
                        products.add(p);
                        expected.add(h.id());
                    }
                }
                SearchResult e = embedded.search(r);
                assertEquals(2, e.size(), "the embedded index widens to every match: both flag values");
                assertEquals(expected, cluster.search(r).ids(), rec.id());
                fewer += expected.size() < e.size() ? 1 : 0;
            }
        } finally {
            KnnRanking.maxCandidatesForTests = KnnRanking.MAX_CANDIDATES;
        }
        assertTrue(fewer > 0, "some query's 4 nearest records share one flag value");
        System.out.println("product bound: " + fewer + " queries with fewer hits on the cluster than on the embedded index");
    }

    /**
     * The documented difference: the embedded index stores the 512-d similarity vectors 7-bit
     * quantised and picks a search's candidates on them (then re-ranks on the floats); the
     * cluster picks them on the float vectors. With a pool narrower than the matches the
     * cluster's hits are the exact ones: those the embedded index gives with a pool of every
     * match.
     */
    @Test
    void narrowSimilarityPoolsPickCandidatesOnFloatVectorsOnTheCluster() {
        int differ = 0;
        int compared = 0;
        List<List<SearchQuery>> queries = List.of(List.of(SearchQuery.id("r00")), List.of(SearchQuery.id("r13")),
                List.of(SearchQuery.image(photos.get(3))), List.of(SearchQuery.id("r00"), SearchQuery.id("r13")));
        for (List<SearchQuery> q : queries) {
            KnnRequest narrow = KnnRequest.builder(VectorSignature.SIMILARITY, q).k(5).from(5).candidates(10).build();
            KnnRequest every = KnnRequest.builder(VectorSignature.SIMILARITY, q).k(5).from(5).candidates(RECORDS.size()).build();
            SearchResult c = cluster.search(narrow);
            sameTopK(embedded.search(every), c, "narrow pool " + q);
            sameTopK(cluster.search(every), c, "narrow pool, every match on the cluster " + q);
            differ += embedded.search(narrow).ids().equals(c.ids()) ? 0 : 1;
            compared++;
        }
        System.out.println("narrow similarity pools: " + compared + " searches exact on the cluster, " + differ
                + " of them other hits on the embedded index (quantised candidates)");
    }

    @Test
    void colourListQueriesGiveTheSameTopK() {
        Filter red = embedded.filter("{\"tags\": \"red\"}", QueryLanguage.MONGO_JSON);
        for (String colours : List.of("#c0392b 60 %, #ffffff 40 %", "#2e86c1", "#1e8449 30 %, #f4d03f 30 %, #17202a 40 %")) {
            for (Filter f : List.of(ImageIndex.ALL_RECORDS, red)) {
                KnnRequest r = KnnRequest.builder(VectorSignature.COLOR, SearchQuery.colors(colours)).k(10).filter(f).build();
                SearchResult e = embedded.search(r);
                assertEquals(10, e.size());
                sameTopK(e, cluster.search(r), "colours " + colours + " " + f);
            }
        }
        KnnRequest wrong = KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.colors("#ffffff")).build();
        assertEquals(assertThrows(IllegalArgumentException.class, () -> embedded.search(wrong)).getMessage(),
                assertThrows(IllegalArgumentException.class, () -> cluster.search(wrong)).getMessage());
    }

    /** The ids of every page from {@code first} on, following {@code next}. */
    private static List<String> pages(ImageIndex index, ListingRequest first, boolean expectCursor) {
        return pages(index, first, expectCursor, RECORDS.size());
    }

    private static List<String> pages(ImageIndex index, ListingRequest first, boolean expectCursor, long total) {
        List<String> ids = new ArrayList<>();
        ListingRequest r = first;
        boolean sawCursor = false;
        while (r != null) {
            ListingPage p = index.list(r);
            assertEquals(total, p.total());
            ids.addAll(p.ids());
            sawCursor |= p.cursor() != null;
            r = p.next();
        }
        assertEquals(expectCursor, sawCursor);
        return ids;
    }

    @Test
    void aCursorOfAnotherListingIsRefused() throws IOException {
        try (ImageIndex cluster = windowed(3)) {
            ListingRequest r = ListingRequest.of(ImageIndex.ALL_RECORDS, ListingRequest.DEFAULT_SORT, 2);
            String cursor = cluster.list(r).cursor();
            assertNotNull(cursor);
            ListingRequest other = ListingRequest.of(ImageIndex.ALL_RECORDS, List.of(SortKey.ascending("size")), 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cluster.list(other.afterCursor(cursor)));
            assertEquals("cursor must be the cursor of a page of this listing, but it belongs to a listing with another filter or sort",
                    e.getMessage());
            String cut = cursor.substring(0, cursor.length() - 4);
            e = assertThrows(IllegalArgumentException.class, () -> cluster.list(r.afterCursor(cut)));
            assertEquals("cursor must be the cursor of a page of this listing, but its check does not match (altered or cut)", e.getMessage());
        }
    }

    @Test
    void nearDuplicatesAgreeByIdAndByImage() {
        Filter red = embedded.filter("{\"tags\": \"red\"}", QueryLanguage.MONGO_JSON);
        int hits = 0;
        int queries = 0;
        for (int i = 0; i < RECORDS.size(); i++) {
            ImageRecord r = RECORDS.get(i);
            for (int radius : i % 5 == 0 ? new int[] {4, 12, 24} : new int[] {12}) {
                queries++;
                NearDuplicateRequest byId = NearDuplicateRequest.of(SearchQuery.id(r.id())).withRadius(radius);
                SearchResult e = embedded.nearDuplicates(byId);
                assertEquals(e.ids(), cluster.nearDuplicates(byId).ids(), r.id() + " radius " + radius);
                assertEquals(e.distances(), cluster.nearDuplicates(byId).distances(), r.id() + " radius " + radius);
                if (i % 3 == 0) {
                    NearDuplicateRequest filtered = byId.withFilter(red);
                    assertEquals(embedded.nearDuplicates(filtered).ids(), cluster.nearDuplicates(filtered).ids());
                }
                hits += e.size();
            }
        }
        NearDuplicateRequest byImage = NearDuplicateRequest.of(SearchQuery.image(variants.get(0)));
        SearchResult e = embedded.nearDuplicates(byImage);
        assertEquals(e.ids(), cluster.nearDuplicates(byImage).ids());
        assertTrue(e.ids().contains("r22"), "the query image is its own near duplicate: " + e.ids());
        System.out.println("near duplicates: " + queries + " queries, " + hits + " hits, identical");
    }

    /**
     * Past OpenSearch's 10,000-hit window (which refuses from + size beyond it): 10,050 small
     * documents written straight to the cluster (no image: only id, creation time, one
     * attribute), listed in cursor pages of 2,000 by search_after in a point in time, in the
     * order the sort defines.
     */
    @Test
    void cursorPagesPassTheTenThousandWindow() throws Exception {
        int n = 10_050;
        HttpClient http = HttpClient.newHttpClient();
        String base = TestCluster.shared().url(0).toString();
        try (ImageIndex deep0 = ImageIndex.builder().cluster(ClusterConfig.of(TestCluster.shared().urls(), "deep"))) {
            // maps attributes.k as long through the client's own path
            assertTrue(deep0.insert(List.of(ImageRecord.builder().id("seed").source(ImageSource.file(photos.get(0)))
                    .attribute("k", 200L).build())).allSucceeded());
        }
        StringBuilder bulk = new StringBuilder();
        List<String[]> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("s%05d", i);
            long k = (i * 7919L) % 97;
            bulk.append("{\"create\":{\"_id\":\"").append(id).append("\"}}\n")
                    .append("{\"id\":\"").append(id).append("\",\"active\":true,\"created\":").append(1_500_000_000_000L + i)
                    .append(",\"attributes\":{\"k\":").append(k).append("}}\n");
            expected.add(new String[] {id, Long.toString(k)});
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(java.net.URI.create(base + "/deep/_bulk?refresh=true"))
                .header("content-type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(bulk.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"errors\":false"), r.body().substring(0, 300));
        expected.add(new String[] {"seed", "200"});
        expected.sort(Comparator.<String[]>comparingLong(e -> Long.parseLong(e[1])).thenComparing(e -> e[0]));
        List<String> want = expected.stream().map(e -> e[0]).toList();
        try (ImageIndex deep = ImageIndex.builder().cluster(ClusterConfig.of(TestCluster.shared().urls(), "deep"))) {
            ListingRequest first = ListingRequest.of(ImageIndex.ALL_RECORDS, List.of(SortKey.ascending("k")), 2000)
                    .withFields(FieldSelection.ID_ONLY);
            List<String> got = new ArrayList<>();
            ListingRequest next = first;
            int pages = 0;
            while (next != null) {
                ListingPage p = deep.list(next);
                assertEquals(n + 1, p.total());
                assertEquals(got.size(), p.offset());
                if (pages < 5) {
                    assertNotNull(p.cursor(), "page " + pages + " pages by cursor");
                }
                got.addAll(p.ids());
                next = p.next();
                pages++;
            }
            assertEquals(6, pages);
            assertEquals(want, got);
            // offset pages up to the window, then the cursor takes over
            ListingPage at8000 = deep.list(first.atOffset(8000));
            assertEquals(want.subList(8000, 10_000), at8000.ids());
            assertNotNull(at8000.cursor(), "the page after 10,000 is reached by cursor");
            assertEquals(want.subList(10_000, n + 1), deep.list(at8000.next()).ids());
        }
    }
}
