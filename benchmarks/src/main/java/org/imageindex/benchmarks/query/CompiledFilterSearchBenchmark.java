package org.imageindex.benchmarks.query;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.BytesRef;
import org.imageindex.query.compile.FilterCompiler;
import org.imageindex.query.mongo.MongoFilterParser;
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
 * A compiled Mongo filter against the Lucene query a developer would write by hand for the same
 * condition, counting hits on an index of {@code size} records. The compiled query pays for
 * MongoDB semantics (each range bound separate, negations over all documents via the hidden
 * {@code __exists} field); the baseline uses one range and a plain MUST_NOT. Setup checks both
 * return the same count, and every invocation checks it again.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Searches take milliseconds; 2 s iterations average over GC and page-cache noise on a 2-core box.
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class CompiledFilterSearchBenchmark {

    /** The compiled filter or the hand-written equivalent. */
    public enum Implementation { COMPILED, HAND_WRITTEN }

    static final String FILTER = """
            {"size": {"$gte": 30000, "$lte": 40000}, "format": {"$in": ["jpg", "png"]}, "tags": {"$ne": "draft"},
             "width": {"$gt": 800}}
            """;

    @Param({"1000000"})
    public int size;

    @Param({"COMPILED", "HAND_WRITTEN"})
    public Implementation implementation;

    /**
     * Lucene's query cache turns repeated filter clauses into cached bit sets after a few runs,
     * which hides the cost of the clauses themselves: measure without it (every invocation
     * evaluates the query) and with it (what a long-running searcher sees).
     */
    @Param({"false", "true"})
    public boolean queryCache;

    private Directory directory;
    private DirectoryReader reader;
    private IndexSearcher searcher;
    private Query query;
    private int expectedCount;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = ListingIndex.open(size);
        reader = DirectoryReader.open(directory);
        searcher = new IndexSearcher(reader);
        if (!queryCache) {
            searcher.setQueryCache(null);
        }
        Query compiled = FilterCompiler.of(ListingIndex.TYPES).compile(MongoFilterParser.parse(FILTER));
        Query handWritten = handWritten();
        int compiledCount = searcher.count(compiled);
        expectedCount = searcher.count(handWritten);
        if (compiledCount != expectedCount || expectedCount == 0) {
            throw new IllegalStateException("compiled filter counts " + compiledCount + ", hand-written " + expectedCount);
        }
        query = implementation == Implementation.COMPILED ? compiled : handWritten;
        System.out.println("hits: " + expectedCount + " of " + reader.numDocs() + " records");
    }

    /** What a Lucene user writes for the filter on single-valued fields. */
    static Query handWritten() {
        return new BooleanQuery.Builder()
                .add(LongField.newRangeQuery("size", 30000, 40000), Occur.FILTER)
                .add(KeywordField.newSetQuery("format", List.of(new BytesRef("jpg"), new BytesRef("png"))), Occur.FILTER)
                .add(KeywordField.newExactQuery("tags", "draft"), Occur.MUST_NOT)
                .add(LongField.newRangeQuery("width", 801, Long.MAX_VALUE), Occur.FILTER)
                .build();
    }

    @Benchmark
    public int count() throws IOException {
        int n = searcher.count(query);
        if (n != expectedCount) {
            throw new IllegalStateException("expected " + expectedCount + " hits, got " + n);
        }
        return n;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        reader.close();
        directory.close();
    }
}
