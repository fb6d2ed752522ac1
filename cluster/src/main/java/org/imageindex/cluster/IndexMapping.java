package org.imageindex.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.imageindex.query.compile.ListingSorts;
import org.imageindex.query.schema.FieldType;
import org.imageindex.record.RecordFields;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.signatures.color.ColorExtractor;
import org.imageindex.signatures.spi.VectorExtractor;
import org.imageindex.signatures.spi.VectorSimilarity;

/**
 * The OpenSearch index of a record collection: settings, mappings and the document field names.
 *
 * <p>One document per record. Built-in fields ({@link RecordFields}) under their own names, typed
 * as the embedded schema types them; attributes under {@code attributes.<path>}, each mapped
 * explicitly on first sight (the mapping is {@code strict}: nothing is typed by guessing);
 * signatures as base64 {@code binary} (not indexed, kept in {@code _source}); the perceptual hash
 * as a long and its four 16-bit bands as keywords; one {@code knn_vector} per vector signature
 * with the Lucene engine and Lucene's default HNSW parameters, the ones the embedded index
 * writes with ({@code M = 16}, beam width 100).
 */
final class IndexMapping {

    /**
     * The layout version kept in the index's {@code _meta}; an index of another version is
     * refused rather than read wrongly. Version 2 added the visual words, version 3 the
     * collation keys of text fields, colour signatures of format 3 (45-dimension colour
     * vectors instead of 41) and date attributes kept to the nanosecond.
     */
    static final int SCHEMA_VERSION = 3;
    static final String META_VERSION = "imageindex_schema_version";

    static final String ATTRIBUTES = "attributes";
    static final String ACTIVE = "active";
    /** The attribute paths in the order the record gave them (kept in the source only, never searched). */
    static final String ATTRIBUTE_ORDER = "attribute_order";
    static final String SIG_MATCHING = "sig_matching";
    static final String SIG_SIMILARITY = "sig_similarity";
    static final String SIG_COLOR = "sig_color";
    static final String SIG_HASH = "sig_hash";
    static final String HASH_BANDS = "hash_bands";
    static final String KNN_PREFIX = "knn_";
    /**
     * The visual words of the matching signature (shipped vocabulary), one base-36 token per
     * feature separated by spaces: a text field split on whitespace with BM25 and norms, as the
     * embedded index's words field, so repeated words count as term frequency.
     */
    static final String WORDS = "words";
    /**
     * The sort keys of text fields, {@code collation.<document path>}: the embedded index's
     * collation key of each value ({@link ListingSorts#collationKey}), encoded by
     * {@link #collationKey} as a keyword that sorts as the key's bytes do. Doc values only.
     */
    static final String COLLATION = "collation";

    /** Lucene99HnswVectorsFormat's defaults, which the embedded index's codec uses. */
    static final int HNSW_M = 16;
    static final int HNSW_EF_CONSTRUCTION = 100;

    private IndexMapping() {
    }

    /** The body of the create-index request. */
    static Map<String, Object> createBody(SignatureExtractor extractor, int shards, int replicas) {
        Map<String, Object> props = new LinkedHashMap<>();
        RecordFields.SCHEMA.asMap().forEach((name, spec) -> props.put(name, field(spec.type())));
        props.put(ATTRIBUTES, Map.of("type", "object"));
        props.put(ACTIVE, Map.of("type", "boolean"));
        props.put(ATTRIBUTE_ORDER, Map.of("type", "keyword", "index", false, "doc_values", false));
        for (String b : List.of(SIG_MATCHING, SIG_SIMILARITY, SIG_COLOR)) {
            props.put(b, Map.of("type", "binary"));
        }
        props.put(SIG_HASH, Map.of("type", "long"));
        props.put(HASH_BANDS, Map.of("type", "keyword"));
        props.put(WORDS, Map.of("type", "text", "analyzer", "whitespace", "similarity", "BM25"));
        Map<String, Object> collated = new LinkedHashMap<>();
        RecordFields.SCHEMA.asMap().forEach((name, spec) -> {
            if (spec.type() == FieldType.TEXT) {
                collated.put(name, COLLATION_KEY);
            }
        });
        props.put(COLLATION, Map.of("properties", collated));
        props.put(KNN_PREFIX + "similarity", knn(extractor.similarityExtractor().dimension(), VectorSimilarity.DOT_PRODUCT));
        props.put(KNN_PREFIX + "color", knn(ColorExtractor.DIMENSION, VectorSimilarity.DOT_PRODUCT));
        for (VectorExtractor v : extractor.vectorExtractors()) {
            props.put(KNN_PREFIX + v.name(), knn(v.dimension(), v.similarity()));
        }
        return Map.of(
                "settings", Map.of("index", Map.of("knn", true, "number_of_shards", shards, "number_of_replicas", replicas,
                        // values never convert, as in the embedded index: 5.5 into a long field is refused, not truncated
                        "mapping.coerce", false)),
                "mappings", Map.of("dynamic", "strict", "_meta", Map.of(META_VERSION, SCHEMA_VERSION), "properties", props));
    }

