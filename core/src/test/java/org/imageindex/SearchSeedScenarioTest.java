package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.SortKey;
import org.imageindex.record.Attributes;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.ListingPage;
import org.imageindex.search.ListingRequest;
import org.imageindex.search.MultiQuery;
import org.imageindex.search.NearDuplicatePairs;
import org.imageindex.search.NearDuplicateRequest;
import org.imageindex.search.RangeRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.imageindex.signatures.hash.HashSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 003 (Ximilar photo and product similarity) walked through the Java API: insert with
 * statuses and skipped records, visualKNN by id with a filter, k/from, fields_to_return, a wrong
 * query record, visualKNNMulti, visualTagsKNN, range with product_field, nearDuplicates,
 * allNearDupPairs, nearDupsInsert, find, getRecordCount and random.
 */
class SearchSeedScenarioTest {

    @TempDir
    Path dir;

    @Test
    void seed003Workflow() throws Exception {
        List<Path> photos = TestImages.photoFiles(8);
        try (ImageIndex index = ImageIndex.builder().commitInterval(Duration.ZERO).extractionThreads(2).open(dir)) {
            List<ImageRecord> records = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                records.add(ImageRecord.builder().id(Integer.toString(11950 + i)).source(ImageSource.bytes(TestImages.photoJpeg(photos.get(i))))
                        .tags(i % 2 == 0 ? List.of("dresses", "short") : List.of("dresses", "long"))
                        .attributes(Attributes.of(Map.of("artist", i < 3 ? "david_27" : "anna_" + i, "price", 20.0 + 10 * i,
                                "product_id", "p" + i / 2)))
                        .build());
            }
            records.add(ImageRecord.builder().id("11950").source(ImageSource.bytes(TestImages.photoJpeg(photos.get(0)))).build());
            records.add(ImageRecord.builder().id("not-image").source(ImageSource.bytes("hello".getBytes())).build());
            // insert: answer records and skipped records with a reason
            BatchResult inserted = index.insert(records);
            assertEquals(8, inserted.statuses().stream().filter(s -> s.code() == Code.INSERTED).count());
            assertEquals(List.of(Code.DUPLICATE_ID, Code.NOT_AN_IMAGE), inserted.skipped().stream().map(s -> s.code()).toList());
            assertTrue(inserted.skipped().get(0).reason().contains("11950"), inserted.skipped().get(0).reason());
            assertEquals(8, index.count()); // getRecordCount

            // visualKNN: {"query_record": {"_id": "11955"}, "k": 3, "filter": {"artist": {"$ne": "david_27"}}}
            Filter notDavid = index.filter("{\"artist\": {\"$ne\": \"david_27\"}}", QueryLanguage.MONGO_JSON);
            SearchResult knn = index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("11955")).k(3).filter(notDavid)
                    .build());
            assertEquals(3, knn.size()); // answer_count
            assertEquals("11955", knn.ids().get(0));
            assertEquals(0.0, knn.distances().get(0), 1e-5);
            assertTrue(knn.distances().get(1) <= knn.distances().get(2));
            assertTrue(knn.ids().stream().noneMatch(Set.of("11950", "11951", "11952")::contains));
            // from skips what was already returned; default k is 20
            SearchResult next = index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("11955")).k(3).from(3)
                    .filter(notDavid).build());
            assertEquals(2, next.size()); // five records pass the filter
            assertFalse(next.ids().stream().anyMatch(knn.ids()::contains));
            assertEquals(8, index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("11955")).build()).size());
            // fields_to_return
            SearchResult withTags = index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("11955")).k(2)
                    .fields(FieldSelection.of("tags", "price")).build());
            assertEquals(List.of("dresses", "long"), withTags.hits().get(0).record().tags());
            assertEquals(Set.of("price"), withTags.hits().get(0).record().attributes().paths());
            // 403 wrong query record: an unknown id and no image
            assertEquals("query id must name a visible record, got: '99999'", assertThrows(IllegalArgumentException.class,
                    () -> index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("99999")).build())).getMessage());

            // visualKNNMulti with a filter: {"price": {"$gte": 40.0}}
            Filter expensive = index.filter("{\"price\": {\"$gte\": 40.0}}", QueryLanguage.MONGO_JSON);
            SearchResult multi = index.search(KnnRequest.builder(VectorSignature.SIMILARITY,
                    List.of(SearchQuery.id("11954"), SearchQuery.id("11955"))).multi(MultiQuery.RANK_FUSION).k(3).filter(expensive).build());
            assertEquals(Set.of("11954", "11955"), Set.copyOf(multi.ids().subList(0, 2)));
            assertEquals(3, multi.size());
            // visualTagsKNN: tags of the query record weigh in
            SearchResult tags = index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("11954")).k(4).tagWeight(0.9)
                    .fields(FieldSelection.of("tags")).build());
            assertTrue(tags.hits().stream().allMatch(h -> h.record().tags().contains("short")), tags.hits().toString());

            // range with product_field: one record per product, all within the radius
            SearchResult range = index.range(RangeRequest.of(VectorSignature.SIMILARITY, SearchQuery.id("11950"), 2.0)
                    .withProductField("product_id").withFields(FieldSelection.of("product_id")));
            assertEquals(4, range.size());
            assertEquals(4, range.hits().stream().map(h -> h.record().attributes().get("product_id").orElseThrow()).distinct().count());

            // nearDuplicates of a recompressed, rescaled copy at Ximilar's example radius and ours
            byte[] copy = TestImages.rescaledCopy(photos.get(3), 0.6, 0.5f);
            SearchResult dups = index.nearDuplicates(NearDuplicateRequest.of(SearchQuery.image(copy)));
            assertEquals("11953", dups.ids().get(0));
            assertTrue(dups.distances().get(0) <= HashSignature.NEAR_DUPLICATE_RADIUS);
            // nearDupsInsert: the copy is skipped naming the record it duplicates
            BatchResult ndi = index.insertUnlessNearDuplicate(List.of(ImageRecord.of("copy", ImageSource.bytes(copy))));
            assertEquals(Code.NEAR_DUPLICATE, ndi.get(0).code());
            assertEquals("11953", ndi.get(0).duplicates().get(0).id());
            index.insert(List.of(ImageRecord.of("copy", ImageSource.bytes(copy))));
            // allNearDupPairs
            NearDuplicatePairs pairs = index.nearDuplicatePairs(HashSignature.NEAR_DUPLICATE_RADIUS, ImageIndex.ALL_RECORDS);
            assertTrue(pairs.pairs().stream().anyMatch(p -> p.a().equals("11953") && p.b().equals("copy")), pairs.toString());
            assertTrue(pairs.groups().contains(List.of("11953", "copy")), pairs.groups().toString());

            // find and random with a filter
            ListingPage found = index.list(ListingRequest.of(expensive, List.of(SortKey.descending("price")), 20));
            assertEquals(List.of("11957", "11956", "11955", "11954", "11953", "11952"), found.ids());
            assertEquals(2, index.random(2, expensive, FieldSelection.ID_ONLY).size());
        }
    }
}
