package org.imageindex.embedded;

import org.imageindex.search.KnnRequest;
import org.imageindex.search.ListingPage;
import org.imageindex.search.ListingRequest;
import org.imageindex.search.NearDuplicatePairs;
import org.imageindex.search.NearDuplicateRequest;
import org.imageindex.search.RangeRequest;
import org.imageindex.search.SearchResult;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TopFieldDocs;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.SortKey;
import org.imageindex.query.schema.FieldTypes;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageSource;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.QueryImage;
import org.imageindex.signatures.SignatureExtractor;

/**
 * The searches of the embedded index, over the storage {@link EmbeddedBackend} gives them.
 * Callers use the {@code ImageIndex} methods ({@code search}, {@code range},
 * {@code nearDuplicates}, {@code nearDuplicatePairs}, {@code list}), which reach these through
 * {@link org.imageindex.spi.IndexBackend}; only {@code EmbeddedBackend} extends this class,
 * supplying the storage through the protected methods below.
 *
 * <p>Thread-safe when the storage is: every operation runs on one point-in-time searcher.
 */
abstract class SearchableIndex {

    /** For {@code EmbeddedBackend} only. */
    protected SearchableIndex() {
    }

    /**
     * The k nearest neighbours of the request's query among the visible records it filters.
     *
     * @throws IllegalArgumentException if the signature is unknown, a query id names no visible
     *                                  record, a query image is unreadable, a vector has the wrong
     *                                  dimension, or the product field is unknown
     */
    public final SearchResult knn(KnnRequest request) {
        return new VectorSearch(this).knn(request);
    }

    /**
     * Every visible record within the request's radius, closest first.
     *
     * @throws IllegalArgumentException as {@link #knn}
     */
    public final SearchResult range(RangeRequest request) {
        return new VectorSearch(this).range(request);
    }

    /**
     * The visible records whose perceptual hash lies within the request's Hamming radius.
     *
     * @throws IllegalArgumentException if a query id names no visible record or a query image is unreadable
     */
    public final SearchResult nearDuplicates(NearDuplicateRequest request) {
        return new HashSearch(this).nearDuplicates(request);
    }

    /**
     * Every pair of visible records matching {@code filter} within Hamming {@code radius} of each
     * other, and their groups.
     *
     * @throws IllegalArgumentException if radius is outside 0..64
     */
    public final NearDuplicatePairs nearDuplicatePairs(int radius, Filter filter) {
        return new HashSearch(this).pairs(radius, filter);
    }

    /**
     * A page of a metadata listing.
     *
     * @throws IllegalArgumentException if a sort field is unknown, or the cursor is damaged or
     *                                  was made for another filter or sort
     */
    public final ListingPage list(ListingRequest request) {
        return new ListingSearch(this).list(request);
    }

    // ---- the storage, supplied by ImageIndex ---------------------------------------------

    /** A read on one point-in-time searcher. */
    @FunctionalInterface
    protected interface Read<T> {
        /** Runs on {@code searcher}. */
        T apply(IndexSearcher searcher) throws IOException;
    }

    /** Runs {@code action} on a current searcher, releasing it afterwards. */
    protected abstract <T> T read(Read<T> action);

    /** The visible (not deactivated) records {@code filter} matches, as a Lucene query. */
    protected abstract Query visibleQuery(Filter filter);

    /** The doc of the visible record {@code id}, or -1. */
    protected abstract int visibleDoc(IndexSearcher searcher, String id) throws IOException;

    /** The record of {@code doc} with the selected parts. */
    protected abstract StoredRecord record(IndexSearcher searcher, int doc, FieldSelection fields) throws IOException;

    /**
     * An image read from {@code source} with the index's limits, as a query whose signatures are
     * extracted when first asked for.
     *
     * @throws IllegalArgumentException if the image cannot be read or decoded, with the reason
     */
    protected abstract QueryImage extract(ImageSource source);

    /** The index's signature extractor (for rasters, dimensions and caller vectors). */
    protected abstract SignatureExtractor extractor();

    /** The HNSW field of the vector signature {@code name}. */
    protected abstract String vectorField(String name);

    /**
     * The query vector to compare with the HNSW field of signature {@code name} as
     * {@code searcher} shows it, for {@code vector} in the signature's own space: a fine-tuned
     * index maps similarity vectors into its own space; every other vector is returned as is.
     */
    protected abstract float[] toIndexSpace(IndexSearcher searcher, String name, float[] vector);

    /** The numeric doc-values field holding each record's 64-bit perceptual hash. */
    protected abstract String hashField();

    /** Every document whose hash may lie within {@code radius} of {@code bits} (multi-index hashing). */
    protected abstract Query hashCandidates(long bits, int radius);

    /** The index's current field types. */
    protected abstract FieldTypes fieldTypes();

    /** The listing sort of {@code keys}, with the id as last key so that no two records tie. */
    protected abstract Sort listingSort(List<SortKey> keys);

    /** The first {@code n} records of {@code query} in order {@code sort} after {@code after} (null: from the start). */
    protected abstract TopFieldDocs listingPage(IndexSearcher searcher, Query query, Sort sort, FieldDoc after, int n)
            throws IOException;
}
