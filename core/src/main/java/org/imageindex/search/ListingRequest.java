package org.imageindex.search;

import java.util.List;
import java.util.Objects;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.SortKey;
import org.imageindex.record.FieldSelection;

/**
 * A page of a metadata listing (rokka's source-image listing, Ximilar's find): the visible
 * records {@code filter} matches, ordered by {@code sort}, {@code limit} at a time, from an
 * offset or after a cursor.
 *
 * <ul>
 *   <li>With an offset: offset + limit at most {@link #MAX_WINDOW}.</li>
 *   <li>With a cursor (from {@link ListingPage#cursor()}): the page after the previous one, at
 *       any depth, in time independent of the depth.</li>
 *   <li>With neither: the first page; when more than {@link #MAX_WINDOW} records match, the page
 *       comes with a cursor for the next one (as rokka does), otherwise with an offset link.</li>
 * </ul>
 *
 * {@snippet :
 * ListingRequest first = ListingRequest.of(filter, List.of(SortKey.descending("created"), SortKey.ascending("size")), 100);
 * for (ListingPage page = index.list(first); ; page = index.list(page.next())) {
 *     page.records().forEach(r -> System.out.println(r.id()));
 *     if (page.next() == null) break;
 * }
 * }
 *
 * @param filter the records listed
 * @param sort   sort keys, most significant first; ties are broken by id ascending
 * @param limit  records per page, 0..{@link #MAX_LIMIT} (0 returns only the total)
 * @param offset records to skip, or {@link #NO_OFFSET}
 * @param cursor a cursor from a previous page of the same filter and sort, or null
 * @param fields the parts of each record to return
 */
public record ListingRequest(Filter filter, List<SortKey> sort, int limit, int offset, String cursor, FieldSelection fields) {

    /** rokka's default page size. */
    public static final int DEFAULT_LIMIT = 100;
    /** rokka's upper bound for {@code limit}. */
    public static final int MAX_LIMIT = 2000;
    /**
     * Offset paging ends at 10,000 records (offset + limit), as rokka's; beyond, a cursor pages
     * in constant time per page where an offset would sort every earlier record again.
     */
    public static final int MAX_WINDOW = 10_000;
    /** {@code offset} when none is given. */
    public static final int NO_OFFSET = -1;
    /** rokka's default order: newest first. */
    public static final List<SortKey> DEFAULT_SORT = List.of(SortKey.descending("created"));

    public ListingRequest {
        Objects.requireNonNull(filter, "filter");
        sort = List.copyOf(sort);
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in 0.." + MAX_LIMIT + ", got: " + limit);
        }
        if (offset < NO_OFFSET) {
            throw new IllegalArgumentException("offset must be >= 0, got: " + offset);
        }
        if (offset != NO_OFFSET && cursor != null) {
            throw new IllegalArgumentException("offset and cursor exclude each other, got offset " + offset + " and a cursor");
        }
        if (offset != NO_OFFSET && (long) offset + limit > MAX_WINDOW) {
            throw new IllegalArgumentException("offset + limit must be <= " + MAX_WINDOW + ", got: " + offset + " + " + limit
                    + "; page deeper with the cursor of a page");
        }
        if (cursor != null && cursor.isEmpty()) {
            throw new IllegalArgumentException("cursor must be a cursor string or null, got: ''");
        }
        Objects.requireNonNull(fields, "fields");
    }

    /** The first page of {@code limit} records matching {@code filter} in order {@code sort}, all parts but signatures. */
    public static ListingRequest of(Filter filter, List<SortKey> sort, int limit) {
        return new ListingRequest(filter, sort, limit, NO_OFFSET, null, FieldSelection.ALL);
    }

    /** The first page of {@link #DEFAULT_LIMIT} records, newest first. */
    public static ListingRequest of(Filter filter) {
        return of(filter, DEFAULT_SORT, DEFAULT_LIMIT);
    }

    /** Every visible record, newest first, {@link #DEFAULT_LIMIT} a page. */
    public static ListingRequest all() {
        return of(AllRecords.FILTER);
    }

    /** This request from offset {@code n}. */
    public ListingRequest atOffset(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got: " + n);
        }
        return new ListingRequest(filter, sort, limit, n, null, fields);
    }

    /** This request continuing after {@code c}, a page's cursor. */
    public ListingRequest afterCursor(String c) {
        return new ListingRequest(filter, sort, limit, NO_OFFSET, Objects.requireNonNull(c, "cursor"), fields);
    }

    /** This request with another page size. */
    public ListingRequest withLimit(int n) {
        return new ListingRequest(filter, sort, n, offset, cursor, fields);
    }

    /** This request returning the parts {@code f} selects. */
    public ListingRequest withFields(FieldSelection f) {
        return new ListingRequest(filter, sort, limit, offset, cursor, f);
    }
}
