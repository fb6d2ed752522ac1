package org.imageindex.benchmarks.index;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.imageindex.ImageIndex;
import org.imageindex.benchmarks.suite.SetupFacts;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Filter;
import org.imageindex.search.KnnPlan;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * kNN latency (p50/p99 from JMH's sample mode) over synthetic clustered 512-d vectors, plain and
 * filtered at 1 %, 10 % and 50 %, against its baseline, an exact scan of the same vectors held in
 * heap ({@code exactScan}). The {@code knn} setup measures recall@10 against the exact scan and
 * bytes per record on disk and in heap; it prints them and hands them to the suite through
 * {@link SetupFacts}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// At 1M the vectors take 2 GB of heap (generated in every setup, kept by the exact scan): fix 6 GB.
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
@State(Scope.Benchmark)
public class SearchBenchmark {

    /** Records in the index; the suite runs 10,000, 100,000 and, when built, 1,000,000. */
    @Param({"100000"})
    public int size;

    /** Share of the records the filter keeps: 100 (no filter), 50, 10 or 1 per cent. */
    @Param({"100", "50", "10", "1"})
    public int selectivity;

    /**
     * How candidates are found ({@link KnnPlan}): the suite runs {@code AUTO}; {@code EXACT_SCAN}
     * and {@code GRAPH} force one plan, to set the automatic choice beside both in one run.
     */
    @Param({"AUTO"})
    public KnnPlan plan;

    /**
     * Candidates collected per query before the exact re-ranking: {@code 0} is the library's
     * default over-fetch; {@code 10} (= k) is raw Lucene's k = 10, to set what the over-fetch
     * costs beside what it buys in recall.
     */
    @Param({"0"})
    public int candidates;

    private static final int QUERIES = 64;
    private static final int RECALL_QUERIES = 50;
    private static final int K = 10;

    private ImageIndex index;
    private float[][] queries;
    private Filter filter;
    /** The vectors in heap, for the exact scan only. */
    private float[][] vectors;
    private int next;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws IOException {
        boolean exact = params.getBenchmark().endsWith(".exactScan");
        System.gc();
        long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        index = SyntheticIndex.open(size);
        filter = selectivity == 100 ? ImageIndex.ALL_RECORDS
                : index.filter("{\"bucket\": {\"$lt\": " + selectivity + "}}", QueryLanguage.MONGO_JSON);
        float[] probe = new float[SyntheticIndex.DIMENSION];
        probe[0] = 1;
        search(probe);
        System.gc();
        long heapOpen = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        double diskPerRecord = SyntheticIndex.bytesOnDisk(size) / (double) size;
        double heapPerRecord = (heapOpen - heapBefore) / (double) size;
        System.out.printf("%nbytes per record: disk %.0f, heap with the index open and searched %.1f%n", diskPerRecord, heapPerRecord);
        float[][] all = SyntheticIndex.vectors(size);
        Random rnd = new Random(SyntheticIndex.SEED + 7);
        queries = new float[QUERIES][];
        for (int q = 0; q < QUERIES; q++) {
            queries[q] = all[rnd.nextInt(size)];
        }
        if (exact) {
            vectors = all;
            return;
        }
        SetupFacts.record("search.disk-bytes-per-record." + size, diskPerRecord);
        SetupFacts.record("search.heap-bytes-per-record." + size, heapPerRecord);
        double found = 0;
        double rawFound = 0;
        for (int q = 0; q < RECALL_QUERIES; q++) {
            float[] v = all[rnd.nextInt(size)];
            List<String> exactIds = Arrays.stream(nearest(all, v)).mapToObj(SyntheticIndex::id).toList();
            found += search(v).ids().stream().filter(exactIds::contains).count();
            // Without the over-fetch: the graph's beam is k itself (raw Lucene k = 10).
            rawFound += index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.vector(v)).k(K).candidates(K)
                    .filter(filter).plan(plan).build()).ids().stream().filter(exactIds::contains).count();
        }
        double recall = found / (K * (double) RECALL_QUERIES);
        System.out.printf("%nrecall@10 size %d selectivity %d %% plan %s: %.4f (candidates 10: %.4f)%n", size, selectivity, plan,
                recall, rawFound / (K * (double) RECALL_QUERIES));
        SetupFacts.record("search.recall." + size + "." + selectivity, recall);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        index.close();
    }

    private SearchResult search(float[] q) {
        KnnRequest.Builder b = KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.vector(q)).k(K).filter(filter).plan(plan);
        if (candidates > 0) {
            b.candidates(candidates);
        }
        return index.search(b.build());
    }

    /**
     * The exact top {@link #K} records the filter keeps, most similar first: a scan over every
     * vector with a bounded min-heap of scores in primitive arrays, the cheapest exact search.
     */
    private int[] nearest(float[][] all, float[] v) {
        float[] heapScores = new float[K];
        int[] heapIds = new int[K];
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (SyntheticIndex.bucket(i) >= selectivity) {
                continue;
            }
            float s = SyntheticIndex.dot(v, all[i]);
            if (n < K) {
                heapScores[n] = s;
                heapIds[n] = i;
                siftUp(heapScores, heapIds, n++);
            } else if (s > heapScores[0]) {
                heapScores[0] = s;
                heapIds[0] = i;
                siftDown(heapScores, heapIds, n);
            }
        }
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Float.compare(heapScores[b], heapScores[a]));
        return Arrays.stream(order).mapToInt(j -> heapIds[j]).toArray();
    }

    private static void siftUp(float[] s, int[] ids, int j) {
        while (j > 0) {
            int parent = (j - 1) / 2;
            if (s[parent] <= s[j]) {
                return;
            }
            swap(s, ids, parent, j);
            j = parent;
        }
    }

    private static void siftDown(float[] s, int[] ids, int n) {
        int j = 0;
        while (true) {
            int smallest = j;
            int l = 2 * j + 1;
            int r = l + 1;
            if (l < n && s[l] < s[smallest]) {
                smallest = l;
            }
            if (r < n && s[r] < s[smallest]) {
                smallest = r;
            }
            if (smallest == j) {
                return;
            }
            swap(s, ids, smallest, j);
            j = smallest;
        }
    }

    private static void swap(float[] s, int[] ids, int a, int b) {
        float t = s[a];
        s[a] = s[b];
        s[b] = t;
        int u = ids[a];
        ids[a] = ids[b];
        ids[b] = u;
    }

    @Benchmark
    public SearchResult knn() {
        SearchResult r = search(queries[next++ & (QUERIES - 1)]);
        if (r.size() != K) {
            throw new IllegalStateException("expected " + K + " hits, got " + r.size());
        }
        return r;
    }

    /** The baseline: the exact answer by scanning every vector the filter keeps. */
    @Benchmark
    public int[] exactScan() {
        int[] r = nearest(vectors, queries[next++ & (QUERIES - 1)]);
        if (r.length != K) {
            throw new IllegalStateException("expected " + K + " hits, got " + r.length);
        }
        return r;
    }
}
