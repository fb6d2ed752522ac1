package org.imageindex;

import org.imageindex.embedded.EmbeddedBackend;
import org.imageindex.embedded.IndexStore;
import org.imageindex.embedded.StoreOptions;
import org.imageindex.spi.FineTuningJob;
import org.imageindex.spi.IndexBackend;
import org.imageindex.spi.IndexServices;
import org.imageindex.spi.RecordState;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.lucene.LuceneSyntaxParser;
import org.imageindex.query.mongo.MongoFilterParser;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.RecordFields;
import org.imageindex.record.RecordPage;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.record.RecordUpdate;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.signatures.decode.DecodeLimits;
import org.imageindex.signatures.hash.HashSignature;
import org.imageindex.signatures.spi.VectorExtractor;

/**
 * An image index in a local directory: records with their images' signatures and metadata,
 * stored in Lucene. The one way in to the library.
 *
 * {@snippet :
 * try (ImageIndex index = ImageIndex.open(Path.of("my-index"))) {
 *     BatchResult r = index.insert(List.of(
 *             ImageRecord.builder().id("1").source(ImageSource.file(Path.of("a.jpg"))).tags("cat").build()));
 *     index.commit();                                   // durable from here on
 *     long cats = index.count(MongoFilterParser.parse("{\"tags\": \"cat\"}"));
 *     RecordPage page = index.find("width:[1000 TO *]", QueryLanguage.LUCENE,
 *             Listing.of(List.of(SortKey.descending("created")), 0, 20), FieldSelection.ALL);
 * }
 * }
 *
 * <p><b>Threading.</b> Thread-safe. Any number of threads may read (get, find, count, export)
 * while others write; writes (insert, update, delete, ...) are serialised on one Lucene
 * {@code IndexWriter}. A write is visible to every read that starts after it returns
 * (near-real-time). Signature extraction of a batch runs on the index's own pool of
 * {@link Builder#extractionThreads} threads.
 *
 * <p><b>Durability.</b> A write is durable once {@link #commit()} returns after it (or the
 * periodic commit of {@link Builder#commitInterval} has run, or {@link #close()} has returned).
 * A crash at any moment loses at most the writes since the last commit; the index always reopens.
 *
 * <p><b>Visibility.</b> Deactivated (soft-deleted) records are hidden from find, count, random,
 * near-duplicate checks and export until {@link #restore restored}; {@link #get} still returns
 * them with {@code active() == false}.
 */
public final class ImageIndex implements AutoCloseable {

    /**
     * Every 30 seconds a change left uncommitted is committed: bounds what a crash can take from
     * a caller who never calls {@link #commit()}, while keeping fsyncs rare under steady writes.
     */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(30);

    /**
     * One extraction thread per core: extraction is CPU-bound (decoding, SURF, descriptors),
     * so more threads only add memory.
     */
    public static final int DEFAULT_EXTRACTION_THREADS = Runtime.getRuntime().availableProcessors();

    /**
     * One search thread per core: an idle machine answers one query on every core. Under many
     * concurrent searches the callers' own threads keep the cores busy anyway.
     */
    public static final int DEFAULT_SEARCH_THREADS = Runtime.getRuntime().availableProcessors();

    /**
     * 30 seconds for a URL's connection and again for its response: generous for large photos
     * on slow hosts, short enough that one dead host cannot stall a batch for long.
     */
    public static final Duration DEFAULT_URL_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Three redirects per image URL: enough for the usual http to https to CDN chains, few
     * enough that a redirect loop or a long chain costs little.
     */
    public static final int DEFAULT_MAX_REDIRECTS = 3;

    /**
     * Two records in flight per extraction thread: one being extracted, one finished and waiting
     * to be written, so threads never idle while the writer works; memory stays at a few images
     * per thread.
     */
    public static final int IN_FLIGHT_PER_THREAD = 2;

    /** A filter matching every record, for the methods that take one. */
    public static final Filter ALL_RECORDS = new Filter.MatchAll(org.imageindex.query.SourcePosition.jsonPointer(""));

    /** Where the records are stored and searched: the embedded Lucene directory unless another backend is given. */
    private final IndexBackend backend;
    private final Options options;
    private final ExecutorService pool;
    private final Ingest ingest;
    private final RecordExchange exchange;
    private final org.imageindex.collection.ImageCollections collections;
    private final org.imageindex.annotation.Annotations annotations;
    private final org.imageindex.matching.ImageMatcher matcher;

    /** Opens a backend with the services this index offers it (query images, fine-tuning handles). */
    @FunctionalInterface
    interface BackendOpener {
        IndexBackend open(IndexServices services) throws IOException;
    }

