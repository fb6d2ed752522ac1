package org.imageindex.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.Directory;
import org.imageindex.FineTuningInfo;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.query.compile.FilterCompiler;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;
import org.imageindex.record.Attributes;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordFields;
import org.imageindex.record.RecordPage;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.StoredRecord;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.ListingPage;
import org.imageindex.search.ListingRequest;
import org.imageindex.search.NearDuplicatePairs;
import org.imageindex.search.NearDuplicateRequest;
import org.imageindex.search.RangeRequest;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.imageindex.signatures.QueryImage;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.signatures.matching.MatchingFeatures;
import org.imageindex.spi.FineTuningJob;
import org.imageindex.spi.IndexBackend;
import org.imageindex.spi.IndexServices;
import org.imageindex.spi.RecordState;

/**
 * The default backend: an index in one Lucene directory of this JVM. Every method is a short
 * delegation to the store, the listing and the searches of this package, making the same Lucene
 * calls {@code ImageIndex} made before the boundary existed.
 */
public final class EmbeddedBackend implements IndexBackend {

    /** The most dimensions a vector signature may have: what Lucene's HNSW fields hold (1,024). */
    public static final int MAX_VECTOR_DIMENSION = KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS;

    /** Wraps the directory an index opens; tests inject storage faults through it. */
    @FunctionalInterface
    public interface DirectoryWrapper {
        /** The directory to use instead of {@code directory}. */
        Directory wrap(Directory directory);
    }

    private final IndexStore store;
    private final StoreOptions options;
    private final IndexServices services;
    private final Set<String> vectorNames;
    private final RecordListing listing;
    private final FineTuner fineTuner;
    private final Searchable searchable = new Searchable();

    private EmbeddedBackend(IndexStore store, StoreOptions options, IndexServices services) {
        this.store = store;
        this.options = options;
        this.services = services;
        Set<String> names = new HashSet<>();
        options.extractor().vectorExtractors().forEach(v -> names.add(v.name()));
        this.vectorNames = Set.copyOf(names);
        this.listing = new RecordListing(store, vectorNames);
        this.fineTuner = new FineTuner(store, vectorNames, services::newFineTuningJob);
    }

