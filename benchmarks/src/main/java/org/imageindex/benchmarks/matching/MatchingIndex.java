package org.imageindex.benchmarks.matching;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.imageindex.ImageIndex;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.ImageSignatures;
import org.imageindex.signatures.matching.MatchingFeatures;
import org.imageindex.signatures.similarity.SimilaritySignature;

/**
 * An index for matching-search benchmarks: every image of the shared data set, inserted from its
 * file, plus distractor records up to the wanted size. A distractor is assembled from real
 * features: each of its 500 features is a random feature of a random real image (descriptor,
 * size, orientation, contrast sign) placed at a random position. Its visual words therefore
 * follow the real word statistics, so the candidate step scores and walks posting lists as long
 * as a real collection's, while no distractor is geometrically consistent with any photo and the
 * verifier must reject it. Similarity vectors are real ones with noise, colours are real.
 * Distractors enter through the JSON Lines import with carried signatures. The index is cached
 * under the JVM's temporary directory between runs.
 */
final class MatchingIndex {

    /** Bump when the generated data changes, so a stale cache is never reused. */
    private static final String VERSION = "v1";
    /** Written last in a build: an index folder without it is a build cut short. */
    private static final String MARKER = "complete.marker";
    private static final long SEED = 20_261_125L;
    private static final int DISTRACTOR_FEATURES = 500;
    private static final int DISTRACTOR_WIDTH = 512;
    private static final int DISTRACTOR_HEIGHT = 384;
    private static final int FEATURE_BYTES = 2 + 2 + 2 + 1 + 1 + MatchingFeatures.DESCRIPTOR_LENGTH;
    private static final int HEADER_BYTES = 1 + 2 + 2 + 2 + 1;

    private MatchingIndex() {
    }

    /** The record id of a shared-data image, from its path relative to the data root. */
    static String idOf(Path dataRoot, Path image) {
        return "real/" + dataRoot.relativize(image).toString().replace('\\', '/');
    }

    /** Every image file of the shared data set, in path order. */
    static List<Path> dataImages(Path dataRoot) {
        try (Stream<Path> s = Files.walk(dataRoot)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png|gif|bmp)"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path dir(int size) {
        return Path.of(System.getProperty("java.io.tmpdir"), "imageindex-matching-bench-" + VERSION + "-" + size);
    }

    /** True when the index of {@code size} records is built and cached. */
    static boolean isCached(int size) {
        return Files.exists(dir(size).resolve(MARKER));
    }

    /** Opens the cached index of {@code size} records, building it first if needed. */
    static ImageIndex open(Path dataRoot, int size) throws IOException {
        Path dir = dir(size);
        Path done = dir.resolve(MARKER);
        if (!Files.exists(done)) {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            build(dataRoot, dir, size);
            Files.writeString(done, "ok");
        }
        return ImageIndex.builder().commitInterval(Duration.ZERO).open(dir);
    }

    private static void build(Path dataRoot, Path dir, int size) throws IOException {
        long t0 = System.nanoTime();
        List<Path> images = dataImages(dataRoot);
        if (images.size() > size) {
            throw new IllegalArgumentException("size " + size + " is below the " + images.size() + " images of the data set");
        }
        try (ImageIndex index = ImageIndex.builder().commitInterval(Duration.ZERO).maxInFlight(10_000).open(dir)) {
            List<ImageRecord> real = images.stream().map(p -> ImageRecord.of(idOf(dataRoot, p), ImageSource.file(p))).toList();
            BatchResult r = index.insert(real);
            if (!r.allSucceeded()) {
                throw new IllegalStateException("data set images failed to index: " + r.skipped());
            }
            List<ImageSignatures> signatures = new ArrayList<>();
            for (StoredRecord s : index.get(real.stream().map(ImageRecord::id).toList(), FieldSelection.of(FieldSelection.SIGNATURES))) {
                signatures.add(s.signatures());
            }
            Path lines = Files.createTempFile("imageindex-matching-bench", ".jsonl");
            try {
                writeDistractors(lines, signatures, size - images.size());
                try (Reader in = Files.newBufferedReader(lines)) {
                    r = index.importJsonLines(in, BatchProgress.NONE);
                }
                if (!r.allSucceeded()) {
                    throw new IllegalStateException("distractor import failed: " + r.skipped().subList(0, Math.min(3, r.skipped().size())));
                }
            } finally {
                Files.deleteIfExists(lines);
            }
            index.commit();
        }
        System.out.printf("%nbuilt matching index of %d records (%d images, %d distractors) in %.1f s%n",
                size, images.size(), size - images.size(), (System.nanoTime() - t0) / 1e9);
    }

