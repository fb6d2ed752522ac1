package org.imageindex.benchmarks.matching;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.imageindex.ImageIndex;
import org.imageindex.benchmarks.BenchmarkData;
import org.imageindex.benchmarks.quality.Attack;
import org.imageindex.matching.ImageMatch;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.record.ImageSource;
import org.imageindex.signatures.decode.ImageDecoder;
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
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Matching search (search by image with geometric verification) at 10,000 and 100,000 records:
 * the shared data set's images plus distractors assembled from their real features (see
 * {@link MatchingIndex}; replicated features, labelled so in docs/performance.md). Each query is
 * a generated copy of a photo of the set (50 % crop, 45° rotation, half scale, JPEG quality 25)
 * sent as JPEG bytes, so a figure covers the whole search: decoding, feature extraction,
 * visual-word candidates, reading and verifying the default 30 candidates. Recall@1 of the
 * queries is printed at setup, so a fast but wrong index cannot pass unnoticed.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
// The first run builds and caches the index inside the first iteration (12 minutes at 100,000).
@Timeout(time = 60, timeUnit = TimeUnit.MINUTES)
public class MatchingSearchBenchmark {

    /** Records in the index. */
    @Param({"10000", "100000"})
    public int size;

    private static final int PHOTOS = 8;
    private static final List<Attack> ATTACKS = List.of(
            new Attack(Attack.Kind.CROP, 0.5), new Attack(Attack.Kind.ROTATION, 45),
            new Attack(Attack.Kind.SCALE, 0.5), new Attack(Attack.Kind.JPEG, 25));

    private ImageIndex index;
    private final List<byte[]> queries = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path data = BenchmarkData.root();
        index = MatchingIndex.open(data, size);
        List<Path> photos = MatchingIndex.dataImages(data.resolve("photos"));
        List<String> originals = new ArrayList<>();
        for (int p = 0; p < PHOTOS; p++) {
            Path photo = photos.get(p * photos.size() / PHOTOS);
            BufferedImage original = ImageDecoder.standard().decode(photo).image();
            for (Attack a : ATTACKS) {
                queries.add(jpeg(a.apply(original, null, p)));
                originals.add(MatchingIndex.idOf(data, photo));
            }
        }
        int found = 0;
        for (int q = 0; q < queries.size(); q++) {
            List<ImageMatch> hits = search(queries.get(q));
            found += !hits.isEmpty() && hits.get(0).id().equals(originals.get(q)) ? 1 : 0;
        }
        System.out.printf("%nmatching recall@1 at %d records: %d/%d%n", size, found, queries.size());
    }

    /**
     * True when the index of {@code size} records is cached: the suite measures the largest size
     * only then, as building it takes about 12 minutes.
     */
    public static boolean indexCached(int size) {
        return MatchingIndex.isCached(size);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        index.close();
    }

    private List<ImageMatch> search(byte[] jpeg) {
        return index.matcher().search(ImageMatchQuery.of(ImageSource.bytes(jpeg)));
    }

    @Benchmark
    public List<ImageMatch> matchingSearch() {
        return search(queries.get(next++ % queries.size()));
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }
}
