package org.imageindex.embedded;

import org.imageindex.spi.RecordState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;
import org.imageindex.query.compile.FieldIndexer;
import org.imageindex.query.schema.FieldTypes;
import org.imageindex.record.RecordFields;
import org.imageindex.signatures.ImageSignatures;
import org.imageindex.signatures.color.ColorSignature;
import org.imageindex.signatures.hash.HashSignature;
import org.imageindex.signatures.matching.MatchingFeatures;
import org.imageindex.signatures.similarity.SimilaritySignature;
import org.imageindex.signatures.spi.VectorSimilarity;

/**
 * The Lucene document of a record: one document per record, built only here and read back only
 * here. docs/architecture.md lists the fields; in short:
 * <ul>
 *   <li>every filterable field (built-in and attributes) through {@link FieldIndexer}, under its
 *       own name;</li>
 *   <li>{@link #RECORD}: the metadata as {@link RecordCodecV1} bytes;</li>
 *   <li>signatures: {@link #MATCHING}, {@link #SIMILARITY}, {@link #COLOR} as their own
 *       {@code toBytes()}, the hash in {@link #HASH} (stored and doc values), caller vectors in
 *       {@code __vec.<name>}; HNSW vectors in {@code __knn.<name>}, the similarity one in the
 *       index's {@link SimilaritySpace};</li>
 *   <li>{@link MatchingWords}: the visual words of the matching features, {@code __words.<vocabulary id>};</li>
 *   <li>{@link HashBands}' four 16-bit substrings of the hash for Hamming-radius candidates;</li>
 *   <li>{@link #INACTIVE} on deactivated records only.</li>
 * </ul>
 */
public final class RecordDocuments {

    /** Stored metadata, {@link RecordCodecV1}. */
    static final String RECORD = "__record";
    /** Stored {@link MatchingFeatures#toBytes()}. */
    static final String MATCHING = "__sig.matching";
    /** Stored {@link SimilaritySignature#toBytes()}. */
    static final String SIMILARITY = "__sig.similarity";
    /** Stored {@link ColorSignature#toBytes()}. */
    static final String COLOR = "__sig.color";
    /** The 64-bit perceptual hash: stored, and numeric doc values for loading all hashes at once. */
    public static final String HASH = "__sig.hash";
    /** Prefix of the stored raw floats of a caller's vector (little-endian). */
    static final String VECTOR_PREFIX = "__vec.";
    /** Prefix of HNSW vector fields: {@code __knn.similarity}, {@code __knn.color}, {@code __knn.<caller's name>}. */
    public static final String KNN_PREFIX = "__knn.";
    /** HNSW field of the similarity signature. */
    static final String KNN_SIMILARITY = KNN_PREFIX + "similarity";
    /** HNSW field of the colour signature. */
    static final String KNN_COLOR = KNN_PREFIX + "color";
    /** Present (value {@code "1"}) only on deactivated records; visible queries exclude it. */
    public static final String INACTIVE = "__inactive";
    public static final String INACTIVE_VALUE = "1";

    /** What listings and get load when no signatures are asked for. */
    static final Set<String> METADATA_ONLY = Set.of(RECORD);

    private RecordDocuments() {
    }