    private ImageIndex(Options options, BackendOpener opener) throws IOException {
        this.options = options;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(options.extractionThreads(), r -> {
            Thread t = new Thread(r, "imageindex-extract-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            this.backend = opener.open(new Services());
        } catch (IOException | RuntimeException e) {
            pool.shutdownNow();
            throw e;
        }
        this.ingest = new Ingest(backend, options, pool);
        this.exchange = new RecordExchange(this);
        OrganisationAccess access = new OrganisationAccess();
        this.annotations = new org.imageindex.annotation.Annotations(this, access);
        this.collections = new org.imageindex.collection.ImageCollections(this, access);
        this.matcher = new org.imageindex.matching.ImageMatcher(this, access);
    }

    /**
     * Opens the index in {@code dir} with the default options, creating it if absent.
     *
     * @throws IncompatibleIndexException if {@code dir} holds an index of another format version
     *                                    or built with other signatures
     * @throws IOException                if the directory cannot be read or written
     */
    public static ImageIndex open(Path dir) throws IOException {
        return builder().open(dir);
    }

    /**
     * Opens the existing index in {@code dir} read-only with the default options: it never
     * writes a file and takes no write lock, so any number of processes may read an index while
     * one writer changes it. It shows the latest commit at open; {@link #refresh()} shows newer
     * ones. Every write method (insert, update, delete, commit, fine-tuning, ...) throws
     * {@link IllegalStateException}.
     *
     * @throws IncompatibleIndexException if {@code dir} holds an index of another format version
     *                                    or built with other signatures
     * @throws IOException                if {@code dir} holds no index or cannot be read
     */
    public static ImageIndex openReadOnly(Path dir) throws IOException {
        return builder().openReadOnly(dir);
    }

    /**
     * Shows writes made since: a read-only index moves to the latest commit (another process's
     * committed writes); a writable index already shows its own writes, so this changes nothing.
     *
     * @throws IOException if the newer commit cannot be read
     */
    public void refresh() throws IOException {
        backend.refresh();
    }

    /** Whether this index was opened with {@link #openReadOnly}. */
    public boolean isReadOnly() {
        return backend.readOnly();
    }

    /** A new, empty index held in memory, for tests and throw-away work. */
    public static ImageIndex inMemory() {
        return builder().inMemory();
    }

    /** Options for opening an index; nothing happens until {@code open} or {@code inMemory}. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- writes -------------------------------------------------------------------------

    /** Inserts records; see {@link #insert(List, BatchProgress)}. */
    public BatchResult insert(List<ImageRecord> records) {
        return insert(records, BatchProgress.NONE);
    }

    /**
     * Inserts records, each getting a status (inserted, duplicate id, not an image, too large,
     * unreadable, invalid record, ...) with a reason; a bad record never aborts the batch.
     * Images are read and their signatures extracted in parallel, with at most
     * {@link Builder#maxInFlight} records in memory at once.
     */
    public BatchResult insert(List<ImageRecord> records, BatchProgress progress) {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(progress, "progress");
        return ingest.run(Ingest.items(records), -1, progress);
    }

    /** {@link #insertUnlessNearDuplicate(List, int, BatchProgress)} at {@link HashSignature#NEAR_DUPLICATE_RADIUS}. */
    public BatchResult insertUnlessNearDuplicate(List<ImageRecord> records) {
        return insertUnlessNearDuplicate(records, HashSignature.NEAR_DUPLICATE_RADIUS, BatchProgress.NONE);
    }

    /**
     * Inserts records whose perceptual hash lies farther than {@code radius} from every visible
     * record and from every record inserted earlier in the batch (Ximilar's nearDupsInsert). A
     * skipped record's status is {@link Code#NEAR_DUPLICATE} and names the records found.
     *
     * @throws IllegalArgumentException if radius is outside 0..64
     */
    public BatchResult insertUnlessNearDuplicate(List<ImageRecord> records, int radius, BatchProgress progress) {
        if (radius < 0 || radius > HashSignature.BITS) {
            throw new IllegalArgumentException("radius must be in 0.." + HashSignature.BITS + ", got: " + radius);
        }
        return ingest.run(Ingest.items(Objects.requireNonNull(records, "records")), radius, Objects.requireNonNull(progress, "progress"));
    }

    /**
     * Changes records' name, tags and attributes without reading their images again. A record
     * whose new attribute has a type other than its field's gets {@link Code#INVALID_RECORD}.
     */
    public BatchResult update(List<RecordUpdate> updates) {
        Objects.requireNonNull(updates, "updates");
        return backend.write(w -> {
            List<RecordStatus> out = new ArrayList<>();
            for (int i = 0; i < updates.size(); i++) {
                RecordUpdate u = updates.get(i);
                Optional<RecordState> current = w.load(u.id(), true);
                if (current.isEmpty()) {
                    out.add(RecordStatus.refused(i, u.id(), Code.NOT_FOUND, "no record with id '" + u.id() + "'"));
                    continue;
                }
                RecordState r = current.get();
                RecordState next;
                try {
                    next = r.withMetadata(u.clearName() ? null : u.name().orElse(r.name()), u.tags().orElse(r.tags()),
                            u.apply(r.attributes()), now());
                } catch (IllegalArgumentException e) {
                    out.add(RecordStatus.refused(i, u.id(), Code.INVALID_RECORD, e.getMessage()));
                    continue;
                }
                Optional<String> invalid = w.check(next.attributes());
                if (invalid.isPresent()) {
                    out.add(RecordStatus.refused(i, u.id(), Code.INVALID_RECORD, invalid.get()));
                    continue;
                }
                w.put(next, true);
                out.add(RecordStatus.ok(i, u.id(), Code.UPDATED));
            }
            return new BatchResult(out);
        });
    }

    /** Removes records for good (LTU's forced delete), active or not. */
    public BatchResult delete(List<String> ids) {
        Objects.requireNonNull(ids, "ids");
        return backend.write(w -> {
            List<RecordStatus> out = new ArrayList<>();
            Set<String> done = new HashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                if (done.contains(id) || !w.exists(id)) {
                    out.add(RecordStatus.refused(i, id, Code.NOT_FOUND, "no record with id '" + id + "'"));
                    continue;
                }
                w.delete(id);
                done.add(id);
                out.add(RecordStatus.ok(i, id, Code.DELETED));
            }
            return new BatchResult(out);
        });
    }

    /** Deactivates records (LTU's default delete): hidden from search and listings, restorable. */
    public BatchResult deactivate(List<String> ids) {
        return setActive(ids, false);
    }

    /** Makes deactivated records visible again. */
    public BatchResult restore(List<String> ids) {
        return setActive(ids, true);
    }

    private BatchResult setActive(List<String> ids, boolean active) {
        Objects.requireNonNull(ids, "ids");
        return backend.write(w -> {
            List<RecordStatus> out = new ArrayList<>();
            Map<String, RecordState> changed = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                RecordState r = changed.containsKey(id) ? changed.get(id) : w.load(id, true).orElse(null);
                if (r == null) {
                    out.add(RecordStatus.refused(i, id, Code.NOT_FOUND, "no record with id '" + id + "'"));
                } else if (r.active() == active) {
                    out.add(RecordStatus.ok(i, id, Code.UNCHANGED));
                } else {
                    RecordState next = r.withActive(active, now());
                    w.put(next, true);
                    changed.put(id, next);
                    out.add(RecordStatus.ok(i, id, active ? Code.RESTORED : Code.DEACTIVATED));
                }
            }
            return new BatchResult(out);
        });
    }