    /**
     * Opens (creating if absent, unless {@code readOnly}) the index in {@code dir}.
     *
     * @throws org.imageindex.IncompatibleIndexException if {@code dir} holds an index of another
     *                                                   format version or built with other signatures
     * @throws IOException                               if the directory cannot be read or written
     */
    public static EmbeddedBackend open(Path dir, boolean readOnly, StoreOptions options, DirectoryWrapper wrapper,
                                       IndexServices services) throws IOException {
        Directory d = wrapper.wrap(readOnly ? IndexStore.existingDirectory(dir) : IndexStore.directory(dir));
        try {
            return new EmbeddedBackend(IndexStore.open(d, options, readOnly), options, services);
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /** A new, empty index held in memory. */
    public static EmbeddedBackend inMemory(StoreOptions options, IndexServices services) {
        try {
            return new EmbeddedBackend(IndexStore.open(IndexStore.memory(), options), options, services);
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory index cannot fail to open", e);
        }
    }

    /** The fine-tuning runner, for tests of the switch ({@link FineTuner#adoptWithoutGain}). */
    public FineTuner fineTuner() {
        return fineTuner;
    }

    /** The store, for the tests of the library's own packages. */
    public IndexStore store() {
        return store;
    }

    // ---- state and lifecycle ------------------------------------------------------------

    @Override
    public boolean readOnly() {
        return store.readOnly();
    }

    @Override
    public void ensureWritable() {
        store.ensureWritable();
    }

    @Override
    public FieldTypes fieldTypes() {
        return store.schema().types();
    }

    @Override
    public Map<String, FieldType> attributeTypes() {
        return store.schema().attributeTypes();
    }

    @Override
    public void commit() throws IOException {
        store.commit();
    }

    @Override
    public void refresh() throws IOException {
        store.refresh();
    }

    @Override
    public void close() throws IOException {
        fineTuner.close();
        store.close();
    }

    // ---- writes -------------------------------------------------------------------------

    @Override
    public <T> T write(Write<T> action) {
        return store.write((writer, searcher) -> action.apply(new LuceneWrites(writer, searcher)));
    }

    /** The writes of one action: its writer and the searcher the action started with. */
    private final class LuceneWrites implements Writes {
        private final IndexWriter writer;
        private final IndexSearcher searcher;

        LuceneWrites(IndexWriter writer, IndexSearcher searcher) {
            this.writer = writer;
            this.searcher = searcher;
        }

        @Override
        public Optional<RecordState> load(String id, boolean signatures) throws IOException {
            return EmbeddedBackend.this.load(searcher, id, signatures);
        }

        @Override
        public boolean exists(String id) throws IOException {
            return DocLookup.byId(searcher, id) >= 0;
        }

        @Override
        public Optional<String> check(Attributes attributes) {
            return store.schema().check(attributes);
        }

        @Override
        public void put(RecordState record, boolean replace) throws IOException {
            FieldTypes types = store.schema().with(record.attributes());
            Document doc = RecordDocuments.build(record, types, store.vectorSimilarities(), store.words(), store.similaritySpace());
            if (replace) {
                writer.updateDocument(new Term(RecordFields.ID, record.id()), doc);
            } else {
                writer.addDocument(doc);
            }
            store.schema().commit(record.attributes());
        }

        @Override
        public void delete(String id) throws IOException {
            writer.deleteDocuments(new Term(RecordFields.ID, id));
        }

        @Override
        public List<RecordStatus.Duplicate> withinHashRadius(long bits, int radius) throws IOException {
            return DocLookup.withinRadius(searcher, bits, radius);
        }
    }

    @Override
    public long deleteVisible(Filter filter) {
        Query q = listing.visibleQuery(filter);
        return store.write((writer, searcher) -> {
            long n = searcher.count(q);
            writer.deleteDocuments(q);
            return n;
        });
    }

    // ---- reads --------------------------------------------------------------------------

    @Override
    public Set<String> storedIds(Collection<String> ids) {
        return store.read(s -> {
            Set<String> found = new HashSet<>();
            for (String id : ids) {
                if (id != null && DocLookup.byId(s, id) >= 0) {
                    found.add(id);
                }
            }
            return found;
        });
    }

    @Override
    public List<StoredRecord> get(List<String> ids, FieldSelection fields) {
        boolean sigs = fields.includes(FieldSelection.SIGNATURES);
        return store.read(s -> {
            List<StoredRecord> out = new ArrayList<>();
            for (String id : ids) {
                load(s, id, sigs).ifPresent(r -> out.add(r.view(fields)));
            }
            return out;
        });
    }

    private Optional<RecordState> load(IndexSearcher s, String id, boolean signatures) throws IOException {
        int doc = DocLookup.byId(s, id);
        if (doc < 0) {
            return Optional.empty();
        }
        return Optional.of(RecordDocuments.read(s.storedFields(), doc, signatures, vectorNames));
    }

    @Override
    public long count(Filter filter) {
        return listing.count(filter);
    }

    @Override
    public long countInactive() {
        return store.read(s -> (long) s.count(new TermQuery(new Term(RecordDocuments.INACTIVE, RecordDocuments.INACTIVE_VALUE))));
    }

    @Override
    public RecordPage find(Filter filter, Listing page, FieldSelection fields, long seed) {
        return listing.find(filter, page, fields, seed);
    }

    @Override
    public List<StoredRecord> random(int n, Filter filter, FieldSelection fields, long seed) {
        return listing.random(n, filter, fields, seed);
    }

    @Override
    public void forEachVisible(Filter filter, FieldSelection fields, RecordSink sink) throws IOException {
        Query q = listing.visibleQuery(filter);
        boolean sigs = fields.includes(FieldSelection.SIGNATURES);
        try {
            store.read(s -> {
                StoredFields stored = s.storedFields();
                DocLookup.forEach(s, q, (leaf, doc) ->
                        sink.accept(RecordDocuments.read(stored, leaf.docBase + doc, sigs, vectorNames).view(fields)));
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public SearchResult knn(KnnRequest request) {
        return searchable.knn(request);
    }

    @Override
    public SearchResult range(RangeRequest request) {
        return searchable.range(request);
    }

    @Override
    public SearchResult nearDuplicates(NearDuplicateRequest request) {
        return searchable.nearDuplicates(request);
    }

    @Override
    public NearDuplicatePairs nearDuplicatePairs(int radius, Filter filter) {
        return searchable.nearDuplicatePairs(radius, filter);
    }

    @Override
    public ListingPage list(ListingRequest request) {
        return searchable.list(request);
    }

    // ---- candidates -----------------------------------------------------------------------

    @Override
    public List<String> idsMatching(Filter filter) {
        Query q = FilterCompiler.of(store.schema().types()).compile(filter);
        return store.read(s -> DocLookup.ids(s, q));
    }

    @Override
    public List<String> nearestBySimilarity(float[] vector, int k, Filter filter) {
        Query q = listing.visibleQuery(filter);
        return store.read(s -> DocLookup.nearestBySimilarity(s, store.similaritySpace().query(s, vector), k, q));
    }

    @Override
    public List<String> nearestByWords(MatchingFeatures features, int k, Filter filter) {
        Query words = store.words().query(features); // before the searcher is acquired: MatchingWords says why
        Query q = listing.visibleQuery(filter);
        return store.read(s -> MatchingWords.top(s, words, q, k));
    }

    @Override
    public List<String> withinHashRadius(long bits, int radius, Filter filter) {
        Query q = listing.visibleQuery(filter);
        return store.read(s -> DocLookup.withinRadius(s, bits, radius, q).stream().map(RecordStatus.Duplicate::id).toList());
    }

    @Override
    public Optional<String> organisationData(String key) {
        return Optional.ofNullable(store.organisationData(key));
    }

    @Override
    public void organisationData(String key, String value) {
        store.organisationData(key, value);
    }

    // ---- fine-tuning ----------------------------------------------------------------------

    @Override
    public FineTuningJob fineTune() {
        return fineTuner.start();
    }

    @Override
    public FineTuningInfo fineTuningInfo(long visibleRecords) {
        return fineTuner.info(visibleRecords);
    }

    @Override
    public void exportFineTuning(OutputStream out) throws IOException {
        fineTuner.export(out);
    }

    @Override
    public void importFineTuning(InputStream in) throws IOException {
        fineTuner.install(in);
    }

    /** The storage the searches of this package run on; one-line delegations. */
    private final class Searchable extends SearchableIndex {
        @Override
        protected <T> T read(Read<T> action) {
            return store.read(action::apply);
        }

        @Override
        protected Query visibleQuery(Filter filter) {
            return listing.visibleQuery(filter);
        }

        @Override
        protected int visibleDoc(IndexSearcher s, String id) throws IOException {
            ScoreDoc[] d = s.search(IndexStore.visible(new TermQuery(new Term(RecordFields.ID, id))), 1).scoreDocs;
            return d.length == 0 ? -1 : d[0].doc;
        }

        @Override
        protected StoredRecord record(IndexSearcher s, int doc, FieldSelection fields) throws IOException {
            return RecordDocuments.read(s.storedFields(), doc, fields.includes(FieldSelection.SIGNATURES), vectorNames).view(fields);
        }

        @Override
        protected QueryImage extract(ImageSource source) {
            return services.queryOf(source);
        }

        @Override
        protected SignatureExtractor extractor() {
            return options.extractor();
        }

        @Override
        protected String vectorField(String name) {
            return RecordDocuments.KNN_PREFIX + name;
        }

        @Override
        protected float[] toIndexSpace(IndexSearcher s, String name, float[] vector) {
            return name.equals(VectorSignature.SIMILARITY.name()) ? store.similaritySpace().query(s, vector) : vector;
        }

        @Override
        protected String hashField() {
            return RecordDocuments.HASH;
        }

        @Override
        protected Query hashCandidates(long bits, int radius) {
            return HashBands.candidates(bits, radius);
        }

        @Override
        protected FieldTypes fieldTypes() {
            return store.schema().types();
        }

        @Override
        protected Sort listingSort(List<SortKey> keys) {
            return listing.cursorSort(keys);
        }

        @Override
        protected TopFieldDocs listingPage(IndexSearcher s, Query query, Sort sort, FieldDoc after, int n) throws IOException {
            return listing.page(s, query, sort, after, n);
        }
    }
}