    /**
     * The document of a record whose signatures are present: its visual words from {@code words}'
     * current vocabulary, its HNSW similarity vector in {@code similarity}'s current space.
     */
    public static Document build(RecordState r, FieldTypes types, Map<String, VectorSimilarity> vectorSimilarities, MatchingWords words,
                          SimilaritySpace similarity) {
        if (r.signatures() == null) {
            throw new IllegalArgumentException("record " + r.id() + " has no signatures loaded");
        }
        Document doc = new Document();
        FieldIndexer ix = FieldIndexer.of(types);
        ix.add(doc, RecordFields.ID, r.id());
        if (r.name() != null) {
            ix.add(doc, RecordFields.NAME, r.name());
        }
        if (!r.tags().isEmpty()) {
            ix.add(doc, RecordFields.TAGS, r.tags());
        }
        ix.add(doc, RecordFields.CREATED, r.created());
        ix.add(doc, RecordFields.MODIFIED, r.modified());
        ix.add(doc, RecordFields.WIDTH, (long) r.image().width());
        ix.add(doc, RecordFields.HEIGHT, (long) r.image().height());
        ix.add(doc, RecordFields.FORMAT, r.image().format());
        ix.add(doc, RecordFields.SIZE, r.image().byteSize());
        ix.add(doc, RecordFields.SHA1, r.image().sha1());
        ix.add(doc, RecordFields.MD5, r.image().md5());
        ix.add(doc, RecordFields.PIXEL_HASH, r.image().pixelHash());
        ix.add(doc, RecordFields.PHASH, r.image().phash());
        if (r.origin() != null) {
            ix.add(doc, RecordFields.ORIGIN, r.origin());
        }
        r.attributes().asMap().forEach((path, value) -> ix.add(doc, path, value));

        doc.add(new StoredField(RECORD, new BytesRef(RecordCodecV1.encode(r))));
        ImageSignatures s = r.signatures();
        doc.add(new StoredField(MATCHING, new BytesRef(s.matching().toBytes())));
        words.addTo(doc, s.matching());
        doc.add(new StoredField(SIMILARITY, new BytesRef(s.similarity().toBytes())));
        doc.add(new StoredField(COLOR, new BytesRef(s.color().toBytes())));
        doc.add(new StoredField(HASH, s.hash().bits()));
        doc.add(new NumericDocValuesField(HASH, s.hash().bits()));
        HashBands.addTo(doc, s.hash().bits());
        doc.add(new KnnFloatVectorField(KNN_SIMILARITY, similarity.indexed(s.similarity().vector()),
                VectorSimilarityFunction.DOT_PRODUCT));
        doc.add(new KnnFloatVectorField(KNN_COLOR, s.color().vector(), VectorSimilarityFunction.DOT_PRODUCT));
        for (Map.Entry<String, float[]> v : s.vectors().entrySet()) {
            VectorSimilarity sim = vectorSimilarities.get(v.getKey());
            if (sim == null) {
                throw new IllegalArgumentException("record " + r.id() + " has a vector '" + v.getKey()
                        + "' that no configured extractor produces; configured: " + vectorSimilarities.keySet());
            }
            doc.add(new StoredField(VECTOR_PREFIX + v.getKey(), new BytesRef(floatsToBytes(v.getValue()))));
            doc.add(new KnnFloatVectorField(KNN_PREFIX + v.getKey(), v.getValue(), luceneSimilarity(sim)));
        }
        if (!r.active()) {
            doc.add(new StringField(INACTIVE, INACTIVE_VALUE, Field.Store.NO));
        }
        return doc;
    }

    static VectorSimilarityFunction luceneSimilarity(VectorSimilarity s) {
        return switch (s) {
            case DOT_PRODUCT -> VectorSimilarityFunction.DOT_PRODUCT;
            case COSINE -> VectorSimilarityFunction.COSINE;
            case EUCLIDEAN -> VectorSimilarityFunction.EUCLIDEAN;
        };
    }

    /** The stored fields to load for a read: metadata, plus signatures when asked for. */
    static Set<String> fieldsToLoad(boolean signatures, Set<String> vectorNames) {
        if (!signatures) {
            return METADATA_ONLY;
        }
        Set<String> f = new HashSet<>(Set.of(RECORD, MATCHING, SIMILARITY, COLOR, HASH));
        vectorNames.forEach(n -> f.add(VECTOR_PREFIX + n));
        return f;
    }

    /** Reads a record back; signatures only if {@code withSignatures}. */
    public static RecordState read(StoredFields stored, int doc, boolean withSignatures, Set<String> vectorNames) throws IOException {
        Document d = stored.document(doc, fieldsToLoad(withSignatures, vectorNames));
        BytesRef rec = d.getBinaryValue(RECORD);
        if (rec == null) {
            throw new IllegalStateException("document " + doc + " has no stored record; the index is damaged");
        }
        RecordState r = RecordCodecV1.decode(rec.bytes, rec.offset, rec.length);
        if (!withSignatures) {
            return r;
        }
        Map<String, float[]> vectors = new LinkedHashMap<>();
        for (IndexableField f : d.getFields()) {
            if (f.name().startsWith(VECTOR_PREFIX)) {
                vectors.put(f.name().substring(VECTOR_PREFIX.length()), bytesToFloats(f.binaryValue()));
            }
        }
        ImageSignatures sig = new ImageSignatures(r.image().width(), r.image().height(), r.image().format(),
                MatchingFeatures.fromBytes(copy(d.getBinaryValue(MATCHING))),
                SimilaritySignature.fromBytes(copy(d.getBinaryValue(SIMILARITY))),
                ColorSignature.fromBytes(copy(d.getBinaryValue(COLOR))),
                new HashSignature(d.getField(HASH).numericValue().longValue()),
                vectors);
        return new RecordState(r.id(), r.name(), r.tags(), r.attributes(), r.created(), r.modified(), r.origin(), r.image(),
                r.active(), sig);
    }

    /** The bytes of a stored binary value, as an array of their own. */
    static byte[] copy(BytesRef b) {
        return java.util.Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length);
    }

    public static byte[] floatsToBytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    public static float[] bytesToFloats(BytesRef bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes.bytes, bytes.offset, bytes.length).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.length / Float.BYTES];
        b.asFloatBuffer().get(v);
        return v;
    }
}
