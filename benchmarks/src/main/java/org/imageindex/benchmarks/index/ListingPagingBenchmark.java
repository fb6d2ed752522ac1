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
 * A listing page of 100 records sorted by brand ascending and price descending (ids only) on the
 * 100,000-record synthetic index: by offset at 10 (the baseline) and at 9,900 (the deepest an
 * offset may reach), and by cursor at the same 9,900 and at 98,000. Cursor pages should cost the
 * same at any depth; an offset page sorts every record before it again.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ListingPagingBenchmark {

    @Param({"100000"})
    public int size;

    private ImageIndex index;
    private static final int PAGE = 100;
    private static final int DEEPEST_OFFSET = ListingRequest.MAX_WINDOW - PAGE;

    private ListingRequest offsetPage;
    private ListingRequest deepOffsetPage;
    private ListingRequest cursorPageAtDeepestOffset;
    private ListingRequest deepCursorPage;

    private int deepPosition() {
        return Math.min(100_000, size) - 2000;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        index = SyntheticIndex.open(size);
        List<SortKey> sort = List.of(SortKey.ascending("brand"), SortKey.descending("price"));
        ListingRequest first = ListingRequest.of(ImageIndex.ALL_RECORDS, sort, PAGE).withFields(FieldSelection.ID_ONLY);
        offsetPage = first.atOffset(10);
        deepOffsetPage = first.atOffset(DEEPEST_OFFSET);
        cursorPageAtDeepestOffset = cursorAt(sort, DEEPEST_OFFSET);
        deepCursorPage = cursorAt(sort, deepPosition());
        // listings within the offset window page by offset: the cursor benchmarks would measure offsets
        if (cursorPageAtDeepestOffset.cursor() == null || deepCursorPage.cursor() == null) {
            throw new IllegalStateException("size must exceed " + ListingRequest.MAX_WINDOW + " records for cursor pages, got: " + size);
        }
    }

    /** The request for the page of {@link #PAGE} at {@code position}, reached by cursor in the largest pages allowed. */
    private ListingRequest cursorAt(List<SortKey> sort, int position) {
        ListingRequest first = ListingRequest.of(ImageIndex.ALL_RECORDS, sort, Math.min(ListingRequest.MAX_LIMIT, position))
                .withFields(FieldSelection.ID_ONLY);
        ListingPage p = index.list(first);
        while (p.offset() + p.records().size() < position) {
            int remaining = position - (int) p.offset() - p.records().size();
            p = index.list(p.next().withLimit(Math.min(ListingRequest.MAX_LIMIT, remaining)));
        }
        return p.next().withLimit(PAGE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        index.close();
    }

    @Benchmark
    public ListingPage offset10() {
        return check(index.list(offsetPage), 10);
    }

    @Benchmark
    public ListingPage offset9900() {
        return check(index.list(deepOffsetPage), DEEPEST_OFFSET);
    }

    @Benchmark
    public ListingPage cursorAt9900() {
        return check(index.list(cursorPageAtDeepestOffset), DEEPEST_OFFSET);
    }

    @Benchmark
    public ListingPage cursorAt98k() {
        return check(index.list(deepCursorPage), deepPosition());
    }

    private static ListingPage check(ListingPage p, int offset) {
        if (p.records().size() != PAGE || p.offset() != offset) {
            throw new IllegalStateException("expected " + PAGE + " records at " + offset + ", got " + p.records().size()
                    + " at " + p.offset());
        }
        return p;
    }
}