    /**
     * Removes for good every visible record {@code filter} matches (Ximilar's deleteByFilter).
     *
     * @return how many records were removed
     */
    public long deleteByFilter(Filter filter) {
        return backend.deleteVisible(filter);
    }

    /** {@link #deleteByFilter(Filter)} with the filter written in {@code language}. */
    public long deleteByFilter(String filter, QueryLanguage language) {
        return deleteByFilter(filter(filter, language));
    }

    /**
     * Makes every write so far durable: when this returns, a crash loses none of it.
     *
     * @throws IOException if the index cannot be written
     */
    public void commit() throws IOException {
        backend.commit();
    }

    /**
     * Commits and closes the index. Committed data is never lost, whatever happens here.
     *
     * @throws IOException if the final commit or closing the files fails
     */
    @Override
    public void close() throws IOException {
        try {
            backend.close();
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- reads --------------------------------------------------------------------------

    /**
     * The records with these ids that exist (deactivated ones included, with
     * {@code active() == false}), in the order of {@code ids}; ids not found are left out.
     */
    public List<StoredRecord> get(List<String> ids, FieldSelection fields) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(fields, "fields");
        return backend.get(ids, fields);
    }

    /** The record with this id, all parts but the signatures. */
    public Optional<StoredRecord> get(String id) {
        List<StoredRecord> r = get(List.of(id), FieldSelection.ALL);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** Visible records. */
    public long count() {
        return backend.count(ALL_RECORDS);
    }

    /** Visible records matching {@code filter}. */
    public long count(Filter filter) {
        return backend.count(filter);
    }

    /** {@link #count(Filter)} with the filter written in {@code language}. */
    public long count(String filter, QueryLanguage language) {
        return count(filter(filter, language));
    }

    /** Deactivated records. */
    public long countInactive() {
        return backend.countInactive();
    }

    /**
     * A page of the visible records matching {@code filter}, ordered and paged by {@code listing},
     * with the total (rokka's listing). Limit at most 2,000; offset + limit at most 10,000.
     *
     * @throws IllegalArgumentException if a sort field is unknown or the page is out of bounds
     */
    public RecordPage find(Filter filter, Listing listing, FieldSelection fields) {
        return backend.find(filter, listing, fields, ThreadLocalRandom.current().nextLong());
    }

    /** {@link #find(Filter, Listing, FieldSelection)} with the filter written in {@code language}. */
    public RecordPage find(String filter, QueryLanguage language, Listing listing, FieldSelection fields) {
        return find(filter(filter, language), listing, fields);
    }

    /** Up to {@code n} visible records matching {@code filter}, in random order (Ximilar's random). */
    public List<StoredRecord> random(int n, Filter filter, FieldSelection fields) {
        return random(n, filter, fields, ThreadLocalRandom.current().nextLong());
    }

    /** As {@link #random(int, Filter, FieldSelection)}, the same records for the same seed and index state. */
    public List<StoredRecord> random(int n, Filter filter, FieldSelection fields, long seed) {
        return backend.random(n, filter, fields, seed);
    }

    /**
     * Parses a filter written in {@code language} against the index's current field types
     * (Lucene syntax needs them to read typed values). For YAML, the rules' filter is returned,
     * with {@code has} resolved through the stored object hierarchy and dates read from
     * {@code created} ({@link org.imageindex.annotation.Annotations#parse}); for its ordering and paging use
     * {@link org.imageindex.annotation.Annotations#find(String, FieldSelection)}. For rokka's
     * parameters (<code>size=[30000,&#125;&amp;name=foo*</code>) the filters are read; their {@code sort} goes
     * through {@link org.imageindex.query.rokka.RokkaQueryParser#parseSort}.
     *
     * @throws org.imageindex.query.QueryException if the text is not a valid filter
     */
    public Filter filter(String text, QueryLanguage language) {
        Objects.requireNonNull(text, "text");
        return switch (Objects.requireNonNull(language, "language")) {
            case MONGO_JSON -> MongoFilterParser.parse(text);
            case YAML -> annotations.parse(text).filter();
            case LUCENE -> LuceneSyntaxParser.parse(text, fieldTypes());
            case ROKKA -> org.imageindex.query.rokka.RokkaQueryParser.parseFilter(text, fieldTypes());
        };
    }

    /** The built-in and attribute fields with their types, as filters see them. */
    public FieldTypes fieldTypes() {
        return backend.fieldTypes();
    }

    // ---- organisation and search by image -----------------------------------------------

    /** Simple (nested) and smart collections of this index (O1, O2; seeds 000 and 001). */
    public org.imageindex.collection.ImageCollections collections() {
        return collections;
    }

    /** Annotated regions, the object hierarchy and the YAML listing (O3; seed 002). */
    public org.imageindex.annotation.Annotations annotations() {
        return annotations;
    }

    /**
     * Starts fine-tuning in the background (one thread), or returns the one running: trains a
     * visual vocabulary on the index's own stored matching features and a whitening of its stored
     * similarity vectors (from 50 records on), re-encodes every record's visual words and vector
     * index entry from its stored signatures (no image is read again), then switches matching and
     * similarity searches to them atomically and commits; both are named in the commit data and
     * kept in the index directory. Searches keep working throughout; inserts wait while the
     * records are re-encoded. The similarity model itself is kept: retraining it needs the images'
     * pixels.
     */
    public FineTuning fineTune() {
        return ((Job) backend.fineTune()).tuning;
    }

    /** A backend's view of a {@link FineTuning}: the job reports to the handle callers hold. */
    private static final class Job implements FineTuningJob {
        private final FineTuning tuning = new FineTuning();

        @Override
        public double progress() {
            return tuning.progress();
        }

        @Override
        public void progress(double fraction) {
            tuning.progress(fraction);
        }

        @Override
        public boolean isDone() {
            return tuning.isDone();
        }

        @Override
        public boolean cancel() {
            return tuning.cancel();
        }

        @Override
        public boolean cancelRequested() {
            return tuning.cancelRequested();
        }

        @Override
        public void gain(FineTuningGain gain) {
            tuning.gain(gain);
        }

        @Override
        public void succeed(String vocabularyId) {
            tuning.succeed(vocabularyId);
        }

        @Override
        public void fail(Throwable t) {
            tuning.fail(t);
        }
    }

    /**
     * Writes the fine-tuning in use (visual vocabulary, similarity whitening, the similarity
     * model they belong to and when they were trained) so that {@link #importFineTuning} gives
     * another index built from the same records the same searches without training again. An
     * index never fine-tuned writes the shipped vocabulary and no whitening.
     *
     * @throws IOException if writing fails
     */
    public void exportFineTuning(java.io.OutputStream out) throws IOException {
        backend.exportFineTuning(Objects.requireNonNull(out, "out"));
    }

    /**
     * Switches this index to a fine-tuning written by {@link #exportFineTuning}: every record is
     * re-encoded from its stored signatures, as {@link #fineTune()} does, and the index committed.
     * Import the records first; the fine-tuning then counts them as trained on.
     *
     * @throws IOException              if reading or writing the index fails
     * @throws IllegalArgumentException if the data is damaged, of another format version, or made
     *                                  for another similarity model
     * @throws IllegalStateException    if a fine-tuning is running
     */
    public void importFineTuning(java.io.InputStream in) throws IOException {
        backend.importFineTuning(Objects.requireNonNull(in, "in"));
    }

    /** Records, whether fine-tuning is advised ({@link FineTuningInfo} gives the rule), when, and progress. */
    public FineTuningInfo fineTuningInfo() {
        return backend.fineTuningInfo(count());
    }

    /** Search by image with geometric verification and verdicts (seed 000). */
    public org.imageindex.matching.ImageMatcher matcher() {
        return matcher;
    }

    // ---- similarity, colour and near-duplicate search; listings (Q1, Q3, Q4, Q5) -----------

    /**
     * The k nearest visible records to a query by a vector signature (Ximilar's visualKNN and
     * its multi-image and tag variants); see {@link org.imageindex.search.KnnRequest}.
     *
     * @throws IllegalArgumentException if the signature is unknown, a query id names no visible
     *                                  record, a query image is unreadable or a vector is invalid
     */
    public org.imageindex.search.SearchResult search(org.imageindex.search.KnnRequest request) {
        return backend.knn(Objects.requireNonNull(request, "request"));
    }

    /**
     * Every visible record within a distance of a query (Ximilar's range).
     *
     * @throws IllegalArgumentException as {@link #search}
     */
    public org.imageindex.search.SearchResult range(org.imageindex.search.RangeRequest request) {
        return backend.range(Objects.requireNonNull(request, "request"));
    }

    /**
     * The visible records whose perceptual hash lies within a Hamming radius of a query's
     * (Ximilar's nearDuplicates).
     *
     * @throws IllegalArgumentException if a query id names no visible record or a query image is unreadable
     */
    public org.imageindex.search.SearchResult nearDuplicates(org.imageindex.search.NearDuplicateRequest request) {
        return backend.nearDuplicates(Objects.requireNonNull(request, "request"));
    }

    /**
     * Every pair of visible records matching {@code filter} whose hashes lie within {@code radius}
     * (Ximilar's allNearDupPairs), with the groups they form.
     *
     * @throws IllegalArgumentException if radius is outside 0..64
     */
    public org.imageindex.search.NearDuplicatePairs nearDuplicatePairs(int radius, Filter filter) {
        return backend.nearDuplicatePairs(radius, Objects.requireNonNull(filter, "filter"));
    }

    /**
     * A page of visible records by metadata, sorted, with the total and offset or cursor paging
     * (rokka's listing); see {@link org.imageindex.search.ListingRequest}.
     *
     * @throws IllegalArgumentException if a sort field is unknown or the cursor is not valid for the request
     */
    public org.imageindex.search.ListingPage list(org.imageindex.search.ListingRequest request) {
        return backend.list(Objects.requireNonNull(request, "request"));
    }

    // ---- export and import --------------------------------------------------------------

    /**
     * Writes the visible records matching {@code filter} as JSON Lines, one record per line with
     * the selected parts; see docs/architecture.md for the line format.
     *
     * @return how many records were written
     * @throws IOException if writing fails
     */
    public long exportJsonLines(Writer out, Filter filter, FieldSelection fields) throws IOException {
        return exchange.exportJsonLines(out, filter, fields);
    }

    /**
     * Inserts the records of a JSON Lines export. Lines carrying signatures (exported with
     * {@link FieldSelection#ALL_WITH_SIGNATURES}) are stored as they are, without their images;
     * other lines are read again from their {@code origin} (file path or URL). Each line gets a
     * status; a bad line never aborts the import. A stored id is skipped, and a local origin is
     * never read: {@link #importJsonLines(Reader, org.imageindex.record.ImportOptions, BatchProgress)}
     * replaces stored ids or allows a folder of origins. The input is read and written a thousand lines
     * at a time, so an export of any size imports in bounded memory; {@code progress}'s total is
     * the number of lines read so far, and reaches the whole count with the last chunk.
     *
     * @throws IOException if reading fails
     */
    public BatchResult importJsonLines(Reader in, BatchProgress progress) throws IOException {
        return importJsonLines(in, org.imageindex.record.ImportOptions.DEFAULT, progress);
    }

    /**
     * Inserts the records of a JSON Lines export as {@link #importJsonLines(Reader, BatchProgress)}
     * does, with {@code options} saying what a stored id gets (skipped or replaced) and from which
     * folder, if any, lines without usable signatures may have their {@code origin} file read.
     * Nothing in the file is trusted: a local origin outside that folder is refused unread, a
     * field of the wrong type is refused naming the field and the type expected, and every
     * refusal's reason starts with its line number (blank lines counted).
     *
     * @throws IOException if reading fails
     * @throws IllegalArgumentException if the origin folder does not exist
     */
    public BatchResult importJsonLines(Reader in, org.imageindex.record.ImportOptions options, BatchProgress progress)
            throws IOException {
        backend.ensureWritable(); // before a line is read: a read-only index takes no import
        return exchange.importJsonLines(in, options, progress);
    }

    /**
     * Writes the visible records matching {@code filter} as CSV: {@code id,origin,name,tags} and one
     * column per attribute path given; tags and list values are joined with {@code |}.
     *
     * @return how many records were written
     * @throws IOException if writing fails
     */
    public long exportCsv(Writer out, Filter filter, List<String> attributeColumns) throws IOException {
        return exchange.exportCsv(out, filter, attributeColumns);
    }

    /**
     * Makes the visible records matching {@code scope} exactly the CSV's rows (seed 001's content
     * replacement): rows whose id is stored get their name, tags and columns' attributes replaced
     * (without reading the image); new ids are inserted from their {@code origin} (file or URL);
     * records in scope absent from the CSV are deleted. Statuses follow the CSV's rows, then one
     * {@link Code#DELETED} per removed record.
     *
     * @throws IOException if reading fails
     * @throws IllegalArgumentException if the CSV has no {@code id} column
     */
    public BatchResult replaceFromCsv(Reader in, Filter scope, BatchProgress progress) throws IOException {
        return exchange.replaceFromCsv(in, scope, progress);
    }

    // ---- for the classes of this package ------------------------------------------------

    /** The embedded store, for the tests of this package; fails on another backend. */
    org.imageindex.embedded.FineTuner fineTuner() {
        return ((EmbeddedBackend) backend).fineTuner();
    }

    IndexStore store() {
        return ((EmbeddedBackend) backend).store();
    }

    IndexBackend backend() {
        return backend;
    }

    Ingest ingest() {
        return ingest;
    }

    Options options() {
        return options;
    }

    private static Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }

    /** What the backend needs of the index above the boundary; one-line delegations. */
    private final class Services implements IndexServices {
        @Override
        public org.imageindex.signatures.QueryImage queryOf(org.imageindex.record.ImageSource source) {
            return ingest.queryOf(source);
        }

        @Override
        public FineTuningJob newFineTuningJob() {
            return new Job();
        }
    }

    /** What the organisation views and the matcher need beyond the public API; one-line delegations. */
    private final class OrganisationAccess implements org.imageindex.collection.IndexAccess {
        @Override
        public Optional<String> organisationData(String key) {
            return backend.organisationData(key);
        }

        @Override
        public void organisationData(String key, String value) {
            backend.organisationData(key, value);
        }

        @Override
        public <T> T exclusively(java.util.function.Supplier<T> action) {
            return backend.write(w -> action.get());
        }

        @Override
        public org.imageindex.signatures.QueryImage queryImage(org.imageindex.record.ImageSource source) {
            return ingest.queryOf(Objects.requireNonNull(source, "source"));
        }

        @Override
        public List<String> nearestBySimilarity(float[] vector, int k, Filter filter) {
            return backend.nearestBySimilarity(vector, k, filter);
        }

        @Override
        public List<String> nearestByWords(org.imageindex.signatures.matching.MatchingFeatures features, int k, Filter filter) {
            return backend.nearestByWords(features, k, filter);
        }

        @Override
        public List<String> withinHashRadius(long bits, int radius, Filter filter) {
            return backend.withinHashRadius(bits, radius, filter);
        }

        @Override
        public List<String> idsMatching(Filter filter) {
            return backend.idsMatching(filter);
        }
    }

    /** The validated options an index was opened with. */
    record Options(SignatureExtractor extractor, Duration commitInterval, int extractionThreads, int searchThreads, int maxInFlight,
                   DecodeLimits decodeLimits, Duration urlTimeout, Map<String, FieldType> declaredTypes,
                   ImageLoader.Policy sources) {

        /** The part of these options the store reads. */
        StoreOptions store() {
            return new StoreOptions(extractor, commitInterval, searchThreads, declaredTypes);
        }
    }

    /** Chooses an index's options; every option has a documented default. Not thread-safe. */
    public static final class Builder {
        private SignatureExtractor extractor = SignatureExtractor.standard();
        private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
        private int extractionThreads = DEFAULT_EXTRACTION_THREADS;
        private int searchThreads = DEFAULT_SEARCH_THREADS;
        private int maxInFlight = -1;
        private DecodeLimits decodeLimits = DecodeLimits.DEFAULT;
        private Duration urlTimeout = DEFAULT_URL_TIMEOUT;
        private final Map<String, FieldType> declared = new LinkedHashMap<>();
        private boolean allowPrivateNetworks;
        private int maxRedirects = DEFAULT_MAX_REDIRECTS;
        private List<Path> fileRoots = List.of();
        private Set<java.net.InetAddress> treatedAsPublic = Set.of();
        /** Wraps the Lucene directory; tests inject storage faults through it. */
        private EmbeddedBackend.DirectoryWrapper directoryWrapper = d -> d;

        private Builder() {
        }

        /**
         * The signature extractor, with the caller's vector extractors added to it; by default
         * {@link SignatureExtractor#standard()}.
         *
         * @throws IllegalArgumentException if a vector extractor's dimension exceeds what Lucene's
         *                                  HNSW fields hold (1,024)
         */
        public Builder extractor(SignatureExtractor extractor) {
            Objects.requireNonNull(extractor, "extractor");
            for (VectorExtractor v : extractor.vectorExtractors()) {
                if (v.dimension() > EmbeddedBackend.MAX_VECTOR_DIMENSION) {
                    throw new IllegalArgumentException("vector extractor '" + v.name() + "' dimension must be <= "
                            + EmbeddedBackend.MAX_VECTOR_DIMENSION + ", got: " + v.dimension());
                }
            }
            this.extractor = extractor;
            return this;
        }

        /**
         * How often uncommitted changes are committed in the background; {@link Duration#ZERO}
         * switches the periodic commit off. Default {@link #DEFAULT_COMMIT_INTERVAL}.
         *
         * @throws IllegalArgumentException if negative, or positive but under one millisecond
         */
        public Builder commitInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || (!interval.isZero() && interval.toMillis() < 1)) {
                throw new IllegalArgumentException("commitInterval must be zero (off) or >= 1 ms, got: " + interval);
            }
            this.commitInterval = interval;
            return this;
        }

