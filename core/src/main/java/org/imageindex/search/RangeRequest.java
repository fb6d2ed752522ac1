package org.imageindex.search;

import java.util.Objects;
import org.imageindex.query.ast.Filter;
import org.imageindex.record.FieldSelection;

/**
 * Every visible record within {@code radius} of the query by one vector signature (Ximilar's
 * range), closest first, at most {@code limit} of them.
 *
 * {@snippet :
 * SearchResult close = index.range(RangeRequest.of(VectorSignature.SIMILARITY, SearchQuery.id("7"), 0.15)
 *         .withFilter(filter).withLimit(500));
 * }
 *
 * @param signature    the vector signature compared
 * @param query        the query
 * @param radius       the largest distance returned, in the signature's distance (see
 *                     {@link VectorSignature}), >= 0
 * @param filter       the records searched
 * @param fields       the parts of each hit's record to return
 * @param productField null, or one hit per value of this field
 * @param limit        most hits returned, 1..{@link #MAX_LIMIT}
 */
public record RangeRequest(VectorSignature signature, SearchQuery query, double radius, Filter filter,
                           FieldSelection fields, String productField, int limit) {

    /** 1,000 hits unless told otherwise: a radius too wide for the collection should not return all of it. */
    public static final int DEFAULT_LIMIT = 1000;

    /** At most 10,000 hits, the bound of every ranked or listed answer. */
    public static final int MAX_LIMIT = 10_000;

    public RangeRequest {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(query, "query");
        if (!(radius >= 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("radius must be a finite number >= 0, got: " + radius);
        }
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(fields, "fields");
        if (productField != null && productField.isEmpty()) {
            throw new IllegalArgumentException("productField must be a field name or null, got: ''");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", got: " + limit);
        }
    }

    /** Every visible record within {@code radius}, ids only, at most {@link #DEFAULT_LIMIT}. */
    public static RangeRequest of(VectorSignature signature, SearchQuery query, double radius) {
        return new RangeRequest(signature, query, radius, AllRecords.FILTER, FieldSelection.ID_ONLY, null, DEFAULT_LIMIT);
    }

    /** This request restricted to the records {@code f} matches. */
    public RangeRequest withFilter(Filter f) {
        return new RangeRequest(signature, query, radius, f, fields, productField, limit);
    }

    /** This request returning the parts {@code f} selects. */
    public RangeRequest withFields(FieldSelection f) {
        return new RangeRequest(signature, query, radius, filter, f, productField, limit);
    }

    /** This request with one hit per value of {@code field}. */
    public RangeRequest withProductField(String field) {
        return new RangeRequest(signature, query, radius, filter, fields, Objects.requireNonNull(field, "field"), limit);
    }

    /** This request returning at most {@code n} hits. */
    public RangeRequest withLimit(int n) {
        return new RangeRequest(signature, query, radius, filter, fields, productField, n);
    }
}
