package org.imageindex.benchmarks.index;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.imageindex.ImageIndex;
import org.imageindex.benchmarks.BenchmarkData;
import org.imageindex.ClusterConfig;
import org.imageindex.cluster.TestCluster;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.mongo.MongoFilterParser;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;

/**
 * The embedded index beside the two-node OpenSearch cluster in one run, on the synthetic
 * records of {@link SyntheticIndex} (100,000 by default):
 *
 * <ul>
 *   <li>bulk insert into the cluster of records carrying their signatures (a JSON Lines export
 *       of the embedded index with signatures, imported with {@link ImageIndex#importJsonLines}:
 *       extraction excluded), records per second;</li>
 *   <li>insert of photographs with extraction, into the cluster and into an embedded index;</li>
 *   <li>kNN and filtered kNN (10 % of the records) p50/p99 latency, the two indexes'
 *       queries interleaved so both see the same machine load: on the segments the load left,
 *       then after a force merge to one segment per shard;</li>
 *   <li>recall@10 of both against the exact top 10 of a full scan;</li>
 *   <li>the cluster index's store size and the nodes' heap, for sizing.</li>
 * </ul>
 *
 * <p>Not JMH: the cluster is two other processes whose start takes minutes, so one run starts it
 * once ({@link TestCluster}, the cluster tests' launcher, from the cluster test-jar) and times
 * each operation itself. Run after {@code process-test-resources} of the cluster module unpacked
 * the distribution: {@code java -Dopensearch.home=cluster/target/opensearch/opensearch-3.5.0
 * -Dopensearch.work=benchmarks/target/opensearch-nodes -cp benchmarks.jar
 * org.imageindex.benchmarks.index.ClusterComparison [records]}.
 */
public final class ClusterComparison {

