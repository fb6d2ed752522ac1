package org.imageindex.embedded;

import org.imageindex.search.ListingPage;
import org.imageindex.search.ListingRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TopFieldDocs;
import org.imageindex.record.StoredRecord;

/**
 * Metadata listings with rokka's paging rules (Q5): offset pages up to
 * {@link ListingRequest#MAX_WINDOW}, cursor pages beyond (Lucene's {@code searchAfter} from the
 * previous page's last sort values, so a page costs the same at any depth), and a cursor on the
 * first page when no offset was asked for and more than {@code MAX_WINDOW} records match.
 */
final class ListingSearch {

    private final SearchableIndex index;

    ListingSearch(SearchableIndex index) {
        this.index = index;
    }

    ListingPage list(ListingRequest r) {
        Query query = index.visibleQuery(r.filter());
        Sort sort = index.listingSort(r.sort());
        long fingerprint = ListingCursor.fingerprint(r.filter(), r.sort());
        ListingCursor.Position from = r.cursor() == null ? null : ListingCursor.decode(r.cursor(), fingerprint, sort.getSort());
        return index.read(s -> {
            long total = s.count(query);
            if (from != null) {
                if (total == 0) {
                    return new ListingPage(0, from.position(), List.of(), null, null, null);
                }
                FieldDoc after = ListingCursor.after(from, s.getIndexReader().maxDoc());
                return cursorPage(s, query, sort, r, total, from.position(), after, fingerprint);
            }
            if (r.offset() == ListingRequest.NO_OFFSET && total > ListingRequest.MAX_WINDOW) {
                return cursorPage(s, query, sort, r, total, 0, null, fingerprint);
            }
            int offset = Math.max(0, r.offset());
            ListingRequest previous = offset > 0 ? r.atOffset(Math.max(0, offset - r.limit())) : null;
            if (r.limit() == 0 || offset >= total) {
                return new ListingPage(total, offset, List.of(), null, null, previous);
            }
            TopFieldDocs top = index.listingPage(s, query, sort, null, offset + r.limit());
            List<StoredRecord> records = records(s, top.scoreDocs, offset, r);
            long nextOffset = (long) offset + records.size();
            String cursor = null;
            ListingRequest next = null;
            if (nextOffset < total) {
                if (nextOffset + r.limit() <= ListingRequest.MAX_WINDOW) {
                    next = r.atOffset((int) nextOffset);
                } else {
                    cursor = ListingCursor.encode(fingerprint, nextOffset, ((FieldDoc) top.scoreDocs[top.scoreDocs.length - 1]).fields);
                    next = r.afterCursor(cursor);
                }
            }
            return new ListingPage(total, offset, records, cursor, next, previous);
        });
    }

    private ListingPage cursorPage(IndexSearcher s, Query query, Sort sort, ListingRequest r, long total, long position,
                                   FieldDoc after, long fingerprint) throws IOException {
        if (r.limit() == 0) {
            return new ListingPage(total, position, List.of(), null, null, null);
        }
        TopFieldDocs top = index.listingPage(s, query, sort, after, r.limit());
        List<StoredRecord> records = records(s, top.scoreDocs, 0, r);
        long nextPosition = position + records.size();
        String cursor = null;
        ListingRequest next = null;
        if (records.size() == r.limit() && nextPosition < total) {
            cursor = ListingCursor.encode(fingerprint, nextPosition, ((FieldDoc) top.scoreDocs[top.scoreDocs.length - 1]).fields);
            next = r.afterCursor(cursor);
        }
        return new ListingPage(total, position, records, cursor, next, null);
    }

    private List<StoredRecord> records(IndexSearcher s, ScoreDoc[] docs, int from, ListingRequest r) throws IOException {
        List<StoredRecord> out = new ArrayList<>(Math.max(0, docs.length - from));
        for (int i = from; i < docs.length; i++) {
            out.add(index.record(s, docs[i].doc, r.fields()));
        }
        return out;
    }
}
