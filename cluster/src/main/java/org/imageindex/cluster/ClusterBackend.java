package org.imageindex.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.imageindex.ClusterConfig;
import org.imageindex.FineTuningInfo;
import org.imageindex.cluster.BulkWriter.Pending;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;
import org.imageindex.record.Attributes;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageInfo;
import org.imageindex.record.RecordFields;
import org.imageindex.record.RecordPage;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.record.StoredRecord;
import org.imageindex.search.KnnPlan;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.ListingPage;
import org.imageindex.search.ListingRequest;
import org.imageindex.search.NearDuplicatePairs;
import org.imageindex.search.NearDuplicateRequest;
import org.imageindex.search.RangeRequest;
import org.imageindex.search.SearchHit;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.imageindex.signatures.ImageSignatures;
import org.imageindex.signatures.QueryImage;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.signatures.color.ColorExtractor;
import org.imageindex.signatures.color.ColorSignature;
import org.imageindex.signatures.hash.HashSignature;
import org.imageindex.signatures.matching.MatchingFeatures;
import org.imageindex.signatures.matching.vocabulary.VisualVocabulary;
import org.imageindex.signatures.similarity.SimilaritySignature;
import org.imageindex.signatures.spi.VectorExtractor;
import org.imageindex.signatures.spi.VectorSimilarity;
import org.imageindex.spi.AttributeTyping;
import org.imageindex.spi.FineTuningJob;
import org.imageindex.spi.HashPairs;
import org.imageindex.spi.IndexBackend;
import org.imageindex.spi.IndexServices;
import org.imageindex.spi.KnnPlanChoice;
import org.imageindex.spi.RecordState;

/**
 * The {@link IndexBackend} of an image index stored in an OpenSearch cluster: {@code ImageIndex}
 * reads images and extracts signatures in the client, as on the embedded index, and this class
 * stores the records and asks the cluster for filters, listings, counts, kNN candidates (an
 * exact scan or the filtered HNSW search, by the embedded index's plan), hash-band and
 * visual-word candidates. kNN candidates are re-ranked and combined here ({@link KnnRanking}) on
 * their exact vectors with the signature's own distance, so hits carry the embedded index's
 * distances and order.
 *
 * <p>Visibility: OpenSearch shows a write to searches after a refresh, where the embedded index
 * shows it at once. So that a write is visible to every read of this client that starts after it
 * returns (the boundary's rule), a read that follows a write of this client refreshes the index
 * first; other clients see it after {@code commit()} here (a refresh) or the refresh interval.
 * Gets by id are real-time. Thread-safe; {@link #write} runs one action at a time in this JVM
 * (clients of other JVMs are not excluded: the cluster refuses a second create of an id).
 */
final class ClusterBackend implements IndexBackend {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A cursor's point in time lives this long after its last page; an expired one is replaced from the cursor's values. */
    private static final String PIT_KEEP_ALIVE = "2m";

    /** Documents per page of an internal scan (hash candidates, export, ids). */
    private static final int SCAN_PAGE = 1000;

    /** The most records {@code find} and {@code random} return at once, as the embedded listing. */
    private static final int MAX_FIND_LIMIT = 2000;

    private static final Filter MATCH_ALL = new Filter.MatchAll(org.imageindex.query.SourcePosition.jsonPointer(""));

    /** Visible for tests: the offset window of listings opened after it is set (cursor paging on a few records). */
    static volatile int listingWindowForTests = ListingRequest.MAX_WINDOW;

    private final int listingWindow = listingWindowForTests;

    private final ClusterConfig config;
    private final SignatureExtractor extractor;
    private final Map<String, FieldType> declaredTypes;
    private final IndexServices services;
    private final ClusterHttp http;
    private final BulkWriter bulk;
    /** The index that keeps the organisation data (collections, object hierarchy) beside the records. */
    private final String organisationIndex;
    /** Attribute path to type, as the index maps it; grows as new paths are mapped. */
    private final Map<String, FieldType> attributeTypes = new ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Writes acknowledged by this client, and how many of them the last refresh covered. */
    private final AtomicLong written = new AtomicLong();
    private volatile long refreshedUpTo;
    private volatile boolean closed;

    private ClusterBackend(ClusterConfig config, SignatureExtractor extractor, Map<String, FieldType> declaredTypes,
                           IndexServices services) {
        this.config = config;
        this.extractor = extractor;
        this.declaredTypes = Map.copyOf(declaredTypes);
        this.services = services;
        this.organisationIndex = config.indexName() + ".organisation";
        this.http = new ClusterHttp(config);
        this.bulk = new BulkWriter(http, config);
    }

    /**
     * Opens the index {@link ClusterConfig#indexName()}, creating it with this layout's mappings
     * (and {@link ClusterConfig#shards()} × {@link ClusterConfig#replicas()}) when it does not exist.
     *
     * @throws IllegalStateException when the index exists with another layout version (or none)
     * @throws UncheckedIOException  when the cluster does not answer within the timeout
     */
    static ClusterBackend open(ClusterConfig config, SignatureExtractor extractor, Map<String, FieldType> declaredTypes,
                               IndexServices services) {
        ClusterBackend b = new ClusterBackend(Objects.requireNonNull(config, "config"), Objects.requireNonNull(extractor, "extractor"),
                declaredTypes, services);
        try {
            b.createOrCheck();
            return b;
        } catch (RuntimeException e) {
            b.closeTransport();
            throw e;
        }
    }

    private void createOrCheck() {
        String name = config.indexName();
        Reply head = call("HEAD", "/" + name, null);
        if (head.status() == 404) {
            Reply created = call("PUT", "/" + name, IndexMapping.createBody(extractor, config.shards(), config.replicas()));
            // another client may have created it meanwhile; the check below then reads its layout
            if (created.status() >= 300 && !created.body().contains("resource_already_exists_exception")) {
                throw created.failure("creating index " + name);
            }
        } else if (head.status() >= 300) {
            throw head.failure("checking index " + name);
        }
        Reply mapping = ok(call("GET", "/" + name + "/_mapping", null), "reading the mapping of " + name);
        JsonNode m = mapping.json().path(name).path("mappings");
        JsonNode version = m.path("_meta").path(IndexMapping.META_VERSION);
        if (!version.isInt() || version.intValue() != IndexMapping.SCHEMA_VERSION) {
            throw new IllegalStateException("index '" + name + "' on the cluster has layout version "
                    + (version.isMissingNode() ? "none (not an imageindex index)" : version.toString())
                    + ", this library reads version " + IndexMapping.SCHEMA_VERSION
                    + "; open another index name or re-import the records into a new index");
        }
        m.path("properties").path(IndexMapping.ATTRIBUTES).path("properties").fields()
                .forEachRemaining(e -> collectTypes(e.getKey(), e.getValue()));
        if (call("HEAD", "/" + organisationIndex, null).status() == 404) {
            Reply created = call("PUT", "/" + organisationIndex, IndexMapping.organisationBody(config.replicas()));
            if (created.status() >= 300 && !created.body().contains("resource_already_exists_exception")) {
                throw created.failure("creating index " + organisationIndex);
            }
        }
    }

    private void collectTypes(String path, JsonNode mapping) {
        if (mapping.has("properties")) {
            mapping.get("properties").fields().forEachRemaining(e -> collectTypes(path + "." + e.getKey(), e.getValue()));
            return;
        }
        String t = mapping.path("type").asText();
        FieldType type = switch (t) {
            case "keyword" -> FieldType.KEYWORD;
            case "text" -> FieldType.TEXT;
            case "long" -> FieldType.LONG;
            case "double" -> FieldType.DOUBLE;
            case "boolean" -> FieldType.BOOLEAN;
            case "date" -> FieldType.DATE;
            default -> throw new IllegalStateException("attribute '" + path + "' of index '" + config.indexName()
                    + "' has a type this library does not write: " + t);
        };
        attributeTypes.put(path, type);
    }