    private static final int K = 10;
    private static final int WARMUP = 50;
    private static final int QUERIES = 300;
    private static final int RECALL_QUERIES = 50;
    /** Records per bulk request of the cluster index. */
    private static final int BULK_RECORDS = 500;
    /** Exported buckets waiting for a writer: each is about 1 % of the records as JSON Lines with signatures. */
    private static final int QUEUED_BUCKETS = 2;
    private static final int FILTER_PERCENT = 10;
    /** Client threads sending bulk requests: two keep both nodes busy while the other request is on the wire. */
    private static final int WRITERS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterComparison() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
        SyntheticIndex.ensureBuilt(size);
        TestCluster cluster = TestCluster.shared();
        System.out.printf("cluster green after %d s; load average %.1f%n", cluster.startTime.toSeconds(), load());
        String name = "bench-" + size;
        try (ImageIndex embedded = SyntheticIndex.open(size);
             ImageIndex remote = ImageIndex.builder().cluster(ClusterConfig.of(cluster.urls(), name).withBulkRecords(BULK_RECORDS))) {
            bulk(embedded, remote, size);
            remote.refresh();
            store(cluster.url(0), name, size);
            // first on the segments the bulk load left, as the cluster serves right after a load,
            // then merged to one segment per shard, as an operator does once a load is over
            search(embedded, remote, size, "right after the load, " + segments(cluster.url(0), name) + " segments");
            long t = System.nanoTime();
            http(cluster.url(0), "POST", "/" + name + "/_forcemerge?max_num_segments=1");
            http(cluster.url(0), "POST", "/" + name + "/_refresh");
            System.out.printf("force merge to one segment per shard: %.1f s%n", (System.nanoTime() - t) / 1e9);
            search(embedded, remote, size, "after the force merge, " + segments(cluster.url(0), name) + " segments");
        }
        extraction(cluster);
        System.out.printf("load average at the end %.1f%n", load());
        cluster.stop();
    }

    /**
     * Bulk insert of records with their signatures: the embedded index exported one
     * {@code bucket} (1 % of the records) at a time as JSON Lines carrying signatures, each
     * export imported into the cluster by one of {@link #WRITERS} client threads while the next
     * is exported. The rate is over the wall time of the whole load; the export's own time is
     * printed beside it, as it may bound the rate.
     */
    private static void bulk(ImageIndex embedded, ImageIndex remote, int size) throws Exception {
        BlockingQueue<String> exported = new ArrayBlockingQueue<>(QUEUED_BUCKETS);
        String end = "";
        AtomicLong importNanos = new AtomicLong();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                results.add(writers.submit(() -> {
                    int stored = 0;
                    for (String lines = exported.take(); !lines.isEmpty(); lines = exported.take()) {
                        long t = System.nanoTime();
                        BatchResult r = remote.importJsonLines(new StringReader(lines), BatchProgress.NONE);
                        importNanos.addAndGet(System.nanoTime() - t);
                        if (!r.allSucceeded()) {
                            throw new IllegalStateException("bulk import failed: " + r.skipped().subList(0, Math.min(3, r.skipped().size())));
                        }
                        stored += r.statuses().size();
                    }
                    return stored;
                }));
            }
            long t0 = System.nanoTime();
            long exportNanos = 0;
            for (int bucket = 0; bucket < 100; bucket++) {
                long t = System.nanoTime();
                StringWriter out = new StringWriter();
                embedded.exportJsonLines(out, MongoFilterParser.parse("{\"bucket\": " + bucket + "}"), FieldSelection.ALL_WITH_SIGNATURES);
                exportNanos += System.nanoTime() - t;
                exported.put(out.toString());
            }
            for (int w = 0; w < WRITERS; w++) {
                exported.put(end);
            }
            int stored = 0;
            for (Future<Integer> f : results) {
                stored += f.get();
            }
            long t1 = System.nanoTime();
            if (stored != size) {
                throw new IllegalStateException("bulk import stored " + stored + " records of " + size);
            }
            System.out.printf("bulk insert, signatures precomputed (JSON Lines import): %d records in %.1f s = %.0f records/s "
                    + "(%d client threads, %d records per bulk request; exporting them from the embedded index took %.1f s of it, "
                    + "the imports %.1f s of thread time)%n",
                    stored, (t1 - t0) / 1e9, stored / ((t1 - t0) / 1e9), WRITERS, BULK_RECORDS, exportNanos / 1e9, importNanos.get() / 1e9);
        } finally {
            writers.shutdownNow();
        }
    }

    /** The segments of the index's shard copies (primaries and replicas). */
    private static int segments(URI node, String index) throws IOException, InterruptedException {
        return http(node, "GET", "/_cat/segments/" + index + "?format=json").size();
    }

    /** kNN and filtered kNN on both indexes, interleaved query by query; recall against the exact scan. */
    private static void search(ImageIndex embedded, ImageIndex remote, int size, String when) {
        float[][] all = SyntheticIndex.vectors(size);
        Random rnd = new Random(SyntheticIndex.SEED + 7);
        Filter filtered = MongoFilterParser.parse("{\"bucket\": {\"$lt\": " + FILTER_PERCENT + "}}");
        for (Filter f : List.of(ImageIndex.ALL_RECORDS, filtered)) {
            String label = f == filtered ? "filtered kNN (" + FILTER_PERCENT + " %)" : "kNN";
            long[] e = new long[QUERIES];
            long[] c = new long[QUERIES];
            for (int q = -WARMUP; q < QUERIES; q++) {
                KnnRequest req = KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.vector(all[rnd.nextInt(size)])).k(K)
                        .filter(f).build();
                long t0 = System.nanoTime();
                check(embedded.search(req));
                long t1 = System.nanoTime();
                check(remote.search(req));
                long t2 = System.nanoTime();
                if (q >= 0) {
                    e[q] = t1 - t0;
                    c[q] = t2 - t1;
                }
            }
            Arrays.sort(e);
            Arrays.sort(c);
            double found = 0;
            double foundEmbedded = 0;
            for (int q = 0; q < RECALL_QUERIES; q++) {
                float[] v = all[rnd.nextInt(size)];
                List<String> exact = exact(all, v, f == filtered);
                KnnRequest req = KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.vector(v)).k(K).filter(f).build();
                found += remote.search(req).ids().stream().filter(exact::contains).count();
                foundEmbedded += embedded.search(req).ids().stream().filter(exact::contains).count();
            }
            System.out.printf("%s at %d (%s): embedded p50 %.2f ms p99 %.2f ms; cluster p50 %.2f ms p99 %.2f ms (%.1f x embedded p50); "
                    + "recall@10 embedded %.3f, cluster %.3f%n", label, size, when, ms(e, 0.50), ms(e, 0.99), ms(c, 0.50), ms(c, 0.99),
                    ms(c, 0.50) / ms(e, 0.50), foundEmbedded / (K * RECALL_QUERIES), found / (K * RECALL_QUERIES));
        }
    }

    private static void check(SearchResult r) {
        if (r.hits().size() != K) {
            throw new IllegalStateException("expected " + K + " hits, got " + r.hits().size());
        }
    }

    /** The exact top k by a full scan, the filter applied by its definition (bucket below the percentage). */
    private static List<String> exact(float[][] all, float[] v, boolean filtered) {
        float[] score = new float[all.length];
        for (int i = 0; i < all.length; i++) {
            score[i] = !filtered || SyntheticIndex.bucket(i) < FILTER_PERCENT ? SyntheticIndex.dot(v, all[i]) : Float.NEGATIVE_INFINITY;
        }
        return IntStream.range(0, all.length).boxed().sorted((a, b) -> Float.compare(score[b], score[a]))
                .limit(K).map(SyntheticIndex::id).toList();
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    /** Insert of photographs, extraction included, on each backend. */
    private static void extraction(TestCluster cluster) throws IOException {
        List<Path> photos;
        try (Stream<Path> s = Files.list(BenchmarkData.root().resolve("photos/images"))) {
            photos = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<ImageRecord> records = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < photos.size(); i++) {
                records.add(ImageRecord.of("x" + round + "-" + i, ImageSource.file(photos.get(i)), List.of(), Map.of("n", (long) i)));
            }
        }
        Path dir = Files.createTempDirectory("imageindex-extraction-bench");
        try (ImageIndex remote = ImageIndex.builder().cluster(ClusterConfig.of(cluster.urls(), "bench-extraction"));
             ImageIndex embedded = ImageIndex.open(dir)) {
            long t0 = System.nanoTime();
            BatchResult c = remote.insert(records);
            long t1 = System.nanoTime();
            BatchResult e = embedded.insert(records);
            long t2 = System.nanoTime();
            if (!c.allSucceeded() || !e.allSucceeded()) {
                throw new IllegalStateException("photo insert failed: " + c.skipped() + e.skipped());
            }
            System.out.printf("insert with extraction, %d photographs: cluster %.1f records/s, "
                    + "embedded %.1f records/s (extraction on %d client threads for both)%n", records.size(), records.size() / ((t1 - t0) / 1e9),
                    records.size() / ((t2 - t1) / 1e9), ImageIndex.DEFAULT_EXTRACTION_THREADS);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Store size of the index (primaries and with replicas) and the nodes' heap in use. */
    private static void store(URI node, String index, int size) throws IOException, InterruptedException {
        JsonNode stats = http(node, "GET", "/" + index + "/_stats/store,docs");
        long primaries = stats.path("_all").path("primaries").path("store").path("size_in_bytes").asLong();
        long total = stats.path("_all").path("total").path("store").path("size_in_bytes").asLong();
        long docs = stats.path("_all").path("primaries").path("docs").path("count").asLong();
        JsonNode nodes = http(node, "GET", "/_nodes/stats/jvm").path("nodes");
        long heap = 0;
        long heapMax = 0;
        for (JsonNode n : nodes) {
            heap += n.path("jvm").path("mem").path("heap_used_in_bytes").asLong();
            heapMax += n.path("jvm").path("mem").path("heap_max_in_bytes").asLong();
        }
        double perMillion = 1_000_000.0 / size;
        System.out.printf("store: %d documents, primaries %.1f MB, with replicas %.1f MB (%.0f bytes per record per copy); "
                + "per million records: %.1f GB primaries, %.1f GB with one replica; heap used %d MB of %d MB on %d nodes%n",
                docs, primaries / 1e6, total / 1e6, primaries / (double) size, primaries * perMillion / 1e9,
                total * perMillion / 1e9, heap >> 20, heapMax >> 20, nodes.size());
    }

    private static JsonNode http(URI node, String method, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofMinutes(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
