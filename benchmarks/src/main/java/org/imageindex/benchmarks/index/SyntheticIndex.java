package org.imageindex.benchmarks.index;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import java.util.stream.Stream;
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
 */
final class SyntheticIndex {

    /** Bump when the generated data changes, so a stale cache is never reused. */
    private static final String VERSION = "v1";
    static final long SEED = 20_251_125L;
    static final int DIMENSION = 512;
    private static final int CENTRES = 200;
    private static final double NOISE = 0.035;
    private static final String[] BRANDS = {"acme", "birch", "cobalt", "delta", "ember", "fjord", "garnet", "harbor"};

    private SyntheticIndex() {
    }

    static Path dir(int size) {
        return Path.of(System.getProperty("java.io.tmpdir"), "imageindex-index-bench-" + VERSION + "-" + size);
    }

    /** Opens the cached index of {@code size} records, building it first if needed. */
    static ImageIndex open(int size) throws IOException {
        Path dir = dir(size);
        Path done = dir.resolve("complete.marker");
        if (!Files.exists(done)) {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            build(dir, size);
            Files.writeString(done, "ok");
        }
        return ImageIndex.builder().commitInterval(java.time.Duration.ZERO).open(dir);
    }

    /** The similarity vectors of the index, regenerated from the seed (for exact scans). */
    static float[][] vectors(int size) {
        Random rnd = new Random(SEED);
        float[][] centres = new float[CENTRES][];
        for (int c = 0; c < CENTRES; c++) {
            centres[c] = unit(gaussian(1, rnd));
        }
        float[][] out = new float[size][];
        for (int i = 0; i < size; i++) {
            float[] c = centres[rnd.nextInt(CENTRES)];
            float[] v = gaussian(NOISE, rnd);
            for (int d = 0; d < DIMENSION; d++) {
                v[d] += c[d];
            }
            out[i] = unit(v);
        }
        return out;
    }

    static long bucket(int i) {
        return Math.floorMod(i * 2_654_435_761L, 100);
    }

    static String id(int i) {
        return String.format("r%08d", i);
    }

    private static void build(Path dir, int size) throws IOException {
        float[][] vectors = vectors(size);
        Random rnd = new Random(SEED + 1);
        String model = SignatureExtractor.standard().similarityExtractor().model().id();
        Base64.Encoder b64 = Base64.getEncoder();
        String matching = b64.encodeToString(new byte[] {MatchingFeatures.FORMAT_VERSION, 0, 64, 0, 64, 0, 0,
                MatchingFeatures.DESCRIPTOR_LENGTH});
        Path lines = Files.createTempFile("imageindex-bench", ".jsonl");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(lines)) {
                for (int i = 0; i < size; i++) {
                    float[] color = new float[41];
                    double n = 0;
                    for (int d = 0; d < color.length; d++) {
                        color[d] = (float) Math.abs(rnd.nextGaussian());
                        n += color[d] * color[d];
                    }
                    for (int d = 0; d < color.length; d++) {
                        color[d] /= (float) Math.sqrt(n);
                    }
                    String hash = String.format("%016x", rnd.nextLong());
                    String sha1 = String.format("%040x", new java.math.BigInteger(1, java.security.MessageDigest.getInstance("SHA-1")
                            .digest(id(i).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
                    w.write("{\"id\":\"" + id(i) + "\",\"tags\":[],\"attributes\":{\"bucket\":" + bucket(i) + ",\"brand\":\""
                            + BRANDS[rnd.nextInt(BRANDS.length)] + "\",\"price\":" + (rnd.nextInt(5000) / 10.0 + 0.5)
                            + "},\"created\":{\"$date\":\"" + java.time.Instant.ofEpochSecond(1_700_000_000L + rnd.nextInt(1_000_000))
                            + "\"},\"image\":{\"width\":640,\"height\":480,\"format\":\"jpeg\",\"size\":" + (10_000 + rnd.nextInt(90_000))
                            + ",\"sha1\":\"" + sha1 + "\",\"md5\":\"" + sha1.substring(0, 32) + "\",\"pixel_hash\":\"" + sha1
                            + "\",\"phash\":\"" + hash + "\"},\"signatures\":{\"matching\":\"" + matching + "\",\"similarity\":\""
                            + b64.encodeToString(new SimilaritySignature(model, vectors[i]).toBytes()) + "\",\"color\":\""
                            + b64.encodeToString(new ColorSignature(color, Palette.of(new int[] {0x808080}, new double[] {1})).toBytes())
                            + "\",\"hash\":\"" + hash + "\"}}\n");
                }
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            // Carried records need no extraction: a large in-flight window writes them in large groups.
            try (ImageIndex index = ImageIndex.builder().commitInterval(java.time.Duration.ZERO).maxInFlight(10_000).open(dir);
                 Reader in = Files.newBufferedReader(lines)) {
                long t0 = System.nanoTime();
                BatchResult r = index.importJsonLines(in, BatchProgress.NONE);
                if (!r.allSucceeded()) {
                    throw new IllegalStateException("synthetic import failed: " + r.skipped().subList(0, 3));
                }
                index.commit();
                System.out.printf("built synthetic index of %d records in %.1f s%n", size, (System.nanoTime() - t0) / 1e9);
            }
        } finally {
            Files.deleteIfExists(lines);
        }
    }

    static long bytesOnDisk(int size) {
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

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
