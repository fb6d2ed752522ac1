package org.imageindex.benchmarks.index;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.lucene.util.VectorUtil;
import org.imageindex.ImageIndex;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.signatures.color.ColorSignature;
import org.imageindex.signatures.color.Palette;
import org.imageindex.signatures.matching.MatchingFeatures;
import org.imageindex.signatures.similarity.SimilaritySignature;

/**
 * An index of synthetic records (no images): clustered 512-d similarity vectors (200 random unit
 * centres plus Gaussian noise of sigma 0.035 per dimension, normalised), random colour vectors
 * and hashes, attributes {@code bucket} (0..99, for 1 %, 10 %, 50 % filters), {@code brand} and
 * {@code price}. Records enter through the public JSON Lines import with carried signatures, as
 * a re-import would, and the index is cached under the JVM's temporary directory between runs.
 *
 * <p>Build once from the command line (the benchmarks then find it cached):
 * {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * org.imageindex.benchmarks.index.SyntheticIndex 1000000}.
 */
public final class SyntheticIndex {

    /**
     * Bump when the generated data changes, so a stale cache is never reused; the colour
     * signature's format is part of it (an index of another colour format is refused at open).
     */
    private static final String VERSION = "v1-c" + ColorSignature.FORMAT_VERSION;
    static final long SEED = 20_251_125L;
    static final int DIMENSION = 512;
    private static final int CENTRES = 200;
    private static final double NOISE = 0.035;
    private static final String[] BRANDS = {"acme", "birch", "cobalt", "delta", "ember", "fjord", "garnet", "harbor"};
    private static final String MARKER = "complete.marker";

    /**
     * Records per import call. Each call is one write group, so one Lucene flush: larger chunks
     * mean fewer, larger segments and less merging, while a chunk's text and parsed records
     * (about 8 KB per record) stay well inside the default heap.
     */
    private static final int CHUNK = 25_000;

    /**
     * Import calls running at once. The index serialises writes, so a second caller only
     * overlaps its parsing (JSON, Base64, signatures) with the other's writes and graph
     * insertions; more callers would only hold more chunks in memory.
     */
    private static final int IMPORTERS = 2;

    private SyntheticIndex() {
    }

    static Path dir(int size) {
        return Path.of(System.getProperty("java.io.tmpdir"), "imageindex-index-bench-" + VERSION + "-" + size);
    }

    /** Whether the index of {@code size} records is built and cached. */
    public static boolean isCached(int size) {
        return Files.exists(dir(size).resolve(MARKER));
    }

    /**
     * Builds and caches the index of {@code size} records unless it is cached already.
     *
     * @return how long the build took, or {@link Duration#ZERO} if the index was cached
     * @throws IOException if the index cannot be written
     */
    public static Duration ensureBuilt(int size) throws IOException {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got: " + size);
        }
        if (isCached(size)) {
            return Duration.ZERO;
        }
        Path dir = dir(size);
        if (Files.exists(dir)) {
            // a build that did not finish: its segments cannot be trusted
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        long t0 = System.nanoTime();
        build(dir, size);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        Files.writeString(dir.resolve(MARKER), "ok");
        System.out.printf("built synthetic index of %d records in %.1f s%n", size, took.toMillis() / 1000.0);
        return took;
    }

    /** Opens the cached index of {@code size} records, building it first if needed. */
    static ImageIndex open(int size) throws IOException {
        return open(size, ImageIndex.DEFAULT_SEARCH_THREADS);
    }

    /** Same as {@link #open(int)} with {@code searchThreads} threads in its search pool. */
    static ImageIndex open(int size, int searchThreads) throws IOException {
        ensureBuilt(size);
        return ImageIndex.builder().commitInterval(Duration.ZERO).searchThreads(searchThreads).open(dir(size));
    }

