package org.imageindex.record;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param total   how many records the filter matches in all
 * @param offset  the offset of the first record of this page
 * @param records the page's records, in listing order
 */
public record RecordPage(long total, int offset, List<StoredRecord> records) {

    public RecordPage {
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
}
