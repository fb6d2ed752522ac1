package org.imageindex.search;

import java.util.List;
import java.util.Optional;
import org.imageindex.record.StoredRecord;

/**
 * One page of a listing, with rokka's paging links.
 *
 * @param total    how many visible records the filter matches in all
 * @param offset   the position of this page's first record in the whole listing
 * @param records  the records, in listing order
 * @param cursor   null, or the opaque cursor of the page after this one (cursor paging)
 * @param next     null, or the request for the next page (by offset, or by {@code cursor})
 * @param previous null, or the request for the previous page (offset paging only)
 */
public record ListingPage(long total, long offset, List<StoredRecord> records, String cursor, ListingRequest next,
                          ListingRequest previous) {

    public ListingPage {
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0, got: " + total);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got: " + offset);
        }
        records = List.copyOf(records);
    }

    /** The ids of the page's records, in order. */
    public List<String> ids() {
        return records.stream().map(StoredRecord::id).toList();
    }

    /** The cursor of the next page, when this page was reached by cursor or the listing is deep. */
    public Optional<String> optionalCursor() {
        return Optional.ofNullable(cursor);
    }

    /** The next page's request, unless this is the last page. */
    public Optional<ListingRequest> nextPage() {
        return Optional.ofNullable(next);
    }

    /** The previous page's request, for offset pages after the first. */
    public Optional<ListingRequest> previousPage() {
        return Optional.ofNullable(previous);
    }
}
