package org.imageindex.benchmarks.index;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imageindex.ImageIndex;
import org.imageindex.query.ast.SortKey;
import org.imageindex.record.FieldSelection;
import org.imageindex.search.ListingPage;
import org.imageindex.search.ListingRequest;
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
 * A listing page of 100 records sorted by brand ascending and price descending (ids only): at
 * offset 10, and by cursor at position 98,000 of the 100,000-record synthetic index. Cursor pages
 * should cost the same at any depth.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ListingPagingBenchmark {

    @Param({"100000"})
    public int size;

    private ImageIndex index;
    private ListingRequest offsetPage;
    private ListingRequest deepCursorPage;

    private int deepPosition() {
        return Math.min(100_000, size) - 2000;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        index = SyntheticIndex.open(size);
        List<SortKey> sort = List.of(SortKey.ascending("brand"), SortKey.descending("price"));
        offsetPage = ListingRequest.of(ImageIndex.ALL_RECORDS, sort, 100).withFields(FieldSelection.ID_ONLY).atOffset(10);
        ListingPage p = index.list(ListingRequest.of(ImageIndex.ALL_RECORDS, sort, 2000).withFields(FieldSelection.ID_ONLY));
        while (p.offset() + p.records().size() < deepPosition()) {
            p = index.list(p.next());
        }
        deepCursorPage = p.next().withLimit(100);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        index.close();
    }

    @Benchmark
    public ListingPage offset10() {
        ListingPage p = index.list(offsetPage);
        if (p.records().size() != 100 || p.offset() != 10) {
            throw new IllegalStateException("offset page: " + p.offset() + " +" + p.records().size());
        }
        return p;
    }

    @Benchmark
    public ListingPage cursorAt98k() {
        ListingPage p = index.list(deepCursorPage);
        if (p.records().size() != 100 || p.offset() != deepPosition()) {
            throw new IllegalStateException("cursor page: " + p.offset() + " +" + p.records().size());
        }
        return p;
    }
}
