package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.SortKey;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.record.RecordUpdate;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.ListingRequest;
import org.imageindex.search.NearDuplicateRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.VectorSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, load: readers run kNN (similarity, colour), filtered listings, near-duplicate searches
 * and gets while writers import, update and delete, for a bounded time with periodic commits.
 * No exception anywhere; at the end the counts equal the writers' bookkeeping and every record
 * they hold is found by id. Prints throughput and p99 latency per operation.
 */
class LoadTest {

    private static final Duration RUN = Duration.ofSeconds(Long.getLong("imageindex.load.seconds", 8));
    private static final int READERS = 3;
    private static final int WRITERS = 2;
    private static final int STABLE = 30;

    @TempDir
    Path dir;

    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();

    @Test
    void searchersAndWritersAgreeUnderLoad() throws Exception {
        long seed = System.nanoTime();
        List<String> pool = new ArrayList<>();
        try (ImageIndex source = ImageIndex.builder().commitInterval(Duration.ZERO).inMemory()) {
            List<ImageRecord> records = new ArrayList<>();
            for (int i = 0; i < STABLE; i++) {
                records.add(ImageRecord.builder().id("s" + i).source(ImageSource.bytes(TestImages.synthetic(i, 64, 48)))
                        .attributes(Map.of("group", "g" + i % 3, "v", (long) i)).build());
            }
            assertTrue(source.insert(records).allSucceeded());
            StringWriter out = new StringWriter();
            source.exportJsonLines(out, ImageIndex.ALL_RECORDS, FieldSelection.ALL_WITH_SIGNATURES);
            out.toString().lines().filter(l -> !l.isBlank()).forEach(pool::add);
        }
        try (ImageIndex index = ImageIndex.builder().extractionThreads(1).commitInterval(Duration.ofMillis(500)).open(dir)) {
            index.importJsonLines(new StringReader(String.join("\n", pool)), BatchProgress.NONE);
            Filter group = index.filter("{\"group\": \"g1\"}", QueryLanguage.MONGO_JSON);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService threads = Executors.newFixedThreadPool(READERS + WRITERS);
            List<Future<Set<String>>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int which = w;
                writers.add(threads.submit(() -> {
                    Random r = new Random(seed + 100 + which);
                    Set<String> live = new HashSet<>();
                    for (int n = 0; !stop.get(); n++) {
                        String id = "w" + which + "-" + n;
                        String line = pool.get(r.nextInt(pool.size())).replaceFirst("\"id\":\"s[0-9]+\"", "\"id\":\"" + id + "\"");
                        long t = System.nanoTime();
                        assertEquals(Code.INSERTED, index.importJsonLines(new StringReader(line), BatchProgress.NONE).get(0).code());
                        time("insert (import)", t);
                        live.add(id);
                        List<String> mine = new ArrayList<>(live);
                        mine.sort(null);
                        String pick = mine.get(r.nextInt(mine.size()));
                        if (r.nextBoolean()) {
                            t = System.nanoTime();
                            assertEquals(Code.UPDATED, index.update(List.of(RecordUpdate.of(pick, Map.of("v", 1000L + n)))).get(0).code());
                            time("update", t);
                        } else if (r.nextInt(3) == 0) {
                            t = System.nanoTime();
                            assertEquals(Code.DELETED, index.delete(List.of(pick)).get(0).code());
                            time("delete", t);
                            live.remove(pick);
                        }
                    }
                    return live;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < READERS; t++) {
                int which = t;
                readers.add(threads.submit(() -> {
                    Random r = new Random(seed + which);
                    while (!stop.get()) {
                        String id = "s" + r.nextInt(STABLE);
                        long t0 = System.nanoTime();
                        assertFalse(index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id(id)).k(10).build())
                                .hits().isEmpty(), id);
                        time("kNN similarity", t0);
                        t0 = System.nanoTime();
                        assertFalse(index.search(KnnRequest.builder(VectorSignature.COLOR, SearchQuery.id(id)).k(10).filter(group).build())
                                .hits().isEmpty(), id);
                        time("kNN colour + filter", t0);
                        t0 = System.nanoTime();
                        var page = index.list(ListingRequest.of(group, List.of(SortKey.descending("v")), 20));
                        assertTrue(page.total() >= STABLE / 3 && page.records().size() == Math.min(20L, page.total()), "listing " + page.total());
                        time("list + filter", t0);
                        t0 = System.nanoTime();
                        assertFalse(index.nearDuplicates(NearDuplicateRequest.of(SearchQuery.id(id))).hits().isEmpty(), id);
                        time("near duplicates", t0);
                        t0 = System.nanoTime();
                        assertEquals(1, index.get(List.of(id), FieldSelection.ALL).size(), id);
                        time("get", t0);
                    }
                    return null;
                }));
            }
            Thread.sleep(RUN.toMillis());
            stop.set(true);
            Set<String> live = new HashSet<>();
            for (Future<Set<String>> f : writers) {
                live.addAll(f.get(60, TimeUnit.SECONDS));
            }
            for (Future<?> f : readers) {
                f.get(60, TimeUnit.SECONDS);
            }
            threads.shutdown();
            assertEquals(STABLE + live.size(), index.count(), "seed " + seed);
            assertEquals(live.size(), index.get(new ArrayList<>(live), FieldSelection.ID_ONLY).size(), "seed " + seed);
            index.commit();
        }
        System.out.printf("load: %d readers, %d writers, %d s, 2 shared cores (seed %d)%n", READERS, WRITERS, RUN.toSeconds(), seed);
        new TreeMap<>(latencies).forEach((op, l) -> {
            List<Long> sorted = new ArrayList<>(l);
            sorted.sort(null);
            System.out.printf("  %-20s %7d ops %8.1f ops/s  p50 %6.2f ms  p99 %7.2f ms%n", op, sorted.size(),
                    sorted.size() / (double) RUN.toSeconds(), sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1e6);
        });
        assertTrue(latencies.keySet().containsAll(List.of("insert (import)", "kNN similarity", "get")), latencies.keySet().toString());
    }

    private void time(String op, long start) {
        latencies.computeIfAbsent(op, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(System.nanoTime() - start);
    }
}
