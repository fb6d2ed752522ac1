package org.imageindex.embedded;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.imageindex.record.RecordFields;
import org.imageindex.record.RecordStatus;

/**
 * Finding documents: by id, by every match of a query in index order (no scoring, no size
 * limit), and by perceptual-hash radius through {@link HashBands}.
 */
public final class DocLookup {

    private DocLookup() {
    }

    /** The global doc id of the record {@code id}, or -1. */
    public static int byId(IndexSearcher searcher, String id) throws IOException {
        TopDocs top = searcher.search(new TermQuery(new Term(RecordFields.ID, id)), 1);
        return top.scoreDocs.length == 0 ? -1 : top.scoreDocs[0].doc;
    }

    /** Receives each matching live document. */
    @FunctionalInterface
    public interface DocVisitor {
        void visit(LeafReaderContext leaf, int leafDoc) throws IOException;
    }

    /** Visits every live document matching {@code query}, leaf by leaf, in index order. */
    public static void forEach(IndexSearcher searcher, Query query, DocVisitor visitor) throws IOException {
        Weight w = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = w.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live == null || live.get(doc)) {
                    visitor.visit(leaf, doc);
                }
            }
        }
    }

    /** The id of a document, from the id field's doc values. */
    static String id(LeafReaderContext leaf, int leafDoc) throws IOException {
        SortedSetDocValues ids = DocValues.getSortedSet(leaf.reader(), RecordFields.ID);
        if (!ids.advanceExact(leafDoc)) {
            throw new IllegalStateException("document " + leafDoc + " has no id; the index is damaged");
        }
        return ids.lookupOrd(ids.nextOrd()).utf8ToString();
    }

    /**
     * The visible records whose perceptual hash lies within {@code radius} of {@code bits},
     * closest first (ties by id).
     */
    public static List<RecordStatus.Duplicate> withinRadius(IndexSearcher searcher, long bits, int radius) throws IOException {
        return withinRadius(searcher, bits, radius, IndexStore.all());
    }

    /** As {@link #withinRadius(IndexSearcher, long, int)}, among the records {@code filter} matches. */
    public static List<RecordStatus.Duplicate> withinRadius(IndexSearcher searcher, long bits, int radius, Query filter) throws IOException {
        List<RecordStatus.Duplicate> out = new ArrayList<>();
        Query candidates = new org.apache.lucene.search.BooleanQuery.Builder()
                .add(HashBands.candidates(bits, radius), org.apache.lucene.search.BooleanClause.Occur.FILTER)
                .add(filter, org.apache.lucene.search.BooleanClause.Occur.FILTER).build();
        forEach(searcher, IndexStore.visible(candidates), (leaf, doc) -> {
            NumericDocValues hashes = DocValues.getNumeric(leaf.reader(), RecordDocuments.HASH);
            if (hashes.advanceExact(doc)) {
                int d = Long.bitCount(hashes.longValue() ^ bits);
                if (d <= radius) {
                    out.add(new RecordStatus.Duplicate(id(leaf, doc), d));
                }
            }
        });
        out.sort(Comparator.comparingInt(RecordStatus.Duplicate::distance).thenComparing(RecordStatus.Duplicate::id));
        return out;
    }

    /**
     * The ids of the {@code k} records nearest to {@code vector} by the similarity signature
     * (HNSW, Lucene's {@link org.apache.lucene.search.KnnFloatVectorQuery}) among those
     * {@code filter} matches, nearest first.
     */
    public static List<String> nearestBySimilarity(IndexSearcher searcher, float[] vector, int k, Query filter) throws IOException {
        TopDocs top = searcher.search(new org.apache.lucene.search.KnnFloatVectorQuery(RecordDocuments.KNN_SIMILARITY, vector, k,
                filter), k);
        org.apache.lucene.index.StoredFields stored = searcher.storedFields();
        List<String> out = new ArrayList<>();
        for (org.apache.lucene.search.ScoreDoc d : top.scoreDocs) {
            out.add(RecordDocuments.read(stored, d.doc, false, java.util.Set.of()).id());
        }
        return out;
    }

    /** The ids of every live record {@code query} matches, deactivated ones included, in index order. */
    public static List<String> ids(IndexSearcher searcher, Query query) throws IOException {
        List<String> out = new ArrayList<>();
        forEach(searcher, query, (leaf, doc) -> out.add(id(leaf, doc)));
        return out;
    }
}
