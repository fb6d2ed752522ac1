package org.imageindex.query.ast;

import java.util.List;

/**
 * How to page and order the records a filter selects: sort keys (or a random order), an offset
 * and a limit. {@code org.imageindex.query.compile.ListingSorts} turns it into a Lucene Sort.
 *
 * @param sort   sort keys, most significant first; empty means the index's default order
 * @param random true for a random order (then {@code sort} is empty)
 * @param offset records to skip, >= 0
 * @param limit  most records to return, >= 0 (0 returns only the total, as in rokka)
 */
public record Listing(List<SortKey> sort, boolean random, int offset, int limit) {

    /** The dataset platform and rokka both page by 100 unless told otherwise. */
    public static final int DEFAULT_LIMIT = 100;

    /** No ordering, first page of {@link #DEFAULT_LIMIT}. */
    public static final Listing DEFAULT = new Listing(List.of(), false, 0, DEFAULT_LIMIT);

    public Listing {
        sort = List.copyOf(sort);
        if (random && !sort.isEmpty()) {
            throw new IllegalArgumentException("a random order takes no sort keys, got: " + sort);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got: " + offset);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got: " + limit);
        }
    }

    /** Sorted by {@code sort}, with the given page. */
    public static Listing of(List<SortKey> sort, int offset, int limit) {
        return new Listing(sort, false, offset, limit);
    }

    /** In random order, with the given page. */
    public static Listing randomOrder(int offset, int limit) {
        return new Listing(List.of(), true, offset, limit);
    }
}
