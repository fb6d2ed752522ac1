package org.imageindex.search;

import org.imageindex.query.SourcePosition;
import org.imageindex.query.ast.Filter;

/**
 * The filter the requests of this package default to. Kept here rather than read from
 * {@code ImageIndex.ALL_RECORDS} so that request types never depend on the index they are sent
 * to; the two are equal values ({@link Filter.MatchAll} is a record).
 */
final class AllRecords {

    static final Filter FILTER = new Filter.MatchAll(SourcePosition.jsonPointer(""));

    private AllRecords() {
    }
}
