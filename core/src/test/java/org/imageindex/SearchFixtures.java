package org.imageindex;

import org.imageindex.embedded.RecordDocuments;
import org.imageindex.spi.RecordState;

import org.imageindex.signatures.TestData;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.imageindex.record.Attributes;
import org.imageindex.record.BatchResult;
import org.imageindex.record.ImageInfo;
import org.imageindex.signatures.ImageSignatures;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.signatures.color.ColorSignature;
import org.imageindex.signatures.color.Palette;
import org.imageindex.signatures.hash.HashSignature;
import org.imageindex.signatures.matching.MatchingFeatures;
import org.imageindex.signatures.similarity.SimilaritySignature;

/**
 * Shared fixtures of the search tests: the signatures of every image of the test data set,
 * extracted once per JVM, and records written without image extraction (stored signatures or
 * synthetic vectors) through the package-private insertion path.
 */
final class SearchFixtures {

    /** One real image with its ground truth and signatures. */
    record RealImage(String id, Path file, String dataset, String group, ImageSignatures signatures) {
    }

    private static volatile List<RealImage> corpus;

    private SearchFixtures() {
    }

    /** Every image of the test data set (163), signatures extracted once per JVM on two threads. */
    static synchronized List<RealImage> corpus() {
        if (corpus == null) {
            Map<String, String> groups = new HashMap<>();
            groupsFrom(groups, "boofcv-triples", "boofcv-triples/groundtruth_groups.csv");
            groupsFrom(groups, "ferrari-colour-sample", "ferrari-colour-sample/groundtruth_colour.csv");
            groupsFrom(groups, "pixabay-categories", "pixabay-categories/groundtruth_categories.csv");
            groupsFrom(groups, "neardup-variants", "neardup-variants/groundtruth_groups.csv");
            List<Path> files;
            Path root = TestData.root();
            try (Stream<Path> s = Files.walk(root)) {
                files = s.filter(p -> p.getFileName().toString().toLowerCase().matches(".*\\.(jpe?g|png|gif|bmp)"))
                        .sorted().toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            SignatureExtractor extractor = SignatureExtractor.standard();
            long t0 = System.nanoTime();
            List<RealImage> out = files.parallelStream().map(f -> {
                String id = root.relativize(f).toString().replace('\\', '/');
                String dataset = id.substring(0, id.indexOf('/'));
                return new RealImage(id, f, dataset, groups.getOrDefault(id, "none"), extractor.extract(f));
            }).toList();
            System.out.printf("search fixtures: %d images extracted in %.1f s%n", out.size(), (System.nanoTime() - t0) / 1e9);
            corpus = out;
        }
        return corpus;
    }

    private static void groupsFrom(Map<String, String> out, String dataset, String csv) {
        for (List<String> row : TestData.csv(csv)) {
            out.put(dataset + "/" + row.get(0), row.get(1));
        }
    }

    /** A record state with these signatures, as insertion would make it, without reading an image. */
    static RecordState state(String id, List<String> tags, Attributes attributes, Instant created, ImageSignatures sig) {
        String sha1 = Ingest.digest("SHA-1", id.getBytes(StandardCharsets.UTF_8));
        ImageInfo info = new ImageInfo(sig.width(), sig.height(), "jpeg", 1000 + (id.hashCode() & 0xFFFF), sha1,
                Ingest.digest("MD5", id.getBytes(StandardCharsets.UTF_8)), sha1, sig.hash().hex());
        return new RecordState(id, null, tags, attributes, created, created, null, info, true, sig);
    }

    /** Writes records whose signatures are given (the import path: no image is read). */
    static void insert(ImageIndex index, List<RecordState> states) {
        List<Ingest.Item> items = new ArrayList<>(states.size());
        for (RecordState s : states) {
            items.add(new Ingest.Ready(s.id(), s));
        }
        BatchResult r = index.ingest().run(items, -1, org.imageindex.record.BatchProgress.NONE);
        assertTrue(r.allSucceeded(), () -> r.skipped().toString());
    }

    /**
     * Writes records whose signatures are given in one locked write with a single refresh: the
     * path for tens of thousands of synthetic records (batch insertion refreshes per group).
     */
    static void insertDirect(ImageIndex index, List<RecordState> states) {
        index.store().write((writer, searcher) -> {
            for (RecordState s : states) {
                writer.addDocument(RecordDocuments.build(s, index.store().schema().with(s.attributes()), Map.of(), index.store().words(),
                        index.store().similaritySpace()));
                index.store().schema().commit(s.attributes());
            }
            return null;
        });
    }

    /** Matching features with no feature: synthetic records are never verified geometrically. */
    static MatchingFeatures noFeatures() {
        return MatchingFeatures.fromBytes(new byte[] {MatchingFeatures.FORMAT_VERSION, 0, 64, 0, 64, 0, 0, MatchingFeatures.DESCRIPTOR_LENGTH});
    }

    /** Synthetic signatures: the given similarity vector, a colour vector and hash from {@code rnd}. */
    static ImageSignatures synthetic(float[] similarity, Random rnd) {
        float[] color = new float[org.imageindex.signatures.color.ColorExtractor.DIMENSION];
        double n = 0;
        for (int i = 0; i < color.length; i++) {
            color[i] = (float) Math.abs(rnd.nextGaussian());
            n += color[i] * color[i];
        }
        for (int i = 0; i < color.length; i++) {
            color[i] /= (float) Math.sqrt(n);
        }
        String model = SignatureExtractor.standard().similarityExtractor().model().id();
        return new ImageSignatures(640, 480, "jpeg", noFeatures(), new SimilaritySignature(model, similarity),
                new ColorSignature(color, Palette.of(new int[] {0x808080}, new double[] {1})), new HashSignature(rnd.nextLong()),
                Map.of());
    }

    /**
     * {@code n} clustered unit vectors: 200 random unit centres, each vector a centre plus
     * Gaussian noise (sigma 0.035 per dimension, so a member lies at cosine about 0.6 from its
     * centre), normalised. Closer to real descriptors than uniform random vectors, which are the
     * worst case for HNSW (every neighbour almost equally far).
     */
    static float[][] clustered(int n, int dim, Random rnd) {
        float[][] centres = new float[200][];
        for (int c = 0; c < centres.length; c++) {
            centres[c] = unit(gaussian(dim, 1, rnd));
        }
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] c = centres[rnd.nextInt(centres.length)];
            float[] noise = gaussian(dim, 0.035, rnd);
            for (int d = 0; d < dim; d++) {
                noise[d] += c[d];
            }
            out[i] = unit(noise);
        }
        return out;
    }

    /** {@code n} uniform random unit vectors: the worst case for HNSW. */
    static float[][] uniform(int n, int dim, Random rnd) {
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = unit(gaussian(dim, 1, rnd));
        }
        return out;
    }

    private static float[] gaussian(int dim, double sigma, Random rnd) {
        float[] v = new float[dim];
        for (int d = 0; d < dim; d++) {
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
        float[] out = new float[v.length];
        for (int d = 0; d < v.length; d++) {
            out[d] = v[d] * inv;
        }
        return out;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
