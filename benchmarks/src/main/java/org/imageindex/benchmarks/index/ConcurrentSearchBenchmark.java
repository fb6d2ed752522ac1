package org.imageindex.benchmarks.index;

import java.io.IOException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.imageindex.ImageIndex;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * kNN throughput (searches per second, all callers together) with and without the index's
 * search pool, as many callers search at once. The pool spreads one search over every core,
 * which is what a lone search wants; this measures what it costs or gains when the callers
 * already keep the cores busy. The baseline is {@code searchThreads=0}: every search on its
 * caller's thread alone. Choose the number of callers with JMH's {@code -t}, e.g.
 * {@code -t 1} and {@code -t 8}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class ConcurrentSearchBenchmark {

    private static final int QUERIES = 64;
    private static final int K = 10;

    /** The index, shared by every calling thread. */
    @State(Scope.Benchmark)
    public static class Shared {

        /** Records in the index. */
        @Param({"100000"})
        public int size;

        /** Threads in the index's search pool: 0 (the baseline) or one per core (the default). */
        @Param({"0", "default"})
        public String searchThreads;

        ImageIndex index;
        float[][] queries;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            int threads = searchThreads.equals("default") ? ImageIndex.DEFAULT_SEARCH_THREADS : Integer.parseInt(searchThreads);
            index = SyntheticIndex.open(size, threads);
            float[][] all = SyntheticIndex.vectors(size);
            Random rnd = new Random(SyntheticIndex.SEED + 11);
            queries = new float[QUERIES][];
            for (int q = 0; q < QUERIES; q++) {
                queries[q] = all[rnd.nextInt(size)];
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            index.close();
        }
    }

    /** Each caller walks the queries from its own starting point. */
    @State(Scope.Thread)
    public static class Caller {
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            next = (int) (Thread.currentThread().threadId() * 7);
        }
    }

    @Benchmark
    public SearchResult knn(Shared shared, Caller caller) {
        float[] q = shared.queries[caller.next++ & (QUERIES - 1)];
        SearchResult r = shared.index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.vector(q)).k(K).build());
        if (r.size() != K) {
            throw new IllegalStateException("expected " + K + " hits, got " + r.size());
        }
        return r;
    }
}
