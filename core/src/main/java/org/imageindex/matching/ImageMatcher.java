package org.imageindex.matching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.imageindex.ImageIndex;
import org.imageindex.collection.ImageCollections;
import org.imageindex.collection.IndexAccess;
import org.imageindex.query.SourcePosition;
import org.imageindex.query.ast.Filter;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageSource;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.QueryImage;
import org.imageindex.signatures.matching.MatchResult;
import org.imageindex.signatures.matching.MatchVerifier;

/**
 * Search by image with verdicts (LTU MediaDB's search): finds the records that show the query
 * image or part of it, each verified geometrically and explained. Obtain it from
 * {@code ImageIndex.matcher()}.
 *
 * <p>How it works: the query's local features are quantised into visual words with the index's
 * vocabulary ({@code VisualVocabulary}); the {@link ImageMatchQuery#candidates()} records whose
 * words score highest (BM25 over the words indexed at insert, one token per feature) are the
 * candidates, together with the records whose perceptual hash lies within
 * {@link ImageMatchQuery#hashRadius()} of the query's (cheap near duplicates); both are
 * restricted to the visible records the query's filter and collection allow. When the words find
 * fewer records than asked (a tiny index, or records written before visual words existed and not
 * yet re-encoded by {@code ImageIndex.fineTune()}), the nearest by similarity signature make up
 * the number. Each candidate's stored matching features are verified against the query's with
 * {@link MatchVerifier#standard()}; hits are ranked by match distance (lowest first, i.e.
 * strongest verified match first, then id) and carry the whole {@link MatchResult}.
 *
 * {@snippet :
 * List<ImageMatch> hits = index.matcher().search(ImageMatchQuery.of(ImageSource.file(Path.of("query.jpg"))));
 * for (ImageMatch h : hits) {
 *     System.out.println(h.id() + " " + h.verdict().label() + " " + h.distance());
 * }
 * }
 *
 * <p>Thread-safe.
 */
public final class ImageMatcher {

    private final ImageIndex index;
    private final IndexAccess access;
    private final MatchVerifier verifier = MatchVerifier.standard();

    /** The matcher of {@code index}; applications call {@code ImageIndex.matcher()} instead. */
    public ImageMatcher(ImageIndex index, IndexAccess access) {
        this.index = Objects.requireNonNull(index, "index");
        this.access = Objects.requireNonNull(access, "access");
    }

    /**
     * The verified answers to {@code query}: matches and clones ranked by distance, then, if
     * asked, the rejected candidates.
     *
     * @throws IllegalArgumentException if the query image cannot be read, naming why
     */
    public List<ImageMatch> search(ImageMatchQuery query) {
        Objects.requireNonNull(query, "query");
        QueryImage q = access.queryImage(query.image());
        Filter filter = query.collection()
                .<Filter>map(c -> new Filter.And(List.of(query.filter(), ImageCollections.filterFor(c)), SourcePosition.jsonPointer("")))
                .orElse(query.filter());
        Set<String> ids = new LinkedHashSet<>(access.withinHashRadius(q.hash().bits(), query.hashRadius(), filter));
        List<String> byWords = access.nearestByWords(q.matching(), query.candidates(), filter);
        ids.addAll(byWords);
        // The similarity signature is extracted only here, when the words fall short.
        if (byWords.size() < query.candidates()) {
            ids.addAll(access.nearestBySimilarity(q.similarity().vector(), query.candidates() - byWords.size(), filter));
        }
        List<String> candidates = List.copyOf(ids);
        List<ImageMatch> hits = new ArrayList<>();
        // One read, from one snapshot, of what is shown and of the signatures to verify.
        Set<String> read = new LinkedHashSet<>(query.fields().names());
        read.add(FieldSelection.SIGNATURES);
        List<StoredRecord> stored = index.get(candidates, new FieldSelection(read));
        // Candidates are independent and verification is most of a search's time: spread them
        // over the common pool's cores. The results keep the candidates' order.
        List<MatchResult> verified = stored.parallelStream()
                .map(r -> verifier.verify(q.matching(), r.signatures().matching()))
                .toList();
        for (int i = 0; i < stored.size(); i++) {
            MatchResult m = verified.get(i);
            if (query.includeRejections() || m.verdict().isMatch()) {
                hits.add(new ImageMatch(shown(stored.get(i), query.fields()), m));
            }
        }
        hits.sort(Comparator.comparingDouble(ImageMatch::distance).thenComparing(ImageMatch::id));
        return List.copyOf(hits.subList(0, Math.min(query.limit(), hits.size())));
    }

    /** {@code r} as the caller asked for it: without its signatures unless they were selected. */
    private static StoredRecord shown(StoredRecord r, FieldSelection fields) {
        if (fields.includes(FieldSelection.SIGNATURES)) {
            return r;
        }
        return new StoredRecord(r.id(), r.name(), r.tags(), r.attributes(), r.created(), r.modified(), r.origin(), r.image(),
                r.active(), null, fields);
    }

    /**
     * Verifies {@code image} against the stored record {@code recordId} alone, whatever the
     * candidate step would have found.
     *
     * @throws IllegalArgumentException if the image cannot be read or there is no such record
     */
    public MatchResult verify(ImageSource image, String recordId) {
        QueryImage q = access.queryImage(Objects.requireNonNull(image, "image"));
        List<StoredRecord> r = index.get(List.of(Objects.requireNonNull(recordId, "recordId")),
                FieldSelection.of(FieldSelection.SIGNATURES));
        if (r.isEmpty()) {
            throw new IllegalArgumentException("recordId names no record, got: " + recordId);
        }
        return verifier.verify(q.matching(), r.get(0).signatures().matching());
    }
}