    /**
     * The body of the organisation index beside the records: one document per key, the value
     * kept in {@code _source} only (never searched).
     */
    static Map<String, Object> organisationBody(int replicas) {
        return Map.of("settings", Map.of("index", Map.of("number_of_shards", 1, "number_of_replicas", replicas)),
                "mappings", Map.of("dynamic", "strict", "properties", Map.of("value", Map.of("type", "text", "index", false))));
    }

    /** The mapping of one field of {@code type}. */
    static Map<String, Object> field(FieldType type) {
        return switch (type) {
            case KEYWORD -> Map.of("type", "keyword");
            // full-text, with an exact sub-field for equality, prefix and substring filters
            case TEXT -> Map.of("type", "text", "fields", Map.of("raw", Map.of("type", "keyword")));
            case LONG -> Map.of("type", "long");
            case DOUBLE -> Map.of("type", "double");
            case BOOLEAN -> Map.of("type", "boolean");
            // written as ISO-8601 with nanoseconds, indexed to the millisecond; filters send epoch millis
            case DATE -> Map.of("type", "date", "format", "strict_date_optional_time_nanos||epoch_millis");
        };
    }

    static Map<String, Object> knn(int dimension, VectorSimilarity similarity) {
        return Map.of("type", "knn_vector", "dimension", dimension, "method", Map.of("name", "hnsw", "engine", "lucene",
                "space_type", spaceType(similarity), "parameters", Map.of("m", HNSW_M, "ef_construction", HNSW_EF_CONSTRUCTION)));
    }

    static String spaceType(VectorSimilarity s) {
        return switch (s) {
            case DOT_PRODUCT -> "innerproduct";
            case COSINE -> "cosinesimil";
            case EUCLIDEAN -> "l2";
        };
    }

    /** The mapping of a collation key: a keyword kept for sorting (doc values), not searched. */
    static final Map<String, Object> COLLATION_KEY = Map.of("type", "keyword", "index", false);

    /** The document path of the collation keys of a text field. */
    static String collationPath(String field) {
        return COLLATION + "." + path(field);
    }

    /**
     * The collation key of {@code text} as a string whose UTF-8 bytes sort as the key's bytes:
     * the key's big-endian 16-bit units (Java's collation keys are whole units) become one code
     * point each, {@code u + 1} below the surrogates and {@code u + 0x801} from them on. The map
     * is increasing and UTF-8 keeps code point order, so the keyword's order (byte order, a
     * prefix first) is the embedded index's, and no NUL or surrogate is written. A unit costs 1
     * to 4 bytes; over every code point repeated to 1,000 characters the longest key was 12,004
     * bytes and its keyword 11,002, well within Lucene's 32,766-byte term.
     */
    static String collationKey(String text) {
        byte[] key = ListingSorts.collationKey(text);
        StringBuilder b = new StringBuilder(key.length / 2 + 1);
        for (int i = 0; i < key.length; i += 2) {
            int u = (key[i] & 0xFF) << 8 | (i + 1 < key.length ? key[i + 1] & 0xFF : 0);
            b.appendCodePoint(u + 1 < Character.MIN_SURROGATE ? u + 1 : u + 0x801);
        }
        return b.toString();
    }

    /** The document path of a filter field: built-ins under their name, attributes under {@code attributes.}. */
    static String path(String field) {
        return RecordFields.BUILT_IN.contains(field) ? field : ATTRIBUTES + "." + field;
    }

    /** The four 16-bit bands of a hash as keywords {@code "<band>:<hex>"}: Hamming-radius candidates. */
    static List<String> bands(long bits) {
        return List.of(0, 1, 2, 3).stream()
                .map(i -> i + ":" + String.format("%04x", (bits >>> (16 * i)) & 0xFFFF))
                .toList();
    }
}
