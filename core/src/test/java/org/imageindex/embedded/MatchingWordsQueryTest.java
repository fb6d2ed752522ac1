package org.imageindex.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * The word query of a matching search scores only a query's rarest words: per vocabulary field
 * (two during a switch), the {@link MatchingWords#MAX_QUERY_WORDS} words the fewest documents
 * hold, words no document holds left out, every clause kept as it was (its boost: the word's
 * count in the query).
 */
class MatchingWordsQueryTest {

    private static final int WORDS = MatchingWords.MAX_QUERY_WORDS + 100;

    @Test
    void keepsTheRarestWordsOfEachFieldWithTheirBoosts() throws Exception {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            // Word w of field "a" is in w + 1 documents, of field "b" in WORDS - w: rarity runs
            // opposite ways, so a pruning across fields instead of per field would show.
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
                for (int d = 0; d < WORDS; d++) {
                    Document doc = new Document();
                    for (int word = 0; word < WORDS; word++) {
                        if (d <= word) {
                            doc.add(new StringField("a", MatchingWords.term(word), Field.Store.NO));
                        }
                        if (d < WORDS - word) {
                            doc.add(new StringField("b", MatchingWords.term(word), Field.Store.NO));
                        }
                    }
                    w.addDocument(doc);
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                BooleanQuery.Builder b = new BooleanQuery.Builder();
                for (int word = WORDS - 1; word >= 0; word--) { // not in rarity order
                    for (String field : List.of("a", "b")) {
                        b.add(new BoostQuery(new TermQuery(new Term(field, MatchingWords.term(word))), 1 + word % 3),
                                BooleanClause.Occur.SHOULD);
                    }
                }
                for (int word = WORDS; word < WORDS + 50; word++) { // in no document: never kept
                    b.add(new BoostQuery(new TermQuery(new Term("a", MatchingWords.term(word))), 1), BooleanClause.Occur.SHOULD);
                }
                BooleanQuery full = b.build();
                BooleanQuery pruned = (BooleanQuery) MatchingWords.rarest(searcher, full);

                Map<String, Set<Integer>> kept = new TreeMap<>();
                for (BooleanClause c : pruned.clauses()) {
                    BoostQuery q = (BoostQuery) c.query();
                    Term t = ((TermQuery) q.getQuery()).getTerm();
                    int word = Integer.parseInt(t.text(), Character.MAX_RADIX);
                    kept.computeIfAbsent(t.field(), f -> new TreeSet<>()).add(word);
                    assertEquals(1 + word % 3, q.getBoost(), "boost of " + t);
                    assertEquals(BooleanClause.Occur.SHOULD, c.occur());
                }
                Set<Integer> rarestA = new TreeSet<>();
                Set<Integer> rarestB = new TreeSet<>();
                for (int i = 0; i < MatchingWords.MAX_QUERY_WORDS; i++) {
                    rarestA.add(i);
                    rarestB.add(WORDS - 1 - i);
                }
                assertEquals(Map.of("a", rarestA, "b", rarestB), kept);

                BooleanQuery.Builder small = new BooleanQuery.Builder();
                new ArrayList<>(full.clauses()).subList(0, MatchingWords.MAX_QUERY_WORDS).forEach(small::add);
                Query few = small.build();
                assertSame(few, MatchingWords.rarest(searcher, few), "a query within the bound is left as it is");
            }
        }
    }
}
