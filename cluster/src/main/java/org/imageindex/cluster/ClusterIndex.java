package org.imageindex.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.imageindex.cluster.BulkWriter.Pending;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.schema.FieldType;
import org.imageindex.record.Attributes;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageInfo;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordFields;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.record.StoredRecord;
import org.imageindex.query.ast.SortKey;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.ListingPage;
import org.imageindex.search.ListingRequest;
import org.imageindex.search.NearDuplicateRequest;
import org.imageindex.search.SearchHit;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.imageindex.signatures.ImageSignatures;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.QueryImage;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.signatures.color.ColorSignature;
import org.imageindex.signatures.decode.DecodeLimits;
import org.imageindex.signatures.decode.DecodedImage;
import org.imageindex.signatures.decode.ImageDecodeException;
import org.imageindex.signatures.decode.ImageDecoder;
import org.imageindex.signatures.hash.HashSignature;
import org.imageindex.signatures.matching.MatchingFeatures;
import org.imageindex.signatures.similarity.SimilaritySignature;
import org.imageindex.signatures.spi.VectorExtractor;
import org.imageindex.signatures.spi.VectorSimilarity;

/**
 * An image index stored in an OpenSearch cluster, with the embedded index's records, requests
 * and results. Signatures are extracted here, in the client, with the same
 * {@link SignatureExtractor} as the embedded index; the cluster stores them and runs the
 * filtered HNSW search; the candidates it returns are re-ranked here on their exact vectors
 * with the signature's own distance, so hits carry the same distances as the embedded index's.
 *
 * <p>Visibility: a write is searchable after {@link #refresh()} (or the index's refresh
 * interval), where the embedded index shows it after its commit. Thread-safe.
 */
public final class ClusterIndex implements AutoCloseable {

    /** 2 shards × 1 replica: every shard survives the loss of one node of a 2-node cluster. */
    static final int SHARDS = 2;
    static final int REPLICAS = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A cursor's point in time lives this long after its last page; an expired one is replaced from the cursor's values. */
    private static final String PIT_KEEP_ALIVE = "2m";

    /** Documents per page of an internal scan (near-duplicate candidates). */
    private static final int SCAN_PAGE = 1000;

    private volatile int listingWindow = ListingRequest.MAX_WINDOW;

    private final ClusterConfig config;
    private final SignatureExtractor extractor;
    private final ImageDecoder decoder;
    private final ClusterHttp http;
    private final BulkWriter bulk;
    /** Attribute path to type, as the index maps it; grows as new paths are mapped. */
    private final Map<String, FieldType> attributeTypes = new ConcurrentHashMap<>();

    private ClusterIndex(ClusterConfig config, SignatureExtractor extractor) {
        this.config = config;
        this.extractor = extractor;
        this.decoder = ImageDecoder.of(DecodeLimits.DEFAULT).withTargetSide(SignatureExtractor.WORKING_SIDE);
        this.http = new ClusterHttp(config);
        this.bulk = new BulkWriter(http, config);
    }

    /** Opens the index with the standard extractor; see {@link #open(ClusterConfig, SignatureExtractor)}. */
    public static ClusterIndex open(ClusterConfig config) {
        return open(config, SignatureExtractor.standard());
    }

