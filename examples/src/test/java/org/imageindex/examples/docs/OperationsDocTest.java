package org.imageindex.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.imageindex.ImageIndex;
import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.QueryLimits;
import org.imageindex.query.mongo.MongoFilterParser;
import org.imageindex.record.BatchResult;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus;
import org.imageindex.signatures.decode.DecodeLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every Java sample of docs/operations.md. */
class OperationsDocTest {

  @Test
  void productionOptionsAndSourcePolicy(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("index");
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Files.copy(DocFixtures.sample("cat01.jpg"), photos.resolve("cat01.jpg"));
    Path elsewhere = DocFixtures.sample("dog01.jpg");
    try (DocFixtures.Stdout stdout = new DocFixtures.Stdout()) {
      // --- operations sample 1 starts
      try (ImageIndex index = ImageIndex.builder()
          .commitInterval(Duration.ofSeconds(5))                 // a crash loses at most about 5 s of writes
          .decodeLimits(DecodeLimits.of(16L << 20, 40_000_000L))  // 16 MiB, 40 megapixels per image
          .fileRoots(List.of(photos))                            // file sources must lie under this folder
          .urlTimeout(Duration.ofSeconds(10))
          .maxRedirects(2)
          .open(dir)) {
        BatchResult r = index.insert(List.of(
            ImageRecord.of("inside", ImageSource.file(photos.resolve("cat01.jpg"))),
            ImageRecord.of("outside", ImageSource.file(elsewhere)),
            ImageRecord.of("loopback", ImageSource.url("http://127.0.0.1:9/cat.jpg"))));
        r.statuses().forEach(s -> System.out.println(s.id() + " " + s.code() + " " + s.reason()));
        index.commit();                                          // durable from here on
      }
      // --- operations sample 1 ends
      List<String> lines = stdout.take().lines().toList();
      assertEquals("inside INSERTED ", lines.get(0));
      assertTrue(lines.get(1).startsWith("outside SOURCE_UNAVAILABLE refused"), lines.get(1));
      assertTrue(lines.get(2).startsWith("loopback SOURCE_UNAVAILABLE refused"), lines.get(2));
    }
  }

  @Test
  void aFolderIsOpenedByOneIndexAtATime(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("index");
    try (ImageIndex first = ImageIndex.open(dir)) {
      org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> ImageIndex.open(dir).close());
      assertEquals(0, first.count());
    }
    try (ImageIndex again = ImageIndex.open(dir)) {
      assertEquals(0, again.count());
    }
  }

  @Test
  void decodeLimitsRefuseLargeImages() throws Exception {
    Path cat = DocFixtures.sample("cat01.jpg");
    try (DocFixtures.Stdout stdout = new DocFixtures.Stdout()) {
      // --- operations sample 3 starts
      try (ImageIndex small = ImageIndex.builder().decodeLimits(DecodeLimits.of(1L << 20, 10_000)).inMemory()) {
        RecordStatus s = small.insert(List.of(ImageRecord.of("cat", ImageSource.file(cat)))).get(0);
        System.out.println(s.code() + ": " + s.reason());   // TOO_LARGE, naming the limit
      }
      // --- operations sample 3 ends
      assertTrue(stdout.text().startsWith("TOO_LARGE: "), stdout.text());
    }
  }

  @Test
  void writesAreVisibleToOtherThreadsBeforeTheCommit() throws Exception {
    Path dog = DocFixtures.sample("dog01.jpg");
    try (DocFixtures.Stdout stdout = new DocFixtures.Stdout(); ImageIndex index = ImageIndex.inMemory()) {
      // --- operations sample 2 starts
      ExecutorService searchers = Executors.newFixedThreadPool(4);
      index.insert(List.of(ImageRecord.of("dog-1", ImageSource.file(dog))));   // visible when it returns
      Future<Long> seen = searchers.submit(() -> index.count("{\"id\": \"dog-1\"}", QueryLanguage.MONGO_JSON));
      System.out.println(seen.get() + " found, not yet committed");
      searchers.shutdown();
      // --- operations sample 2 ends
      assertEquals("1 found, not yet committed", stdout.take().strip());
    }
  }

  @Test
  void queryLimitsNameTheSetting() {
    try (DocFixtures.Stdout stdout = new DocFixtures.Stdout()) {
      // --- operations sample 4 starts
      QueryLimits strict = QueryLimits.of(2, 64, 4_096);   // depth, clauses, characters
      try {
        MongoFilterParser.parse("{\"$and\": [{\"$or\": [{\"$and\": [{\"tags\": \"cat\"}]}]}]}", strict);
      } catch (QueryException e) {
        System.out.println(e.getMessage());
      }
      // --- operations sample 4 ends
      assertTrue(stdout.take().contains("QueryLimits.maxDepth = 2"));
    }
  }
}
