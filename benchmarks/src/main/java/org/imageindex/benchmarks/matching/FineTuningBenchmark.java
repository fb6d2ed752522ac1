package org.imageindex.benchmarks.matching;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.imageindex.FineTuningInfo;
import org.imageindex.ImageIndex;
import org.imageindex.benchmarks.BenchmarkData;
import org.imageindex.query.json.JsonValues;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.matching.MatchingFeatures;
import org.imageindex.signatures.matching.vocabulary.VisualVocabulary;
import org.imageindex.signatures.matching.vocabulary.VocabularyTrainer;
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
 * Fine-tuning time (F1): {@code ImageIndex.fineTune()} run to its end on an index on disk of
 * {@code records} records, that is sampling the stored matching features, training the
 * vocabulary tree, re-encoding every record's visual words under the write lock, and the commit.
 * At the default 1,000 records the score is the training time per 1,000 images. At larger sizes
 * the training part stops growing (it samples at most 2,000 records and trains on at most 250,000
 * descriptors) while re-encoding grows with the records.
 *
 * <p>Records: every image of the test data set (163), extracted once per trial, then
 * <em>replicated</em> under new ids up to {@code records}, so a record's features recur about
 * {@code records / 163} times; quote the figure as measured on replicated images. The trainer's
 * work grows with the number of descriptors, not with how distinct they are, so the time stands
 * for as many distinct images (the vocabulary trained does not). Each invocation gets a fresh
 * index, imported from the records' JSON Lines export with carried signatures; that is not timed.
 *
 * <p>{@code trainVocabulary} is the baseline: the trainer alone, without the index, on the
 * features of as many records as fine-tuning trains on (all of them up to 2,000, in id order), so
 * the difference to {@code fineTune} is reading the features, re-encoding and committing.
 *
 * <p>Run: {@code java -Dimageindex.data=<data> -jar benchmarks/target/benchmarks.jar FineTuningBenchmark}
 * (add {@code -p records=1000,4000,10000} for the growth).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Djava.awt.headless=true"})
public class FineTuningBenchmark {

    /** What fine-tuning samples at most; mirrors the index's bound so the baseline trains on the same records. */
    static final int MAX_TRAINING_RECORDS = 2_000;

    /** The records: the data set's images extracted once, replicated to {@code records}. */
    @State(Scope.Benchmark)
    public static class Corpus {

        /** Records in the index. */
        @Param({"1000"})
        public int records;

        /** JSON Lines export of the records, signatures included. */
        String lines;
        /** The matching features fine-tuning trains on, in its order (by id). */
        List<MatchingFeatures> trainingFeatures;

        @Setup(Level.Trial)
        public void extract() throws IOException {
            long t0 = System.nanoTime();
            List<Path> images = MatchingIndex.dataImages(BenchmarkData.root());
            Map<String, String> exported = new LinkedHashMap<>();
            Map<String, MatchingFeatures> features = new LinkedHashMap<>();
            try (ImageIndex index = ImageIndex.builder().inMemory()) {
                List<ImageRecord> originals = images.stream()
                        .map(p -> ImageRecord.of(BenchmarkData.root().relativize(p).toString().replace('\\', '/'), ImageSource.file(p)))
                        .toList();
                BatchResult r = index.insert(originals);
                if (!r.allSucceeded()) {
                    throw new IllegalStateException("data set images failed to index: " + r.skipped());
                }
                StringWriter out = new StringWriter();
                index.exportJsonLines(out, ImageIndex.ALL_RECORDS, FieldSelection.ALL_WITH_SIGNATURES);
                out.toString().lines().filter(l -> !l.isBlank()).forEach(l -> exported.put(id(l), l));
                for (StoredRecord s : index.get(List.copyOf(exported.keySet()), FieldSelection.of(FieldSelection.SIGNATURES))) {
                    features.put(s.id(), s.signatures().matching());
                }
            }
            // Copy c of original o is "<c, 5 digits>/<o>": ids sort by copy, then by original.
            StringBuilder lines = new StringBuilder();
            TreeMap<String, MatchingFeatures> byId = new TreeMap<>();
            List<String> originals = List.copyOf(exported.keySet());
            for (int i = 0; i < records; i++) {
                String original = originals.get(i % originals.size());
                String copyId = String.format(Locale.ROOT, "%05d/%s", i / originals.size(), original);
                @SuppressWarnings("unchecked")
                Map<String, Object> line = new LinkedHashMap<>((Map<String, Object>) JsonValues.parse(exported.get(original)));
                line.put("id", copyId);
                lines.append(JsonValues.write(line)).append('\n');
                byId.put(copyId, features.get(original));
            }
            this.lines = lines.toString();
            this.trainingFeatures = byId.values().stream().limit(MAX_TRAINING_RECORDS).toList();
            System.out.printf(Locale.ROOT, "%n%d records from %d data set images (replicated), extracted in %.1f s%n",
                    records, originals.size(), (System.nanoTime() - t0) / 1e9);
        }

        private static String id(String line) {
            return (String) ((Map<?, ?>) JsonValues.parse(line)).get("id");
        }
    }

    /** A fresh index on disk holding the corpus, for one fine-tuning. */
    @State(Scope.Thread)
    public static class FreshIndex {

        Path dir;
        ImageIndex index;
        int records;

        @Setup(Level.Invocation)
        public void open(Corpus corpus) throws IOException {
            dir = Files.createTempDirectory("imageindex-finetune-bench");
            index = ImageIndex.builder().commitInterval(Duration.ZERO).open(dir);
            BatchResult r = index.importJsonLines(new StringReader(corpus.lines), BatchProgress.NONE);
            if (!r.allSucceeded() || index.count() != corpus.records) {
                throw new IllegalStateException("corpus import failed: " + r.skipped().subList(0, Math.min(3, r.skipped().size())));
            }
            index.commit();
            records = corpus.records;
        }

        @TearDown(Level.Invocation)
        public void close() throws IOException {
            index.close();
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Benchmark
    public String fineTune(FreshIndex fresh) throws InterruptedException {
        String vocabulary = fresh.index.fineTune().await();
        FineTuningInfo info = fresh.index.fineTuningInfo();
        boolean ok = !vocabulary.equals(VisualVocabulary.standard().id()) && info.vocabularyId().equals(vocabulary)
                && info.lastFinetuned().isPresent() && !info.requiresFinetuning() && info.numberOfImages() == fresh.records;
        return check(vocabulary, ok, info);
    }

    @Benchmark
    public VisualVocabulary trainVocabulary(Corpus corpus) {
        VisualVocabulary v = VocabularyTrainer.train(corpus.trainingFeatures, VocabularyTrainer.Options.defaults());
        return check(v, v.size() == VisualVocabulary.standard().size() && !v.equals(VisualVocabulary.standard()), v);
    }

    private static <T> T check(T value, boolean ok, Object detail) {
        if (!ok) {
            throw new IllegalStateException("benchmark produced a wrong result: " + detail);
        }
        return value;
    }
}