    // ---- state and lifecycle ------------------------------------------------------------

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public void ensureWritable() {
        if (closed) {
            throw new IllegalStateException("the index is closed");
        }
    }

    @Override
    public FieldTypes fieldTypes() {
        FieldTypes.Builder b = FieldTypes.builder();
        RecordFields.SCHEMA.asMap().forEach(b::add);
        new TreeMap<>(attributeTypes).forEach((path, type) -> b.add(path, FieldSpec.multi(type)));
        return b.build();
    }

    @Override
    public Map<String, FieldType> attributeTypes() {
        return new TreeMap<>(attributeTypes);
    }

    /** On the cluster a write is durable once acknowledged (the translog); commit makes it visible to every client. */
    @Override
    public void commit() {
        refreshIndex();
    }

    @Override
    public void refresh() {
        refreshIndex();
    }

    @Override
    public void close() {
        closed = true;
        closeTransport();
    }

    private void closeTransport() {
        http.close();
    }

    private void refreshIndex() {
        long upTo = written.get();
        ok(call("POST", "/" + config.indexName() + "/_refresh", null), "refreshing " + config.indexName());
        refreshedUpTo = Math.max(refreshedUpTo, upTo);
    }

    /** Before a search: refreshes when this client wrote since the last refresh, so that the search sees its writes. */
    private void catchUp() {
        if (written.get() > refreshedUpTo) {
            synchronized (this) {
                if (written.get() > refreshedUpTo) {
                    refreshIndex();
                }
            }
        }
    }

    private void wrote() {
        written.incrementAndGet();
    }

    // ---- writes -------------------------------------------------------------------------

    @Override
    public <T> T write(Write<T> action) {
        ensureWritable();
        writeLock.lock();
        try {
            return action.apply(new ClusterWrites());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writeLock.unlock();
        }
    }

    /** The writes of one action; each is sent when called, not at the action's end. */
    private final class ClusterWrites implements Writes {
        @Override
        public Optional<RecordState> load(String id, boolean signatures) {
            return loadState(id, signatures);
        }

        @Override
        public boolean exists(String id) {
            return !storedIds(List.of(id)).isEmpty();
        }

        @Override
        public Set<String> existing(Collection<String> ids) {
            return storedIds(ids);
        }

        @Override
        public Optional<String> check(Attributes attributes) {
            return checkAttributes(attributes, Map.of());
        }

        @Override
        public void put(RecordState record, boolean replace) {
            Optional<Refusal> r = putAll(List.of(new Put(record, replace))).get(0);
            if (r.isPresent()) {
                throw r.get().code() == Code.INVALID_RECORD ? new IllegalArgumentException(r.get().reason())
                        : new IllegalStateException(r.get().reason());
            }
        }

        @Override
        public List<Optional<Refusal>> putAll(List<Put> puts) {
            return store(puts);
        }

        @Override
        public void delete(String id) {
            ok(call("DELETE", "/" + config.indexName() + "/_doc/" + encode(id), null), "deleting " + id);
            wrote();
        }

        @Override
        public List<RecordStatus.Duplicate> withinHashRadius(long bits, int radius) {
            catchUp(); // the records of earlier groups of a batch are searched too
            List<RecordStatus.Duplicate> out = new ArrayList<>();
            hashCandidates(bits, radius, MATCH_ALL, FieldSelection.ID_ONLY,
                    (src, d) -> out.add(new RecordStatus.Duplicate(src.path(RecordFields.ID).asText(), d)));
            return out;
        }
    }

    /** Why {@code attrs} cannot be stored under the index's types; {@code batch} holds the paths typed earlier in the same request. */
    private Optional<String> checkAttributes(Attributes attrs, Map<String, FieldType> batch) {
        return AttributeTyping.check(attrs, path -> attributeTypes.getOrDefault(path, batch.get(path)), declaredTypes);
    }

    /** The type a path gets when first seen with {@code value}, by the rule every backend shares. */
    private FieldType firstType(String path, Object value) {
        return AttributeTyping.firstType(path, value, declaredTypes);
    }

