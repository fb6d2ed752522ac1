package org.imageindex.embedded;

import org.imageindex.ImageIndex;
import org.imageindex.IncompatibleIndexException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import org.imageindex.query.schema.FieldTypes;
import org.imageindex.spi.RecordState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.imageindex.query.json.JsonValues;
import org.imageindex.query.schema.FieldType;
import org.imageindex.signatures.color.ColorExtractor;
import org.imageindex.signatures.color.ColorSignature;
import org.imageindex.signatures.spi.VectorExtractor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lucene side of an index: one {@link IndexWriter} behind one write lock, a
 * {@link SearcherManager} for any number of concurrent readers, the {@link Schema}, and commits
 * that carry the format version and field-type map in their user data (so they are atomic with
 * the documents). Every other class reaches Lucene through {@link #read} and {@link #write}.
 *
 * <p>Threading: {@link #write} runs its action under the write lock and refreshes the searcher
 * before returning, so a write is visible to every search that starts after it returns.
 * {@link #read} acquires a searcher for the action and releases it afterwards; any number run at
 * once, concurrently with a write.
 */
public final class IndexStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IndexStore.class);

    /** The on-disk format this library writes and reads; raise it when the document layout changes. */
    static final int FORMAT_VERSION = 1;
    public static final String KEY_FORMAT = "imageindex.format";
    static final String KEY_FIELDS = "imageindex.fields";
    static final String KEY_VECTORS = "imageindex.vectors";
    static final String KEY_MODEL = "imageindex.similarity_model";
    /**
     * The colour signature format the index's colour vectors and stored colour signatures were
     * extracted in ({@link ColorSignature#FORMAT_VERSION}). Commits before it was recorded hold
     * format 2, the last one without it.
     */
    public static final String KEY_COLOR = "imageindex.color_format";
    private static final String COLOR_FORMAT_UNRECORDED = "2";
    /** Prefix of the commit user data the organisation packages keep (collections, object hierarchy). */
    static final String KEY_ORGANISATION_PREFIX = "imageindex.org.";

    /**
     * Vectors of at least 128 dimensions are stored scalar-quantised (7 bits): 4x less memory for
     * the graph's vectors with recall loss that re-scoring on the float vectors absorbs at these
     * sizes (512-dimension similarity vectors). Shorter vectors (the 45-dimension colour vector)
     * stay float: the saving is small and quantisation error weighs more on few dimensions.
     */
    static final int QUANTIZE_MIN_DIMENSION = 128;

    private static final KnnVectorsFormat QUANTIZED = new Lucene99HnswScalarQuantizedVectorsFormat();
    private static final KnnVectorsFormat FLOAT = new Lucene99HnswVectorsFormat();

    private final Directory directory;
    /** Null when the index was opened read-only: nothing here writes, and no write lock is held. */
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Volatile with {@link #words} and {@link #similaritySpace}: a read-only {@link #refresh} replaces them from a newer commit. */
    private volatile Schema schema;
    /** The declared field types, for the schema a read-only {@link #refresh} rebuilds. */
    private final Map<String, FieldType> declaredTypes;
    /** The user data of the commit a read-only store shows (its words, space and schema come from it). */
    private volatile Map<String, String> shownCommit = Map.of();
    private final Map<String, Object> vectorConfig;
    private final String modelId;
    /** The similarity of each caller vector field, by signature name. */
    private final Map<String, org.imageindex.signatures.spi.VectorSimilarity> vectorSimilarities;
    private final ScheduledExecutorService committer;
    /**
     * Threads a search spreads its slices of segments over (Lucene's concurrent search): one
     * search at a time, the common case of an embedded index, then uses every core, not one.
     * Null when the index was opened with no search threads: searches run on their callers.
     */
    private final ExecutorService searchThreads;
    private final Map<String, String> organisation = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean organisationChanged;
    /** The visual words of the matching signature: set in {@link #open} (and a read-only {@link #refresh}). */
    private volatile MatchingWords words;
    /** The space of the similarity signature's HNSW field: set in {@link #open} (and a read-only {@link #refresh}). */
    private volatile SimilaritySpace similaritySpace;
    private volatile boolean closed;

    private IndexStore(Directory directory, IndexWriter writer, Schema schema, Map<String, Object> vectorConfig, String modelId,
                       Duration commitInterval, int searchThreadCount, Map<String, FieldType> declaredTypes,
                       Map<String, org.imageindex.signatures.spi.VectorSimilarity> vectorSimilarities) throws IOException {
        this.directory = directory;
        this.vectorSimilarities = vectorSimilarities;
        this.writer = writer;
        this.schema = schema;
        this.declaredTypes = declaredTypes;
        this.vectorConfig = vectorConfig;
        this.modelId = modelId;
        AtomicInteger threadNumber = new AtomicInteger();
        this.searchThreads = searchThreadCount == 0 ? null : Executors.newFixedThreadPool(searchThreadCount, r -> {
            Thread t = new Thread(r, "imageindex-search-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        SearcherFactory factory = new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                return new IndexSearcher(reader, searchThreads);
            }
        };
        try {
            // Read-only: a searcher over the latest commit, refreshed to newer commits on request.
            this.searchers = writer != null ? new SearcherManager(writer, factory) : new SearcherManager(directory, factory);
        } catch (IOException | RuntimeException e) {
            shutDownSearchThreads();
            throw e;
        }
        if (commitInterval.isZero() || writer == null) {
            this.committer = null;
        } else {
            this.committer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "imageindex-commit");
                t.setDaemon(true);
                return t;
            });
            long ms = commitInterval.toMillis();
            committer.scheduleWithFixedDelay(this::periodicCommit, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    private static Map<String, org.imageindex.signatures.spi.VectorSimilarity> similarities(StoreOptions options) {
        Map<String, org.imageindex.signatures.spi.VectorSimilarity> sims = new HashMap<>();
        options.extractor().vectorExtractors().forEach(v -> sims.put(v.name(), v.similarity()));
        return Map.copyOf(sims);
    }

    /** The similarity of each caller vector field, by signature name. */
    public Map<String, org.imageindex.signatures.spi.VectorSimilarity> vectorSimilarities() {
        return vectorSimilarities;
    }

    /** Rewrites a stored record from its state; the caller holds the write lock (runs in {@link #write}). */
    public void replace(IndexWriter writer, RecordState next) throws IOException {
        FieldTypes types = schema.with(next.attributes());
        writer.updateDocument(new org.apache.lucene.index.Term(org.imageindex.record.RecordFields.ID, next.id()),
                RecordDocuments.build(next, types, vectorSimilarities, words, similaritySpace));
        schema.commit(next.attributes());
    }

    /** Stops the search pool, if the index has one; running searches finish. */
    private void shutDownSearchThreads() {
        if (searchThreads != null) {
            searchThreads.shutdown();
        }
    }

    /**
     * Opens (creating if absent) the index in {@code directory}.
     *
     * @throws IncompatibleIndexException if the directory holds an index of another format or
     *                                    built with other signatures
     * @throws IOException                if the directory cannot be read or written
     */
    public static IndexStore open(Directory directory, StoreOptions options) throws IOException {
        return open(directory, options, false);
    }

    /**
     * Opens the index in {@code directory}; read-only, it opens no writer (so takes no write
     * lock, writes no file, and may run beside one writer in another process) and shows the
     * latest commit until {@link #refresh}.
     *
     * @throws IOException if read-only and the directory holds no index
     */
    public static IndexStore open(Directory directory, StoreOptions options, boolean readOnly) throws IOException {
        Map<String, FieldType> persistedTypes = Map.of();
        Map<String, String> organisation = new HashMap<>();
        Map<String, Object> vectors = new LinkedHashMap<>();
        String modelId = options.extractor().similarityExtractor().model().id();
        boolean exists = DirectoryReader.indexExists(directory);
        if (readOnly && !exists) {
            throw new IOException("no index in " + directory + " to open read-only; open it for writing once to create it");
        }
        Map<String, String> committed = Map.of();
        if (exists) {
            SegmentInfos latest = SegmentInfos.readLatestCommit(directory);
            Map<String, String> data = latest.getUserData();
            committed = data;
            String format = data.get(KEY_FORMAT);
            if (format == null) {
                throw new IncompatibleIndexException("directory " + directory + " holds a Lucene index that is not an imageindex"
                        + " index (no " + KEY_FORMAT + " in its commit data); this library writes format version " + FORMAT_VERSION);
            }
            if (!format.equals(Integer.toString(FORMAT_VERSION))) {
                throw new IncompatibleIndexException("index in " + directory + " has format version " + format
                        + ", this library reads format version " + FORMAT_VERSION);
            }
            persistedTypes = Schema.fromJson(data.getOrDefault(KEY_FIELDS, "{}"));
            data.forEach((k, v) -> {
                if (k.startsWith(KEY_ORGANISATION_PREFIX)) {
                    organisation.put(k, v);
                }
            });
            if (JsonValues.parse(data.getOrDefault(KEY_VECTORS, "{}")) instanceof Map<?, ?> m) {
                m.forEach((k, v) -> vectors.put((String) k, v));
            }
            String colorFormat = data.getOrDefault(KEY_COLOR, COLOR_FORMAT_UNRECORDED);
            // An empty index holds no colour vector to compare: any format may write its first.
            if (!colorFormat.equals(Byte.toString(ColorSignature.FORMAT_VERSION)) && latest.totalMaxDoc() > 0) {
                throw new IncompatibleIndexException("index in " + directory + " holds colour signatures of format " + colorFormat
                        + ", this library extracts format " + ColorSignature.FORMAT_VERSION + " (" + ColorExtractor.DIMENSION
                        + " dimensions, other pixel weighting); colour vectors of two formats cannot be compared, so index"
                        + " the images again into a new index (an export of this one holds format " + colorFormat
                        + " colour signatures too)");
            }
            String storedModel = data.get(KEY_MODEL);
            if (storedModel != null && !storedModel.equals(modelId)) {
                throw new IncompatibleIndexException("index in " + directory + " holds similarity signatures of model '"
                        + storedModel + "', the extractor uses model '" + modelId
                        + "'; signatures of two models cannot be compared, so open it with the same model");
            }
        }
        for (VectorExtractor v : options.extractor().vectorExtractors()) {
            Map<String, Object> mine = vectorDescription(v);
            Object theirs = vectors.get(v.name());
            if (theirs != null && !theirs.equals(mine)) {
                throw new IncompatibleIndexException("index in " + directory + " holds vector '" + v.name() + "' as " + theirs
                        + ", the extractor " + v.getClass().getName() + " produces " + mine);
            }
            vectors.put(v.name(), mine);
        }
        IndexWriter writer = null;
        if (!readOnly) {
            IndexWriterConfig config = new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCodec(codec(options))
                    .setCommitOnClose(false);
            writer = new IndexWriter(directory, config);
        }
        IndexStore store;
        try {
            store = new IndexStore(directory, writer, new Schema(options.declaredTypes(), persistedTypes), vectors, modelId,
                    options.commitInterval(), options.searchThreads(), options.declaredTypes(), similarities(options));
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                writer.close();
            }
            throw e;
        }
        store.organisation.putAll(organisation);
        store.shownCommit = committed;
        try {
            store.words = MatchingWords.open(directory, committed);
            store.similaritySpace = SimilaritySpace.open(directory, committed);
        } catch (IOException | RuntimeException e) {
            if (store.committer != null) {
                store.committer.shutdownNow();
            }
            store.shutDownSearchThreads();
            store.searchers.close();
            if (writer != null) {
                writer.close();
            }
            throw e;
        }
        if (!exists) {
            store.commit(); // an empty index is recognisable as ours from the start
        }
        return store;
    }

    public static Directory directory(java.nio.file.Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        return FSDirectory.open(dir);
    }

    /** The existing directory {@code dir}, not created: a read-only open writes nothing. */
    public static Directory existingDirectory(java.nio.file.Path dir) throws IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(dir.toString(), null, "no index folder to open read-only");
        }
        Directory d = FSDirectory.open(dir);
        if (!DirectoryReader.indexExists(d)) {
            d.close();
            throw new IOException("no index in " + dir + " to open read-only (the folder holds no commit);"
                    + " an index is created by opening it for writing (ImageIndex.open)");
        }
        return d;
    }

    public static Directory memory() {
        return new ByteBuffersDirectory();
    }

    private static Map<String, Object> vectorDescription(VectorExtractor v) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dimension", (long) v.dimension());
        d.put("similarity", v.similarity().name());
        d.put("version", v.version());
        return d;
    }

    private static Codec codec(StoreOptions options) {
        Map<String, KnnVectorsFormat> formats = new HashMap<>();
        formats.put(RecordDocuments.KNN_SIMILARITY, QUANTIZED);
        formats.put(RecordDocuments.KNN_COLOR, FLOAT);
        for (VectorExtractor v : options.extractor().vectorExtractors()) {
            formats.put(RecordDocuments.KNN_PREFIX + v.name(), v.dimension() >= QUANTIZE_MIN_DIMENSION ? QUANTIZED : FLOAT);
        }
        return new Lucene103Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return formats.getOrDefault(field, FLOAT);
            }
        };
    }

    public Schema schema() {
        return schema;
    }

    /** The visual words of the matching signature. */
    public MatchingWords words() {
        return words;
    }

    /** The space of the similarity signature's HNSW field. */
    public SimilaritySpace similaritySpace() {
        return similaritySpace;
    }

    /** The similarity model's id, which every stored similarity signature carries. */
    public String modelId() {
        return modelId;
    }

    /** The Lucene directory, for the files kept beside the index (fine-tuned vocabularies). */
    public Directory directory() {
        return directory;
    }

    /** A Lucene action on a searcher. */
    @FunctionalInterface
    public interface ReadAction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /** A Lucene action on the writer (and a searcher showing every write made before it). */
    @FunctionalInterface
    public interface WriteAction<T> {
        T apply(IndexWriter writer, IndexSearcher searcher) throws IOException;
    }

    /** Runs {@code action} on a current searcher. */
    public <T> T read(ReadAction<T> action) {
        ensureOpen();
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return action.apply(s);
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code action} under the write lock with a searcher that sees every earlier write, then
     * refreshes so the action's writes are visible to searches started after this returns.
     */
    public <T> T write(WriteAction<T> action) {
        writeLock.lock();
        try {
            ensureOpen();
            ensureWritable();
            // A write that failed half-way left documents unseen: show them now, so that this
            // write's searcher (and what fine-tuning re-encodes from it) is the whole index.
            searchers.maybeRefreshBlocking();
            IndexSearcher s = searchers.acquire();
            T result;
            try {
                result = action.apply(writer, s);
            } finally {
                searchers.release(s);
            }
            searchers.maybeRefreshBlocking();
            return result;
        } catch (IOException e) {
            IOException f = failure("writing to the index", e);
            throw new UncheckedIOException(f.getMessage(), f);
        } catch (org.apache.lucene.store.AlreadyClosedException e) {
            IOException f = failure("writing to the index", e);
            throw new UncheckedIOException(f.getMessage(), f);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Makes every write so far durable; on return a crash loses none of it. A failed commit
     * leaves the last successful one in place (or, if it failed after the new commit point was
     * written, that one): nothing committed before is lost.
     */
    public void commit() throws IOException {
        writeLock.lock();
        try {
            ensureOpen();
            try {
                ensureWritable();
                commitLocked();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (IOException | org.apache.lucene.store.AlreadyClosedException e) {
                throw failure("committing the index", e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * After a tragic exception (an I/O error while flushing or merging, a full disk) Lucene's
     * writer is closed for good. The index then refuses every write with one message, keeps
     * serving reads from what was last visible, and needs {@link #close()} and a new open, which
     * starts from the last commit.
     */
    public void ensureWritable() {
        if (writer == null) {
            throw new IllegalStateException("the index was opened read-only (ImageIndex.openReadOnly): it cannot be changed;"
                    + " open it with ImageIndex.open to write");
        }
        Throwable tragic = writer.getTragicException();
        if (tragic != null) {
            IOException e = tragicFailure(tragic);
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static IOException tragicFailure(Throwable tragic) {
        return new IOException("the index cannot be written any more: its Lucene writer failed on " + tragic
                + "; what was committed is safe, changes since the last commit are lost; close the index and open it again", tragic);
    }

    /** The exception to report for {@code e} raised while {@code doing}: the tragic one if the writer died of it. */
    private IOException failure(String doing, Exception e) {
        Throwable tragic = writer == null ? null : writer.getTragicException();
        if (tragic != null) {
            return tragicFailure(tragic);
        }
        return new IOException(doing + " failed: " + e.getMessage(), e);
    }

    private void commitLocked() throws IOException {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(KEY_FORMAT, Integer.toString(FORMAT_VERSION));
        data.put(KEY_FIELDS, Schema.toJson(schema.attributeTypes()));
        data.put(KEY_VECTORS, JsonValues.write(vectorConfig));
        data.put(KEY_MODEL, modelId);
        data.put(KEY_COLOR, Byte.toString(ColorSignature.FORMAT_VERSION));
        data.putAll(words.commitData());
        data.putAll(similaritySpace.commitData());
        data.putAll(organisation);
        writer.setLiveCommitData(data.entrySet());
        writer.commit();
        organisationChanged = false;
    }

    private void periodicCommit() {
        if (closed || writer.getTragicException() != null || (!writer.hasUncommittedChanges() && !organisationChanged)) {
            return;
        }
        try {
            commit();
        } catch (IOException | RuntimeException e) {
            if (!closed) { // a commit racing close() finds the index closed, which is no failure
                LOG.warn("periodic commit failed; changes stay uncommitted until the next commit", e);
            }
        }
    }

    /** Whether the store was opened read-only (no writer). */
    public boolean readOnly() {
        return writer == null;
    }

    /**
     * Read-only: shows the latest commit from now on (records, field types, fine-tuned words and
     * space). Searches already running finish on what they started with. A writable store shows
     * its own writes already and only refreshes its searcher.
     */
    public void refresh() throws IOException {
        ensureOpen();
        if (writer != null) {
            searchers.maybeRefreshBlocking();
            return;
        }
        synchronized (searchers) {
            searchers.maybeRefreshBlocking();
            IndexSearcher s = searchers.acquire();
            Map<String, String> data;
            try {
                data = ((DirectoryReader) s.getIndexReader()).getIndexCommit().getUserData();
            } finally {
                searchers.release(s);
            }
            if (data.equals(shownCommit)) {
                return;
            }
            schema = new Schema(declaredTypes, Schema.fromJson(data.getOrDefault(KEY_FIELDS, "{}")));
            words = MatchingWords.open(directory, data);
            similaritySpace = SimilaritySpace.open(directory, data);
            organisation.clear();
            data.forEach((k, v) -> {
                if (k.startsWith(KEY_ORGANISATION_PREFIX)) {
                    organisation.put(k, v);
                }
            });
            shownCommit = data;
        }
    }

    /** The organisation value under {@code key} (prefixed with {@link #KEY_ORGANISATION_PREFIX}), or null. */
    public String organisationData(String key) {
        return organisation.get(KEY_ORGANISATION_PREFIX + key);
    }

    /**
     * Sets an organisation value; it is committed with the next commit, atomically with the
     * documents. Call it inside {@link #write} so it is ordered with the record writes.
     */
    public void organisationData(String key, String value) {
        if (!writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("organisation data changes only under the write lock");
        }
        organisation.put(KEY_ORGANISATION_PREFIX + key, Objects.requireNonNull(value, "value"));
        organisationChanged = true;
    }

    /** Every record visible to searches: {@code query} minus deactivated records. */
    public static Query visible(Query query) {
        return new VisibleQuery(query);
    }

    /** Every record, deactivated ones included. */
    static Query all() {
        return new MatchAllDocsQuery();
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the index is closed");
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Commits, then releases everything; committed data is never lost. */
    @Override
    public void close() throws IOException {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            if (committer != null) {
                committer.shutdownNow();
            }
            if (writer == null) { // read-only: nothing to commit, no writer to close
                closed = true;
                try {
                    searchers.close();
                } finally {
                    shutDownSearchThreads();
                    directory.close();
                }
                return;
            }
            Throwable tragic = writer.getTragicException();
            if (tragic != null) {
                closed = true;
                try {
                    searchers.close();
                } finally {
                    shutDownSearchThreads();
                    directory.close(); // the writer closed itself on the tragic exception
                }
                throw tragicFailure(tragic);
            }
            try {
                commitLocked();
            } finally {
                closed = true;
                try {
                    searchers.close();
                } finally {
                    shutDownSearchThreads();
                    try {
                        writer.close();
                    } finally {
                        directory.close();
                    }
                }
            }
        } finally {
            writeLock.unlock();
        }
    }
}
