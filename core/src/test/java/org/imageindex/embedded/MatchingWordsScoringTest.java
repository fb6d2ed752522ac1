package org.imageindex.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the term-at-a-time word scoring against Lucene's own search of the same
 * query: the same documents in the same order with the same scores, over several segments, with
 * deleted documents, repeated words (term frequencies), documents of different lengths (norms),
 * boosts, two fields and a filter.
 */
class MatchingWordsScoringTest {

    private static final long SEED = 20261207L;
    private static final int WORDS = 300;

    @Test
    void termAtATimeRanksAsLuceneDoes() throws Exception {
        Random rnd = new Random(SEED);
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig().setMaxBufferedDocs(97))) {
                for (int d = 0; d < 1000; d++) {
                    Document doc = new Document();
                    doc.add(new StringField("id", Integer.toString(d), Field.Store.YES));
                    doc.add(new StringField("kind", d % 3 == 0 ? "x" : "y", Field.Store.NO));
                    String field = d % 5 == 0 ? "b" : "a";
                    StringBuilder text = new StringBuilder();
                    int n = 20 + rnd.nextInt(200);
                    for (int t = 0; t < n; t++) {
                        // skewed: low words are common, high words rare
                        int word = (int) (WORDS * Math.pow(rnd.nextDouble(), 2));
                        text.append(MatchingWords.term(word)).append(' ');
                    }
                    doc.add(new TextField(field, text.toString(), Field.Store.NO));
                    w.addDocument(doc);
                }
                for (int d = 0; d < 1000; d += 7) {
                    w.deleteDocuments(new Term("id", Integer.toString(d)));
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                for (int trial = 0; trial < 20; trial++) {
                    BooleanQuery.Builder b = new BooleanQuery.Builder();
                    for (int c = 0; c < 1 + rnd.nextInt(60); c++) {
                        String field = rnd.nextInt(4) == 0 ? "b" : "a";
                        b.add(new BoostQuery(new TermQuery(new Term(field, MatchingWords.term(rnd.nextInt(WORDS + 20)))),
                                1 + rnd.nextInt(3)), BooleanClause.Occur.SHOULD);
                    }
                    Query words = b.build();
                    Query filter = trial % 2 == 0 ? new MatchAllDocsQuery() : new TermQuery(new Term("kind", "x"));
                    int k = 1 + rnd.nextInt(40);
                    ScoreDoc[] expected = searcher.search(new BooleanQuery.Builder()
                            .add(words, BooleanClause.Occur.MUST).add(filter, BooleanClause.Occur.FILTER).build(), k).scoreDocs;
                    List<ScoreDoc> actual = MatchingWords.termAtATime(searcher, words, filter, k);
                    assertNotNull(actual);
                    assertEquals(render(List.of(expected)), render(actual), "seed " + SEED + ", trial " + trial);
                }
                // A query longer than MAX_QUERY_WORDS: its rarest words carry term states looked up
                // segment by segment; scored with them, as Lucene scores the same words looked up anew.
                BooleanQuery.Builder b = new BooleanQuery.Builder();
                for (int word = 0; word < WORDS + 20; word++) {
                    for (String field : List.of("a", "b")) {
                        b.add(new BoostQuery(new TermQuery(new Term(field, MatchingWords.term(word))), 1 + word % 3),
                                BooleanClause.Occur.SHOULD);
                    }
                }
                BooleanQuery rare = (BooleanQuery) MatchingWords.rarest(searcher, b.build());
                BooleanQuery.Builder plain = new BooleanQuery.Builder();
                for (BooleanClause c : rare.clauses()) {
                    BoostQuery q = (BoostQuery) c.query();
                    plain.add(new BoostQuery(new TermQuery(((TermQuery) q.getQuery()).getTerm()), q.getBoost()), c.occur());
                }
                ScoreDoc[] expected = searcher.search(new BooleanQuery.Builder()
                        .add(plain.build(), BooleanClause.Occur.MUST).add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER).build(), 30)
                        .scoreDocs;
                assertEquals(render(List.of(expected)), render(MatchingWords.termAtATime(searcher, rare, new MatchAllDocsQuery(), 30)));
            }
        }
    }

    @Test
    void aQueryOfAnotherShapeIsLeftToLucene() throws Exception {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            new IndexWriter(dir, new IndexWriterConfig()).close();
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                assertEquals(null, MatchingWords.termAtATime(searcher, new TermQuery(new Term("a", "1")), new MatchAllDocsQuery(), 3));
                assertEquals(List.of(), MatchingWords.termAtATime(searcher, new BooleanQuery.Builder()
                        .add(new BoostQuery(new TermQuery(new Term("a", "1")), 2), BooleanClause.Occur.SHOULD).build(),
                        new MatchAllDocsQuery(), 3));
            }
        }
    }

    private static List<String> render(List<ScoreDoc> docs) {
        List<String> out = new ArrayList<>();
        for (ScoreDoc d : docs) {
            out.add(d.doc + ":" + d.score);
        }
        return out;
    }
}
