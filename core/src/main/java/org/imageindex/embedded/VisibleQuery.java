package org.imageindex.embedded;

import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.index.Term;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The records of a query that are visible to searches: the query minus deactivated records.
 *
 * <p>The "not inactive" clause costs every search a second posting list to skip through, and most
 * indexes hold no deactivated record at all. The query therefore decides when Lucene rewrites it
 * against a searcher: if no live document of that searcher's reader carries the inactive marker,
 * it rewrites to the bare query (as a filter clause, so scores stay what they were). The decision
 * is a pure function of the point-in-time reader, so it is right after any commit, reopen,
 * deactivation or restore without state to keep in step. Its cost is one term lookup per segment
 * plus, where the marker's term exists, a walk of its postings until a live one is found
 * (documents of restored records stay in the postings, deleted, until their segment merges).
 */
final class VisibleQuery extends Query {

    private static final Term INACTIVE = new Term(RecordDocuments.INACTIVE, RecordDocuments.INACTIVE_VALUE);

    private final Query query;

    VisibleQuery(Query query) {
        this.query = Objects.requireNonNull(query, "query");
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(query, BooleanClause.Occur.FILTER);
        if (holdsInactive(searcher)) {
            b.add(new TermQuery(INACTIVE), BooleanClause.Occur.MUST_NOT);
        }
        return b.build();
    }

    /** Whether a live document of the searcher's reader is deactivated. */
    static boolean holdsInactive(IndexSearcher searcher) throws IOException {
        BytesRef value = INACTIVE.bytes();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            LeafReader reader = leaf.reader();
            Terms terms = reader.terms(INACTIVE.field());
            if (terms == null) {
                continue;
            }
            TermsEnum te = terms.iterator();
            if (!te.seekExact(value)) {
                continue;
            }
            Bits live = reader.getLiveDocs();
            if (live == null) {
                return true;
            }
            PostingsEnum postings = te.postings(null, PostingsEnum.NONE);
            for (int d = postings.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.nextDoc()) {
                if (live.get(d)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void visit(QueryVisitor visitor) {
        query.visit(visitor.getSubVisitor(BooleanClause.Occur.FILTER, this));
    }

    @Override
    public String toString(String field) {
        return "visible(" + query.toString(field) + ")";
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other) && query.equals(((VisibleQuery) other).query);
    }

    @Override
    public int hashCode() {
        return 31 * classHash() + query.hashCode();
    }
}
