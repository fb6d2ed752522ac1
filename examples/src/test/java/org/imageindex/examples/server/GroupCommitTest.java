package org.imageindex.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;
import org.imageindex.ImageIndex;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent writers under {@link ServerOptions.Durability#COMMIT_BEFORE_ACK}: every
 * acknowledged update is in the last commit when all have been answered, and the commits taken
 * (Lucene commit generations) are printed beside the writes, the group commit's saving.
 */
class GroupCommitTest {

  private static final int CLIENTS = 8;
  private static final int UPDATES = 20;

  @TempDir
  Path dir;

  @Test
  void everyAcknowledgedWriteOfConcurrentClientsIsCommitted() throws Exception {
    Path images = TestData.dir("pixabay-categories");
    try (ImageIndex index = ImageIndex.builder().extractionThreads(2).commitInterval(Duration.ZERO).open(dir);
         SimilarityServer s = SimilarityServer.start(index, ServerOptions.of(0).withFileRoot(images))) {
      StringBuilder records = new StringBuilder();
      for (int c = 0; c < CLIENTS; c++) {
        records.append(c == 0 ? "" : ",").append("{\"_id\": \"c").append(c).append("\", \"_file\": \"images/")
            .append(List.of("cat01", "dog01", "bird01", "ship01", "horse01", "cat02", "dog02", "cat03").get(c)).append(".jpg\"}");
      }
      assertEquals(210L, RawHttp.post(s, "/v2/insert", "{\"records\": [" + records + "]}").code());
      long before = generation();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          String id = "c" + c;
          done.add(pool.submit(() -> {
            for (int i = 1; i <= UPDATES; i++) {
              RawHttp.Response r = RawHttp.post(s, "/v2/update", "{\"records\": [{\"_id\": \"" + id + "\", \"n\": " + i + "}]}");
              assertEquals(205L, r.code(), r.body());
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      long commits = generation() - before;
      System.out.printf("group commit: %d acknowledged updates from %d clients took %d commits%n",
          CLIENTS * UPDATES, CLIENTS, commits);
      assertTrue(commits >= 1 && commits <= CLIENTS * UPDATES, "commits " + commits);
      try (ImageIndex committed = ImageIndex.openReadOnly(dir)) {
        for (StoredRecord r : committed.get(List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"), FieldSelection.ALL)) {
          assertEquals((long) UPDATES, r.attributes().toNested().get("n"), r.id() + ": its last acknowledged update is committed");
        }
      }
    }
  }

  private long generation() throws Exception {
    try (FSDirectory d = FSDirectory.open(dir)) {
      return SegmentInfos.readLatestCommit(d).getGeneration();
    }
  }
}