    /** Builds the indexes of the sizes given, e.g. {@code 10000 100000 1000000}. */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: SyntheticIndex <records> [<records> ...]");
            System.exit(2);
        }
        for (String a : args) {
            int size = Integer.parseInt(a.replace("_", ""));
            Duration took = ensureBuilt(size);
            System.out.println(size + " records: " + (took.isZero() ? "cached" : "built in " + took.toSeconds() + " s")
                    + ", " + dir(size));
        }
    }

    /** The similarity vectors of the index, regenerated from the seed (for exact scans). */
    static float[][] vectors(int size) {
        Vectors g = new Vectors();
        float[][] out = new float[size][];
        for (int i = 0; i < size; i++) {
            out[i] = g.next();
        }
        return out;
    }

    static long bucket(int i) {
        return Math.floorMod(i * 2_654_435_761L, 100);
    }

    static String id(int i) {
        return String.format("r%08d", i);
    }

    /**
     * The records go in as JSON Lines chunks generated in order on this thread while up to
     * {@link #IMPORTERS} earlier chunks are being imported; nothing touches the disk but the index.
     */
    private static void build(Path dir, int size) throws IOException {
        Lines lines = new Lines();
        ExecutorService importers = Executors.newFixedThreadPool(IMPORTERS, r -> {
            Thread t = new Thread(r, "synthetic-import");
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime();
        int done = 0;
        try (ImageIndex index = ImageIndex.builder().commitInterval(Duration.ZERO).maxInFlight(CHUNK).open(dir)) {
            Deque<Future<BatchResult>> pending = new ArrayDeque<>();
            for (int from = 0; from < size; from += CHUNK) {
                String chunk = lines.chunk(from, Math.min(size, from + CHUNK));
                pending.addLast(importers.submit(() -> index.importJsonLines(new StringReader(chunk), BatchProgress.NONE)));
                while (pending.size() > IMPORTERS) {
                    done = progress(done + check(pending.removeFirst()), size, t0);
                }
            }
            while (!pending.isEmpty()) {
                done = progress(done + check(pending.removeFirst()), size, t0);
            }
            index.commit();
        } finally {
            importers.shutdownNow();
        }
    }

    /** Prints every tenth of a large build, which takes minutes; returns {@code done}. */
    private static int progress(int done, int size, long t0) {
        if (size >= 10 * CHUNK && done % (size / 10) < CHUNK) {
            System.out.printf("  %,d of %,d records in %d s%n", done, size, (System.nanoTime() - t0) / 1_000_000_000L);
        }
        return done;
    }

    /** The records the import wrote. */
    private static int check(Future<BatchResult> f) throws IOException {
        BatchResult r;
        try {
            r = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the synthetic index", e);
        } catch (ExecutionException e) {
            throw new IOException("synthetic import failed", e.getCause());
        }
        if (!r.allSucceeded()) {
            throw new IllegalStateException("synthetic import failed: " + r.skipped().subList(0, Math.min(3, r.skipped().size())));
        }
        return r.statuses().size();
    }

    /** The similarity vectors in record order, from their own seeded sequence. */
    private static final class Vectors {
        private final Random rnd = new Random(SEED);
        private final float[][] centres = new float[CENTRES][];

        Vectors() {
            for (int c = 0; c < CENTRES; c++) {
                centres[c] = unit(gaussian(1, rnd));
            }
        }

        float[] next() {
            float[] c = centres[rnd.nextInt(CENTRES)];
            float[] v = gaussian(NOISE, rnd);
            for (int d = 0; d < DIMENSION; d++) {
                v[d] += c[d];
            }
            return unit(v);
        }
    }

    /**
     * The records as JSON Lines with carried signatures, in order: the vectors and the other
     * fields come from two seeded sequences, so record {@code i} is the same however the lines
     * are chunked.
     */
    private static final class Lines {
        private final Vectors vectors = new Vectors();
        private final Random rnd = new Random(SEED + 1);
        private final String model = SignatureExtractor.standard().similarityExtractor().model().id();
        private final Base64.Encoder b64 = Base64.getEncoder();
        private final String matching = b64.encodeToString(new byte[] {MatchingFeatures.FORMAT_VERSION, 0, 64, 0, 64, 0, 0,
                MatchingFeatures.DESCRIPTOR_LENGTH});
        private final Palette palette = Palette.of(new int[] {0x808080}, new double[] {1});
        private final MessageDigest sha1;
        private int next;

        Lines() {
            try {
                sha1 = MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK provides SHA-1", e);
            }
        }

        /** Records {@code from} (the next one) to {@code to}, one line each. */
        String chunk(int from, int to) {
            if (from != next) {
                throw new IllegalStateException("records are generated in order: expected " + next + ", got " + from);
            }
            StringBuilder out = new StringBuilder((to - from) * 4_000);
            for (int i = from; i < to; i++) {
                line(i, out);
            }
            next = to;
            return out.toString();
        }

        private void line(int i, StringBuilder w) {
            float[] vector = vectors.next();
            float[] color = new float[org.imageindex.signatures.color.ColorExtractor.DIMENSION];
            double n = 0;
            for (int d = 0; d < color.length; d++) {
                color[d] = (float) Math.abs(rnd.nextGaussian());
                n += color[d] * color[d];
            }
            for (int d = 0; d < color.length; d++) {
                color[d] /= (float) Math.sqrt(n);
            }
            String hash = String.format("%016x", rnd.nextLong());
            String digest = String.format("%040x", new BigInteger(1, sha1.digest(id(i).getBytes(StandardCharsets.UTF_8))));
            w.append("{\"id\":\"").append(id(i)).append("\",\"tags\":[],\"attributes\":{\"bucket\":").append(bucket(i))
                    .append(",\"brand\":\"").append(BRANDS[rnd.nextInt(BRANDS.length)]).append("\",\"price\":")
                    .append(rnd.nextInt(5000) / 10.0 + 0.5).append("},\"created\":{\"$date\":\"")
                    .append(Instant.ofEpochSecond(1_700_000_000L + rnd.nextInt(1_000_000)))
                    .append("\"},\"image\":{\"width\":640,\"height\":480,\"format\":\"jpeg\",\"size\":")
                    .append(10_000 + rnd.nextInt(90_000)).append(",\"sha1\":\"").append(digest).append("\",\"md5\":\"")
                    .append(digest, 0, 32).append("\",\"pixel_hash\":\"").append(digest).append("\",\"phash\":\"").append(hash)
                    .append("\"},\"signatures\":{\"matching\":\"").append(matching).append("\",\"similarity\":\"")
                    .append(b64.encodeToString(new SimilaritySignature(model, vector).toBytes())).append("\",\"color\":\"")
                    .append(b64.encodeToString(new ColorSignature(color, palette).toBytes())).append("\",\"hash\":\"")
                    .append(hash).append("\"}}\n");
        }
    }

    public static long bytesOnDisk(int size) {
        try (Stream<Path> s = Files.walk(dir(size))) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] gaussian(double sigma, Random rnd) {
        float[] v = new float[DIMENSION];
        for (int d = 0; d < DIMENSION; d++) {
            v[d] = (float) (rnd.nextGaussian() * sigma);
        }
        return v;
    }

    static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += (double) x * x;
        }
        float inv = (float) (1 / Math.sqrt(n));
        for (int d = 0; d < v.length; d++) {
            v[d] *= inv;
        }
        return v;
    }

    /**
     * Dot product through Lucene's {@link VectorUtil}, the same code its exact scans run: vectorised
     * when the JVM reads {@code jdk.incubator.vector}.
     */
    static float dot(float[] a, float[] b) {
        return VectorUtil.dotProduct(a, b);
    }
}
