package org.imageindex.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.imageindex.FineTuning;
import org.imageindex.FineTuningGain;
import org.imageindex.FineTuningInfo;
import org.imageindex.ImageIndex;
import org.imageindex.annotation.Annotation;
import org.imageindex.annotation.Annotations;
import org.imageindex.annotation.Region;
import org.imageindex.collection.ImageCollection;
import org.imageindex.collection.ImageCollections;
import org.imageindex.collection.SmartCollection;
import org.imageindex.matching.ImageMatch;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Listing;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordPage;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordUpdate;
import org.imageindex.record.StoredRecord;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.NearDuplicateRequest;
import org.imageindex.search.RangeRequest;
import org.imageindex.search.SearchHit;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.imageindex.signatures.matching.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every Java sample of docs/api-guide.md, in order, on one index of sample photographs. */
class ApiGuideDocTest {

  @Test
  void theGuideRuns(@TempDir Path tmp) throws Exception {
    Path cat = DocFixtures.sample("cat01.jpg");
    Path cat2 = DocFixtures.sample("cat02.jpg");
    Path dog = DocFixtures.sample("dog01.jpg");
    Path car = DocFixtures.sample("car01.jpg");
    Path crop = DocFixtures.crop(cat, tmp.resolve("crop.png"));
    Path catCopy = DocFixtures.halfSizeCopy(cat, tmp.resolve("cat-small.jpg"));

    try (DocFixtures.Stdout stdout = new DocFixtures.Stdout();
         ImageIndex index = ImageIndex.open(tmp.resolve("index"))) {
      // --- api-guide sample 1 starts
      BatchResult result = index.insert(List.of(
          ImageRecord.builder().id("cat-1").source(ImageSource.file(cat)).name("Tabby").tags("cat", "pet")
              .attribute("price", 120L).attribute("exif.iso", 200).attribute("sold", false)
              .attribute("listed", Instant.parse("2024-05-01T10:00:00Z")).build(),
          ImageRecord.builder().id("cat-2").source(ImageSource.file(cat2)).tags("cat", "pet").attribute("price", 450L).build(),
          ImageRecord.builder().id("dog-1").source(ImageSource.bytes(Files.readAllBytes(dog))).tags("dog", "pet")
              .attribute("price", 300L).build(),
          ImageRecord.builder().id("car-1").source(ImageSource.file(car)).attribute("price", 89.90).build(),
          ImageRecord.of("notes", ImageSource.bytes("not a picture".getBytes(StandardCharsets.UTF_8)))));
      for (RecordStatus s : result.statuses()) {
        System.out.println(s.index() + " " + s.id() + " " + s.code() + (s.code().success() ? "" : ": " + s.reason()));
      }
      // --- api-guide sample 1 ends
      assertEquals(List.of(RecordStatus.Code.INSERTED, RecordStatus.Code.INSERTED, RecordStatus.Code.INSERTED,
              RecordStatus.Code.INVALID_RECORD, RecordStatus.Code.NOT_AN_IMAGE),
          result.statuses().stream().map(RecordStatus::code).toList());
      assertTrue(result.get(3).reason().startsWith("attribute 'price' is double but the index holds it as long"),
          result.get(3).reason());

      // --- api-guide sample 2 starts
      StoredRecord tabby = index.get("cat-1").orElseThrow();
      Object iso = tabby.attributes().get("exif.iso").orElseThrow();   // a Long: ints are stored as longs
      System.out.println(tabby.name() + " " + tabby.tags() + " iso " + iso + " (" + iso.getClass().getSimpleName() + ") "
          + tabby.image().width() + "x" + tabby.image().height() + " " + tabby.image().format());
      // --- api-guide sample 2 ends
      assertEquals(200L, iso);
      stdout.take();

      // --- api-guide sample 3 starts
      index.update(List.of(RecordUpdate.builder("cat-1").set("price", 99L).unset("sold").build()));
      index.deactivate(List.of("dog-1"));   // hidden from searches, listings and counts; restorable
      System.out.println(index.count() + " visible, " + index.countInactive() + " deactivated");
      index.restore(List.of("dog-1"));
      index.commit();
      // --- api-guide sample 3 ends
      assertEquals("2 visible, 1 deactivated", stdout.take().strip());

      // --- api-guide sample 4 starts
      SearchResult looksLike = index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("cat-1")).k(3).build());
      SearchResult sameColours = index.search(KnnRequest.builder(VectorSignature.COLOR, SearchQuery.image(dog)).k(3).build());
      SearchResult within = index.range(RangeRequest.of(VectorSignature.SIMILARITY, SearchQuery.id("cat-1"), 0.5));
      SearchResult copies = index.nearDuplicates(NearDuplicateRequest.of(SearchQuery.image(catCopy)).withRadius(12));
      for (SearchHit h : looksLike.hits()) {
        System.out.printf("similar %s distance %.3f score %.3f%n", h.id(), h.distance(), h.score());
      }
      // --- api-guide sample 4 ends
      assertEquals("cat-1", looksLike.ids().get(0));
      assertEquals(0.0, looksLike.hits().get(0).distance(), 1e-3);
      assertEquals(1.0, looksLike.hits().get(0).score(), 1e-3);
      assertEquals("dog-1", sameColours.ids().get(0));
      assertTrue(within.ids().contains("cat-1"), within.ids().toString());
      assertEquals("cat-1", copies.ids().get(0));
      assertTrue(copies.distances().get(0) <= 12, copies.distances().toString());