    /**
     * Opens the index {@link ClusterConfig#indexName()}, creating it with this layout's mappings
     * when it does not exist.
     *
     * @throws IllegalStateException when the index exists with another layout version (or none)
     * @throws UncheckedIOException  when the cluster does not answer within the timeout
     */
    public static ClusterIndex open(ClusterConfig config, SignatureExtractor extractor) {
        ClusterIndex index = new ClusterIndex(Objects.requireNonNull(config, "config"), Objects.requireNonNull(extractor, "extractor"));
        try {
            index.createOrCheck();
            return index;
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
    }

    private void createOrCheck() {
        String name = config.indexName();
        Reply head = call("HEAD", "/" + name, null);
        if (head.status() == 404) {
            Reply created = call("PUT", "/" + name, IndexMapping.createBody(extractor, SHARDS, REPLICAS));
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

    // ------------------------------------------------------------------ writes

    /**
     * Inserts records: signatures are extracted here, then sent in bulk requests of at most
     * {@link ClusterConfig#bulkRecords()} records. Every record gets a status, in input order:
     * refusals found here (unreadable image, wrong attribute type, id twice in the batch) and
     * the cluster's per-record refusals (an id that exists: {@link Code#DUPLICATE_ID}); records
     * the cluster rejected with 429/503 are resent with backoff up to
     * {@link ClusterConfig#maxRetries()} times, then reported {@link Code#SOURCE_UNAVAILABLE}.
     *
     * @throws UncheckedIOException when the cluster does not answer at all
     */
    public BatchResult insert(List<ImageRecord> records) {
        Objects.requireNonNull(records, "records");
        RecordStatus[] out = new RecordStatus[records.size()];
        List<Pending> pending = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, FieldType> newPaths = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            ImageRecord r = Objects.requireNonNull(records.get(i), "records[" + i + "]");
            String id = r.optionalId().orElseGet(() -> java.util.UUID.randomUUID().toString());
            if (!seen.add(id)) {
                out[i] = RecordStatus.refused(i, id, Code.DUPLICATE_ID, "id " + id + " appears earlier in this batch");
                continue;
            }
            Optional<String> bad = checkAttributes(r.attributes(), newPaths);
            if (bad.isPresent()) {
                out[i] = RecordStatus.refused(i, id, Code.INVALID_RECORD, bad.get());
                continue;
            }
            Object extracted = extract(r);
            if (extracted instanceof RecordStatus refusal) {
                out[i] = new RecordStatus(i, id, refusal.code(), refusal.reason(), List.of());
                continue;
            }
            Extracted e = (Extracted) extracted;
            pending.add(new Pending(i, id, document(id, r, e)));
            r.attributes().asMap().forEach((path, v) -> newPaths.putIfAbsent(path, attributeTypes.getOrDefault(path, FieldType.natural(v))));
        }
        mapNewPaths(newPaths);
        bulk.create(pending, out);
        return new BatchResult(List.of(out));
    }

    /**
     * Stores records that carry their signatures and image facts (an export's records, or
     * records of another index read with {@link FieldSelection#ALL_WITH_SIGNATURES}), without
     * decoding or extracting anything; one status per record as {@link #insert(List)}. A
     * record without signatures is refused ({@link Code#INVALID_RECORD}).
     */
    public BatchResult importRecords(List<StoredRecord> records) {
        Objects.requireNonNull(records, "records");
        RecordStatus[] out = new RecordStatus[records.size()];
        List<Pending> pending = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, FieldType> newPaths = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            StoredRecord r = Objects.requireNonNull(records.get(i), "records[" + i + "]");
            if (!seen.add(r.id())) {
                out[i] = RecordStatus.refused(i, r.id(), Code.DUPLICATE_ID, "id " + r.id() + " appears earlier in this batch");
                continue;
            }
            if (r.signatures() == null || r.image() == null) {
                out[i] = RecordStatus.refused(i, r.id(), Code.INVALID_RECORD,
                        "record " + r.id() + " carries no " + (r.signatures() == null ? "signatures" : "image facts") + " to import");
                continue;
            }
            Optional<String> bad = checkAttributes(r.attributes(), newPaths);
            if (bad.isPresent()) {
                out[i] = RecordStatus.refused(i, r.id(), Code.INVALID_RECORD, bad.get());
                continue;
            }
            pending.add(new Pending(i, r.id(), document(r.id(), r.name(), r.tags(), r.attributes(), r.created(), r.origin(),
                    r.image(), r.signatures())));
            r.attributes().asMap().forEach((path, v) -> newPaths.putIfAbsent(path, attributeTypes.getOrDefault(path, FieldType.natural(v))));
        }
        mapNewPaths(newPaths);
        bulk.create(pending, out);
        return new BatchResult(List.of(out));
    }

    /** Why {@code attrs} cannot be stored under the index's types; new paths in this batch count as typed. */
    private Optional<String> checkAttributes(Attributes attrs, Map<String, FieldType> batchPaths) {
        for (Map.Entry<String, Object> e : attrs.asMap().entrySet()) {
            if (RecordFields.RESERVED.contains(e.getKey())) {
                return Optional.of("attribute '" + e.getKey() + "' uses a reserved name");
            }
            FieldType known = attributeTypes.getOrDefault(e.getKey(), batchPaths.get(e.getKey()));
            if (known != null && known != FieldType.natural(e.getValue()) && !(known == FieldType.TEXT && FieldType.natural(e.getValue()) == FieldType.KEYWORD)) {
                return Optional.of("attribute '" + e.getKey() + "' is " + Attributes.typeName(e.getValue())
                        + " but the index holds it as " + known.label() + " since its first value; values are never converted");
            }
        }
        return Optional.empty();
    }


    /** Maps the attribute paths the index does not know yet, before the documents using them are sent. */
    private void mapNewPaths(Map<String, FieldType> paths) {
        Map<String, Object> props = new LinkedHashMap<>();
        paths.forEach((path, type) -> {
            if (!attributeTypes.containsKey(path)) {
                props.put(path, IndexMapping.field(type));
            }
        });
        if (props.isEmpty()) {
            return;
        }
        Map<String, Object> body = Map.of("properties", Map.of(IndexMapping.ATTRIBUTES, Map.of("properties", props)));
        ok(call("PUT", "/" + config.indexName() + "/_mapping", body), "mapping new attribute paths " + props.keySet());
        paths.forEach(attributeTypes::putIfAbsent);
    }

    private record Extracted(ImageSignatures signatures, ImageInfo info) {
    }

    /** The record's signatures and image facts, or the refusal. */
    private Object extract(ImageRecord r) {
        byte[] bytes;
        try {
            bytes = switch (r.source()) {
                case ImageSource.File f -> Files.readAllBytes(f.path());
                case ImageSource.Bytes b -> b.bytes();
                case ImageSource.Url u -> null;
                case ImageSource.Base64 b -> java.util.Base64.getMimeDecoder().decode(b.text());
            };
        } catch (IOException e) {
            return RecordStatus.refused(0, null, Code.SOURCE_UNAVAILABLE, "cannot read " + r.source().origin().orElse("image") + ": " + e);
        }
        if (bytes == null) {
            return RecordStatus.refused(0, null, Code.SOURCE_UNAVAILABLE,
                    "URL sources are not read by the cluster backend yet; pass the file or the bytes");
        }
        DecodedImage decoded;
        try {
            decoded = decoder.decode(bytes);
        } catch (ImageDecodeException e) {
            return RecordStatus.refused(0, null, code(e.reason()), e.getMessage());
        }
        ImageSignatures sig;
        try {
            sig = extractor.extract(decoded);
        } catch (RuntimeException e) {
            return RecordStatus.refused(0, null, Code.EXTRACTION_FAILED, "signature extraction failed: " + e);
        }
        ImageInfo info = new ImageInfo(sig.width(), sig.height(), decoded.format(), bytes.length, digest("SHA-1", bytes),
                digest("MD5", bytes), pixelHash(decoded), sig.hash().hex());
        return new Extracted(sig, info);
    }

    private static Code code(ImageDecodeException.Reason reason) {
        return switch (reason) {
            case EMPTY, NOT_AN_IMAGE -> Code.NOT_AN_IMAGE;
            case UNSUPPORTED_FORMAT -> Code.UNSUPPORTED_FORMAT;
            case TOO_MANY_BYTES, TOO_MANY_PIXELS -> Code.TOO_LARGE;
            case TRUNCATED, CORRUPT -> Code.UNREADABLE;
            case IO -> Code.SOURCE_UNAVAILABLE;
        };
    }

    /** The embedded index's pixel hash (ImageInfo#pixelHash), computed the same way. */
    private static String pixelHash(DecodedImage decoded) {
        int[] rgb = Images.rgb(decoded.image());
        ByteBuffer buf = ByteBuffer.allocate(8 + rgb.length * 4);
        buf.putInt(decoded.image().getWidth()).putInt(decoded.image().getHeight());
        buf.asIntBuffer().put(rgb);
        return digest("SHA-1", buf.array());
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides " + algorithm, e);
        }
    }

