package org.imageindex.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.imageindex.FineTuning;
import org.imageindex.ImageIndex;
import org.imageindex.annotation.Annotations;
import org.imageindex.annotation.DatasetAttributes;
import org.imageindex.collection.CollectionInfo;
import org.imageindex.collection.ImageCollection;
import org.imageindex.collection.ImageCollections;
import org.imageindex.matching.ImageMatch;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordPage;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordUpdate;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.ListingPage;
import org.imageindex.search.ListingRequest;
import org.imageindex.search.NearDuplicatePairs;
import org.imageindex.search.NearDuplicateRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.imageindex.signatures.matching.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every Java sample of docs/migrating.md, one seed system per test, each on its own index. */
class MigratingDocTest {

  @Test
  void ltuMediaDb(@TempDir Path tmp) throws Exception {
    Path painting = DocFixtures.sample("horse01.jpg");
    Path query = DocFixtures.crop(painting, tmp.resolve("photo-of-the-painting.png"));
    try (ImageIndex index = ImageIndex.inMemory()) {
      index.insert(List.of(ImageRecord.of("other", ImageSource.file(DocFixtures.sample("horse02.jpg")))));
      // --- migrating sample 1 starts
      index.insert(List.of(ImageRecord.builder().id("mona-lisa").source(ImageSource.file(painting))
          .tags("painting").attribute("painter", "Leonardo Da Vinci").build()));            // POST /media
      ImageCollection paintings = index.collections().create("paintings");                 // POST /collection
      index.collections().add(paintings.id(), List.of("mona-lisa"));                       // PATCH /collection/{id}/medias
      index.collections().createSmart("da vinci", "{\"painter\": \"Leonardo Da Vinci\"}",
          QueryLanguage.MONGO_JSON);                                                         // POST /smart_collection
      List<ImageMatch> found = index.matcher().search(ImageMatchQuery.builder(ImageSource.file(query))
          .filter(index.filter("{\"tags\": \"painting\"}", QueryLanguage.MONGO_JSON))
          .collection(paintings.id())
          .build());                                                                         // POST /media (search)
      index.deactivate(List.of("mona-lisa"));                                                // DELETE /media/{id}
      index.delete(List.of("mona-lisa"));                                                    // ... with "force": true
      // --- migrating sample 1 ends
      assertEquals(1, found.size());
      assertEquals("mona-lisa", found.get(0).id());
      assertEquals(Verdict.MATCH, found.get(0).verdict());
      assertEquals(1, index.count());
    }
  }

