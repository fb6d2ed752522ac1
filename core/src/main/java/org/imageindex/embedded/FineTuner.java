package org.imageindex.embedded;

import org.imageindex.FineTuningGain;
import org.imageindex.FineTuningInfo;
import org.imageindex.spi.FineTuningJob;
import org.imageindex.ImageIndex;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.Bits;
import org.imageindex.record.RecordFields;
import org.imageindex.signatures.matching.MatchingFeatures;
import org.imageindex.signatures.matching.vocabulary.VisualVocabulary;
import org.imageindex.signatures.matching.vocabulary.VocabularyTrainer;
import org.imageindex.signatures.similarity.SimilaritySignature;
import org.imageindex.signatures.similarity.SimilarityWhitening;

/**
 * Runs {@link ImageIndex#fineTune()}: on its own daemon thread, trains a visual vocabulary on the
 * index's stored matching features and a whitening of its stored similarity vectors, measures both
 * against the models in use on records held out of training ({@link HeldOutEvaluation}), and, for
 * whichever answers better, re-encodes every record's words and HNSW similarity vector from its
 * stored signatures (no image is read again) and switches searches to it. What did not help is not
 * adopted: a fine-tuning never makes the index's searches worse on its own held-out records.
 *
 * <p>Steps and their share of the progress: sampling the stored signatures (10 %), training the
 * vocabulary tree and the whitening (60 %; the whitening takes under a second of it, 0.4-0.7 s
 * for 2,000 vectors), measuring on the held-out records (10 %), rewriting every record's document
 * under the write lock (20 %; skipped when nothing is adopted). Searches
 * run throughout: during the rewrite they ask both vocabularies (see {@link MatchingWords}) and
 * whiten query vectors by what their searcher shows (see {@link SimilaritySpace}); inserts wait
 * for the rewrite.
 *
 * <p>The similarity model itself (descriptor projection and codebook) is not retrained: that
 * needs every image's dense descriptors, which the index does not keep. The whitening is the part
 * of the similarity space that the stored vectors alone can teach.
 */
public final class FineTuner implements AutoCloseable {

    /**
     * At most 2,000 records are sampled (about one in {@code ceil(records / 2,000)}, chosen by id)
     * for training: with 500 features each they give a million descriptors, four times what the
     * trainer keeps ({@link VocabularyTrainer.Options#DEFAULT_MAX_DESCRIPTORS}), in about 70 MB of
     * features.
     */
    static final int MAX_TRAINING_RECORDS = 2_000;
    /** Share of the progress for sampling the stored features (tests tell the steps apart by it). */
    public static final double SAMPLING_SHARE = 0.1;
    /** Share of the progress for training the vocabulary tree. */
    public static final double TRAINING_SHARE = 0.6;
    /** Share of the progress for measuring the new models against those in use on the held-out records. */
    public static final double EVALUATION_SHARE = 0.1;

    private final IndexStore store;
    /** A new job per run, from the index that shows it to callers. */
    private final java.util.function.Supplier<FineTuningJob> jobs;
    private final Set<String> vectorNames;
    private final ExecutorService executor;
    private FineTuningJob running;
    /** Whether fine-tunings adopt what they trained even without a measured gain; see {@link #adoptWithoutGain}. */
    private volatile boolean adoptWithoutGain;
    /** What the last fine-tuning of this session measured; null before one ends. */
    private FineTuningGain lastGain;

    public FineTuner(IndexStore store, Set<String> vectorNames, java.util.function.Supplier<FineTuningJob> jobs) {
        this.store = store;
        this.jobs = jobs;
        this.vectorNames = vectorNames;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "imageindex-finetune");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * With {@code true}, the fine-tunings started afterwards adopt the vocabulary and whitening they
     * trained whatever the held-out measure says (it is still measured and reported): for tests of
     * the switch itself on collections where fine-tuning does not help, and for callers who
     * measured the gain on data of their own. Off by default.
     */
    public void adoptWithoutGain(boolean adopt) {
        this.adoptWithoutGain = adopt;
    }

