package org.imageindex;

import org.imageindex.spi.RecordState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.imageindex.SearchFixtures.RealImage;
import org.imageindex.query.QueryLanguage;
import org.imageindex.record.Attributes;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageSource;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.MultiQuery;
import org.imageindex.search.SearchHit;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.imageindex.signatures.color.ColorExtractor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kNN search (Q1, Q4) on every image of the test data set, checked against an exact scan of the
 * same signatures: HNSW recall, k/from, filters, fields, query kinds, multi-image, tags, products.
 */
class SearchKnnTest {

    @TempDir
    static Path dir;
    static ImageIndex index;
    static List<RealImage> images;
    static Map<String, RealImage> byId = new LinkedHashMap<>();

    @BeforeAll
    static void indexEveryImage() throws Exception {
        images = SearchFixtures.corpus();
        index = ImageIndex.builder().commitInterval(Duration.ZERO).extractionThreads(2).open(dir);
        List<RecordState> states = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            RealImage img = images.get(i);
            byId.put(img.id(), img);
            Attributes attrs = Attributes.of(Map.of("dataset", img.dataset(), "group", img.group(), "n", (long) i,
                    "price", i * 1.5));
            states.add(SearchFixtures.state(img.id(), List.of(img.dataset(), img.group()), attrs,
                    Instant.ofEpochSecond(1_600_000_000L + i), img.signatures()));
        }
        SearchFixtures.insert(index, states);
    }

    @AfterAll
    static void close() throws Exception {
        index.close();
    }

    static float[] vector(RealImage img, VectorSignature sig) {
        return sig.equals(VectorSignature.COLOR) ? img.signatures().color().vector() : img.signatures().similarity().vector();
    }

    /** The exact top k of the corpus by dot product (ties by id), the records {@code keep} accepts. */
    static List<String> exactTop(float[] q, VectorSignature sig, int k, java.util.function.Predicate<RealImage> keep) {
        return images.stream().filter(keep)
                .sorted(Comparator.<RealImage>comparingDouble(r -> -SearchFixtures.dot(q, vector(r, sig))).thenComparing(RealImage::id))
                .limit(k).map(RealImage::id).toList();
    }

    static KnnRequest.Builder knn(VectorSignature sig, SearchQuery q) {
        return KnnRequest.builder(sig, q);
    }

    @Test
    void hnswRecallAtTenMatchesAnExactScanOnRealImages() {
        for (VectorSignature sig : List.of(VectorSignature.SIMILARITY, VectorSignature.COLOR)) {
            for (int candidates : new int[] {10, KnnRequest.MIN_CANDIDATES}) {
                double found = 0;
                for (RealImage q : images) {
                    List<String> exact = exactTop(vector(q, sig), sig, 10, r -> true);
                    SearchResult r = index.search(knn(sig, SearchQuery.vector(vector(q, sig))).k(10).candidates(candidates).build());
                    found += r.ids().stream().filter(exact::contains).count();
                }
                double recall = found / (10.0 * images.size());
                System.out.printf("recall@10 %s, %d records, candidates %d: %.4f%n", sig.name(), images.size(), candidates, recall);
                if (candidates == KnnRequest.MIN_CANDIDATES) {
                    assertTrue(recall >= 0.95, sig.name() + " recall@10 " + recall);
                }
            }
        }
    }

    /**
     * An index opened without a search pool ranks exactly as a pooled one, on its callers'
     * threads: it starts no search threads of its own, where the pooled one, searching several
     * segments, does.
     */
    @Test
    void withoutSearchThreadsSearchesRankTheSameOnTheCallersThread(@TempDir Path other) throws Exception {
        List<RecordState> states = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            RealImage img = images.get(i);
            states.add(SearchFixtures.state(img.id(), List.of(img.dataset()), Attributes.of(Map.of("n", (long) i)),
                    Instant.ofEpochSecond(1_600_000_000L + i), img.signatures()));
        }
        Map<String, List<String>> single = new LinkedHashMap<>();
        Map<String, List<String>> pooled = new LinkedHashMap<>();
        Set<Thread> before = searchThreads();
        try (ImageIndex noPool = ImageIndex.builder().commitInterval(Duration.ZERO).searchThreads(0).open(other.resolve("single"))) {
            rankEveryTenth(noPool, states, single);
            // Subset, not equality: threads of indexes closed earlier may still be ending.
            assertTrue(before.containsAll(searchThreads()), "an index without search threads starts none");
        }
        try (ImageIndex pool = ImageIndex.builder().commitInterval(Duration.ZERO).searchThreads(2).open(other.resolve("pooled"))) {
            rankEveryTenth(pool, states, pooled);
            assertFalse(before.containsAll(searchThreads()), "a pooled index searching several segments starts search threads");
        }
        assertEquals(pooled, single);
        assertEquals("searchThreads must be >= 0 (0: on the caller's thread), got: -1",
                assertThrows(IllegalArgumentException.class, () -> ImageIndex.builder().searchThreads(-1)).getMessage());
    }

    /**
     * Inserts {@code states} in eight writes (eight segments: Lucene searches up to five small
     * segments as one slice, so more are needed for a pool to search in parallel), then ranks by
     * every tenth record.
     */
    private static void rankEveryTenth(ImageIndex target, List<RecordState> states, Map<String, List<String>> out) {
        int part = (states.size() + 7) / 8;
        for (int from = 0; from < states.size(); from += part) {
            SearchFixtures.insert(target, states.subList(from, Math.min(states.size(), from + part)));
        }
        for (VectorSignature sig : List.of(VectorSignature.SIMILARITY, VectorSignature.COLOR)) {
            for (int q = 0; q < images.size(); q += 10) {
                out.put(sig + " " + q, target.search(knn(sig, SearchQuery.id(images.get(q).id())).k(10).build()).ids());
            }
        }
    }

    private static Set<Thread> searchThreads() {
        Set<Thread> threads = new HashSet<>();
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("imageindex-search-")).forEach(threads::add);
        return threads;
    }

    @Test
    void byIdTheQueryComesFirstAndDistancesAscendWithScoresDescending() {
        for (VectorSignature sig : List.of(VectorSignature.SIMILARITY, VectorSignature.COLOR)) {
            RealImage q = images.get(7);
            SearchResult r = index.search(knn(sig, SearchQuery.id(q.id())).k(25).build());
            assertEquals(25, r.size());
            assertEquals(q.id(), r.ids().get(0));
            // Colour distance is sqrt(2 - 2 dot): float rounding of dot = 1 shows as ~3e-4.
            assertEquals(0, r.distances().get(0), 1e-3);
            for (int i = 1; i < r.size(); i++) {
                assertTrue(r.distances().get(i - 1) <= r.distances().get(i), r.distances().toString());
                assertTrue(r.hits().get(i - 1).score() >= r.hits().get(i).score());
            }
            // Distances are the signatures' own.
            SearchHit h = r.hits().get(3);
            RealImage other = byId.get(h.id());
            double expected = sig.equals(VectorSignature.COLOR) ? q.signatures().color().distance(other.signatures().color())
                    : q.signatures().similarity().distance(other.signatures().similarity());
            assertEquals(expected, h.distance(), 1e-5);
            double score = sig.equals(VectorSignature.COLOR) ? q.signatures().color().score(other.signatures().color())
                    : q.signatures().similarity().score(other.signatures().similarity());
            assertEquals(score, h.score(), 1e-5);
        }
    }

    @Test
    void fromSkipsExactlyTheFirstHits() {
        KnnRequest.Builder b = knn(VectorSignature.SIMILARITY, SearchQuery.id(images.get(3).id()));
        List<String> twenty = index.search(b.k(20).from(0).build()).ids();
        List<String> page = index.search(b.k(5).from(10).build()).ids();
        assertEquals(twenty.subList(10, 15), page);
        assertEquals(List.of(), index.search(b.k(5).from(images.size()).build()).ids());
    }

    @Test
    void filterRestrictsHitsAndFieldsSelectWhatIsReturned() {
        RealImage q = images.stream().filter(i -> i.dataset().equals("photos")).findFirst().orElseThrow();
        SearchResult r = index.search(knn(VectorSignature.SIMILARITY, SearchQuery.id(q.id())).k(10)
                .filter(index.filter("{\"dataset\": \"pixabay-categories\", \"n\": {\"$gte\": 100}}", QueryLanguage.MONGO_JSON))
                .fields(FieldSelection.of("tags", "group")).build());
        assertEquals(10, r.size());
        assertEquals(exactTop(vector(q, VectorSignature.SIMILARITY), VectorSignature.SIMILARITY, 10,
                i -> i.dataset().equals("pixabay-categories") && images.indexOf(i) >= 100), r.ids());
        for (SearchHit h : r.hits()) {
            RealImage img = byId.get(h.id());
            assertEquals(List.of(img.dataset(), img.group()), h.record().tags());
            assertEquals(Set.of("group"), h.record().attributes().paths());
            assertNull(h.record().image());
        }
        SearchHit idOnly = index.search(knn(VectorSignature.SIMILARITY, SearchQuery.id(q.id())).k(1).build()).hits().get(0);
        assertEquals(List.of(), idOnly.record().tags());
        assertTrue(idOnly.record().attributes().isEmpty());
    }

    @Test
    void queriesByImageFileBytesRasterAndVectorAgreeWithTheStoredRecord() throws Exception {
        RealImage q = images.stream().filter(i -> i.dataset().equals("boofcv-triples")).findFirst().orElseThrow();
        List<String> byStored = index.search(knn(VectorSignature.SIMILARITY, SearchQuery.id(q.id())).k(5).build()).ids();
        for (SearchQuery query : List.of(SearchQuery.image(q.file()), SearchQuery.image(Files.readAllBytes(q.file())),
                SearchQuery.image(ImageSource.base64(java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(q.file())))),
                SearchQuery.vector(q.signatures().similarity().vector()))) {
            SearchResult r = index.search(knn(VectorSignature.SIMILARITY, query).k(5).build());
            assertEquals(byStored, r.ids(), query.toString());
            assertEquals(0, r.distances().get(0), 1e-4);
        }
        SearchResult raster = index.search(knn(VectorSignature.COLOR, SearchQuery.raster(ImageIO.read(q.file().toFile()))).k(3).build());
        assertEquals(q.id(), raster.ids().get(0));
    }

    @Test
    void aBoofcvSceneFindsItsOtherViewsFirstBySimilarity() {
        Map<String, List<RealImage>> scenes = new LinkedHashMap<>();
        images.stream().filter(i -> i.dataset().equals("boofcv-triples")).forEach(i -> scenes.computeIfAbsent(i.group(), g -> new ArrayList<>()).add(i));
        int both = 0;
        int queries = 0;
        for (List<RealImage> scene : scenes.values()) {
            for (RealImage q : scene) {
                List<String> top = index.search(knn(VectorSignature.SIMILARITY, SearchQuery.id(q.id())).k(3).build()).ids();
                Set<String> others = new HashSet<>(scene.stream().map(RealImage::id).toList());
                assertEquals(q.id(), top.get(0));
                if (others.containsAll(top)) {
                    both++;
                }
                queries++;
            }
        }
        System.out.printf("boofcv-triples: other two views ranked 2nd and 3rd (among all %d images) for %d of %d queries%n",
                images.size(), both, queries);
        assertTrue(both * 2 > queries, both + " of " + queries);
    }

    @Test
    void aRedColourQueryReturnsRedFerrarisFirst() {
        Map<String, String> colour = new LinkedHashMap<>();
        images.stream().filter(i -> i.dataset().equals("ferrari-colour-sample")).forEach(i -> colour.put(i.id(), i.group()));
        SearchResult r = index.search(knn(VectorSignature.COLOR, SearchQuery.colors(
                "#c0392b 60 %, #ffffff 40 %")).k(5).filter(index.filter("dataset:ferrari-colour-sample", QueryLanguage.LUCENE)).build());
        List<String> colours = r.ids().stream().map(colour::get).toList();
        System.out.println("colour query red/white, Ferraris: " + colours);
        assertEquals("red", colours.get(0));
        assertTrue(colours.subList(0, 3).stream().allMatch("red"::equals), colours.toString());
        assertEquals(r.ids(), exactTop(ColorExtractor.standard().query("#c0392b 60 %, #ffffff 40 %").vector(), VectorSignature.COLOR, 5,
                i -> i.dataset().equals("ferrari-colour-sample")));
    }

    @Test
    void deactivatedRecordsNeverAppearAndCannotBeQueriedById() {
        RealImage q = images.get(20);
        List<String> before = index.search(knn(VectorSignature.SIMILARITY, SearchQuery.id(q.id())).k(3).build()).ids();
        String hidden = before.get(1);
        index.deactivate(List.of(hidden));
        try {
            SearchResult after = index.search(knn(VectorSignature.SIMILARITY, SearchQuery.id(q.id())).k(images.size()).build());
            assertFalse(after.ids().contains(hidden));
            assertEquals(images.size() - 1, after.size());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> index.search(knn(VectorSignature.SIMILARITY, SearchQuery.id(hidden)).build()));
            assertEquals("query id must name a visible record, got: '" + hidden + "'", e.getMessage());
        } finally {
            index.restore(List.of(hidden));
        }
        assertEquals(before, index.search(knn(VectorSignature.SIMILARITY, SearchQuery.id(q.id())).k(3).build()).ids());
    }

    @Test
    void multiImageQueriesCombineByMeanVectorOrRankFusion() {
        RealImage a = images.get(0);
        RealImage b = images.get(1);
        List<SearchQuery> both = List.of(SearchQuery.id(a.id()), SearchQuery.id(b.id()));
        SearchResult fused = index.search(KnnRequest.builder(VectorSignature.SIMILARITY, both).multi(MultiQuery.RANK_FUSION).k(10).build());
        assertEquals(Set.of(a.id(), b.id()), Set.copyOf(fused.ids().subList(0, 2)));
        assertEquals(0, fused.distances().get(0), 1e-5);

        float[] mean = new float[a.signatures().similarity().dimension()];
        for (int d = 0; d < mean.length; d++) {
            mean[d] = vector(a, VectorSignature.SIMILARITY)[d] + vector(b, VectorSignature.SIMILARITY)[d];
        }
        mean = SearchFixtures.unit(mean);
        SearchResult meanHits = index.search(KnnRequest.builder(VectorSignature.SIMILARITY, both).k(10).build());
        assertEquals(exactTop(mean, VectorSignature.SIMILARITY, 10, r -> true), meanHits.ids());
        float[] m = mean;
        assertEquals(1 - SearchFixtures.dot(m, vector(byId.get(meanHits.ids().get(0)), VectorSignature.SIMILARITY)),
                meanHits.distances().get(0), 1e-5);
    }

    @Test
    void visualAndTagsCombineAsDocumented() {
        RealImage q = images.stream().filter(i -> i.dataset().equals("pixabay-categories")).findFirst().orElseThrow();
        double w = 0.5;
        SearchResult r = index.search(knn(VectorSignature.SIMILARITY, SearchQuery.id(q.id())).k(10).tagWeight(w).build());
        Set<String> queryTags = Set.of(q.dataset(), q.group());
        for (int i = 0; i < r.size(); i++) {
            SearchHit h = r.hits().get(i);
            RealImage img = byId.get(h.id());
            Set<String> tags = Set.of(img.dataset(), img.group());
            Set<String> union = new HashSet<>(queryTags);
            union.addAll(tags);
            double jaccard = tags.stream().filter(queryTags::contains).count() / (double) union.size();
            double expected = (1 - w) * q.signatures().similarity().score(img.signatures().similarity()) + w * jaccard;
            assertEquals(expected, h.score(), 1e-5, h.id());
            assertEquals(1 - expected, h.distance(), 1e-5);
            if (i > 0) {
                assertTrue(r.hits().get(i - 1).score() >= h.score());
            }
        }
        // Sharing both tags lifts same-category images above the visual-only ranking.
        long sameGroupVisual = index.search(knn(VectorSignature.SIMILARITY, SearchQuery.id(q.id())).k(10).build()).hits().stream()
                .filter(h -> byId.get(h.id()).group().equals(q.group())).count();
        long sameGroupTags = r.hits().stream().filter(h -> byId.get(h.id()).group().equals(q.group())).count();
        System.out.printf("visual+tags: same-category hits in top 10: visual %d, visual+tags %d%n", sameGroupVisual, sameGroupTags);
        assertTrue(sameGroupTags >= sameGroupVisual);
    }

    @Test
    void productFieldKeepsTheBestHitOfEachProduct() {
        RealImage q = images.get(40);
        SearchResult r = index.search(knn(VectorSignature.SIMILARITY, SearchQuery.id(q.id())).k(8).productField("group")
                .fields(FieldSelection.of("group")).build());
        // Expected: walk the exact ranking, keep the first record of each group ("none" records are
        // one product each only if they lack the field; here every record has a group).
        List<String> expected = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String id : exactTop(vector(q, VectorSignature.SIMILARITY), VectorSignature.SIMILARITY, images.size(), i -> true)) {
            if (seen.add(byId.get(id).group()) && expected.size() < 8) {
                expected.add(id);
            }
        }
        assertEquals(expected, r.ids());
        assertEquals(8, r.hits().stream().map(h -> h.record().attributes().get("group").orElseThrow()).distinct().count());
    }

    @Test
    void invalidRequestsAreRefusedNamingTheProblem() {
        SearchQuery q = SearchQuery.id(images.get(0).id());
        assertEquals("k must be >= 1, got: 0",
                assertThrows(IllegalArgumentException.class, () -> knn(VectorSignature.SIMILARITY, q).k(0).build()).getMessage());
        assertEquals("from must be >= 0, got: -1",
                assertThrows(IllegalArgumentException.class, () -> knn(VectorSignature.SIMILARITY, q).from(-1).build()).getMessage());
        assertEquals("k + from must be <= 10000, got: 9000 + 1001", assertThrows(IllegalArgumentException.class,
                () -> knn(VectorSignature.SIMILARITY, q).k(9000).from(1001).build()).getMessage());
        assertEquals("signature must be similarity, color or one of the index's vector extractors [], got: clip",
                assertThrows(IllegalArgumentException.class, () -> index.search(knn(VectorSignature.of("clip"), q).build())).getMessage());
        assertEquals("colours as text query the color signature only, got signature: similarity", assertThrows(
                IllegalArgumentException.class, () -> index.search(knn(VectorSignature.SIMILARITY, SearchQuery.colors("#ff0000")).build()))
                .getMessage());
        assertEquals("vector for signature 'color' must have 45 dimensions, got: 3", assertThrows(IllegalArgumentException.class,
                () -> index.search(knn(VectorSignature.COLOR, SearchQuery.vector(new float[] {1, 0, 0})).build())).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> index.search(knn(VectorSignature.SIMILARITY, q)
                .productField("nope").build())).getMessage().startsWith("productField must be an attribute path the index holds, one of"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> index.search(knn(VectorSignature.SIMILARITY,
                SearchQuery.image(new byte[] {1, 2, 3})).build())).getMessage().startsWith("query image cannot be decoded"));
    }
}