  @Test
  void collectionSimilarityService(@TempDir Path tmp) throws Exception {
    Path ship = DocFixtures.sample("ship01.jpg");
    Path ship2 = DocFixtures.sample("ship02.jpg");
    Path query = ship;
    String csv = "id,origin,name,tags\nship-1," + ship + ",Ship,boat\nship-2," + ship2 + ",Other ship,boat\n";
    try (ImageIndex index = ImageIndex.inMemory()) {
      // --- migrating sample 2 starts
      ImageCollections collections = index.collections();
      ImageCollection museum = collections.create("museum");                                   // POST /api/collection/create
      BatchResult content = collections.replaceContent(museum.id(), new StringReader(csv),
          BatchProgress.NONE);                                                                 // POST .../updatecontent
      StringWriter download = new StringWriter();
      collections.exportCsv(museum.id(), download, List.of());                                 // GET .../csvfile
      SearchResult similar = index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.image(query))
          .filter(ImageCollections.filterFor(museum.id())).k(10).build());                      // POST .../search
      FineTuning job = index.fineTune();                                                       // POST .../finetune
      job.await();
      CollectionInfo info = collections.info(museum.id());                                     // GET .../info
      // --- migrating sample 2 ends
      assertEquals(2, content.count(RecordStatus.Code.INSERTED), content.toString());
      assertTrue(download.toString().startsWith("id,origin,name,tags"), download.toString());
      assertEquals("ship-1", similar.ids().get(0));
      assertEquals(2, info.numberOfImages());
      assertTrue(info.lastFinetuned().isPresent(), info.toString());
      assertTrue(!info.requiresFinetuning(), info.toString());
    }
  }

  @Test
  void imageDatasetPlatform() throws Exception {
    Path cat = DocFixtures.sample("cat01.jpg");
    try (ImageIndex index = ImageIndex.inMemory()) {
      // --- migrating sample 3 starts
      index.insert(List.of(ImageRecord.builder().id("p1").source(ImageSource.file(cat))
          .attributes(DatasetAttributes.builder().title("Cat on a wall").nature("photo").licences("CC0-1.0").build())
          .created(Instant.parse("2020-05-01T00:00:00Z"))
          .build()));                                                                           // POST /api/upload
      index.annotations().set("p1", Annotations.parseJson("""
          [{"type": "bbox", "shape": {"x": 0.1, "y": 0.1, "w": 0.5, "h": 0.5}, "object": "Cat (Felis catus)"}]
          """));
      index.annotations().rate("p1", 4);                                                      // POST /api/picture/<id>/rate
      RecordPage page = index.annotations().find("""
          want:
          - has_object: ["Cat (Felis catus)"]
          - licence: ["CC0-1.0"]
          exclude:
          - before_date: 1546300800
          ordering: date-desc
          limit: 10
          """, FieldSelection.ALL);
      // --- migrating sample 3 ends
      assertEquals(List.of("p1"), page.ids());
      assertEquals(4.0, page.records().get(0).attributes().get("rating").orElseThrow());
    }
  }

  @Test
  void ximilar(@TempDir Path tmp) throws Exception {
    Path cat = DocFixtures.sample("cat01.jpg");
    Path catCopy = DocFixtures.halfSizeCopy(cat, tmp.resolve("cat-small.jpg"));
    try (ImageIndex index = ImageIndex.inMemory()) {
      index.insert(List.of(ImageRecord.of("9", ImageSource.file(DocFixtures.sample("dog01.jpg")), List.of("dog"),
          Map.of("price", 150L))));
      // --- migrating sample 4 starts
      index.insert(List.of(ImageRecord.of("1", ImageSource.file(cat), List.of("cat"), Map.of("price", 120L))));  // /v2/insert
      BatchResult skipped = index.insertUnlessNearDuplicate(List.of(ImageRecord.of("2", ImageSource.file(catCopy))));  // /v2/nearDupsInsert
      SearchResult knn = index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("1")).k(3)
          .filter(index.filter("{\"$gte\": {\"price\": 100}}", QueryLanguage.MONGO_JSON)).build());     // /v2/visualKNN
      SearchResult dups = index.nearDuplicates(NearDuplicateRequest.of(SearchQuery.id("1")));           // /v2/nearDuplicates
      NearDuplicatePairs pairs = index.nearDuplicatePairs(12, ImageIndex.ALL_RECORDS);                  // /v2/allNearDupPairs
      index.update(List.of(RecordUpdate.of("1", Map.of("day", "monday"))));                             // /v2/update
      long removed = index.deleteByFilter("{\"day\": \"monday\"}", QueryLanguage.MONGO_JSON);           // /v2/deleteByFilter
      // --- migrating sample 4 ends
      assertEquals(RecordStatus.Code.NEAR_DUPLICATE, skipped.get(0).code());
      assertEquals("1", skipped.get(0).duplicates().get(0).id());
      assertEquals(List.of("1", "9"), knn.ids());
      assertEquals(List.of("1"), dups.ids());
      assertTrue(pairs.pairs().isEmpty(), pairs.toString());
      assertEquals(1, removed);
    }
  }

  @Test
  void rokka() throws Exception {
    try (ImageIndex index = ImageIndex.inMemory()) {
      index.insert(List.of(
          ImageRecord.builder().id("a").source(ImageSource.file(DocFixtures.sample("car01.jpg"))).name("car01.jpg").build(),
          ImageRecord.builder().id("b").source(ImageSource.file(DocFixtures.sample("cat01.jpg"))).name("cat01.jpg").build(),
          ImageRecord.builder().id("c").source(ImageSource.file(DocFixtures.sample("cat02.jpg"))).name("cat02.jpg").build()));
      // --- migrating sample 5 starts
      RecordPage page = index.find("size:[30000 TO *] AND format:jpeg", QueryLanguage.LUCENE,
          Listing.of(List.of(SortKey.descending("created"), SortKey.ascending("size")), 0, 100),
          FieldSelection.ALL);                                       // GET /sourceimages/org?size=[30000,}&format=jpg&sort=...
      ListingPage cats = index.list(ListingRequest.of(index.filter("name:cat*", QueryLanguage.LUCENE),
          List.of(SortKey.ascending("size")), 20));                  // GET /sourceimages/org?name=cat*&sort=size asc&limit=20
      System.out.println(page.total() + " " + cats.total() + " " + cats.nextPage().isPresent());
      // --- migrating sample 5 ends
      assertEquals(List.of("a", "c"), page.ids().stream().sorted().toList());   // cat01.jpg is 23,301 bytes
      assertEquals(2, cats.total());
      assertTrue(cats.nextPage().isEmpty());
    }
  }
}
