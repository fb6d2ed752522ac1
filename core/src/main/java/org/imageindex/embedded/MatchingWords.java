package org.imageindex.embedded;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexReaderContext;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.Bits;
import org.imageindex.signatures.matching.MatchingFeatures;
import org.imageindex.signatures.matching.vocabulary.VisualVocabulary;

/**
 * The visual words of the matching signature in the index: which vocabulary quantises the
 * features, the words field of each document, the word query of a matching search, and the
 * bookkeeping of fine-tuning (when, on how many records, how much has been written since).
 *
 * <p>Each document holds the words of its stored {@link MatchingFeatures} under
 * {@code __words.<vocabulary id>}, one token per feature (so term frequency counts repeated
 * words), with norms, scored by Lucene's BM25. Naming the field after the vocabulary makes the
 * switch to a fine-tuned vocabulary atomic for searches: while documents are rewritten, a search
 * asks both fields, each quantised with its own vocabulary, and every document answers through
 * the one field it has.
 *
 * <p>A fine-tuned vocabulary is kept as a file of the index directory
 * ({@code imageindex-vocabulary-<id>.bin}, outside Lucene's file names) and named in the commit
 * data; the shipped one is only named.
 */
public final class MatchingWords {

    static final String FIELD_PREFIX = "__words.";
    public static final String KEY_VOCABULARY = "imageindex.vocabulary";
    static final String KEY_LAST_FINETUNED = "imageindex.finetune.last";
    static final String KEY_RECORDS_AT_TRAINING = "imageindex.finetune.records";
    static final String KEY_WRITES = "imageindex.finetune.writes";
    static final String KEY_LAST_MODIFIED = "imageindex.finetune.modified";
    private static final String FILE_PREFIX = "imageindex-vocabulary-";

    /**
     * Fine-tuning is required after 1,000 record writes (or removals) since the last training:
     * below that the shipped vocabulary, trained on about a hundred photographs, is as good as
     * one trained on the index itself (docs/quality.md), so a small index never asks for it.
     */
    public static final long FINETUNE_MIN_CHANGES = 1_000;
    /**
     * ... or after changes reaching 20 % of the records the vocabulary was trained on, whichever
     * is more: a fifth of new content is where the words' document frequencies drift enough to
     * be worth a retraining that re-encodes every record.
     */
    static final double FINETUNE_CHANGE_FRACTION = 0.2;

    private static final FieldType TYPE = new FieldType();

    static {
        TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        TYPE.setTokenized(true);
        TYPE.setStored(false);
        TYPE.setOmitNorms(false);
        TYPE.freeze();
    }

    /** The vocabulary documents are written with, and the one they were written with before a switch. */
    private record Vocabularies(VisualVocabulary current, VisualVocabulary previous) {
    }

    private volatile Vocabularies vocabularies;
    private volatile Instant lastFinetuned;
    private volatile long recordsAtTraining;
    private volatile Instant lastModified;
    private final AtomicLong writes = new AtomicLong();

    private MatchingWords(VisualVocabulary current) {
        this.vocabularies = new Vocabularies(current, null);
    }

    /**
     * The words state of an index whose latest commit data is {@code committed} (empty for a new
     * index): the vocabulary it names, read from the directory unless it is the shipped one.
     *
     * @throws IncompatibleIndexException if the named vocabulary file is missing or damaged
     */
    public static MatchingWords open(Directory directory, Map<String, String> committed) throws IOException {
        String id = committed.get(KEY_VOCABULARY);
        VisualVocabulary standard = VisualVocabulary.standard();
        VisualVocabulary v = standard;
        if (id != null && !id.equals(standard.id())) {
            v = SideFiles.readNamed(directory, FILE_PREFIX, id, "visual vocabulary", "vocabulary",
                    VisualVocabulary::fromBytes, VisualVocabulary::id);
        }
        MatchingWords w = new MatchingWords(v);
        Optional.ofNullable(committed.get(KEY_LAST_FINETUNED)).map(Instant::parse).ifPresent(t -> w.lastFinetuned = t);
        Optional.ofNullable(committed.get(KEY_LAST_MODIFIED)).map(Instant::parse).ifPresent(t -> w.lastModified = t);
        w.recordsAtTraining = Long.parseLong(committed.getOrDefault(KEY_RECORDS_AT_TRAINING, "0"));
        w.writes.set(Long.parseLong(committed.getOrDefault(KEY_WRITES, "0")));
        return w;
    }