    private static void writeDistractors(Path file, List<ImageSignatures> real, int count) throws IOException {
        Random rnd = new Random(SEED);
        Base64.Encoder b64 = Base64.getEncoder();
        List<byte[]> features = real.stream().map(s -> s.matching().toBytes()).filter(b -> b.length > HEADER_BYTES).toList();
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < count; i++) {
                ImageSignatures like = real.get(rnd.nextInt(real.size()));
                String id = String.format("distractor/%08d", i);
                String hash = String.format("%016x", rnd.nextLong());
                String sha1 = String.format("%040x", new java.math.BigInteger(1, sha1(id)));
                w.write("{\"id\":\"" + id + "\",\"tags\":[],\"attributes\":{},\"created\":{\"$date\":\"2026-01-01T00:00:00Z\"},"
                        + "\"image\":{\"width\":" + DISTRACTOR_WIDTH + ",\"height\":" + DISTRACTOR_HEIGHT + ",\"format\":\"jpeg\",\"size\":50000"
                        + ",\"sha1\":\"" + sha1 + "\",\"md5\":\"" + sha1.substring(0, 32) + "\",\"pixel_hash\":\"" + sha1
                        + "\",\"phash\":\"" + hash + "\"},\"signatures\":{\"matching\":\"" + b64.encodeToString(distractorFeatures(features, rnd))
                        + "\",\"similarity\":\"" + b64.encodeToString(noisy(like.similarity(), rnd).toBytes())
                        + "\",\"color\":\"" + b64.encodeToString(like.color().toBytes()) + "\",\"hash\":\"" + hash + "\"}}\n");
            }
        }
    }

    /** 500 real features at random positions, in the byte form {@link MatchingFeatures#toBytes()} documents. */
    private static byte[] distractorFeatures(List<byte[]> real, Random rnd) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + DISTRACTOR_FEATURES * FEATURE_BYTES);
        b.put(MatchingFeatures.FORMAT_VERSION);
        b.putShort((short) DISTRACTOR_WIDTH).putShort((short) DISTRACTOR_HEIGHT).putShort((short) DISTRACTOR_FEATURES);
        b.put((byte) MatchingFeatures.DESCRIPTOR_LENGTH);
        for (int f = 0; f < DISTRACTOR_FEATURES; f++) {
            byte[] source = real.get(rnd.nextInt(real.size()));
            int n = (source.length - HEADER_BYTES) / FEATURE_BYTES;
            int from = HEADER_BYTES + rnd.nextInt(n) * FEATURE_BYTES;
            b.putShort((short) (rnd.nextInt(DISTRACTOR_WIDTH) * 8));
            b.putShort((short) (rnd.nextInt(DISTRACTOR_HEIGHT) * 8));
            b.put(source, from + 4, FEATURE_BYTES - 4);
        }
        return b.array();
    }

    private static SimilaritySignature noisy(SimilaritySignature real, Random rnd) {
        float[] v = real.vector().clone();
        double n = 0;
        for (int d = 0; d < v.length; d++) {
            v[d] += (float) (rnd.nextGaussian() * 0.02);
            n += (double) v[d] * v[d];
        }
        for (int d = 0; d < v.length; d++) {
            v[d] /= (float) Math.sqrt(n);
        }
        return new SimilaritySignature(real.modelId(), v);
    }

    private static byte[] sha1(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