    /** Stores records in bulk requests of at most {@link ClusterConfig#bulkRecords()}; a refusal per record not stored. */
    private List<Optional<Refusal>> store(List<Put> puts) {
        ensureWritable();
        @SuppressWarnings("unchecked")
        Optional<Refusal>[] out = new Optional[puts.size()];
        Map<String, FieldType> newPaths = new LinkedHashMap<>();
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < puts.size(); i++) {
            RecordState r = puts.get(i).record();
            Optional<String> bad = checkAttributes(r.attributes(), newPaths);
            if (bad.isPresent()) {
                out[i] = Optional.of(new Refusal(Code.INVALID_RECORD, bad.get()));
                continue;
            }
            if (r.signatures() == null) {
                throw new IllegalArgumentException("record " + r.id() + " must carry its signatures to be stored");
            }
            r.attributes().asMap().forEach((path, v) -> newPaths.putIfAbsent(path,
                    attributeTypes.getOrDefault(path, firstType(path, v))));
            pending.add(new Pending(i, r.id(), document(r, newPaths), puts.get(i).replace()));
        }
        mapNewPaths(newPaths);
        bulk.store(pending, out);
        wrote();
        return List.of(out);
    }

    /** Maps the attribute paths the index does not know yet, before the documents using them are sent. */
    private void mapNewPaths(Map<String, FieldType> paths) {
        Map<String, Object> props = new LinkedHashMap<>();
        Map<String, Object> collated = new LinkedHashMap<>();
        paths.forEach((path, type) -> {
            if (!attributeTypes.containsKey(path)) {
                props.put(path, IndexMapping.field(type));
                if (type == FieldType.TEXT) {
                    collated.put(IndexMapping.path(path), IndexMapping.COLLATION_KEY);
                }
            }
        });
        if (props.isEmpty()) {
            return;
        }
        Map<String, Object> body = Map.of("properties", Map.of(IndexMapping.ATTRIBUTES, Map.of("properties", props),
                IndexMapping.COLLATION, Map.of("properties", collated)));
        ok(call("PUT", "/" + config.indexName() + "/_mapping", body), "mapping new attribute paths " + props.keySet());
        paths.forEach(attributeTypes::putIfAbsent);
    }

    /**
     * A record's document: built-in fields, attributes, the collation keys of its text values,
     * signatures, hash bands, visual words, vectors. {@code batch} types the paths this request
     * maps.
     */
    private Map<String, Object> document(RecordState r, Map<String, FieldType> batch) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(RecordFields.ID, r.id());
        if (r.name() != null) {
            d.put(RecordFields.NAME, r.name());
        }
        if (!r.tags().isEmpty()) {
            d.put(RecordFields.TAGS, r.tags());
        }
        d.put(RecordFields.CREATED, r.created().toEpochMilli());
        d.put(RecordFields.MODIFIED, r.modified().toEpochMilli());
        ImageInfo i = r.image();
        d.put(RecordFields.WIDTH, i.width());
        d.put(RecordFields.HEIGHT, i.height());
        d.put(RecordFields.FORMAT, i.format());
        d.put(RecordFields.SIZE, i.byteSize());
        d.put(RecordFields.SHA1, i.sha1());
        d.put(RecordFields.MD5, i.md5());
        d.put(RecordFields.PIXEL_HASH, i.pixelHash());
        d.put(RecordFields.PHASH, i.phash());
        if (r.origin() != null) {
            d.put(RecordFields.ORIGIN, r.origin());
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        r.attributes().asMap().forEach((path, v) -> attrs.put(path, attributeJson(v)));
        d.put(IndexMapping.ATTRIBUTES, attrs);
        d.put(IndexMapping.ATTRIBUTE_ORDER, List.copyOf(attrs.keySet()));
        // text sorts by the embedded index's collation key, which the cluster cannot compute: written here
        Map<String, Object> collation = new LinkedHashMap<>();
        if (r.name() != null) {
            collation.put(RecordFields.NAME, IndexMapping.collationKey(r.name()));
        }
        r.attributes().asMap().forEach((path, v) -> {
            if (attributeTypes.getOrDefault(path, batch.get(path)) == FieldType.TEXT) {
                collation.put(IndexMapping.path(path), v instanceof List<?> l
                        ? l.stream().map(x -> IndexMapping.collationKey((String) x)).toList()
                        : IndexMapping.collationKey((String) v));
            }
        });
        d.put(IndexMapping.COLLATION, collation);
        d.put(IndexMapping.ACTIVE, r.active());
        ImageSignatures s = r.signatures();
        Base64.Encoder b64 = Base64.getEncoder();
        d.put(IndexMapping.SIG_MATCHING, b64.encodeToString(s.matching().toBytes()));
        d.put(IndexMapping.SIG_SIMILARITY, b64.encodeToString(s.similarity().toBytes()));
        d.put(IndexMapping.SIG_COLOR, b64.encodeToString(s.color().toBytes()));
        d.put(IndexMapping.SIG_HASH, s.hash().bits());
        d.put(IndexMapping.HASH_BANDS, IndexMapping.bands(s.hash().bits()));
        d.put(IndexMapping.WORDS, words(s.matching()));
        d.put(IndexMapping.KNN_PREFIX + "similarity", s.similarity().vector());
        d.put(IndexMapping.KNN_PREFIX + "color", s.color().vector());
        s.vectors().forEach((name, v) -> d.put(IndexMapping.KNN_PREFIX + name, v));
        return d;
    }

    /** The visual words of {@code features} by the shipped vocabulary, one token per feature (term frequency counts repeats). */
    private static String words(MatchingFeatures features) {
        StringBuilder b = new StringBuilder();
        for (int w : VisualVocabulary.standard().words(features)) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(Integer.toString(w, Character.MAX_RADIX));
        }
        return b.toString();
    }

    private static Object attributeJson(Object v) {
        return switch (v) {
            // ISO-8601 to the nanosecond: _source keeps every digit (read back exactly), while the
            // date field indexes the millisecond, as the embedded index's filters and sorts do
            case Instant t -> t.toString();
            case List<?> l -> l.stream().map(ClusterBackend::attributeJson).toList();
            default -> v;
        };
    }

    @Override
    public long deleteVisible(Filter filter) {
        Map<String, Object> query = Map.of("query", visible(filter));
        return write(w -> {
            catchUp();
            // refresh=true: the records are gone from searches when this returns, as on the embedded index
            long n = ok(call("POST", "/" + config.indexName() + "/_delete_by_query?refresh=true&conflicts=proceed", query),
                    "delete by filter").json().path("deleted").asLong();
            wrote();
            return n;
        });
    }

    // ---- reads --------------------------------------------------------------------------

    @Override
    public Set<String> storedIds(Collection<String> ids) {
        List<String> asked = ids.stream().filter(Objects::nonNull).distinct().toList();
        if (asked.isEmpty()) {
            return Set.of();
        }
        Set<String> found = new HashSet<>();
        for (int from = 0; from < asked.size(); from += SCAN_PAGE) {
            List<String> part = asked.subList(from, Math.min(asked.size(), from + SCAN_PAGE));
            // _mget is real time: it sees writes not yet refreshed
            JsonNode docs = ok(call("POST", "/" + config.indexName() + "/_mget?_source=false", Map.of("ids", part)), "checking ids")
                    .json().path("docs");
            docs.forEach(d -> {
                if (d.path("found").asBoolean()) {
                    found.add(d.path("_id").asText());
                }
            });
        }
        return found;
    }

    @Override
    public List<StoredRecord> get(List<String> ids, FieldSelection fields) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(fields, "fields");
        if (ids.isEmpty()) {
            return List.of();
        }
        JsonNode docs = ok(call("POST", "/" + config.indexName() + "/_mget", Map.of("ids", ids)), "get").json().path("docs");
        List<StoredRecord> out = new ArrayList<>();
        for (JsonNode d : docs) {
            if (d.path("found").asBoolean()) {
                out.add(record(d.path("_source"), fields));
            }
        }
        return out;
    }

    /** The whole stored record {@code id}, active or not (real time). */
    private Optional<RecordState> loadState(String id, boolean signatures) {
        JsonNode d = ok(call("GET", "/" + config.indexName() + "/_doc/" + encode(id), null), "reading record " + id).json();
        if (!d.path("found").asBoolean()) {
            return Optional.empty();
        }
        StoredRecord r = record(d.path("_source"), signatures ? FieldSelection.ALL_WITH_SIGNATURES : FieldSelection.ALL);
        ImageSignatures sig = signatures ? r.signatures() : null;
        return Optional.of(new RecordState(r.id(), r.name(), r.tags(), r.attributes(), r.created(), r.modified(), r.origin(),
                r.image(), r.active(), sig));
    }

    @Override
    public long count(Filter filter) {
        catchUp();
        Map<String, Object> body = Map.of("query", visible(filter));
        return ok(call("POST", "/" + config.indexName() + "/_count", body), "count").json().path("count").asLong();
    }

    @Override
    public long countInactive() {
        catchUp();
        Map<String, Object> body = Map.of("query", Map.of("term", Map.of(IndexMapping.ACTIVE, false)));
        return ok(call("POST", "/" + config.indexName() + "/_count", body), "count").json().path("count").asLong();
    }

    /**
     * A page of a listing by the AST's sort keys, offset and limit, as the embedded listing. An
     * empty sort is the id order here (the embedded index's is its insertion order, which a
     * cluster of several shards does not keep); a random order is OpenSearch's seeded
     * {@code random_score}, so it differs from the embedded index's random order for the same seed.
     */
    @Override
    public RecordPage find(Filter filter, Listing listing, FieldSelection fields, long seed) {
        Objects.requireNonNull(listing, "listing");
        Objects.requireNonNull(fields, "fields");
        if (listing.limit() > MAX_FIND_LIMIT) {
            throw new IllegalArgumentException("limit must be in 0.." + MAX_FIND_LIMIT + ", got: " + listing.limit());
        }
        if ((long) listing.offset() + listing.limit() > ListingRequest.MAX_WINDOW) {
            throw new IllegalArgumentException("offset + limit must be <= " + ListingRequest.MAX_WINDOW + ", got: " + listing.offset()
                    + " + " + listing.limit() + "; page deeper with a cursor");
        }
        catchUp();
        Map<String, Object> query = visible(filter);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", listing.offset());
        body.put("size", listing.limit());
        body.put("track_total_hits", true);
        if (listing.random()) {
            body.put("query", Map.of("function_score", Map.of("query", query, "boost_mode", "replace",
                    "random_score", Map.of("seed", seed, "field", RecordFields.ID))));
            body.put("sort", List.of(Map.of("_score", Map.of("order", "desc")), Map.of(RecordFields.ID, Map.of("order", "asc"))));
        } else {
            body.put("query", query);
            body.put("sort", listingSort(listing.sort()));
        }
        body.put("_source", Map.of("excludes", excludes(fields, null)));
        JsonNode res = ok(call("POST", "/" + config.indexName() + "/_search", body), "listing").json();
        long total = res.path("hits").path("total").path("value").asLong();
        List<StoredRecord> records = new ArrayList<>();
        res.path("hits").path("hits").forEach(h -> records.add(record(h.path("_source"), fields)));
        return new RecordPage(total, listing.offset(), records);
    }

    @Override
    public List<StoredRecord> random(int n, Filter filter, FieldSelection fields, long seed) {
        if (n < 0 || n > MAX_FIND_LIMIT) {
            throw new IllegalArgumentException("count must be in 0.." + MAX_FIND_LIMIT + ", got: " + n);
        }
        return find(filter, Listing.randomOrder(0, n), fields, seed).records();
    }

    /** Every visible match in id order from one point in time, a page of {@value #SCAN_PAGE} at a time. */
    @Override
    public void forEachVisible(Filter filter, FieldSelection fields, RecordSink sink) throws IOException {
        catchUp();
        // An export reads one consistent snapshot, however long the sink takes over it.
        scan(visible(filter), fields, List.of(), true, src -> sink.accept(record(src, fields)));
    }

    // ---- kNN and range --------------------------------------------------------------------

    /**
     * The {@code k} visible records closest to the query among those the filter matches, ranked
     * as the embedded index ranks them ({@link KnnRanking}): {@link KnnRequest#candidates()}
     * neighbours per query from the cluster, by the embedded index's plan (an exact scan of the
     * matches or the filtered HNSW search, see {@link #neighbours}), re-ranked here with the
     * signature's distance (from the engine's score where it is exact, else on their vectors; ties by id); several queries by their mean vector or
     * by rank fusion; tag weighting and one hit per product over the same candidate pools; then
     * {@code from} skipped.
     *
     * @throws IllegalArgumentException for an unknown signature, a bad query vector, an unknown
     *                                  query id, colours for another signature than colour, or a
     *                                  product field the index does not hold
     */
    @Override
    public SearchResult knn(KnnRequest r) {
        Objects.requireNonNull(r, "request");
        catchUp();
        Space space = space(r.signature());
        String productField = checkedProductField(r.productField());
        List<float[]> queries = new ArrayList<>();
        Set<String> queryTags = new java.util.LinkedHashSet<>(r.queryTags());
        for (SearchQuery q : r.queries()) {
            queries.add(queryVector(space, q));
            if (r.tagWeight() > 0 && r.queryTags().isEmpty() && q instanceof SearchQuery.ById byId) {
                visibleSource(byId.id(), "'" + byId.id() + "'").path(RecordFields.TAGS).forEach(t -> queryTags.add(t.asText()));
            }
        }
        KnnRanking.Candidates candidates = (q, tags, n, returned, vectors) -> neighbours(space, q, tags == null ? visible(r.filter())
                : Map.of("bool", Map.of("filter", List.of(visible(r.filter()), Map.of("terms", Map.of(RecordFields.TAGS, List.copyOf(tags)))))),
                n, returned, vectors, r.fields(), r.plan());
        List<KnnRanking.Ranked> ranked = KnnRanking.knn(space, r, queries, queryTags, candidates, () -> count(r.filter()),
                productField == null ? null : f -> productOf(f, productField));
        return hits(ranked, r.from(), r.k(), r.fields());
    }

    private SearchResult hits(List<KnnRanking.Ranked> ranked, int from, int k, FieldSelection fields) {
        List<SearchHit> out = new ArrayList<>();
        for (int i = from; i < Math.min(ranked.size(), from + k); i++) {
            KnnRanking.Ranked c = ranked.get(i);
            out.add(new SearchHit(record(c.found().source(), fields), c.distance(), c.score()));
        }
        return new SearchResult(out);
    }

    /** The product of a candidate, as the embedded index keys it: its value of the field, or its own id when it has none. */
    private Object productOf(KnnRanking.Found f, String field) {
        JsonNode v = f.source().path(IndexMapping.ATTRIBUTES).get(field);
        return v == null || v.isNull() ? List.of("\u0000id", f.id()) : List.of(attributeValue(field, v));
    }

    /** A product field as the embedded index accepts it: an attribute path the index holds. */
    private String checkedProductField(String field) {
        if (field != null && fieldTypes().spec(field).isEmpty()) {
            throw new IllegalArgumentException("productField must be an attribute path the index holds, one of "
                    + fieldTypes().names() + ", got: " + field);
        }
        if (field != null && RecordFields.BUILT_IN.contains(field)) {
            throw new IllegalArgumentException("productField must be an attribute path, not the built-in field '" + field + "'");
        }
        return field;
    }

    /**
     * The {@code k} neighbours of {@code q} among the documents {@code query} matches, by the
     * plan the embedded index would take ({@link KnnPlanChoice} for {@link KnnPlan#AUTO}): an
     * exact scan (the k-NN plugin's {@code knn_score} script over the matches, best score first,
     * ties by id) or the engine's filtered HNSW search. Both backends thus scan exactly where the
     * embedded index does, instead of the cluster walking its own graph there.
     *
     * <p>For {@link KnnPlan#AUTO} the count that chooses the plan travels with the graph search
     * in one {@code _msearch}: where the walk is chosen (large indexes, loose filters: the usual
     * case) the search costs one round trip; only where the exact scan is chosen (few matches,
     * cheap to scan) is a second request sent.
     */
    private List<KnnRanking.Found> neighbours(Space space, float[] q, Map<String, Object> query, int k, FieldSelection fields,
                                              KnnPlan plan) {
        return neighbours(space, q, query, k, k, !space.exactFromScore(), fields, plan);
    }

    /**
     * As above, of which the {@code returned} best by the engine's score come back: with their
     * vectors when {@code vectors} is set, else measured from the engine's score ({@link Space#fromScore}).
     */
    private List<KnnRanking.Found> neighbours(Space space, float[] q, Map<String, Object> query, int k, int returned,
                                              boolean vectors, FieldSelection fields, KnnPlan plan) {
        String field = IndexMapping.KNN_PREFIX + space.name();
        JsonNode hits;
        if (plan == KnnPlan.AUTO) {
            // the documents the query matches and all the index holds (deactivated ones too)
            Map<String, Object> count = Map.of("size", 0, "track_total_hits", true, "query", Map.of("match_all", Map.of()),
                    "aggs", Map.of("matches", Map.of("filter", query)));
            List<JsonNode> replies = multiSearch(List.of(count, graphSearch(space, q, query, k, returned, vectors, fields)), "kNN search");
            KnnPlan chosen = KnnPlanChoice.cheaper(replies.get(0).path("aggregations").path("matches").path("doc_count").asLong(),
                    replies.get(0).path("hits").path("total").path("value").asLong(), k);
            hits = chosen == KnnPlan.GRAPH ? replies.get(1).path("hits").path("hits")
                    : search(exactScan(space, q, query, returned, vectors, fields), "kNN search (exact scan)");
        } else {
            hits = search(plan == KnnPlan.EXACT_SCAN ? exactScan(space, q, query, returned, vectors, fields)
                    : graphSearch(space, q, query, k, returned, vectors, fields), "kNN search");
        }
        List<KnnRanking.Found> found = new ArrayList<>();
        for (JsonNode h : hits) {
            JsonNode src = h.path("_source");
            String id = src.path(RecordFields.ID).asText();
            if (vectors) {
                found.add(KnnRanking.Found.withVector(id, src, floats(src.path(field))));
            } else {
                double[] measured = space.fromScore(h.path("_score").asDouble());
                found.add(KnnRanking.Found.measured(id, src, measured[0], measured[1]));
            }
        }
        return found;
    }

    /**
     * The engine's filtered HNSW search for the {@code k} nearest of the documents {@code query}
     * matches, the {@code returned} best of them in the reply.
     */
    private Map<String, Object> graphSearch(Space space, float[] q, Map<String, Object> query, int k, int returned,
                                            boolean vectors, FieldSelection fields) {
        String field = IndexMapping.KNN_PREFIX + space.name();
        return searchBody(returned, Map.of("knn", Map.of(field, Map.of("vector", q, "k", k, "filter", query))),
                vectors ? field : null, fields);
    }

    /** An exact scan of the documents {@code query} matches (the k-NN plugin's {@code knn_score}), best first, ties by id. */
    private Map<String, Object> exactScan(Space space, float[] q, Map<String, Object> query, int k, boolean vectors,
                                          FieldSelection fields) {
        String field = IndexMapping.KNN_PREFIX + space.name();
        Map<String, Object> body = searchBody(k, Map.of("script_score", Map.of("query", query, "script", Map.of("source",
                "knn_score", "lang", "knn", "params", Map.of("field", field, "query_value", q, "space_type",
                        IndexMapping.spaceType(space.similarity()))))), vectors ? field : null, fields);
        body.put("sort", List.of(Map.of("_score", Map.of("order", "desc")), Map.of(RecordFields.ID, Map.of("order", "asc"))));
        return body;
    }

    private Map<String, Object> searchBody(int k, Map<String, Object> query, String vectorField, FieldSelection fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", k);
        body.put("query", query);
        body.put("_source", Map.of("excludes", excludes(fields, vectorField)));
        return body;
    }

    private JsonNode search(Map<String, Object> body, String what) {
        return ok(call("POST", "/" + config.indexName() + "/_search", body), what).json().path("hits").path("hits");
    }

    /** Searches of this index in one {@code _msearch} round trip; each answer, or the first search's error. */
    private List<JsonNode> multiSearch(List<Map<String, Object>> bodies, String what) {
        StringBuilder ndjson = new StringBuilder();
        try {
            for (Map<String, Object> b : bodies) {
                ndjson.append("{}\n").append(JSON.writeValueAsString(b)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode responses = ok(send("POST", "/" + config.indexName() + "/_msearch",
                ndjson.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/x-ndjson"), what)
                .json().path("responses");
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : responses) {
            if (r.has("error")) {
                throw new IllegalStateException(what + " failed on the cluster (" + r.path("status").asInt() + "): " + r.path("error"));
            }
            out.add(r);
        }
        if (out.size() != bodies.size()) {
            throw new IllegalStateException(what + ": the cluster answered " + out.size() + " of " + bodies.size() + " searches");
        }
        return out;
    }

    /**
     * Every visible record within the radius, closest first, as the embedded index finds them:
     * filtered kNN with a growing {@code k} (×4 from 100) until a neighbour lies beyond the
     * radius, the filter is exhausted or the limit is reached; distances checked exactly; with a
     * product field, the closest record of each product.
     */
    @Override
    public SearchResult range(RangeRequest r) {
        Objects.requireNonNull(r, "request");
        catchUp();
        Space space = space(r.signature());
        String productField = checkedProductField(r.productField());
        float[] q = queryVector(space, r.query());
        int k = Math.min(KnnRequest.MIN_CANDIDATES, r.limit() + 1);
        while (true) {
            List<KnnRanking.Ranked> ranked = KnnRanking.byDistance(space, q, neighbours(space, q, visible(r.filter()), k, r.fields(), KnnPlan.AUTO));
            List<KnnRanking.Ranked> within = ranked.stream().filter(c -> c.distance() <= r.radius()).toList();
            List<KnnRanking.Ranked> kept = productField == null ? within
                    : KnnRanking.onePerProduct(within, f -> productOf(f, productField), r.limit());
            boolean passedRadius = within.size() < ranked.size();
            boolean exhausted = ranked.size() < k;
            if (passedRadius || exhausted || kept.size() >= r.limit() || k >= RangeRequest.MAX_LIMIT) {
                return hits(kept, 0, r.limit(), r.fields());
            }
            k = Math.min(k * 4, RangeRequest.MAX_LIMIT); // OpenSearch's bound for k and for a page
        }
    }

    // ---- listings ------------------------------------------------------------------------

    /**
     * A page of the visible records {@code r.filter()} matches, in {@code r.sort()} order with
     * the id as final key, under the embedded index's paging rules: offset pages up to
     * {@link ListingRequest#MAX_WINDOW}, cursor pages beyond (the cluster's {@code search_after}
     * from the previous page's last sort values, inside a point in time the cursor carries, so a
     * page costs the same at any depth and the pages of one listing read one view of the index),
     * and a cursor on the first page when no offset was asked for and more records match than
     * the window holds.
     *
     * @throws IllegalArgumentException for a sort on an unknown field, or a cursor that is damaged
     *                                  or belongs to another listing
     */
    @Override
    public ListingPage list(ListingRequest r) {
        Objects.requireNonNull(r, "request");
        catchUp();
        List<Object> sort = listingSort(r.sort());
        Map<String, Object> query = visible(r.filter());
        long fingerprint = ClusterCursor.fingerprint(r.filter(), r.sort());
        ClusterCursor from = r.cursor() == null ? null : ClusterCursor.decode(r.cursor(), fingerprint);
        if (from != null) {
            return cursorPage(r, query, sort, from.position(), from.after(), from.pit(), fingerprint);
        }
        long total = count(r.filter());
        if (r.offset() == ListingRequest.NO_OFFSET && total > listingWindow) {
            return cursorPage(r, query, sort, 0, null, null, fingerprint);
        }
        int offset = Math.max(0, r.offset());
        ListingRequest previous = offset > 0 ? r.atOffset(Math.max(0, offset - r.limit())) : null;
        if (r.limit() == 0 || offset >= total) {
            return new ListingPage(total, offset, List.of(), null, null, previous);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", offset);
        body.put("size", r.limit());
        body.put("query", query);
        body.put("sort", sort);
        body.put("track_total_hits", true);
        body.put("_source", Map.of("excludes", excludes(r.fields(), null)));
        JsonNode res = ok(call("POST", "/" + config.indexName() + "/_search", body), "listing").json();
        total = res.path("hits").path("total").path("value").asLong(total);
        JsonNode hits = res.path("hits").path("hits");
        List<StoredRecord> records = new ArrayList<>();
        hits.forEach(h -> records.add(record(h.path("_source"), r.fields())));
        long nextOffset = (long) offset + records.size();
        String cursor = null;
        ListingRequest next = null;
        if (nextOffset < total && !records.isEmpty()) {
            if (nextOffset + r.limit() <= listingWindow) {
                next = r.atOffset((int) nextOffset);
            } else {
                cursor = new ClusterCursor(fingerprint, nextOffset, hits.get(hits.size() - 1).path("sort"), null).encode();
                next = r.afterCursor(cursor);
            }
        }
        return new ListingPage(total, offset, records, cursor, next, previous);
    }

    private ListingPage cursorPage(ListingRequest r, Map<String, Object> query, List<Object> sort, long position, JsonNode after,
                                   String pit, long fingerprint) {
        if (r.limit() == 0) {
            return new ListingPage(count(r.filter()), position, List.of(), null, null, null);
        }
        String pitId = pit;
        Reply reply = null;
        if (pitId != null) {
            reply = pitSearch(r, query, sort, after, pitId);
            if (reply.status() == 404 || reply.body().contains("search_context_missing_exception")) {
                pitId = null; // the point in time expired: go on from the cursor's values in a fresh one
            } else {
                ok(reply, "listing page");
            }
        }
        if (pitId == null) {
            pitId = ok(call("POST", "/" + config.indexName() + "/_search/point_in_time?keep_alive=" + PIT_KEEP_ALIVE, null),
                    "opening a point in time").json().path("pit_id").asText();
            reply = ok(pitSearch(r, query, sort, after, pitId), "listing page");
        }
        JsonNode res = reply.json();
        long total = res.path("hits").path("total").path("value").asLong();
        JsonNode hits = res.path("hits").path("hits");
        List<StoredRecord> records = new ArrayList<>();
        hits.forEach(h -> records.add(record(h.path("_source"), r.fields())));
        long nextPosition = position + records.size();
        String cursor = null;
        ListingRequest next = null;
        String livePit = res.path("pit_id").asText(pitId);
        if (records.size() == r.limit() && nextPosition < total) {
            cursor = new ClusterCursor(fingerprint, nextPosition, hits.get(hits.size() - 1).path("sort"), livePit).encode();
            next = r.afterCursor(cursor);
        } else {
            // the last page: free the point in time now rather than at its keep-alive
            call("DELETE", "/_search/point_in_time", Map.of("pit_id", List.of(livePit)));
        }
        return new ListingPage(total, position, records, cursor, next, null);
    }

    private Reply pitSearch(ListingRequest r, Map<String, Object> query, List<Object> sort, JsonNode after, String pit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", r.limit());
        body.put("query", query);
        body.put("sort", sort);
        body.put("track_total_hits", true);
        body.put("pit", Map.of("id", pit, "keep_alive", PIT_KEEP_ALIVE));
        if (after != null) {
            body.put("search_after", after);
        }
        body.put("_source", Map.of("excludes", excludes(r.fields(), null)));
        return call("POST", "/_search", body);
    }

    /**
     * The embedded index's listing order in the DSL: multi-valued fields by their smallest value
     * ascending and their largest descending, records lacking the field last in both directions
     * unless the key gives a default, text by its collation key, the id as final key so that no
     * two records tie.
     */
    private List<Object> listingSort(List<SortKey> keys) {
        List<Object> out = new ArrayList<>();
        for (SortKey key : keys) {
            FieldType t = typeOf(key.field());
            if (t == null) {
                throw new IllegalArgumentException("sort field must be one of " + sortableFields() + ", got: " + key.field());
            }
            if (key.missing() != null && t != FieldType.LONG && t != FieldType.DOUBLE) {
                throw new IllegalArgumentException("a missing-value default needs a long or double field, got the "
                        + t.label() + " field " + key.field());
            }
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("order", key.descending() ? "desc" : "asc");
            spec.put("mode", key.descending() ? "max" : "min");
            Object missing = "_last";
            if (key.missing() instanceof org.imageindex.query.ast.Value.Whole w) {
                missing = w.value();
            } else if (key.missing() instanceof org.imageindex.query.ast.Value.Real d) {
                missing = d.value();
            }
            spec.put("missing", missing);
            // text by the embedded index's collation key, stored beside it at write time
            out.add(Map.of(t == FieldType.TEXT ? IndexMapping.collationPath(key.field()) : IndexMapping.path(key.field()), spec));
        }
        out.add(Map.of(RecordFields.ID, Map.of("order", "asc")));
        return out;
    }

    private List<String> sortableFields() {
        List<String> names = new ArrayList<>(RecordFields.SCHEMA.names());
        names.addAll(new java.util.TreeSet<>(attributeTypes.keySet()));
        return names;
    }

    /** All values within {@code budget} flipped bits of a 16-bit {@code value}, flipping only bits at or above {@code from}. */
    private static void neighbours(int value, int budget, int from, List<Integer> out) {
        out.add(value);
        if (budget == 0) {
            return;
        }
        for (int bit = from; bit < 16; bit++) {
            neighbours(value ^ (1 << bit), budget - 1, bit + 1, out);
        }
    }

    private Space space(VectorSignature s) {
        if (s.equals(VectorSignature.SIMILARITY)) {
            return new Space(s.name(), VectorSimilarity.DOT_PRODUCT, extractor.similarityExtractor().dimension(), false);
        }
        if (s.equals(VectorSignature.COLOR)) {
            return new Space(s.name(), VectorSimilarity.DOT_PRODUCT, ColorExtractor.DIMENSION, true);
        }
        for (VectorExtractor v : extractor.vectorExtractors()) {
            if (v.name().equals(s.name())) {
                return new Space(s.name(), v.similarity(), v.dimension(), false);
            }
        }
        throw new IllegalArgumentException("signature must be similarity, color or one of the index's vector extractors "
                + extractor.vectorExtractors().stream().map(VectorExtractor::name).toList() + ", got: " + s.name());
    }

    /** The filter restricted to visible (not deactivated) records. */
    private Map<String, Object> visible(Filter filter) {
        Objects.requireNonNull(filter, "filter");
        FilterDsl dsl = new FilterDsl(this::typeOf, IndexMapping::path);
        return Map.of("bool", Map.of("filter", List.of(dsl.compile(filter), Map.of("term", Map.of(IndexMapping.ACTIVE, true)))));
    }

    private FieldType typeOf(String field) {
        return RecordFields.SCHEMA.spec(field).map(s -> s.type()).orElseGet(() -> attributeTypes.get(field));
    }

    /** The _source fields not needed for a hit: the signatures unless selected, other vectors always. */
    private static List<String> excludes(FieldSelection fields, String keep) {
        List<String> out = new ArrayList<>();
        if (!fields.includes(FieldSelection.SIGNATURES)) {
            out.addAll(List.of(IndexMapping.SIG_MATCHING, IndexMapping.SIG_SIMILARITY, IndexMapping.SIG_COLOR));
        }
        out.add(IndexMapping.HASH_BANDS);
        out.add(IndexMapping.WORDS);
        out.add(IndexMapping.COLLATION);
        if (!fields.includes(FieldSelection.ATTRIBUTES) && fields.attributePaths().isEmpty()) {
            out.add(IndexMapping.ATTRIBUTE_ORDER);
        }
        if (keep == null && !fields.includes(FieldSelection.SIGNATURES)) {
            out.add(IndexMapping.KNN_PREFIX + "*"); // a listing needs no vectors: 4 KB a record less on the wire
        }
        return out.stream().filter(f -> !f.equals(keep)).toList();
    }

    /** A stored record from a document's {@code _source}, with the parts {@code sel} selects. */
    private StoredRecord record(JsonNode src, FieldSelection sel) {
        String id = src.path(RecordFields.ID).asText();
        String name = sel.includes(FieldSelection.NAME) && src.hasNonNull(RecordFields.NAME) ? src.get(RecordFields.NAME).asText() : null;
        List<String> tags = new ArrayList<>();
        if (sel.includes(FieldSelection.TAGS)) {
            src.path(RecordFields.TAGS).forEach(t -> tags.add(t.asText()));
        }
        Attributes attrs = Attributes.empty();
        if (sel.includes(FieldSelection.ATTRIBUTES) || !sel.attributePaths().isEmpty()) {
            // in the order the record gave them: OpenSearch's source filtering does not keep the order sent
            JsonNode given = src.path(IndexMapping.ATTRIBUTES);
            Map<String, Object> a = new LinkedHashMap<>();
            src.path(IndexMapping.ATTRIBUTE_ORDER).forEach(p -> {
                if (given.has(p.asText())) {
                    a.put(p.asText(), attributeValue(p.asText(), given.get(p.asText())));
                }
            });
            given.fields().forEachRemaining(e -> a.putIfAbsent(e.getKey(), attributeValue(e.getKey(), e.getValue())));
            attrs = Attributes.of(a);
            if (!sel.includes(FieldSelection.ATTRIBUTES)) {
                attrs = attrs.select(sel.attributePaths());
            }
        }
        Instant created = sel.includes(FieldSelection.CREATED) ? Instant.ofEpochMilli(src.path(RecordFields.CREATED).asLong()) : null;
        Instant modified = sel.includes(FieldSelection.MODIFIED) ? Instant.ofEpochMilli(src.path(RecordFields.MODIFIED).asLong()) : null;
        String origin = sel.includes(FieldSelection.ORIGIN) && src.hasNonNull(RecordFields.ORIGIN) ? src.get(RecordFields.ORIGIN).asText() : null;
        ImageInfo info = sel.includes(FieldSelection.IMAGE) ? new ImageInfo(src.path(RecordFields.WIDTH).asInt(),
                src.path(RecordFields.HEIGHT).asInt(), src.path(RecordFields.FORMAT).asText(), src.path(RecordFields.SIZE).asLong(),
                src.path(RecordFields.SHA1).asText(), src.path(RecordFields.MD5).asText(), src.path(RecordFields.PIXEL_HASH).asText(),
                src.path(RecordFields.PHASH).asText()) : null;
        ImageSignatures sig = null;
        if (sel.includes(FieldSelection.SIGNATURES) && src.has(IndexMapping.SIG_MATCHING)) {
            Base64.Decoder b64 = Base64.getDecoder();
            Map<String, float[]> vectors = new LinkedHashMap<>();
            for (VectorExtractor v : extractor.vectorExtractors()) {
                if (src.has(IndexMapping.KNN_PREFIX + v.name())) {
                    vectors.put(v.name(), floats(src.get(IndexMapping.KNN_PREFIX + v.name())));
                }
            }
            sig = new ImageSignatures(src.path(RecordFields.WIDTH).asInt(), src.path(RecordFields.HEIGHT).asInt(),
                    src.path(RecordFields.FORMAT).asText(),
                    MatchingFeatures.fromBytes(b64.decode(src.path(IndexMapping.SIG_MATCHING).asText())),
                    SimilaritySignature.fromBytes(b64.decode(src.path(IndexMapping.SIG_SIMILARITY).asText())),
                    ColorSignature.fromBytes(b64.decode(src.path(IndexMapping.SIG_COLOR).asText())),
                    new HashSignature(src.path(IndexMapping.SIG_HASH).asLong()), vectors);
        }
        return new StoredRecord(id, name, tags, attrs, created, modified, origin, info, src.path(IndexMapping.ACTIVE).asBoolean(true),
                sig, sel);
    }

    private Object attributeValue(String path, JsonNode n) {
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(e -> out.add(attributeValue(path, e)));
            return out;
        }
        FieldType t = attributeTypes.getOrDefault(path, FieldType.KEYWORD);
        return switch (t) {
            case KEYWORD, TEXT -> n.asText();
            case LONG -> n.asLong();
            case DOUBLE -> n.asDouble();
            case BOOLEAN -> n.asBoolean();
            case DATE -> n.isTextual() ? Instant.parse(n.asText()) : Instant.ofEpochMilli(n.asLong());
        };
    }

    private static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    private static String encode(String id) {
        return java.net.URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ------------------------------------------------------------------ transport

    private static Reply ok(Reply r, String what) {
        if (r.status() >= 300 && r.status() != 404) {
            throw r.failure(what);
        }
        return r;
    }

    private Reply call(String method, String endpoint, Object json) {
        try {
            return send(method, endpoint, json == null ? null : JSON.writeValueAsBytes(json), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one request through the nodes' clients: failover, retries and timeouts as {@link ClusterHttp} says. */
    private Reply send(String method, String endpoint, byte[] body, String contentType) {
        return http.send(method, endpoint, body, contentType);
    }

    // ---- near duplicates ------------------------------------------------------------------

    /**
     * The visible records whose perceptual hash lies within {@code r.radius()} bits of the
     * query's: candidates from the cluster by the four 16-bit hash bands, each checked exactly
     * here; closest first, ties by id. Hits carry the Hamming distance and {@code 1 - d/64}.
     *
     * @throws IllegalArgumentException when the query id names no visible record or the image cannot be read
     */
    @Override
    public SearchResult nearDuplicates(NearDuplicateRequest r) {
        Objects.requireNonNull(r, "request");
        catchUp();
        long bits = switch (r.query()) {
            case SearchQuery.ById byId -> {
                JsonNode src = visibleSource(byId.id(), "'" + byId.id() + "'");
                yield src.path(IndexMapping.SIG_HASH).asLong();
            }
            case SearchQuery.ByImage img -> services.queryOf(img.source()).hash().bits();
            case SearchQuery.ByRaster raster -> extractor.query(raster.image()).hash().bits();
            default -> throw new IllegalArgumentException("query must be a record id or an image, got: " + r.query());
        };
        List<SearchHit> hits = new ArrayList<>();
        hashCandidates(bits, r.radius(), r.filter(), r.fields(),
                (src, d) -> hits.add(new SearchHit(record(src, r.fields()), d, 1 - d / (double) HashSignature.BITS)));
        hits.sort(Comparator.comparingDouble(SearchHit::distance).thenComparing(SearchHit::id));
        return new SearchResult(hits);
    }

    /** Receives a document within the radius with its Hamming distance. */
    @FunctionalInterface
    private interface HashHit {
        void accept(JsonNode source, int distance);
    }

    /**
     * The visible records {@code filter} matches within {@code radius} bits of {@code bits}:
     * candidates by the hash bands (two hashes within radius r agree to within floor(r / 4) bits
     * in at least one band), each checked exactly.
     */
    private void hashCandidates(long bits, int radius, Filter filter, FieldSelection fields, HashHit each) {
        if (radius < 0 || radius > HashSignature.BITS) {
            throw new IllegalArgumentException("radius must be in 0.." + HashSignature.BITS + ", got: " + radius);
        }
        List<String> terms = new ArrayList<>();
        for (int band = 0; band < 4; band++) {
            List<Integer> values = new ArrayList<>();
            neighbours((int) ((bits >>> (16 * band)) & 0xFFFF), radius / 4, 0, values);
            for (int v : values) {
                terms.add(band + ":" + String.format("%04x", v));
            }
        }
        Map<String, Object> query = Map.of("bool", Map.of("filter", List.of(visible(filter),
                Map.of("terms", Map.of(IndexMapping.HASH_BANDS, terms)))));
        scan(query, fields, List.of(), src -> {
            int d = Long.bitCount(src.path(IndexMapping.SIG_HASH).asLong() ^ bits);
            if (d <= radius) {
                each.accept(src, d);
            }
        });
    }

    /** Every pair within {@code radius}: the (id, hash) of each visible match loaded, then paired in memory as on the embedded index. */
    @Override
    public NearDuplicatePairs nearDuplicatePairs(int radius, Filter filter) {
        if (radius < 0 || radius > HashSignature.BITS) {
            throw new IllegalArgumentException("radius must be in 0.." + HashSignature.BITS + ", got: " + radius);
        }
        catchUp();
        List<String> ids = new ArrayList<>();
        long[][] hashes = {new long[1024]};
        scan(visible(filter), FieldSelection.ID_ONLY, List.of(RecordFields.ID, IndexMapping.SIG_HASH), src -> {
            if (ids.size() == hashes[0].length) {
                hashes[0] = java.util.Arrays.copyOf(hashes[0], hashes[0].length * 2);
            }
            hashes[0][ids.size()] = src.path(IndexMapping.SIG_HASH).asLong();
            ids.add(src.path(RecordFields.ID).asText());
        });
        return HashPairs.of(ids, java.util.Arrays.copyOf(hashes[0], ids.size()), radius);
    }

    /** Receives the source of each document a scan reads. */
    @FunctionalInterface
    private interface SourceSink {
        void accept(JsonNode source) throws IOException;
    }

    /** {@link #scan(Map, FieldSelection, List, boolean, SourceSink)} without a point in time. */
    private void scan(Map<String, Object> query, FieldSelection fields, List<String> includes,
                      java.util.function.Consumer<JsonNode> each) {
        try {
            scan(query, fields, includes, false, each::accept);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a Consumer throws none: only a RecordSink can
        }
    }

    /**
     * Every document {@code query} matches, in id order, a page of {@value #SCAN_PAGE} at a
     * time; only {@code includes} of the source when given, else what {@code fields} needs.
     * With {@code snapshot}, every page comes from one point in time, closed at the end.
     */
    private void scan(Map<String, Object> query, FieldSelection fields, List<String> includes, boolean snapshot,
                      SourceSink each) throws IOException {
        String pit = snapshot
                ? ok(call("POST", "/" + config.indexName() + "/_search/point_in_time?keep_alive=" + PIT_KEEP_ALIVE, null),
                        "opening a point in time").json().path("pit_id").asText()
                : null;
        try {
            JsonNode after = null;
            while (true) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("size", SCAN_PAGE);
                body.put("query", query);
                body.put("sort", List.of(Map.of(RecordFields.ID, Map.of("order", "asc"))));
                if (pit != null) {
                    body.put("pit", Map.of("id", pit, "keep_alive", PIT_KEEP_ALIVE));
                }
                if (after != null) {
                    body.put("search_after", after);
                }
                body.put("_source", includes.isEmpty() ? Map.of("excludes", excludes(fields, null)) : Map.of("includes", includes));
                // A point-in-time search names no index: the point in time does.
                JsonNode res = ok(call("POST", pit != null ? "/_search" : "/" + config.indexName() + "/_search", body), "scan").json();
                if (pit != null) {
                    pit = res.path("pit_id").asText(pit);
                }
                JsonNode hits = res.path("hits").path("hits");
                for (JsonNode h : hits) {
                    each.accept(h.path("_source"));
                }
                if (hits.size() < SCAN_PAGE) {
                    return;
                }
                after = hits.get(hits.size() - 1).path("sort");
            }
        } finally {
            if (pit != null) {
                call("DELETE", "/_search/point_in_time", Map.of("pit_id", List.of(pit)));
            }
        }
    }

    // ---- candidates for the organisation views and the matcher --------------------------

    /** Every record {@code filter} matches, deactivated ones included, as the embedded index's. */
    @Override
    public List<String> idsMatching(Filter filter) {
        catchUp();
        FilterDsl dsl = new FilterDsl(this::typeOf, IndexMapping::path);
        List<String> out = new ArrayList<>();
        scan(dsl.compile(Objects.requireNonNull(filter, "filter")), FieldSelection.ID_ONLY, List.of(RecordFields.ID),
                src -> out.add(src.path(RecordFields.ID).asText()));
        return out;
    }

    @Override
    public List<String> nearestBySimilarity(float[] vector, int k, Filter filter) {
        catchUp();
        Space space = space(VectorSignature.SIMILARITY);
        float[] q = space.checked(vector);
        return KnnRanking.byDistance(space, q, neighbours(space, q, visible(filter), k, FieldSelection.ID_ONLY, KnnPlan.GRAPH)).stream()
                .limit(k).map(KnnRanking.Ranked::id).toList();
    }

    /**
     * The {@code k} visible records whose visual words score highest against the query's by
     * BM25 (the embedded index's scoring: one clause per distinct query word, boosted by its
     * count in the query). The shard statistics are gathered first ({@code dfs_query_then_fetch})
     * so that scores do not depend on how documents fall into shards. Unlike the embedded index,
     * which scores only the query's 250 rarest words, every query word is scored here; the
     * candidates are verified geometrically by the caller either way.
     */
    @Override
    public List<String> nearestByWords(MatchingFeatures features, int k, Filter filter) {
        catchUp();
        Map<Integer, Integer> tf = new TreeMap<>();
        for (int w : VisualVocabulary.standard().words(features)) {
            tf.merge(w, 1, Integer::sum);
        }
        if (tf.isEmpty()) {
            return List.of();
        }
        List<Object> should = new ArrayList<>();
        tf.forEach((w, n) -> should.add(Map.of("term", Map.of(IndexMapping.WORDS,
                Map.of("value", Integer.toString(w, Character.MAX_RADIX), "boost", n)))));
        Map<String, Object> query = Map.of("bool", Map.of("should", should, "minimum_should_match", 1, "filter", List.of(visible(filter))));
        Map<String, Object> body = Map.of("size", k, "query", query, "_source", List.of(RecordFields.ID),
                "sort", List.of(Map.of("_score", Map.of("order", "desc")), Map.of(RecordFields.ID, Map.of("order", "asc"))));
        JsonNode hits = ok(call("POST", "/" + config.indexName() + "/_search?search_type=dfs_query_then_fetch", body),
                "visual-word search").json().path("hits").path("hits");
        List<String> out = new ArrayList<>();
        hits.forEach(h -> out.add(h.path("_source").path(RecordFields.ID).asText()));
        return out;
    }

    @Override
    public List<String> withinHashRadius(long bits, int radius, Filter filter) {
        catchUp();
        List<String> out = new ArrayList<>();
        hashCandidates(bits, radius, filter, FieldSelection.ID_ONLY, (src, d) -> out.add(src.path(RecordFields.ID).asText()));
        return out;
    }

    /** Kept in the index {@code <name>.organisation}, one document per key; read in real time. */
    @Override
    public Optional<String> organisationData(String key) {
        JsonNode d = ok(call("GET", "/" + organisationIndex + "/_doc/" + encode(key), null), "reading organisation data " + key).json();
        return d.path("found").asBoolean() ? Optional.of(d.path("_source").path("value").asText()) : Optional.empty();
    }

    /** Durable when this returns (the cluster's translog), not only at the next commit. */
    @Override
    public void organisationData(String key, String value) {
        if (!writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("organisation data changes only inside write()");
        }
        ok(call("PUT", "/" + organisationIndex + "/_doc/" + encode(key), Map.of("value", Objects.requireNonNull(value, "value"))),
                "writing organisation data " + key);
    }

    // ---- fine-tuning ----------------------------------------------------------------------

    private static UnsupportedOperationException embeddedOnly() {
        return new UnsupportedOperationException("fine-tuning is offered by the embedded index only: an index on a cluster "
                + "keeps the shipped visual vocabulary and similarity space (docs/cluster.md)");
    }

    @Override
    public FineTuningJob fineTune() {
        throw embeddedOnly();
    }

    /** Never advised: the cluster keeps the shipped vocabulary, which {@link #fineTune} cannot replace. */
    @Override
    public FineTuningInfo fineTuningInfo(long visibleRecords) {
        return new FineTuningInfo(visibleRecords, false, Optional.empty(), Optional.empty(), 0, false,
                VisualVocabulary.standard().id(), extractor.similarityExtractor().model().id(), Optional.empty());
    }

    @Override
    public void exportFineTuning(OutputStream out) {
        throw embeddedOnly();
    }

    @Override
    public void importFineTuning(InputStream in) {
        throw embeddedOnly();
    }

    /** The source of the visible record {@code id}. */
    private JsonNode visibleSource(String id, String shown) {
        JsonNode d = ok(call("GET", "/" + config.indexName() + "/_doc/" + encode(id), null), "reading query record " + id).json();
        if (!d.path("found").asBoolean() || !d.path("_source").path(IndexMapping.ACTIVE).asBoolean()) {
            throw new IllegalArgumentException("query id must name a visible record, got: " + shown);
        }
        return d.path("_source");
    }

    /** The query's vector; a caller's vector is checked, as on the embedded index. */
    private float[] queryVector(Space space, SearchQuery query) {
        return switch (query) {
            case SearchQuery.ById byId -> {
                JsonNode v = visibleSource(byId.id(), "'" + byId.id() + "'").path(IndexMapping.KNN_PREFIX + space.name());
                if (!v.isArray() || v.isEmpty()) {
                    throw new IllegalArgumentException("record '" + byId.id() + "' has no vector in field "
                            + IndexMapping.KNN_PREFIX + space.name());
                }
                yield floats(v);
            }
            case SearchQuery.ByImage img -> vectorOf(space, services.queryOf(img.source()));
            case SearchQuery.ByRaster raster -> vectorOf(space, extractor.query(raster.image()));
            case SearchQuery.ByVector vec -> space.checked(vec.vector());
            case SearchQuery.ByColors c -> {
                if (!space.color()) {
                    throw new IllegalArgumentException("colours as text query the color signature only, got signature: " + space.name());
                }
                yield ColorExtractor.standard().query(c.colors()).vector();
            }
        };
    }

    private static float[] vectorOf(Space space, QueryImage q) {
        if (space.name().equals("similarity")) {
            return q.similarity().vector();
        }
        return space.color() ? q.color().vector() : q.vector(space.name());
    }

    /** The configuration this index was opened with. */
    ClusterConfig config() {
        return config;
    }
}