    /** Starts a fine-tuning, or returns the one running. */
    public synchronized FineTuningJob start() {
        store.ensureOpen();
        store.ensureWritable(); // a read-only index says so now, not in the background job
        if (running != null && !running.isDone()) {
            return running;
        }
        FineTuningJob job = jobs.get();
        running = job;
        executor.execute(() -> run(job));
        return job;
    }

    /** The info of {@link ImageIndex#fineTuningInfo()}. */
    public FineTuningInfo info(long visibleRecords) {
        MatchingWords.Status s = store.read(searcher -> store.words().status(searcher));
        FineTuningJob job;
        FineTuningGain gain;
        synchronized (this) {
            job = running;
            gain = lastGain;
        }
        boolean active = job != null && !job.isDone();
        return new FineTuningInfo(visibleRecords, s.requiresFinetuning(), s.lastModified(), s.lastFinetuned(),
                active ? job.progress() : 0, active, s.vocabularyId(), store.similaritySpace().id(store.modelId()),
                java.util.Optional.ofNullable(gain));
    }

    private void run(FineTuningJob job) {
        try {
            Sample sample = store.read(s -> sample(s, job));
            if (sample.features().isEmpty()) {
                throw new IllegalStateException("the index holds no records to fine-tune on");
            }
            List<Integer> heldOut = new ArrayList<>();
            List<Integer> training = new ArrayList<>();
            for (int i = 0; i < sample.ids().size(); i++) {
                boolean out = HeldOutEvaluation.heldOut(sample.ids().get(i)) && heldOut.size() < HeldOutEvaluation.MAX_HELD_OUT;
                (out ? heldOut : training).add(i);
            }
            List<MatchingFeatures> trainingFeatures = training.stream().map(sample.features()::get).toList();
            VisualVocabulary previous = store.words().current();
            SimilarityWhitening previousWhitening = store.similaritySpace().current();
            VisualVocabulary next = trainingFeatures.isEmpty() ? previous
                    : VocabularyTrainer.train(trainingFeatures, VocabularyTrainer.Options.defaults(),
                            f -> job.progress(SAMPLING_SHARE + TRAINING_SHARE * f), job::cancelRequested);
            // Too few records to learn a whitening from: searches stay in the model's own space.
            // The whitening is measured as learned from the training records when they are enough,
            // and from every sampled record otherwise (an optimistic measure, said so in quality.md).
            List<float[]> trainingVectors = training.stream().map(sample.similarity()::get).toList();
            SimilarityWhitening measured = whitening(trainingVectors.size() >= SimilarityWhitening.MIN_VECTORS
                    ? trainingVectors : sample.similarity());
            FineTuningGain gain = measure(sample, heldOut, previous, next, previousWhitening, measured, adoptWithoutGain, job);
            job.gain(gain);
            VisualVocabulary adopted = gain.vocabularyAdopted() ? next : previous;
            // An adopted whitening is learned again from every sampled record: it is cheap, and one
            // learned from more vectors is the better estimate of the space the measure preferred.
            SimilarityWhitening adoptedWhitening = gain.whiteningAdopted() ? whitening(sample.similarity()) : previousWhitening;
            synchronized (this) {
                lastGain = gain;
            }
            Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
            if (adopted.equals(previous) && java.util.Objects.equals(adoptedWhitening, previousWhitening)) {
                // Nothing helped: no record is rewritten, the training is recorded all the same, so
                // the index stops asking for one until it changes again.
                store.words().finishSwitch(now, sample.live());
                store.commit();
            } else {
                switchTo(adopted, adoptedWhitening, now, job);
            }
            job.succeed(adopted.id());
        } catch (Throwable t) {
            job.fail(t);
        }
    }

