package org.imageindex.benchmarks.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.imageindex.ImageIndex;
import org.imageindex.benchmarks.BenchmarkData;
import org.imageindex.record.BatchResult;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.signatures.decode.DecodedImage;
import org.imageindex.signatures.decode.ImageDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Insert throughput with signature extraction: the 22 photographs of {@code photos/} (read from
 * {@code -Dimageindex.data}, kept in memory as their original encoded bytes) inserted as one batch
 * into a fresh in-memory index on the default extraction pool (one thread per core). The score is
 * images per second. The baseline, {@code decodeOnly}, decodes the same photographs on as many
 * threads with the decoder an insert uses (subsampling to the working size) and does nothing else:
 * what an insert could reach if signatures and writing were free.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class InsertBenchmark {

    private static final int IMAGES = 22;

    private List<byte[]> photos;
    private ImageIndex index;
    private final ImageDecoder decoder = ImageDecoder.standard().withTargetSide(SignatureExtractor.WORKING_SIDE);
    private ExecutorService decodePool;

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path dir = BenchmarkData.root().resolve("photos").resolve("images");
        photos = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().limit(IMAGES).toList()) {
                photos.add(Files.readAllBytes(p));
            }
        }
        if (photos.size() != IMAGES) {
            throw new IllegalStateException("expected " + IMAGES + " photos in " + dir + ", found " + photos.size());
        }
        decodePool = Executors.newFixedThreadPool(ImageIndex.DEFAULT_EXTRACTION_THREADS);
    }

    @TearDown(Level.Trial)
    public void stopPool() {
        decodePool.shutdownNow();
    }

    @Setup(Level.Invocation)
    public void freshIndex() {
        index = ImageIndex.builder().commitInterval(java.time.Duration.ZERO).inMemory();
    }

    @TearDown(Level.Invocation)
    public void closeIndex() throws IOException {
        index.close();
    }

    @Benchmark
    @OperationsPerInvocation(IMAGES)
    public BatchResult insertWithExtraction() {
        List<ImageRecord> records = new ArrayList<>(IMAGES);
        for (int i = 0; i < IMAGES; i++) {
            records.add(ImageRecord.of("p" + i, ImageSource.bytes(photos.get(i))));
        }
        BatchResult r = index.insert(records);
        if (!r.allSucceeded()) {
            throw new IllegalStateException("insert failed: " + r.skipped());
        }
        return r;
    }

    @Benchmark
    @OperationsPerInvocation(IMAGES)
    public long decodeOnly() throws InterruptedException, ExecutionException {
        List<Future<DecodedImage>> decoded = new ArrayList<>(IMAGES);
        for (byte[] photo : photos) {
            decoded.add(decodePool.submit(() -> decoder.decode(photo)));
        }
        long pixels = 0;
        for (Future<DecodedImage> d : decoded) {
            pixels += (long) d.get().width() * d.get().height();
        }
        if (pixels < IMAGES * (long) SignatureExtractor.WORKING_SIDE) {
            throw new IllegalStateException("decoded only " + pixels + " pixels");
        }
        return pixels;
    }
}