        /**
         * Threads extracting signatures during inserts. Default {@link #DEFAULT_EXTRACTION_THREADS}.
         *
         * @throws IllegalArgumentException if below 1
         */
        public Builder extractionThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("extractionThreads must be >= 1, got: " + threads);
            }
            this.extractionThreads = threads;
            return this;
        }

        /**
         * Threads of the index's search pool, over which one search spreads its slices of the
         * index. Default {@link #DEFAULT_SEARCH_THREADS}; 0 runs every search on its caller's
         * thread alone, for applications that already run many searches side by side and want
         * no threads the index starts itself.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder searchThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("searchThreads must be >= 0 (0: on the caller's thread), got: " + threads);
            }
            this.searchThreads = threads;
            return this;
        }

        /**
         * Most records of a batch between "submitted for extraction" and "written", which bounds
         * a batch's memory. Default {@link #IN_FLIGHT_PER_THREAD} per extraction thread.
         *
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxInFlight(int records) {
            if (records < 1) {
                throw new IllegalArgumentException("maxInFlight must be >= 1, got: " + records);
            }
            this.maxInFlight = records;
            return this;
        }

        /** Byte and pixel limits for images; default {@link DecodeLimits#DEFAULT}. */
        public Builder decodeLimits(DecodeLimits limits) {
            this.decodeLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Timeout for connecting to and for reading from an image URL. Default {@link #DEFAULT_URL_TIMEOUT}.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder urlTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("urlTimeout must be positive, got: " + timeout);
            }
            this.urlTimeout = timeout;
            return this;
        }

        /**
         * Whether image URLs may point at loopback, private (site-local), link-local, any-local,
         * multicast, carrier-grade NAT or unique-local IPv6 addresses, for the URL itself and every
         * redirect. Default false: a record's URL, often typed by a user, must not reach services
         * on the host or its private network. Every address a host resolves to is checked; see
         * docs/reliability.md for the DNS-rebinding caveat.
         */
        public Builder allowPrivateNetworks(boolean allow) {
            this.allowPrivateNetworks = allow;
            return this;
        }

        /**
         * Most HTTP redirects followed for one image URL; each target is checked like the URL
         * itself (http or https only, addresses as {@link #allowPrivateNetworks}). Default
         * {@link #DEFAULT_MAX_REDIRECTS}; 0 refuses every redirect.
         *
         * @throws IllegalArgumentException if negative or above 20
         */
        public Builder maxRedirects(int redirects) {
            if (redirects < 0 || redirects > 20) {
                throw new IllegalArgumentException("maxRedirects must be in 0..20, got: " + redirects);
            }
            this.maxRedirects = redirects;
            return this;
        }

        /**
         * Directories that file sources ({@code ImageSource.file}) must lie under: a path with a
         * {@code ..} element, or whose real path (symbolic links resolved) is outside every root,
         * gets {@link Code#SOURCE_UNAVAILABLE} with a reason starting "refused". Default: none,
         * meaning any path is read, since the embedding application chooses the paths; set roots
         * when paths come from users.
         *
         * @throws IllegalArgumentException if no root is given
         */
        public Builder fileRoots(List<Path> roots) {
            Objects.requireNonNull(roots, "roots");
            if (roots.isEmpty()) {
                throw new IllegalArgumentException("fileRoots must name at least one directory, got: []");
            }
            roots.forEach(r -> Objects.requireNonNull(r, "fileRoots element"));
            this.fileRoots = List.copyOf(roots);
            return this;
        }

        /** Package-private hook: addresses judged public by the URL check (tests play a public server on 127.0.0.1). */
        Builder treatedAsPublic(Set<java.net.InetAddress> addresses) {
            this.treatedAsPublic = Set.copyOf(addresses);
            return this;
        }

        /** Package-private hook: wraps the Lucene directory an index opens (fault injection in tests). */
        Builder directoryWrapper(EmbeddedBackend.DirectoryWrapper wrapper) {
            this.directoryWrapper = Objects.requireNonNull(wrapper, "wrapper");
            return this;
        }

        /**
         * Fixes an attribute path's type before its first value is seen, e.g. {@code TEXT} for a
         * description that filters should search by word. Has no effect on a path the index
         * already holds.
         *
         * @throws IllegalArgumentException if the path is not a valid attribute path
         */
        public Builder fieldType(String path, FieldType type) {
            org.imageindex.record.Attributes.of(path, "x"); // validates the path
            declared.put(path, Objects.requireNonNull(type, "type"));
            return this;
        }

        private Options options() {
            int inFlight = maxInFlight > 0 ? maxInFlight : extractionThreads * IN_FLIGHT_PER_THREAD;
            return new Options(extractor, commitInterval, extractionThreads, searchThreads, inFlight, decodeLimits, urlTimeout,
                    Map.copyOf(declared),
                    new ImageLoader.Policy(allowPrivateNetworks, maxRedirects, fileRoots, treatedAsPublic));
        }

        /**
         * Opens (creating if absent) the index in {@code dir}.
         *
         * @throws IncompatibleIndexException if {@code dir} holds an index of another format
         *                                    version or built with other signatures
         * @throws IOException                if the directory cannot be read or written
         */
        public ImageIndex open(Path dir) throws IOException {
            Objects.requireNonNull(dir, "dir");
            Options o = options();
            return new ImageIndex(o, services -> EmbeddedBackend.open(dir, false, o.store(), directoryWrapper, services));
        }

        /**
         * Opens the existing index in {@code dir} read-only; see {@link ImageIndex#openReadOnly}.
         * The commit interval does not apply (nothing is committed).
         *
         * @throws IncompatibleIndexException if {@code dir} holds an index of another format
         *                                    version or built with other signatures
         * @throws IOException                if {@code dir} holds no index or cannot be read
         */
        public ImageIndex openReadOnly(Path dir) throws IOException {
            Objects.requireNonNull(dir, "dir");
            Options o = options();
            return new ImageIndex(o, services -> EmbeddedBackend.open(dir, true, o.store(), directoryWrapper, services));
        }

        /**
         * Opens (creating when absent) the index {@link ClusterConfig#indexName()} on an
         * OpenSearch cluster; every method of {@code ImageIndex} then works on the cluster, with
         * the differences docs/cluster.md lists (fine-tuning is embedded-only). Images are read
         * and their signatures extracted here, in this JVM, with this builder's options. Needs
         * the module {@code imageindex-cluster} on the class path.
         *
         * @throws IllegalStateException        if the cluster module is not on the class path, or
         *                                      the index exists with another layout
         * @throws java.io.UncheckedIOException if the cluster does not answer within the config's timeout
         */
        public ImageIndex cluster(ClusterConfig config) {
            Objects.requireNonNull(config, "config");
            Options o = options();
            org.imageindex.spi.ClusterBackendProvider provider = java.util.ServiceLoader
                    .load(org.imageindex.spi.ClusterBackendProvider.class, ImageIndex.class.getClassLoader()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("an index on a cluster needs the module "
                            + "org.imageindex:imageindex-cluster on the class path (it registers "
                            + org.imageindex.spi.ClusterBackendProvider.class.getName() + "); add it as a dependency"));
            try {
                return new ImageIndex(o, services -> provider.open(config, o.extractor(), o.declaredTypes(), services));
            } catch (IOException e) {
                throw new UncheckedIOException("opening index '" + config.indexName() + "' on " + config.nodes() + " failed", e);
            }
        }

        /** A new, empty index held in memory. */
        public ImageIndex inMemory() {
            Options o = options();
            try {
                return new ImageIndex(o, services -> EmbeddedBackend.inMemory(o.store(), services));
            } catch (IOException e) {
                throw new UncheckedIOException("an in-memory index cannot fail to open", e);
            }
        }
    }
}
