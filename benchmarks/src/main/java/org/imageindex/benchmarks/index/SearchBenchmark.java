package org.imageindex.benchmarks.index;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.imageindex.ImageIndex;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Filter;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * kNN latency (p50/p99 from JMH's sample mode) over synthetic clustered 512-d vectors, plain and
 * filtered at 1 %, 10 % and 50 %, with recall@10 against an exact scan measured in the same run
 * (printed at setup); bytes per record on disk and in heap (printed at setup).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class SearchBenchmark {

    /** Records in the index (1,000,000 takes too long to build on two cores; see docs/performance.md). */
    @Param({"100000"})
    public int size;

    /** Share of the records the filter keeps: 100 (no filter), 50, 10 or 1 per cent. */
    @Param({"100", "50", "10", "1"})
    public int selectivity;

    private static final int QUERIES = 64;
    private static final int RECALL_QUERIES = 50;

    private ImageIndex index;
    private float[][] queries;
    private Filter filter;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
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
        System.out.printf("%nbytes per record: disk %.0f, heap with the index open and searched %.1f%n",
                SyntheticIndex.bytesOnDisk(size) / (double) size, (heapOpen - heapBefore) / (double) size);
        float[][] vectors = SyntheticIndex.vectors(size);
        Random rnd = new Random(SyntheticIndex.SEED + 7);
        queries = new float[QUERIES][];
        for (int q = 0; q < QUERIES; q++) {
            queries[q] = vectors[rnd.nextInt(size)];
        }
        // recall@10 of the index against an exact scan, on the same filter
        double found = 0;
        for (int q = 0; q < RECALL_QUERIES; q++) {
            float[] v = vectors[rnd.nextInt(size)];
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                if (SyntheticIndex.bucket(i) < selectivity) {
                    keep.add(i);
                }
            }
            keep.sort(Comparator.<Integer>comparingDouble(i -> -SyntheticIndex.dot(v, vectors[i])).thenComparing(i -> i));
            List<String> exact = keep.subList(0, 10).stream().map(SyntheticIndex::id).toList();
            found += search(v).ids().stream().filter(exact::contains).count();
        }
        System.out.printf("%nrecall@10 size %d selectivity %d %%: %.4f%n", size, selectivity, found / (10.0 * RECALL_QUERIES));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        index.close();
    }

    private SearchResult search(float[] q) {
        return index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.vector(q)).k(10).filter(filter).build());
    }

    @Benchmark
    public SearchResult knn() {
        SearchResult r = search(queries[next++ & (QUERIES - 1)]);
        if (r.size() != 10) {
            throw new IllegalStateException("expected 10 hits, got " + r.size());
        }
        return r;
    }
}
