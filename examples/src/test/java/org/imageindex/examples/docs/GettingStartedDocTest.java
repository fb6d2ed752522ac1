package org.imageindex.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.imageindex.ImageIndex;
import org.imageindex.collection.ImageCollection;
import org.imageindex.collection.ImageCollections;
import org.imageindex.collection.SmartCollection;
import org.imageindex.matching.ImageMatch;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.ListingPage;
import org.imageindex.search.ListingRequest;
import org.imageindex.search.NearDuplicateRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.imageindex.signatures.matching.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every Java sample of docs/getting-started.md, in order, on the sample photographs. */
class GettingStartedDocTest {

  @Test
  void theFiveMinuteTourRuns(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("photos.index");
    Path cat = DocFixtures.sample("cat01.jpg");
    Path cat2 = DocFixtures.sample("cat02.jpg");
    Path dog = DocFixtures.sample("dog01.jpg");
    Path car = DocFixtures.sample("car01.jpg");
    Path crop = DocFixtures.crop(cat, tmp.resolve("crop.png"));
    Path catCopy = DocFixtures.halfSizeCopy(cat, tmp.resolve("cat-small.jpg"));

    try (DocFixtures.Stdout stdout = new DocFixtures.Stdout()) {
      // --- getting-started sample 1 starts
      try (ImageIndex index = ImageIndex.open(dir)) {   // created if absent
        System.out.println(index.count() + " records");
      }
      // --- getting-started sample 1 ends
      assertEquals("0 records", stdout.take().strip());

      try (ImageIndex index = ImageIndex.open(dir)) {
        // --- getting-started sample 2 starts
        BatchResult result = index.insert(List.of(
            ImageRecord.builder().id("cat-1").source(ImageSource.file(cat)).tags("cat").attribute("price", 120L).build(),
            ImageRecord.builder().id("cat-2").source(ImageSource.file(cat2)).tags("cat").attribute("price", 450L).build(),
            ImageRecord.builder().id("dog-1").source(ImageSource.file(dog)).tags("dog").attribute("price", 300L).build(),
            ImageRecord.builder().id("car-1").source(ImageSource.file(car)).tags("car").attribute("price", 90L).build(),
            ImageRecord.builder().id("cat-1").source(ImageSource.file(dog)).build()));
        result.statuses().forEach(s -> System.out.println(s.id() + " " + s.code() + " " + s.reason()));
        index.commit();   // durable from here on
        // --- getting-started sample 2 ends
        assertEquals(4, result.count(RecordStatus.Code.INSERTED));
        assertEquals(RecordStatus.Code.DUPLICATE_ID, result.get(4).code());
        assertTrue(stdout.take().contains("cat-1 DUPLICATE_ID "));

        // --- getting-started sample 3 starts
        SearchResult alike = index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.image(cat))
            .k(3)
            .filter(index.filter("{\"price\": {\"$lt\": 400}}", QueryLanguage.MONGO_JSON))
            .build());
        alike.hits().forEach(h -> System.out.printf("%s distance %.3f score %.3f%n", h.id(), h.distance(), h.score()));
        // --- getting-started sample 3 ends
        assertEquals("cat-1", alike.ids().get(0));
        assertTrue(alike.hits().get(0).distance() < 0.01, alike.hits().toString());
        assertTrue(!alike.ids().contains("cat-2"), "the filter excludes cat-2: " + alike.ids());

        // --- getting-started sample 4 starts
        SearchResult redAndWhite = index.search(
            KnnRequest.builder(VectorSignature.COLOR, SearchQuery.colors("#c0392b 60 %, #ffffff 40 %")).k(2).build());
        // --- getting-started sample 4 ends
        assertEquals(2, redAndWhite.size());

        // --- getting-started sample 5 starts
        List<ImageMatch> copies = index.matcher().search(ImageMatchQuery.builder(ImageSource.file(crop))
            .filter(index.filter("tags:cat", QueryLanguage.LUCENE))
            .build());
        copies.forEach(m -> System.out.println(m.id() + " " + m.verdict().label() + " " + m.result().queryBox()));
        // --- getting-started sample 5 ends
        assertEquals("cat-1", copies.get(0).id());
        assertEquals(Verdict.MATCH, copies.get(0).verdict());

        // --- getting-started sample 6 starts
        SearchResult sameImage = index.nearDuplicates(NearDuplicateRequest.of(SearchQuery.image(catCopy)));
        System.out.println(sameImage.ids() + " " + sameImage.distances());   // Hamming bits, 0..64
        // --- getting-started sample 6 ends
        assertEquals("cat-1", sameImage.ids().get(0));
        stdout.take();

        // --- getting-started sample 7 starts
        ListingRequest first = ListingRequest.of(index.filter("price:[100 TO *]", QueryLanguage.LUCENE),
            List.of(SortKey.descending("price")), 2);
        for (ListingPage page = index.list(first); ; page = index.list(page.next())) {
          System.out.println(page.offset() + " of " + page.total() + ": " + page.ids());
          if (page.next() == null) {
            break;
          }
        }
        // --- getting-started sample 7 ends
        assertEquals("0 of 3: [cat-2, dog-1]\n2 of 3: [cat-1]", stdout.take().strip());

        // --- getting-started sample 8 starts
        ImageCollections collections = index.collections();
        ImageCollection pets = collections.create("pets");
        collections.add(pets.id(), List.of("cat-1", "cat-2", "dog-1"));
        SmartCollection cheap = collections.createSmart("cheap", "{\"price\": {\"$lt\": 200}}", QueryLanguage.MONGO_JSON);
        System.out.println(collections.records(pets.id(), Listing.DEFAULT, FieldSelection.ID_ONLY).ids());
        System.out.println(collections.smartRecords(cheap.id(), Listing.DEFAULT, FieldSelection.ID_ONLY).ids());
        // --- getting-started sample 8 ends
        assertEquals(Set.of("cat-1", "cat-2", "dog-1"),
            Set.copyOf(collections.records(pets.id(), Listing.DEFAULT, FieldSelection.ID_ONLY).ids()));
        assertEquals(Set.of("cat-1", "car-1"),
            Set.copyOf(collections.smartRecords(cheap.id(), Listing.DEFAULT, FieldSelection.ID_ONLY).ids()));
      }
    }
  }
}