    /** Asks the models in use and the new ones about the held-out records; adopts what answers better. */
    private static FineTuningGain measure(Sample sample, List<Integer> heldOut, VisualVocabulary previous,
            VisualVocabulary next, SimilarityWhitening previousWhitening, SimilarityWhitening nextWhitening,
            boolean force, FineTuningJob job) {
        boolean newVocabulary = !next.equals(previous);
        boolean newWhitening = nextWhitening != null && !nextWhitening.equals(previousWhitening);
        if (heldOut.size() < HeldOutEvaluation.MIN_HELD_OUT) {
            job.progress(SAMPLING_SHARE + TRAINING_SHARE + EVALUATION_SHARE);
            return new FineTuningGain(heldOut.size(), 0, 0, 0, force && newVocabulary, 0, 0, 0, force && newWhitening);
        }
        HeldOutEvaluation.Comparison c = HeldOutEvaluation.compare(sample.features(), sample.similarity(), sample.ids(),
                heldOut, previous, next, previousWhitening, nextWhitening, job::cancelRequested,
                f -> job.progress(SAMPLING_SHARE + TRAINING_SHARE + EVALUATION_SHARE * f));
        HeldOutEvaluation.Figures b = c.before();
        HeldOutEvaluation.Figures a = c.after();
        // A gain is more of the records sought among the candidates, or as many ranked higher.
        boolean vocabulary = newVocabulary && (force || a.matching() > b.matching()
                || a.matching() == b.matching() && a.reciprocalRank() > b.reciprocalRank());
        boolean whitening = newWhitening && (force || a.similarity() > b.similarity());
        return new FineTuningGain(c.heldOut(), b.matchingPairs(), b.matching(), a.matching(), vocabulary,
                b.similarityQueries(), b.similarity(), a.similarity(), whitening);
    }

