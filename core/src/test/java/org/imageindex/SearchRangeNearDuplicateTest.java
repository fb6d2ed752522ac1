package org.imageindex;

import org.imageindex.spi.RecordState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.imageindex.SearchFixtures.RealImage;
import org.imageindex.query.QueryLanguage;
import org.imageindex.record.Attributes;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.search.NearDuplicatePairs;
import org.imageindex.search.NearDuplicateRequest;
import org.imageindex.search.RangeRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.imageindex.signatures.ImageSignatures;
import org.imageindex.signatures.hash.HashSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Range search, near duplicates of a query and all near-duplicate pairs (Q3), each checked
 * against a brute-force scan: every real image, generated rescaled and recompressed copies of
 * four photographs, and 3,000 synthetic hashes with planted near pairs.
 */
class SearchRangeNearDuplicateTest {

    static final long SEED = 20_240_611L;

    @TempDir
    static Path dir;
    static ImageIndex index;
    static List<RealImage> images;
    static Map<String, Long> hashes = new HashMap<>();
    static List<Path> photos;

    @BeforeAll
    static void build() throws Exception {
        images = SearchFixtures.corpus();
        index = ImageIndex.builder().commitInterval(Duration.ZERO).extractionThreads(2).open(dir);
        List<RecordState> states = new ArrayList<>();
        for (RealImage img : images) {
            states.add(SearchFixtures.state(img.id(), List.of(img.dataset()), Attributes.of("dataset", img.dataset()),
                    Instant.EPOCH, img.signatures()));
            hashes.put(img.id(), img.signatures().hash().bits());
        }
        Random rnd = new Random(SEED);
        for (int i = 0; i < 3000; i++) {
            long h = rnd.nextLong();
            if (i % 10 == 1) { // a planted near pair: the previous hash with a few bits flipped
                h = hashes.get("synthetic-" + (i - 1));
                for (int f = rnd.nextInt(16); f > 0; f--) {
                    h ^= 1L << rnd.nextInt(64);
                }
            }
            ImageSignatures sig = SearchFixtures.synthetic(SearchFixtures.unit(randomVector(rnd)), rnd);
            sig = new ImageSignatures(sig.width(), sig.height(), sig.format(), sig.matching(), sig.similarity(), sig.color(),
                    new HashSignature(h), sig.vectors());
            states.add(SearchFixtures.state("synthetic-" + i, List.of(), Attributes.of("dataset", "synthetic"), Instant.EPOCH, sig));
            hashes.put("synthetic-" + i, h);
        }
        SearchFixtures.insert(index, states);
        photos = TestImages.photoFiles(6);
        List<ImageRecord> copies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            copies.add(ImageRecord.of("copy-half-" + i, ImageSource.bytes(TestImages.rescaledCopy(photos.get(i), 0.5, 0.6f))));
            copies.add(ImageRecord.of("copy-q40-" + i, ImageSource.bytes(TestImages.rescaledCopy(photos.get(i), 1.0, 0.4f))));
        }
        assertTrue(index.insert(copies).allSucceeded());
        for (ImageRecord c : copies) {
            index.get(List.of(c.id()), org.imageindex.record.FieldSelection.ALL).forEach(r ->
                    hashes.put(r.id(), HashSignature.fromHex(r.image().phash()).bits()));
        }
    }

    private static float[] randomVector(Random rnd) {
        float[] v = new float[512];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    @AfterAll
    static void close() throws Exception {
        index.close();
    }

    static String photoId(int i) {
        return "photos/images/" + photos.get(i).getFileName();
    }

    @Test
    void rangeReturnsExactlyTheRecordsWithinTheRadius() {
        RealImage q = images.get(11);
        for (VectorSignature sig : List.of(VectorSignature.SIMILARITY, VectorSignature.COLOR)) {
            List<Double> all = new ArrayList<>();
            Map<String, Double> dist = new HashMap<>();
            for (RealImage r : images) {
                double d = sig.equals(VectorSignature.COLOR) ? q.signatures().color().distance(r.signatures().color())
                        : q.signatures().similarity().distance(r.signatures().similarity());
                dist.put(r.id(), d);
                all.add(d);
            }
            all.sort(null);
            double radius = (all.get(12) + all.get(13)) / 2;
            SearchResult r = index.range(RangeRequest.of(sig, SearchQuery.id(q.id()), radius)
                    .withFilter(index.filter("{\"dataset\": {\"$ne\": \"synthetic\"}}", QueryLanguage.MONGO_JSON)));
            Set<String> expected = new TreeSet<>();
            dist.forEach((id, d) -> {
                if (d <= radius) {
                    expected.add(id);
                }
            });
            assertEquals(13, expected.size());
            assertEquals(expected, new TreeSet<>(r.ids()), sig.name());
            for (int i = 1; i < r.size(); i++) {
                assertTrue(r.distances().get(i - 1) <= r.distances().get(i));
            }
            assertTrue(r.distances().stream().allMatch(d -> d <= radius));
            assertEquals(5, index.range(RangeRequest.of(sig, SearchQuery.id(q.id()), radius).withLimit(5)).size());
        }
    }

    @Test
    void nearDuplicatesFindGeneratedCopiesAndNotOtherPhotos() {
        for (int i = 0; i < 4; i++) {
            SearchResult r = index.nearDuplicates(NearDuplicateRequest.of(SearchQuery.id(photoId(i))));
            System.out.printf("near duplicates of %s: %s %s%n", photoId(i), r.ids(), r.distances());
            assertTrue(r.ids().contains(photoId(i)));
            assertEquals(0.0, r.distances().get(r.ids().indexOf(photoId(i))));
            assertTrue(r.ids().containsAll(List.of("copy-half-" + i, "copy-q40-" + i)), r.ids().toString());
            for (String id : r.ids()) {
                assertTrue(id.startsWith("copy-") ? id.endsWith("-" + i) : !id.startsWith("photos/") || id.equals(photoId(i)), id);
            }
            // Same answer from the image itself, extracted on the fly.
            SearchResult byImage = index.nearDuplicates(NearDuplicateRequest.of(SearchQuery.image(photos.get(i)))
                    .withFilter(index.filter("{\"dataset\": {\"$ne\": \"synthetic\"}}", QueryLanguage.MONGO_JSON)));
            assertTrue(byImage.ids().containsAll(List.of(photoId(i), "copy-half-" + i, "copy-q40-" + i)), byImage.ids().toString());
        }
        // Photos 4 and 5 have no copies: nothing but themselves (and unrelated records, if any, farther than 12 bits: none).
        for (int i = 4; i < 6; i++) {
            SearchResult r = index.nearDuplicates(NearDuplicateRequest.of(SearchQuery.id(photoId(i))));
            assertFalse(r.ids().stream().anyMatch(id -> id.startsWith("copy-")), r.ids().toString());
        }
        // Brute force over every stored hash agrees, at several radii.
        for (int radius : new int[] {0, 5, 12, 20}) {
            long q = hashes.get("synthetic-10");
            Set<String> expected = new TreeSet<>();
            hashes.forEach((id, h) -> {
                if (Long.bitCount(h ^ q) <= radius) {
                    expected.add(id);
                }
            });
            SearchResult r = index.nearDuplicates(NearDuplicateRequest.of(SearchQuery.id("synthetic-10")).withRadius(radius));
            assertEquals(expected, new TreeSet<>(r.ids()), "radius " + radius);
            assertEquals(1 - r.distances().get(r.size() - 1) / 64, r.hits().get(r.size() - 1).score(), 1e-12);
        }
    }

    @Test
    void allNearDuplicatePairsEqualABruteForcePairScan() {
        for (int radius : new int[] {3, HashSignature.NEAR_DUPLICATE_RADIUS, 16}) {
            long t0 = System.nanoTime();
            NearDuplicatePairs found = index.nearDuplicatePairs(radius, ImageIndex.ALL_RECORDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            List<String> ids = new ArrayList<>(new TreeSet<>(hashes.keySet()));
            List<NearDuplicatePairs.Pair> expected = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                for (int j = i + 1; j < ids.size(); j++) {
                    int d = Long.bitCount(hashes.get(ids.get(i)) ^ hashes.get(ids.get(j)));
                    if (d <= radius) {
                        expected.add(new NearDuplicatePairs.Pair(ids.get(i), ids.get(j), d));
                    }
                }
            }
            expected.sort(Comparator.comparingInt(NearDuplicatePairs.Pair::distance).thenComparing(NearDuplicatePairs.Pair::a)
                    .thenComparing(NearDuplicatePairs.Pair::b));
            System.out.printf("all pairs within %d bits over %d records: %d pairs, %d groups, %d ms%n", radius, ids.size(),
                    found.pairs().size(), found.groups().size(), ms);
            assertEquals(expected, found.pairs());
            assertFalse(found.pairs().isEmpty());
            // Groups are the connected components: every pair lies in one group, groups are disjoint.
            Map<String, Integer> groupOf = new HashMap<>();
            for (int g = 0; g < found.groups().size(); g++) {
                for (String id : found.groups().get(g)) {
                    assertEquals(null, groupOf.put(id, g), id + " in two groups");
                }
            }
            for (NearDuplicatePairs.Pair p : found.pairs()) {
                assertEquals(groupOf.get(p.a()), groupOf.get(p.b()));
            }
        }
        NearDuplicatePairs copiesOnly = index.nearDuplicatePairs(HashSignature.NEAR_DUPLICATE_RADIUS,
                index.filter("{\"dataset\": {\"$ne\": \"synthetic\"}}", QueryLanguage.MONGO_JSON));
        for (int i = 0; i < 4; i++) {
            int k = i;
            assertTrue(copiesOnly.groups().stream().anyMatch(g -> g.containsAll(List.of(photoId(k), "copy-half-" + k, "copy-q40-" + k))),
                    copiesOnly.groups().toString());
        }
        assertTrue(copiesOnly.pairs().stream().noneMatch(p -> p.a().startsWith("synthetic") || p.b().startsWith("synthetic")));
    }
}
