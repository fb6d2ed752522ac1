package org.imageindex.search;

import java.util.Objects;
import org.imageindex.query.ast.Filter;
import org.imageindex.record.FieldSelection;
import org.imageindex.signatures.hash.HashSignature;

/**
 * The visible records whose 64-bit perceptual hash lies within {@code radius} bits (Hamming
 * distance) of the query's (Ximilar's nearDuplicates): the same picture rescaled, recompressed or
 * lightly edited. Hits carry the Hamming distance and the score {@code 1 - d/64}, closest first.
 *
 * {@snippet :
 * SearchResult copies = index.nearDuplicates(NearDuplicateRequest.of(SearchQuery.image(Path.of("q.jpg"))));
 * }
 *
 * @param query  the query (by id: its stored hash; an image: extracted; vectors and colours are refused)
 * @param radius Hamming radius 0..64; default {@link HashSignature#NEAR_DUPLICATE_RADIUS}
 * @param filter the records searched
 * @param fields the parts of each hit's record to return
 */
public record NearDuplicateRequest(SearchQuery query, int radius, Filter filter, FieldSelection fields) {

    public NearDuplicateRequest {
        Objects.requireNonNull(query, "query");
        if (radius < 0 || radius > HashSignature.BITS) {
            throw new IllegalArgumentException("radius must be in 0.." + HashSignature.BITS + ", got: " + radius);
        }
        if (query instanceof SearchQuery.ByVector || query instanceof SearchQuery.ByColors) {
            throw new IllegalArgumentException("query must be a record id or an image for a near-duplicate search, got: " + query);
        }
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(fields, "fields");
    }

    /** Near duplicates at the default radius, every visible record, ids only. */
    public static NearDuplicateRequest of(SearchQuery query) {
        return new NearDuplicateRequest(query, HashSignature.NEAR_DUPLICATE_RADIUS, AllRecords.FILTER, FieldSelection.ID_ONLY);
    }

    /** This request with another radius. */
    public NearDuplicateRequest withRadius(int r) {
        return new NearDuplicateRequest(query, r, filter, fields);
    }

    /** This request restricted to the records {@code f} matches. */
    public NearDuplicateRequest withFilter(Filter f) {
        return new NearDuplicateRequest(query, radius, f, fields);
    }

    /** This request returning the parts {@code f} selects. */
    public NearDuplicateRequest withFields(FieldSelection f) {
        return new NearDuplicateRequest(query, radius, filter, f);
    }
}