    private Map<String, Object> document(String id, ImageRecord r, Extracted e) {
        return document(id, r.name(), r.tags(), r.attributes(), r.created(), r.source().origin().orElse(null), e.info(),
                e.signatures());
    }

    private Map<String, Object> document(String id, String name, List<String> tags, Attributes attributes, Instant created,
                                         String origin, ImageInfo i, ImageSignatures s) {
        Map<String, Object> d = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        d.put(RecordFields.ID, id);
        if (name != null) {
            d.put(RecordFields.NAME, name);
        }
        if (!tags.isEmpty()) {
            d.put(RecordFields.TAGS, tags);
        }
        d.put(RecordFields.CREATED, created != null ? created.toEpochMilli() : now);
        d.put(RecordFields.MODIFIED, now);
        d.put(RecordFields.WIDTH, i.width());
        d.put(RecordFields.HEIGHT, i.height());
        d.put(RecordFields.FORMAT, i.format());
        d.put(RecordFields.SIZE, i.byteSize());
        d.put(RecordFields.SHA1, i.sha1());
        d.put(RecordFields.MD5, i.md5());
        d.put(RecordFields.PIXEL_HASH, i.pixelHash());
        d.put(RecordFields.PHASH, i.phash());
        if (origin != null) {
            d.put(RecordFields.ORIGIN, origin);
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attributes.asMap().forEach((path, v) -> attrs.put(path, attributeJson(v)));
        d.put(IndexMapping.ATTRIBUTES, attrs);
        d.put(IndexMapping.ACTIVE, true);
        Base64.Encoder b64 = Base64.getEncoder();
        d.put(IndexMapping.SIG_MATCHING, b64.encodeToString(s.matching().toBytes()));
        d.put(IndexMapping.SIG_SIMILARITY, b64.encodeToString(s.similarity().toBytes()));
        d.put(IndexMapping.SIG_COLOR, b64.encodeToString(s.color().toBytes()));
        d.put(IndexMapping.SIG_HASH, s.hash().bits());
        d.put(IndexMapping.HASH_BANDS, IndexMapping.bands(s.hash().bits()));
        d.put(IndexMapping.KNN_PREFIX + "similarity", s.similarity().vector());
        d.put(IndexMapping.KNN_PREFIX + "color", s.color().vector());
        s.vectors().forEach((vector, v) -> d.put(IndexMapping.KNN_PREFIX + vector, v));
        return d;
    }

    private static Object attributeJson(Object v) {
        return switch (v) {
            case Instant t -> t.toEpochMilli();
            case List<?> l -> l.stream().map(ClusterIndex::attributeJson).toList();
            default -> v;
        };
    }

    /**
     * Deletes records for good; one status per id, {@link Code#DELETED} or {@link Code#NOT_FOUND}.
     */
    public BatchResult delete(List<String> ids) {
        Objects.requireNonNull(ids, "ids");
        RecordStatus[] out = new RecordStatus[ids.size()];
        for (int from = 0; from < ids.size(); from += config.bulkRecords()) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + config.bulkRecords()));
            ByteArrayOutputStream nd = new ByteArrayOutputStream();
            try {
                for (String id : part) {
                    nd.write(JSON.writeValueAsBytes(Map.of("delete", Map.of("_index", config.indexName(), "_id", id))));
                    nd.write('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            JsonNode items = ok(send("POST", "/_bulk", nd.toByteArray(), "application/x-ndjson"), "bulk delete").json().path("items");
            for (int k = 0; k < part.size(); k++) {
                int i = from + k;
                int status = items.get(k).path("delete").path("status").asInt();
                out[i] = status == 200 ? RecordStatus.ok(i, part.get(k), Code.DELETED)
                        : RecordStatus.refused(i, part.get(k), Code.NOT_FOUND, "no record with id " + part.get(k));
            }
        }
        return new BatchResult(List.of(out));
    }

    /** Makes every acknowledged write visible to searches, gets and counts. */
    public void refresh() {
        ok(call("POST", "/" + config.indexName() + "/_refresh", null), "refreshing " + config.indexName());
    }

    // ------------------------------------------------------------------ reads

    /** How many visible records. */
    public long count() {
        return count(Filter.MatchAll.class.cast(new Filter.MatchAll(org.imageindex.query.SourcePosition.jsonPointer(""))));
    }

    /** How many visible records {@code filter} matches. */
    public long count(Filter filter) {
        Map<String, Object> body = Map.of("query", visible(filter));
        return ok(call("POST", "/" + config.indexName() + "/_count", body), "count").json().path("count").asLong();
    }

    /** The records with these ids that exist, in the order of {@code ids}, with the parts {@code fields} selects. */
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

    /**
     * The {@code k} visible records closest to the query among those the filter matches: the
     * cluster's filtered HNSW search for {@link KnnRequest#candidates()} neighbours, re-ranked
     * here on their exact vectors with the signature's distance (ties by id), then {@code from}
     * skipped.
     *
     * @throws IllegalArgumentException for an unknown signature, a bad query vector, an unknown
     *                                  query id, or an option the cluster backend does not offer yet
     *                                  (several queries, tag weighting, one hit per product, colour lists)
     */
    public SearchResult search(KnnRequest r) {
        Objects.requireNonNull(r, "request");
        if (r.queries().size() != 1) {
            throw new IllegalArgumentException("queries must hold one query on the cluster backend (multi-image search is not offered yet), got: "
                    + r.queries().size());
        }
        if (r.tagWeight() > 0 || r.productField() != null) {
            throw new IllegalArgumentException("tagWeight and productField are not offered by the cluster backend yet");
        }
        Space space = space(r.signature());
        float[] q = queryVector(space, r.queries().get(0));
        String field = IndexMapping.KNN_PREFIX + space.name;
        Map<String, Object> knn = new LinkedHashMap<>();
        knn.put("vector", q);
        knn.put("k", r.candidates());
        knn.put("filter", visible(r.filter()));
        Map<String, Object> body = Map.of("size", r.candidates(), "query", Map.of("knn", Map.of(field, knn)),
                "_source", Map.of("excludes", excludes(r.fields(), field)));
        JsonNode hits = ok(call("POST", "/" + config.indexName() + "/_search", body), "kNN search").json().path("hits").path("hits");
        record Ranked(JsonNode source, double distance, double score, String id) {
        }
        List<Ranked> ranked = new ArrayList<>();
        for (JsonNode h : hits) {
            JsonNode src = h.path("_source");
            float[] v = floats(src.path(field));
            ranked.add(new Ranked(src, space.distance(q, v), space.score(q, v), src.path(RecordFields.ID).asText()));
        }
        ranked.sort(Comparator.comparingDouble(Ranked::distance).thenComparing(Ranked::id));
        List<SearchHit> out = new ArrayList<>();
        for (int i = r.from(); i < Math.min(ranked.size(), r.from() + r.k()); i++) {
            Ranked c = ranked.get(i);
            out.add(new SearchHit(record(c.source(), r.fields()), c.distance(), c.score()));
        }
        return new SearchResult(out);
    }

    // ------------------------------------------------------------------ listings

    /**
     * A page of the visible records {@code r.filter()} matches, in {@code r.sort()} order with
     * the id as final key, under the embedded index's paging rules: offset pages up to
     * {@link ListingRequest#MAX_WINDOW}, cursor pages beyond (the cluster's {@code search_after}
     * from the previous page's last sort values, inside a point in time the cursor carries, so a
     * page costs the same at any depth and the pages of one listing read one view of the index),
     * and a cursor on the first page when no offset was asked for and more records match than
     * the window holds.
     *
     * @throws IllegalArgumentException for a sort on an unknown field, a sort on a text field
     *                                  (collated order is not offered by the cluster backend yet),
     *                                  or a cursor that is damaged or belongs to another listing
     */
    public ListingPage list(ListingRequest r) {
        Objects.requireNonNull(r, "request");
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
     * unless the key gives a default, the id as final key so that no two records tie.
     */
    private List<Object> listingSort(List<SortKey> keys) {
        List<Object> out = new ArrayList<>();
        for (SortKey key : keys) {
            FieldType t = typeOf(key.field());
            if (t == null) {
                throw new IllegalArgumentException("sort field must be one of " + sortableFields() + ", got: " + key.field());
            }
            if (t == FieldType.TEXT) {
                throw new IllegalArgumentException("sort on the text field " + key.field()
                        + " is not offered by the cluster backend yet (the embedded index sorts text by collation key)");
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
            out.add(Map.of(IndexMapping.path(key.field()), spec));
        }
        out.add(Map.of(RecordFields.ID, Map.of("order", "asc")));
        return out;
    }

    private List<String> sortableFields() {
        List<String> names = new ArrayList<>(RecordFields.SCHEMA.names());
        names.addAll(new java.util.TreeSet<>(attributeTypes.keySet()));
        return names;
    }

    // ------------------------------------------------------------------ near duplicates

    /**
     * The visible records whose perceptual hash lies within {@code r.radius()} bits of the
     * query's: candidates from the cluster by the four 16-bit hash bands (two hashes within
     * radius r agree to within floor(r / 4) bits in at least one band), each checked exactly
     * here; closest first, ties by id. Hits carry the Hamming distance and {@code 1 - d/64}.
     *
     * @throws IllegalArgumentException when the query id names no visible record or the image cannot be read
     */
    public SearchResult nearDuplicates(NearDuplicateRequest r) {
        Objects.requireNonNull(r, "request");
        long bits = switch (r.query()) {
            case SearchQuery.ById byId -> {
                JsonNode d = ok(call("GET", "/" + config.indexName() + "/_doc/" + encode(byId.id()), null),
                        "reading query record " + byId.id()).json();
                if (!d.path("found").asBoolean() || !d.path("_source").path(IndexMapping.ACTIVE).asBoolean()) {
                    throw new IllegalArgumentException("query id must name a visible record, got: '" + byId.id() + "'");
                }
                yield d.path("_source").path(IndexMapping.SIG_HASH).asLong();
            }
            case SearchQuery.ByImage img -> extractor.query(decodeQuery(img.source())).hash().bits();
            case SearchQuery.ByRaster raster -> extractor.query(raster.image()).hash().bits();
            default -> throw new IllegalArgumentException("query must be a record id or an image for a near-duplicate search, got: "
                    + r.query());
        };
        List<String> terms = new ArrayList<>();
        for (int band = 0; band < 4; band++) {
            List<Integer> values = new ArrayList<>();
            neighbours((int) ((bits >>> (16 * band)) & 0xFFFF), r.radius() / 4, 0, values);
            for (int v : values) {
                terms.add(band + ":" + String.format("%04x", v));
            }
        }
        Map<String, Object> query = Map.of("bool", Map.of("filter", List.of(visible(r.filter()),
                Map.of("terms", Map.of(IndexMapping.HASH_BANDS, terms)))));
        List<SearchHit> hits = new ArrayList<>();
        scan(query, r.fields(), src -> {
            int d = Long.bitCount(src.path(IndexMapping.SIG_HASH).asLong() ^ bits);
            if (d <= r.radius()) {
                hits.add(new SearchHit(record(src, r.fields()), d, 1 - d / (double) HashSignature.BITS));
            }
        });
        hits.sort(Comparator.comparingDouble(SearchHit::distance).thenComparing(SearchHit::id));
        return new SearchResult(hits);
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

    /** Every document {@code query} matches, in id order, a page of {@value #SCAN_PAGE} at a time. */
    private void scan(Map<String, Object> query, FieldSelection fields, java.util.function.Consumer<JsonNode> each) {
        JsonNode after = null;
        while (true) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("size", SCAN_PAGE);
            body.put("query", query);
            body.put("sort", List.of(Map.of(RecordFields.ID, Map.of("order", "asc"))));
            if (after != null) {
                body.put("search_after", after);
            }
            body.put("_source", Map.of("excludes", excludes(fields, null)));
            JsonNode hits = ok(call("POST", "/" + config.indexName() + "/_search", body), "scan").json().path("hits").path("hits");
            hits.forEach(h -> each.accept(h.path("_source")));
            if (hits.size() < SCAN_PAGE) {
                return;
            }
            after = hits.get(hits.size() - 1).path("sort");
        }
    }

    /** Visible for tests: a smaller offset window, so that cursor paging shows on a few records. */
    void listingWindow(int window) {
        this.listingWindow = window;
    }

    /** The vector signature compared: its name, similarity and dimension. */
    private record Space(String name, VectorSimilarity similarity, int dimension, boolean color) {
        double distance(float[] q, float[] v) {
            return color ? Math.sqrt(Math.max(0, 2 - 2 * dot(q, v))) : Math.max(0, similarity.distance(q, v));
        }

        double score(float[] q, float[] v) {
            return color ? Math.clamp(dot(q, v), 0, 1) : Math.clamp(similarity.score(q, v), 0, 1);
        }

        private static double dot(float[] a, float[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += (double) a[i] * b[i];
            }
            return s;
        }
    }

    private Space space(VectorSignature s) {
        if (s.equals(VectorSignature.SIMILARITY)) {
            return new Space(s.name(), VectorSimilarity.DOT_PRODUCT, extractor.similarityExtractor().dimension(), false);
        }
        if (s.equals(VectorSignature.COLOR)) {
            return new Space(s.name(), VectorSimilarity.DOT_PRODUCT, org.imageindex.signatures.color.ColorExtractor.DIMENSION, true);
        }
        for (VectorExtractor v : extractor.vectorExtractors()) {
            if (v.name().equals(s.name())) {
                return new Space(s.name(), v.similarity(), v.dimension(), false);
            }
        }
        throw new IllegalArgumentException("signature must be similarity, color or one of the index's vector extractors "
                + extractor.vectorExtractors().stream().map(VectorExtractor::name).toList() + ", got: " + s.name());
    }

    private float[] queryVector(Space space, SearchQuery query) {
        float[] v = switch (query) {
            case SearchQuery.ById byId -> {
                JsonNode d = ok(call("GET", "/" + config.indexName() + "/_doc/" + encode(byId.id()), null, 404),
                        "reading query record " + byId.id()).json();
                if (!d.path("found").asBoolean() || !d.path("_source").path(IndexMapping.ACTIVE).asBoolean()) {
                    throw new IllegalArgumentException("query id must name a visible record, got: " + byId.id());
                }
                yield floats(d.path("_source").path(IndexMapping.KNN_PREFIX + space.name));
            }
            case SearchQuery.ByImage img -> vectorOf(space, extractor.query(decodeQuery(img.source())));
            case SearchQuery.ByRaster raster -> vectorOf(space, extractor.query(raster.image()));
            case SearchQuery.ByVector vec -> vec.vector();
            case SearchQuery.ByColors c -> throw new IllegalArgumentException("colour-list queries are not offered by the cluster backend yet");
        };
        return checked(space, v);
    }

    private DecodedImage decodeQuery(ImageSource source) {
        try {
            return switch (source) {
                case ImageSource.File f -> decoder.decode(Files.readAllBytes(f.path()));
                case ImageSource.Bytes b -> decoder.decode(b.bytes());
                case ImageSource.Url u -> throw new IllegalArgumentException("URL query images are not read by the cluster backend yet: " + u.uri());
                case ImageSource.Base64 b -> decoder.decode(java.util.Base64.getMimeDecoder().decode(b.text()));
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("query image cannot be read: " + e, e);
        } catch (ImageDecodeException e) {
            throw new IllegalArgumentException("query image cannot be decoded (" + code(e.reason()) + "): " + e.getMessage(), e);
        }
    }

    private static float[] vectorOf(Space space, QueryImage q) {
        if (space.name.equals("similarity")) {
            return q.similarity().vector();
        }
        return space.color ? q.color().vector() : q.vector(space.name);
    }

    private static float[] checked(Space space, float[] v) {
        if (v.length != space.dimension) {
            throw new IllegalArgumentException("vector for signature '" + space.name + "' must have " + space.dimension
                    + " dimensions, got: " + v.length);
        }
        double norm = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("vector for signature '" + space.name + "' must hold finite values, got: " + x);
            }
            norm += (double) x * x;
        }
        if (space.similarity == VectorSimilarity.DOT_PRODUCT && Math.abs(Math.sqrt(norm) - 1) > 1e-3) {
            throw new IllegalArgumentException("vector for signature '" + space.name
                    + "' must have unit length (dot-product similarity), got length: " + Math.sqrt(norm));
        }
        if (norm == 0) {
            throw new IllegalArgumentException("vector for signature '" + space.name + "' must not be all zeros");
        }
        return v;
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
        if (sel.includes(FieldSelection.ATTRIBUTES)) {
            Map<String, Object> a = new LinkedHashMap<>();
            src.path(IndexMapping.ATTRIBUTES).fields().forEachRemaining(e -> a.put(e.getKey(), attributeValue(e.getKey(), e.getValue())));
            attrs = Attributes.of(a);
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
            case DATE -> Instant.ofEpochMilli(n.asLong());
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
        return call(method, endpoint, json, -1);
    }

    private Reply call(String method, String endpoint, Object json, int unused) {
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

    @Override
    public void close() {
        http.close();
    }

    /** The configuration this index was opened with. */
    public ClusterConfig config() {
        return config;
    }

    /** The nodes as given, for messages. */
    List<URI> nodes() {
        return config.nodes();
    }

    /** Visible for tests: attribute types as the client knows them. */
    Map<String, FieldType> attributeTypes() {
        return new HashMap<>(attributeTypes);
    }
}
