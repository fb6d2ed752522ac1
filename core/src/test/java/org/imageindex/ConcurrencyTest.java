package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordPage;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.record.RecordUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * R6: readers list, count, get and pick random records while one writer inserts, updates,
 * deactivates and deletes, for a bounded time; no exception anywhere, and the final counts equal
 * the writer's own bookkeeping.
 */
class ConcurrencyTest {

    private static final Duration RUN = Duration.ofSeconds(4);
    private static final int READERS = 3;

    @TempDir
    Path dir;

    @Test
    void readersAndOneWriterAgree() throws Exception {
        long seed = System.nanoTime();
        try (ImageIndex index = ImageIndex.builder().extractionThreads(1).commitInterval(Duration.ofMillis(300)).open(dir)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong reads = new AtomicLong();
            ExecutorService threads = Executors.newFixedThreadPool(READERS + 1);
            Set<String> live = new HashSet<>();
            Set<String> inactive = new HashSet<>();
            // Lucene syntax needs the field's type to read a range, so "v" must exist before readers start.
            index.insert(List.of(ImageRecord.builder().id("seed").source(ImageSource.bytes(TestImages.synthetic(-1, 64, 48)))
                    .attribute("v", 0L).build()));
            live.add("seed");
            Future<Integer> writer = threads.submit(() -> {
                Random r = new Random(seed);
                int next = 0;
                int ops = 0;
                while (!stop.get()) {
                    List<ImageRecord> batch = new ArrayList<>();
                    for (int i = 0; i < 2; i++, next++) {
                        batch.add(ImageRecord.builder().id("c" + next).source(ImageSource.bytes(TestImages.synthetic(next, 64, 48)))
                                .attribute("v", (long) r.nextInt(100)).tags(r.nextBoolean() ? "red" : "blue").build());
                    }
                    BatchResult b = index.insert(batch);
                    b.statuses().forEach(s -> assertEquals(Code.INSERTED, s.code(), s.toString()));
                    batch.forEach(x -> live.add(x.id()));
                    List<String> ids = new ArrayList<>(live);
                    ids.sort(null);
                    String pick = ids.get(r.nextInt(ids.size()));
                    switch (r.nextInt(3)) {
                        case 0 -> assertEquals(Code.UPDATED, index.update(List.of(RecordUpdate.of(pick, Map.of("v", 1000L)))).get(0).code());
                        case 1 -> {
                            assertEquals(Code.DELETED, index.delete(List.of(pick)).get(0).code());
                            live.remove(pick);
                        }
                        default -> {
                            assertEquals(Code.DEACTIVATED, index.deactivate(List.of(pick)).get(0).code());
                            live.remove(pick);
                            inactive.add(pick);
                        }
                    }
                    ops += 2;
                }
                return ops;
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < READERS; t++) {
                int which = t;
                readers.add(threads.submit(() -> {
                    Random r = new Random(seed + which);
                    while (!stop.get()) {
                        long total = index.count();
                        RecordPage page = index.find("v:[0 TO *]", QueryLanguage.LUCENE,
                                Listing.of(List.of(SortKey.descending("v"), SortKey.ascending("id")), 0, 20), FieldSelection.ALL);
                        assertTrue(page.records().size() <= 20);
                        page.records().forEach(x -> assertTrue(x.active(), x.id()));
                        long red = index.count("{\"tags\": \"red\"}", QueryLanguage.MONGO_JSON);
                        assertTrue(red >= 0 && page.total() >= 0 && total >= 0);
                        index.random(3, ImageIndex.ALL_RECORDS, FieldSelection.ID_ONLY, r.nextLong());
                        index.get(List.of("c" + r.nextInt(50)), FieldSelection.ALL_WITH_SIGNATURES);
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            Thread.sleep(RUN.toMillis());
            stop.set(true);
            int writes = writer.get(60, TimeUnit.SECONDS);
            for (Future<?> f : readers) {
                f.get(60, TimeUnit.SECONDS);
            }
            threads.shutdown();
            assertEquals(live.size(), index.count(), "seed " + seed);
            assertEquals(inactive.size(), index.countInactive(), "seed " + seed);
            assertEquals(live.size(), index.get(new ArrayList<>(live), FieldSelection.ID_ONLY).size(), "seed " + seed);
            System.out.printf("concurrency: %d inserts, %d reader loops, %d live, %d inactive%n", writes, reads.get(), live.size(),
                    inactive.size());
            assertTrue(writes > 0 && reads.get() > 0);
        }
    }
}