    /** What the next commit records. */
    public Map<String, String> commitData() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(KEY_VOCABULARY, current().id());
        data.put(KEY_RECORDS_AT_TRAINING, Long.toString(recordsAtTraining));
        data.put(KEY_WRITES, Long.toString(writes.get()));
        if (lastFinetuned != null) {
            data.put(KEY_LAST_FINETUNED, lastFinetuned.toString());
        }
        if (lastModified != null) {
            data.put(KEY_LAST_MODIFIED, lastModified.toString());
        }
        return data;
    }

    public VisualVocabulary current() {
        return vocabularies.current();
    }

    /** The words field of vocabulary {@code v}. */
    public static String field(VisualVocabulary v) {
        return FIELD_PREFIX + v.id();
    }

    /** Adds the words of {@code features}, quantised with the current vocabulary, to a record's document. */
    public void addTo(Document doc, MatchingFeatures features) {
        VisualVocabulary v = current();
        doc.add(new Field(field(v), new WordTokens(v.words(features)), TYPE));
        writes.incrementAndGet();
        lastModified = Instant.ofEpochMilli(System.currentTimeMillis());
    }

    /**
     * The word query of a matching search: a disjunction of the query's distinct words, each
     * boosted by how often it occurs in the query, over the current vocabulary's field and, during
     * a switch, the previous one's too. Read the state before acquiring the searcher.
     */
    public Query query(MatchingFeatures features) {
        Vocabularies vs = vocabularies;
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        addWords(b, vs.current(), features);
        if (vs.previous() != null) {
            addWords(b, vs.previous(), features);
        }
        return b.build();
    }

    private static void addWords(BooleanQuery.Builder b, VisualVocabulary v, MatchingFeatures features) {
        Map<Integer, Integer> tf = new TreeMap<>();
        for (int w : v.words(features)) {
            tf.merge(w, 1, Integer::sum);
        }
        String field = field(v);
        tf.forEach((w, n) -> b.add(new BoostQuery(new TermQuery(new Term(field, term(w))), n), BooleanClause.Occur.SHOULD));
    }

    /**
     * Ids of the {@code k} records the word query {@code words} scores highest among those
     * {@code filter} admits, best first (equal scores: lower document first).
     *
     * <p>The scores are Lucene's own, clause by clause (each word's BM25 weight of the document),
     * summed as a disjunction sums them, but accumulated term at a time into one array per
     * segment instead of document at a time: a query of a few hundred words whose postings
     * cover much of the index is where a document-at-a-time disjunction pays a heap operation per
     * posting, and its pruning gains little because every word is about as rare as the next.
     * Measured on the 100,000-record matching benchmark (docs/performance.md). A query of another
     * shape goes through Lucene's searcher.
     */
    public static List<String> top(IndexSearcher searcher, Query words, Query filter, int k) throws IOException {
        Query rare = rarest(searcher, words);
        List<ScoreDoc> best = termAtATime(searcher, rare, filter, k);
        if (best == null) {
            Query q = new BooleanQuery.Builder()
                    .add(rare, BooleanClause.Occur.MUST)
                    .add(filter, BooleanClause.Occur.FILTER)
                    .build();
            best = List.of(searcher.search(q, k).scoreDocs);
        }
        org.apache.lucene.index.StoredFields stored = searcher.storedFields();
        List<String> out = new ArrayList<>();
        for (ScoreDoc d : best) {
            out.add(RecordDocuments.read(stored, d.doc, false, java.util.Set.of()).id());
        }
        return out;
    }

    /**
     * The top {@code k} of a disjunction of boosted term clauses, scored term at a time; null when
     * {@code words} is not such a disjunction.
     */
    static List<ScoreDoc> termAtATime(IndexSearcher searcher, Query words, Query filter, int k) throws IOException {
        if (!(words instanceof BooleanQuery b) || b.getMinimumNumberShouldMatch() > 0) {
            return null;
        }
        List<Weight> clauses = new ArrayList<>(b.clauses().size());
        for (BooleanClause c : b.clauses()) {
            if (c.occur() != BooleanClause.Occur.SHOULD || !(c.query() instanceof BoostQuery boost)
                    || !(boost.getQuery() instanceof TermQuery)) {
                return null;
            }
            clauses.add(searcher.createWeight(c.query(), ScoreMode.COMPLETE, 1f));
        }
        Weight admitted = searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
        // Best k so far, weakest on top: lower score, or equal score and later document.
        PriorityQueue<ScoreDoc> top = new PriorityQueue<>(k + 1, (x, y) -> x.score != y.score
                ? Float.compare(x.score, y.score) : Integer.compare(y.doc, x.doc));
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            int maxDoc = leaf.reader().maxDoc();
            double[] sum = null;
            for (Weight w : clauses) {
                Scorer scorer = w.scorer(leaf);
                if (scorer == null) {
                    continue;
                }
                if (sum == null) {
                    sum = new double[maxDoc];
                }
                DocIdSetIterator it = scorer.iterator();
                for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                    sum[doc] += scorer.score();
                }
            }
            Scorer filterScorer = sum == null ? null : admitted.scorer(leaf);
            if (filterScorer == null) {
                continue;
            }
            TwoPhaseIterator twoPhase = filterScorer.twoPhaseIterator();
            DocIdSetIterator allowed = twoPhase == null ? filterScorer.iterator() : TwoPhaseIterator.asDocIdSetIterator(twoPhase);
            Bits live = leaf.reader().getLiveDocs();
            for (int doc = 0; doc < maxDoc; doc++) {
                if (sum[doc] == 0) {
                    continue;
                }
                float score = (float) sum[doc];
                if (top.size() == k && score <= top.peek().score) {
                    continue; // equal scores keep the earlier document, as Lucene's collector does
                }
                if (live != null && !live.get(doc)) {
                    continue;
                }
                if (allowed.docID() < doc) {
                    allowed.advance(doc);
                }
                if (allowed.docID() != doc) {
                    continue;
                }
                top.add(new ScoreDoc(leaf.docBase + doc, score));
                if (top.size() > k) {
                    top.poll();
                }
            }
        }
        List<ScoreDoc> out = new ArrayList<>(top);
        out.sort((x, y) -> x.score != y.score ? Float.compare(y.score, x.score) : Integer.compare(x.doc, y.doc));
        return out;
    }

    /**
     * At most this many distinct words of a query (of its 500 features) are scored per vocabulary
     * field: those found in the fewest documents. A word's BM25 weight is its rarity, so the
     * common words add little to any score but cost the most, their postings being the longest.
     * Measured on the 100,000-record matching benchmark: the 200 rarest found the same originals
     * as all the words (31 of 32), the 100 rarest lost 5 of them; with the 250 rarest the word
     * step took 63 ms a query instead of 86 to 101. The copy-detection test misses the same
     * copies with 250 as with all.
     */
    static final int MAX_QUERY_WORDS = 250;

    /**
     * {@code words} with, per field, only the {@link #MAX_QUERY_WORDS} clauses whose words the
     * fewest documents hold, words that no document holds left out (they cannot match, and would
     * take the places of rare words that do). A query of another shape is returned as it is.
     */
    static Query rarest(IndexSearcher searcher, Query words) throws IOException {
        if (!(words instanceof BooleanQuery b) || b.clauses().size() <= MAX_QUERY_WORDS) {
            return words;
        }
        List<BooleanClause> clauses = b.clauses();
        Term[] terms = new Term[clauses.size()];
        for (int i = 0; i < terms.length; i++) {
            BooleanClause c = clauses.get(i);
            if (!(c.query() instanceof BoostQuery boost) || !(boost.getQuery() instanceof TermQuery term)) {
                return words;
            }
            terms[i] = term.getTerm();
        }
        TermStates[] states = lookUp(searcher, terms);
        Map<String, List<Map.Entry<Integer, BooleanClause>>> byField = new TreeMap<>();
        for (int i = 0; i < terms.length; i++) {
            int df = states[i].docFreq();
            if (df > 0) {
                // The looked-up states travel with the clause, so scoring does not seek the term again.
                BooleanClause kept = new BooleanClause(new BoostQuery(new TermQuery(terms[i], states[i]),
                        ((BoostQuery) clauses.get(i).query()).getBoost()), BooleanClause.Occur.SHOULD);
                byField.computeIfAbsent(terms[i].field(), f -> new ArrayList<>()).add(Map.entry(df, kept));
            }
        }
        BooleanQuery.Builder out = new BooleanQuery.Builder();
        for (List<Map.Entry<Integer, BooleanClause>> kept : byField.values()) {
            kept.sort(Map.Entry.comparingByKey()); // stable: equal counts keep the query's order
            kept.stream().limit(MAX_QUERY_WORDS).forEach(e -> out.add(e.getValue()));
        }
        return out.build();
    }

    /**
     * Every term's state in every segment, found with one terms enumeration per segment and
     * field walked in term order: a query's hundreds of words looked up one by one through the
     * reader (once for their counts, once more to score them) cost more than scoring them, on an
     * index of a dozen segments.
     */
    private static TermStates[] lookUp(IndexSearcher searcher, Term[] terms) throws IOException {
        IndexReaderContext top = searcher.getTopReaderContext();
        TermStates[] out = new TermStates[terms.length];
        Integer[] order = new Integer[terms.length];
        for (int i = 0; i < terms.length; i++) {
            out[i] = new TermStates(top);
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> terms[x].compareTo(terms[y]));
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            String field = null;
            TermsEnum te = null;
            for (int i : order) {
                if (!terms[i].field().equals(field)) {
                    field = terms[i].field();
                    Terms t = leaf.reader().terms(field);
                    te = t == null ? null : t.iterator();
                }
                if (te != null && te.seekExact(terms[i].bytes())) {
                    out[i].register(te.termState(), leaf.ord, te.docFreq(), te.totalTermFreq());
                }
            }
        }
        return out;
    }

    public static String term(int word) {
        return Integer.toString(word, Character.MAX_RADIX);
    }

    /**
     * Starts a switch to {@code next}: documents written from now on carry its words, and
     * searches ask both vocabularies until {@link #finishSwitch}. Call under the write lock, then
     * rewrite every document. The vocabulary file is written and synced first.
     */
    public void beginSwitch(Directory directory, VisualVocabulary next) throws IOException {
        if (next.equals(current())) {
            // Training is deterministic, so a fine-tuning of unchanged records gives the vocabulary
            // in use again: documents are rewritten with the same words. Its file is named by the
            // last commit; deleting and rewriting it would leave, for a moment, a committed index
            // that cannot be opened if the process died then.
            return;
        }
        if (!next.equals(VisualVocabulary.standard())) {
            SideFiles.write(directory, SideFiles.name(FILE_PREFIX, next.id()), next.toBytes());
        }
        vocabularies = new Vocabularies(next, current());
    }

    /**
     * Ends a switch once every document carries the new words and the searcher shows them:
     * searches ask only the new vocabulary; the training is recorded.
     */
    public void finishSwitch(Instant trainedAt, long records) {
        vocabularies = new Vocabularies(current(), null);
        lastFinetuned = trainedAt;
        recordsAtTraining = records;
        writes.set(0);
    }

    /** Deletes vocabulary files other than the current one's; call after a commit names it. */
    void deleteStaleFiles(Directory directory) throws IOException {
        SideFiles.deleteOthers(directory, FILE_PREFIX, SideFiles.name(FILE_PREFIX, current().id()));
    }

    /** The fine-tuning bookkeeping for {@code ImageIndex.fineTuningInfo()}. */
    record Status(Optional<Instant> lastFinetuned, Optional<Instant> lastModified, boolean requiresFinetuning,
                  String vocabularyId) {
    }

    /**
     * The bookkeeping, with the rule of {@link #FINETUNE_MIN_CHANGES} and
     * {@link #FINETUNE_CHANGE_FRACTION}: fine-tuning is required when the index holds records and
     * either some of them lack the current vocabulary's words (an index written before visual
     * words existed), or the changes since the last training — record writes plus records removed
     * — reach {@code max(FINETUNE_MIN_CHANGES, FINETUNE_CHANGE_FRACTION * records at training)}.
     */
    Status status(IndexSearcher searcher) throws IOException {
        int all = searcher.getIndexReader().numDocs();
        int withWords = searcher.count(new FieldExistsQuery(field(current())));
        long changes = writes.get() + Math.max(0, recordsAtTraining - all);
        double threshold = Math.max(FINETUNE_MIN_CHANGES, FINETUNE_CHANGE_FRACTION * recordsAtTraining);
        boolean requires = all > 0 && (withWords < all || changes >= threshold);
        return new Status(Optional.ofNullable(lastFinetuned), Optional.ofNullable(lastModified), requires, current().id());
    }

    /** The words of one document as tokens, one per feature. */
    private static final class WordTokens extends TokenStream {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final int[] words;
        private int next;

        WordTokens(int[] words) {
            this.words = words;
        }

        @Override
        public boolean incrementToken() {
            if (next >= words.length) {
                return false;
            }
            clearAttributes();
            term.setEmpty().append(term(words[next++]));
            return true;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            next = 0;
        }
    }
}