    /**
     * Switches the index to {@code next} and {@code whitening} (null: the model's own space),
     * re-encoding every record, and commits; {@code trainedAt} becomes the last fine-tuning.
     */
    private void switchTo(VisualVocabulary next, SimilarityWhitening whitening, Instant trainedAt, FineTuningJob job)
            throws IOException {
        MatchingWords words = store.words();
        SimilaritySpace space = store.similaritySpace();
        long records = store.write((writer, searcher) -> {
            // Asked under the write lock, not before it: the job may wait here for a long
            // insert batch, and a cancel that arrives meanwhile comes before re-encoding.
            if (job.cancelRequested()) {
                throw new CancellationException("fine-tuning cancelled before re-encoding");
            }
            words.beginSwitch(store.directory(), next);
            space.beginSwitch(store.directory(), searcher, whitening);
            try {
                return rewrite(writer, searcher, job);
            } catch (Throwable e) {
                // Searches whiten by what their searcher shows, all old or all new: a half-done
                // rewrite must not become visible. Put every document back in the previous
                // space (words stay switched: searches ask both vocabularies anyway). Should
                // that fail too, the writer is almost surely broken (a tragic I/O error): the
                // index then refuses writes until reopened from its last commit, which is whole.
                space.abandonSwitch();
                try {
                    rewrite(writer, searcher, null);
                } catch (Throwable again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
        });
        words.finishSwitch(trainedAt, records);
        store.commit();
        words.deleteStaleFiles(store.directory());
        space.deleteStaleFiles(store.directory());
    }

    // ---- carrying a fine-tuning to another index (export / import) ----------------------

    /** First bytes of a carried fine-tuning; the version after them says how the rest reads. */
    static final String CARRIED_MAGIC = "imageindex-finetuning";
    static final int CARRIED_VERSION = 1;

    /**
     * Writes the vocabulary and whitening in use, the similarity model they belong to and when
     * they were trained, with a CRC-32 at the end.
     */
    public void export(java.io.OutputStream out) throws IOException {
        VisualVocabulary v = store.words().current();
        SimilarityWhitening w = store.similaritySpace().current();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        java.io.DataOutputStream data = new java.io.DataOutputStream(new java.util.zip.CheckedOutputStream(out, crc));
        data.writeUTF(CARRIED_MAGIC);
        data.writeInt(CARRIED_VERSION);
        data.writeUTF(store.modelId());
        Instant trained = store.read(s -> store.words().status(s)).lastFinetuned().orElse(null);
        data.writeLong(trained == null ? -1 : trained.toEpochMilli());
        byte[] vb = v.equals(VisualVocabulary.standard()) ? new byte[0] : v.toBytes();
        data.writeInt(vb.length);
        data.write(vb);
        byte[] wb = w == null ? new byte[0] : w.toBytes();
        data.writeInt(wb.length);
        data.write(wb);
        data.flush();
        new java.io.DataOutputStream(out).writeLong(crc.getValue());
        out.flush();
    }

    /**
     * Switches this index to a vocabulary and whitening written by {@link #export}, re-encoding
     * every record as a fine-tuning does (no image is read).
     *
     * @throws IllegalArgumentException if the bytes are damaged, of another version, or for another similarity model
     * @throws IllegalStateException    if a fine-tuning is running
     */
    public synchronized void install(java.io.InputStream in) throws IOException {
        store.ensureOpen();
        store.ensureWritable(); // a read-only index takes no carried fine-tuning
        if (running != null && !running.isDone()) {
            throw new IllegalStateException("a fine-tuning is running; install the carried one after it ends");
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        java.io.DataInputStream data = new java.io.DataInputStream(new java.util.zip.CheckedInputStream(in, crc));
        VisualVocabulary next;
        SimilarityWhitening whitening;
        Instant trained;
        try {
            if (!CARRIED_MAGIC.equals(data.readUTF())) {
                throw new IllegalArgumentException("fine-tuning data must start with '" + CARRIED_MAGIC + "'");
            }
            int version = data.readInt();
            if (version != CARRIED_VERSION) {
                throw new IllegalArgumentException("fine-tuning data has version " + version + "; this library reads version "
                        + CARRIED_VERSION);
            }
            String model = data.readUTF();
            if (!model.equals(store.modelId())) {
                throw new IllegalArgumentException("the fine-tuning was made for similarity model " + model
                        + "; this index uses " + store.modelId() + ": fine-tune this index instead");
            }
            long millis = data.readLong();
            trained = millis < 0 ? Instant.ofEpochMilli(System.currentTimeMillis()) : Instant.ofEpochMilli(millis);
            byte[] vb = data.readNBytes(length(data.readInt(), "vocabulary"));
            byte[] wb = data.readNBytes(length(data.readInt(), "whitening"));
            long expected = crc.getValue();
            if (new java.io.DataInputStream(in).readLong() != expected) {
                throw new IllegalArgumentException("fine-tuning data is damaged (CRC-32 differs)");
            }
            next = vb.length == 0 ? VisualVocabulary.standard() : VisualVocabulary.fromBytes(vb);
            whitening = wb.length == 0 ? null : SimilarityWhitening.fromBytes(wb);
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException("fine-tuning data is truncated", e);
        }
        FineTuningJob job = jobs.get();
        switchTo(next, whitening, trained, job);
    }

    /** A carried part's length; the largest vocabulary written is far below the bound. */
    private static int length(int n, String what) {
        if (n < 0 || n > 1 << 30) {
            throw new IllegalArgumentException("fine-tuning data is damaged: " + what + " length " + n);
        }
        return n;
    }

    /**
     * The whitening of the sampled similarity vectors, or null (the model's own space) when there
     * are too few of them or they do not vary: the vocabulary is trained all the same.
     */
    private static SimilarityWhitening whitening(List<float[]> vectors) {
        if (vectors.size() < SimilarityWhitening.MIN_VECTORS) {
            return null;
        }
        try {
            return SimilarityWhitening.fit(vectors);
        } catch (IllegalArgumentException allEqual) {
            return null;
        }
    }

    /** Rewrites every live document from its stored state; returns how many. {@code job} null: no progress. */
    private long rewrite(org.apache.lucene.index.IndexWriter writer, IndexSearcher searcher, FineTuningJob job) throws IOException {
        int total = Math.max(1, searcher.getIndexReader().numDocs());
        int done = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Bits live = leaf.reader().getLiveDocs();
            StoredFields stored = leaf.reader().storedFields();
            for (int d = 0; d < leaf.reader().maxDoc(); d++) {
                if (live == null || live.get(d)) {
                    store.replace(writer, RecordDocuments.read(stored, d, true, vectorNames));
                    done++;
                    if (job != null) {
                        double start = SAMPLING_SHARE + TRAINING_SHARE + EVALUATION_SHARE;
                        job.progress(start + (1 - start) * done / total);
                    }
                }
            }
        }
        return done;
    }

    /** The stored signatures training learns from: matching features and the model's similarity vectors. */
    private record Sample(List<String> ids, List<MatchingFeatures> features, List<float[]> similarity, long live) {
    }

    /**
     * The matching features and similarity vectors of at most {@link #MAX_TRAINING_RECORDS}
     * records, in id order.
     * Training depends on the order of its input, so which records are taken and in what order
     * depend on the ids alone, not on where the documents lie (insert order, merges): the same
     * records give the same vocabulary, in this index or in a copy of it.
     */
    private static Sample sample(IndexSearcher searcher, FineTuningJob job) throws IOException {
        int live = searcher.getIndexReader().numDocs();
        int step = Math.max(1, (live + MAX_TRAINING_RECORDS - 1) / MAX_TRAINING_RECORDS);
        TreeMap<String, Document> byId = new TreeMap<>();
        int seen = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Bits liveDocs = leaf.reader().getLiveDocs();
            StoredFields stored = leaf.reader().storedFields();
            SortedSetDocValues ids = DocValues.getSortedSet(leaf.reader(), RecordFields.ID);
            for (int d = 0; d < leaf.reader().maxDoc(); d++) {
                if (liveDocs != null && !liveDocs.get(d)) {
                    continue;
                }
                seen++;
                if (!ids.advanceExact(d)) {
                    throw new IllegalStateException("document " + d + " has no id; the index is damaged");
                }
                String id = ids.lookupOrd(ids.nextOrd()).utf8ToString();
                // One record in step by String.hashCode, which the language fixes: a uniform choice
                // that every copy of the index repeats.
                if (Math.floorMod(id.hashCode(), step) != 0) {
                    continue;
                }
                if (job.cancelRequested()) {
                    throw new CancellationException("fine-tuning cancelled while sampling features");
                }
                byId.put(id, stored.document(d, Set.of(RecordDocuments.MATCHING, RecordDocuments.SIMILARITY)));
                job.progress(SAMPLING_SHARE * seen / Math.max(1, live));
            }
        }
        // The hash takes about one in step; the first ids trim the few that may exceed the bound.
        List<String> ids = byId.keySet().stream().limit(MAX_TRAINING_RECORDS).toList();
        List<Document> docs = ids.stream().map(byId::get).toList();
        return new Sample(ids,
                docs.stream().map(doc -> MatchingFeatures.fromBytes(RecordDocuments.copy(doc.getBinaryValue(RecordDocuments.MATCHING))))
                        .toList(),
                docs.stream().map(doc -> SimilaritySignature.fromBytes(RecordDocuments.copy(doc.getBinaryValue(RecordDocuments.SIMILARITY)))
                        .vector()).toList(), live);
    }

    /** Cancels a running fine-tuning and stops the thread. */
    @Override
    public synchronized void close() {
        if (running != null) {
            running.cancel();
        }
        executor.shutdownNow();
    }
}
