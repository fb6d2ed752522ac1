package org.imageindex.embedded;

import org.imageindex.search.MultiQuery;
import org.imageindex.search.VectorSignature;
import org.imageindex.spi.QueryVectors;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.imageindex.signatures.QueryImage;
import org.imageindex.signatures.color.ColorExtractor;
import org.imageindex.signatures.spi.VectorExtractor;
import org.imageindex.signatures.spi.VectorSimilarity;

/**
 * One searchable vector signature: its HNSW field, dimension and comparison, the signature's own
 * distance and score, and the conversion of a distance radius into Lucene's score scale.
 */
final class VectorSpace {


    private final VectorSignature signature;
    private final String field;
    private final int dimension;
    private final VectorSimilarity similarity;

    private VectorSpace(VectorSignature signature, String field, int dimension, VectorSimilarity similarity) {
        this.signature = signature;
        this.field = field;
        this.dimension = dimension;
        this.similarity = similarity;
    }

    static VectorSpace of(SearchableIndex index, VectorSignature s) {
        String field = index.vectorField(s.name());
        if (s.equals(VectorSignature.SIMILARITY)) {
            return new VectorSpace(s, field, index.extractor().similarityExtractor().dimension(), VectorSimilarity.DOT_PRODUCT);
        }
        if (s.equals(VectorSignature.COLOR)) {
            return new VectorSpace(s, field, ColorExtractor.DIMENSION, VectorSimilarity.DOT_PRODUCT);
        }
        List<VectorExtractor> callers = index.extractor().vectorExtractors();
        for (VectorExtractor v : callers) {
            if (v.name().equals(s.name())) {
                return new VectorSpace(s, field, v.dimension(), v.similarity());
            }
        }
        throw new IllegalArgumentException("signature must be similarity, color or one of the index's vector extractors "
                + callers.stream().map(VectorExtractor::name).toList() + ", got: " + s.name());
    }

    String name() {
        return signature.name();
    }

    String field() {
        return field;
    }

    boolean isColor() {
        return signature.equals(VectorSignature.COLOR);
    }

    VectorSimilarity similarity() {
        return similarity;
    }

    /** The signature's vector of a query image; only that signature is extracted. */
    float[] vectorOf(QueryImage s) {
        if (signature.equals(VectorSignature.SIMILARITY)) {
            return s.similarity().vector();
        }
        if (isColor()) {
            return s.color().vector();
        }
        return s.vector(signature.name());
    }

    /** A caller's query vector, checked ({@link QueryVectors#checked}). */
    float[] checked(float[] v) {
        return QueryVectors.checked(signature.name(), similarity, dimension, v);
    }

    /** The mean of several query vectors ({@link QueryVectors#mean}). */
    float[] mean(List<float[]> vectors) {
        return QueryVectors.mean(similarity, dimension, vectors);
    }

    /** The signature's distance, lower = closer. */
    double distance(float[] query, float[] v) {
        if (isColor()) {
            return Math.sqrt(Math.max(0, 2 - 2 * dot(query, v)));
        }
        return Math.max(0, similarity.distance(query, v));
    }

    /** The signature's score in [0, 1], higher = more similar. */
    double score(float[] query, float[] v) {
        if (isColor()) {
            return Math.clamp(dot(query, v), 0, 1);
        }
        return Math.clamp(similarity.score(query, v), 0, 1);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /**
     * The stored float vectors of {@code docs} (global doc ids, ascending), read from the HNSW
     * field's vector values; quantised formats keep the float vectors too, so re-ranking is exact.
     */
    float[][] stored(IndexSearcher searcher, int[] docs) throws IOException {
        float[][] out = new float[docs.length][];
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        int leafOrd = -1;
        FloatVectorValues values = null;
        KnnVectorValues.DocIndexIterator it = null;
        LeafReaderContext leaf = null;
        for (int i = 0; i < docs.length; i++) {
            int l = ReaderUtil.subIndex(docs[i], leaves);
            if (l != leafOrd) {
                leafOrd = l;
                leaf = leaves.get(l);
                values = leaf.reader().getFloatVectorValues(field);
                it = values == null ? null : values.iterator();
            }
            int target = docs[i] - leaf.docBase;
            if (it != null && (it.docID() == target || (it.docID() < target && it.advance(target) == target))) {
                out[i] = values.vectorValue(it.index()).clone();
            }
        }
        return out;
    }
}
