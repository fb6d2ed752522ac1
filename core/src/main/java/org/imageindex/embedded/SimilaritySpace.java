package org.imageindex.embedded;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;
import org.imageindex.signatures.similarity.SimilarityWhitening;

/**
 * The space the similarity signature's HNSW field lives in: the model's own vectors, or, once
 * fine-tuning has learned one, those vectors whitened for this index
 * ({@link SimilarityWhitening}). The stored signature ({@code __sig.similarity}) always keeps the
 * model's vector, so exports, imports and a later fine-tuning start from it; only the HNSW field
 * and every query vector compared with it pass through the whitening.
 *
 * <p>The switch is atomic for searches without a second field: fine-tuning rewrites every
 * document inside one write, and searchers are refreshed only at the start and the end of a
 * write, so a searcher shows either no rewritten document or all of them. A query vector is
 * therefore whitened by what its searcher shows, told apart by the reader's version: readers up
 * to the version the rewrite started from show the previous space, later ones the new space; the
 * last {@value #EPOCHS_KEPT} switches are remembered for searches that outlive one.
 *
 * <p>A learned whitening is kept as a file of the index directory
 * ({@code imageindex-whitening-<id>.bin}, outside Lucene's file names) and named in the commit
 * data; no name means the model's own space.
 */
public final class SimilaritySpace {

    static final String KEY_WHITENING = "imageindex.similarity.whitening";
    private static final String FILE_PREFIX = "imageindex-whitening-";

    /**
     * Earlier spaces remembered for searchers opened before a switch: a search holds its searcher
     * for its whole length (including reading and extracting the query image, which may take
     * seconds for a URL), so one begun before a switch may whiten its query after it. Four
     * switches back is far more than any search lasts; older searchers get the oldest kept.
     */
    static final int EPOCHS_KEPT = 4;

    /** Readers up to version {@code untilVersion} show documents written with {@code whitening} (null: none). */
    private record Epoch(long untilVersion, SimilarityWhitening whitening) {
    }

    /** The whitening of new documents ({@code current}, null for none) and the earlier ones, oldest first. */
    private record State(SimilarityWhitening current, List<Epoch> earlier) {
    }

    private volatile State state;

    private SimilaritySpace(SimilarityWhitening current) {
        this.state = new State(current, List.of());
    }

    /**
     * The space of an index whose latest commit data is {@code committed} (empty for a new index).
     *
     * @throws IncompatibleIndexException if the named whitening file is missing or damaged
     */
    static SimilaritySpace open(Directory directory, Map<String, String> committed) throws IOException {
        String id = committed.get(KEY_WHITENING);
        if (id == null) {
            return new SimilaritySpace(null);
        }
        return new SimilaritySpace(SideFiles.readNamed(directory, FILE_PREFIX, id, "similarity whitening", "whitening",
                SimilarityWhitening::fromBytes, SimilarityWhitening::id));
    }

    /** What the next commit records. */
    Map<String, String> commitData() {
        Map<String, String> data = new LinkedHashMap<>();
        SimilarityWhitening w = state.current();
        if (w != null) {
            data.put(KEY_WHITENING, w.id());
        }
        return data;
    }

    /** The id of the space new documents are written in: the model's id, plus the whitening's once learned. */
    String id(String modelId) {
        SimilarityWhitening w = state.current();
        return w == null ? modelId : modelId + "/" + w.id();
    }

    /** The whitening new documents are written with; null for the model's own space. */
    SimilarityWhitening current() {
        return state.current();
    }

    /** The HNSW vector of a document whose stored similarity vector is {@code modelVector}. */
    public float[] indexed(float[] modelVector) {
        return map(state.current(), modelVector);
    }

    /**
     * The query vector to compare with the HNSW vectors {@code searcher} shows, for the model's
     * vector {@code modelVector} of a query image (or a caller's vector in the model's space).
     */
    public float[] query(IndexSearcher searcher, float[] modelVector) {
        State s = state;
        if (s.earlier().isEmpty()) {
            return map(s.current(), modelVector);
        }
        long version = version(searcher.getIndexReader());
        for (Epoch e : s.earlier()) {
            if (version <= e.untilVersion()) {
                return map(e.whitening(), modelVector);
            }
        }
        return map(s.current(), modelVector);
    }

    /**
     * Starts a switch to {@code next}: documents written from now on are in its space, readers
     * newer than {@code searcher}'s are taken to show them. Call under the write lock with the
     * write's searcher (which every search's searcher is at most as new as), then rewrite every
     * document in the same write. The whitening file is written and synced first.
     */
    public void beginSwitch(Directory directory, IndexSearcher searcher, SimilarityWhitening next) throws IOException {
        State s = state;
        if (next != null && !next.equals(s.current())) {
            SideFiles.write(directory, SideFiles.name(FILE_PREFIX, next.id()), next.toBytes());
        }
        // Equal whitenings (fine-tuning unchanged records) keep the file the last commit names:
        // rewriting it would leave, for a moment, a committed index that cannot be opened.
        List<Epoch> earlier = new ArrayList<>(s.earlier());
        earlier.add(new Epoch(version(searcher.getIndexReader()), s.current()));
        state = new State(next, List.copyOf(earlier.subList(Math.max(0, earlier.size() - EPOCHS_KEPT), earlier.size())));
    }

    /**
     * Undoes a switch whose rewrite failed: new documents go back to the previous space. The
     * caller then rewrites every document again, so one write leaves them all in one space.
     */
    void abandonSwitch() {
        List<Epoch> earlier = state.earlier();
        Epoch last = earlier.get(earlier.size() - 1);
        state = new State(last.whitening(), List.copyOf(earlier.subList(0, earlier.size() - 1)));
    }

    /** Deletes whitening files other than the current one's; call after a commit names it. */
    void deleteStaleFiles(Directory directory) throws IOException {
        SimilarityWhitening w = state.current();
        SideFiles.deleteOthers(directory, FILE_PREFIX, w == null ? null : SideFiles.name(FILE_PREFIX, w.id()));
    }

    private static float[] map(SimilarityWhitening w, float[] modelVector) {
        return w == null ? modelVector : w.apply(modelVector);
    }

    private static long version(IndexReader reader) {
        if (reader instanceof DirectoryReader d) {
            return d.getVersion();
        }
        throw new IllegalStateException("similarity search needs a directory reader, got: " + reader.getClass().getName());
    }

}