      // --- api-guide sample 5 starts
      ImageMatch best = index.matcher().search(ImageMatchQuery.of(ImageSource.file(crop))).get(0);
      System.out.println(best.id() + " " + best.verdict() + " distance " + best.distance()
          + " query box " + best.result().queryBox() + " reference box " + best.result().referenceBox());
      // --- api-guide sample 5 ends
      assertEquals("cat-1", best.id());
      assertEquals(Verdict.MATCH, best.verdict());
      stdout.take();

      // --- api-guide sample 6 starts
      Filter mongo = index.filter("{\"tags\": \"pet\", \"price\": {\"$gte\": 100}}", QueryLanguage.MONGO_JSON);
      Filter lucene = index.filter("tags:pet AND price:[100 TO *]", QueryLanguage.LUCENE);
      Filter yaml = index.filter("""
          want:
          - above_width: 100
          exclude:
          - below_height: 50
          """, QueryLanguage.YAML);
      System.out.println(index.count(mongo) + " " + index.count(lucene) + " " + index.count(yaml));
      try {
        index.filter("{\"price\": {\"$gt\": }}", QueryLanguage.MONGO_JSON);
      } catch (QueryException e) {
        System.out.println(e.getMessage());
      }
      // --- api-guide sample 6 ends
      List<String> printed = stdout.take().lines().toList();
      assertEquals("2 2 3", printed.get(0));
      assertTrue(printed.get(1).startsWith("mongo filter at "), printed.get(1));

      // --- api-guide sample 7 starts
      ImageCollections c = index.collections();
      ImageCollection animals = c.create("animals");
      ImageCollection cats = c.createIn(animals.id(), "cats");
      c.add(cats.id(), List.of("cat-1", "cat-2"));
      c.add(animals.id(), List.of("dog-1"));
      long inTree = index.count(c.treeFilter(animals.id()));   // the collection and its subcollections
      SmartCollection pets = c.createSmart("pets", "tags:pet", QueryLanguage.LUCENE);
      System.out.println(inTree + " " + c.smartRecords(pets.id(), Listing.DEFAULT, FieldSelection.ID_ONLY).total());

      Annotations a = index.annotations();
      a.addChildren("Animal", List.of("Cat (Felis catus)"));
      a.set("cat-1", List.of(Annotation.of(new Region.BoundingBox(0.2, 0.1, 0.6, 0.8), "Cat (Felis catus)")));
      RecordPage withAnimals = a.find("""
          want:
          - has: ["Animal"]
          """, FieldSelection.ID_ONLY);
      System.out.println(withAnimals.ids());
      // --- api-guide sample 7 ends
      assertEquals("3 3\n[cat-1]", stdout.take().strip());

      // --- api-guide sample 8 starts
      FineTuningInfo before = index.fineTuningInfo();
      FineTuning job = index.fineTune();   // one background thread; searches keep working
      String vocabulary = job.await();     // or poll job.progress(), or job.cancel()
      FineTuningGain gain = job.gain().orElseThrow();
      FineTuningInfo after = index.fineTuningInfo();
      System.out.println(before.vocabularyId() + " -> " + vocabulary + (gain.vocabularyAdopted() ? " (adopted)" : " (kept)")
          + ", fine-tuned " + after.lastFinetuned().orElseThrow());
      // --- api-guide sample 8 ends
      // Three records hold out none to measure on: fine-tuning keeps the shipped vocabulary.
      assertEquals(before.vocabularyId(), vocabulary);
      assertFalse(gain.vocabularyAdopted());
      assertEquals(vocabulary, after.vocabularyId());
      assertEquals("cat-1", index.matcher().search(ImageMatchQuery.of(ImageSource.file(crop))).get(0).id(),
          "matching search still finds the crop's original with the fine-tuned vocabulary");
      stdout.take();

      // --- api-guide sample 9 starts
      StringWriter jsonl = new StringWriter();
      long exported = index.exportJsonLines(jsonl, ImageIndex.ALL_RECORDS, FieldSelection.ALL_WITH_SIGNATURES);
      try (ImageIndex copy = ImageIndex.inMemory()) {
        BatchResult imported = copy.importJsonLines(new StringReader(jsonl.toString()), BatchProgress.NONE);
        System.out.println(exported + " exported, " + imported.count(RecordStatus.Code.INSERTED) + " imported");
      }
      StringWriter csv = new StringWriter();
      index.exportCsv(csv, ImageIndex.ALL_RECORDS, List.of("price"));
      System.out.print(csv);
      // --- api-guide sample 9 ends
      List<String> lines = stdout.take().lines().toList();
      assertEquals("3 exported, 3 imported", lines.get(0));
      assertEquals("id,origin,name,tags,price", lines.get(1));
      assertEquals(5, lines.size(), lines.toString());
    }
  }
}
