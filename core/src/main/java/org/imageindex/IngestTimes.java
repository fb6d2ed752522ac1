package org.imageindex;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where one batch spends its time, stage by stage: wall and CPU time summed over the threads
 * that ran each stage. Logged at {@code DEBUG} on the {@code org.imageindex.Ingest} logger when
 * a batch ends, so a slow insert can be explained without a profiler; the figures of
 * docs/performance.md ("Insert") come from it.
 *
 * <p>Thread CPU time costs about a microsecond per reading, against tens of milliseconds per
 * image, so the timers stay on.
 */
final class IngestTimes {

    /** The stages of one record, in the order they run, and the batch thread's own two. */
    enum Stage {
        /** Reading the source bytes (file, URL or the caller's array). */
        LOAD,
        /** Decoding to the subsampled raster. */
        DECODE,
        /** Every signature from the decoded raster. */
        SIGNATURES,
        /** SHA-1 and MD5 of the bytes and the pixel hash of the raster. */
        DIGESTS,
        /** Writing a group of finished records to the index, under the write lock (batch thread). */
        WRITE,
        /** The batch thread waiting for the oldest record in flight to finish. */
        WAIT
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU = THREADS.isCurrentThreadCpuTimeSupported();

    private final LongAdder[] wall = adders();
    private final LongAdder[] cpu = adders();
    private final long start = System.nanoTime();

    /** A reading to hand to {@link #end}: wall and CPU time now, on this thread. */
    static long[] begin() {
        return new long[] {System.nanoTime(), CPU ? THREADS.getCurrentThreadCpuTime() : 0};
    }

    /** Adds the time since {@code begin} (on this thread) to {@code stage}, and returns a new reading. */
    long[] end(Stage stage, long[] begin) {
        long[] now = begin();
        wall[stage.ordinal()].add(now[0] - begin[0]);
        cpu[stage.ordinal()].add(now[1] - begin[1]);
        return now;
    }

    long wallNanos(Stage stage) {
        return wall[stage.ordinal()].sum();
    }

    long cpuNanos(Stage stage) {
        return cpu[stage.ordinal()].sum();
    }

    /** One line: the batch's wall time, then each stage's wall and CPU milliseconds and CPU share. */
    String summary(int records) {
        double elapsed = (System.nanoTime() - start) / 1e6;
        long totalCpu = 0;
        for (Stage s : Stage.values()) {
            totalCpu += cpuNanos(s);
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "batch of %d records in %.1f ms wall, %.1f ms CPU (%.1f records per CPU-second):",
                records, elapsed, totalCpu / 1e6, totalCpu == 0 ? 0 : records / (totalCpu / 1e9)));
        for (Stage s : Stage.values()) {
            b.append(String.format(Locale.ROOT, " %s %.1f ms wall / %.1f ms CPU (%.0f %%);",
                    s.name().toLowerCase(Locale.ROOT), wallNanos(s) / 1e6, cpuNanos(s) / 1e6,
                    totalCpu == 0 ? 0 : 100.0 * cpuNanos(s) / totalCpu));
        }
        b.setLength(b.length() - 1);
        return b.toString();
    }

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[Stage.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
