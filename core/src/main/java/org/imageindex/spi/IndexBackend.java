package org.imageindex.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.imageindex.FineTuningInfo;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;
import org.imageindex.record.Attributes;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.RecordPage;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.StoredRecord;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.ListingPage;
import org.imageindex.search.ListingRequest;
import org.imageindex.search.NearDuplicatePairs;
import org.imageindex.search.NearDuplicateRequest;
import org.imageindex.search.RangeRequest;
import org.imageindex.search.SearchResult;
import org.imageindex.signatures.matching.MatchingFeatures;

/**
 * Where an {@link org.imageindex.ImageIndex} keeps and searches its records: the one boundary
 * between the API and a storage engine. {@code ImageIndex} reads images, extracts signatures,
 * verifies matches geometrically and keeps collections and annotations; a backend stores records
 * with their signatures and answers filters (the query module's neutral {@link Filter} AST),
 * listings, kNN, hash-band and visual-word candidates. No type here names an engine type.
 *
 * <p>Visibility: "visible" records are the active (not deactivated) ones; every search, count and
 * listing sees only them, while {@link #get} and {@link Writes#load} see every record.
 *
 * <p>Thread-safety: a backend is used by many threads at once; {@link #write} runs one action at
 * a time, and a write is visible to every read that starts after it returns.
 */
public interface IndexBackend extends AutoCloseable {

    // ---- state and lifecycle ------------------------------------------------------------

    /** Whether the backend was opened read-only: every write throws {@link IllegalStateException}. */
    boolean readOnly();

    /** @throws IllegalStateException if the backend is read-only (or closed), before any work */
    void ensureWritable();

    /** The built-in and attribute fields with their current types, as filters see them. */
    FieldTypes fieldTypes();

    /** The attribute paths with their types (built-in fields excluded). */
    Map<String, FieldType> attributeTypes();

    /**
     * Makes every write so far durable.
     *
     * @throws IOException if the storage cannot be written
     */
    void commit() throws IOException;

    /**
     * Shows writes committed by others since open (a read-only backend); no-op otherwise.
     *
     * @throws IOException if the newer state cannot be read
     */
    void refresh() throws IOException;

    /**
     * Commits and releases the storage.
     *
     * @throws IOException if the final commit or releasing fails
     */
    @Override
    void close() throws IOException;

    // ---- writes -------------------------------------------------------------------------

    /** An action run under the backend's write lock. */
    @FunctionalInterface
    interface Write<T> {
        /** Runs with {@code writes}, valid only during the call. */
        T apply(Writes writes) throws IOException;
    }

    /**
     * What a {@link Write} may do. Loads see the records as they were when the action started
     * (writes of the same action are not read back).
     */
    interface Writes {
        /** The stored record {@code id}, active or not; with its signatures if asked. */
        Optional<RecordState> load(String id, boolean signatures) throws IOException;

        /** Whether a record {@code id} is stored, active or not. */
        boolean exists(String id) throws IOException;

        /** Why {@code attributes} cannot be stored (a type other than its field's), or empty. */
        Optional<String> check(Attributes attributes);

        /**
         * Stores {@code record}, replacing the stored record of its id if {@code replace}.
         *
         * @throws IllegalArgumentException if a part of the record cannot be stored; nothing was written
         */
        void put(RecordState record, boolean replace) throws IOException;

        /** Removes the record {@code id} for good. */
        void delete(String id) throws IOException;

        /** The visible records whose perceptual hash lies within {@code radius} of {@code bits}. */
        List<RecordStatus.Duplicate> withinHashRadius(long bits, int radius) throws IOException;

        /**
         * Which of {@code ids} are stored, active or not: {@link #exists} for many ids at once,
         * so a backend behind a network asks once per batch rather than once per record.
         */
        default Set<String> existing(Collection<String> ids) throws IOException {
            Set<String> out = new java.util.HashSet<>();
            for (String id : ids) {
                if (exists(id)) {
                    out.add(id);
                }
            }
            return out;
        }

        /**
         * Stores records in order, as {@link #put} would one at a time, and says per record
         * whether it was stored (empty) or why not. A backend behind a network sends them in
         * bulk requests and reports a record the storage refused (an id written meanwhile by
         * another client, an overloaded cluster after its retries) rather than failing all.
         */
        default List<Optional<Refusal>> putAll(List<Put> puts) throws IOException {
            List<Optional<Refusal>> out = new java.util.ArrayList<>(puts.size());
            for (Put p : puts) {
                try {
                    put(p.record(), p.replace());
                    out.add(Optional.empty());
                } catch (IllegalArgumentException e) {
                    out.add(Optional.of(new Refusal(RecordStatus.Code.INVALID_RECORD, e.getMessage())));
                }
            }
            return out;
        }
    }

    /** One record for {@link Writes#putAll}: stored new, or replacing the stored record of its id. */
    record Put(RecordState record, boolean replace) {
    }

    /** Why {@link Writes#putAll} did not store a record: the status code it gets and the reason. */
    record Refusal(RecordStatus.Code code, String reason) {
    }

    /**
     * Runs {@code action} exclusively; a failure of the storage is thrown unchecked.
     *
     * @throws IllegalStateException if the backend is read-only or closed
     */
    <T> T write(Write<T> action);

    /** Removes for good every visible record {@code filter} matches; returns how many. */
    long deleteVisible(Filter filter);

    // ---- reads --------------------------------------------------------------------------

    /** Which of {@code ids} are stored, active or not. */
    Set<String> storedIds(Collection<String> ids);

    /** The stored records with these ids, in the order of {@code ids}; ids not found are left out. */
    List<StoredRecord> get(List<String> ids, FieldSelection fields);

    /** Visible records matching {@code filter}. */
    long count(Filter filter);

    /** Deactivated records. */
    long countInactive();

    /** A page of visible records matching {@code filter}, ordered by {@code listing} (random order from {@code seed}). */
    RecordPage find(Filter filter, Listing listing, FieldSelection fields, long seed);

    /** Up to {@code n} visible records matching {@code filter} in an order fixed by {@code seed}. */
    List<StoredRecord> random(int n, Filter filter, FieldSelection fields, long seed);

    /** Receives records one at a time; may fail writing them out. */
    @FunctionalInterface
    interface RecordSink {
        /** Takes one record. */
        void accept(StoredRecord record) throws IOException;
    }

    /**
     * Every visible record matching {@code filter}, from one snapshot, one at a time, so memory
     * stays at one record whatever their number.
     *
     * @throws IOException if {@code sink} fails
     */
    void forEachVisible(Filter filter, FieldSelection fields, RecordSink sink) throws IOException;

    /** kNN by a vector signature, with the request's filter; see {@link KnnRequest}. */
    SearchResult knn(KnnRequest request);

    /** Every visible record within a distance of the query. */
    SearchResult range(RangeRequest request);

    /** The visible records within a Hamming radius of the query's perceptual hash. */
    SearchResult nearDuplicates(NearDuplicateRequest request);

    /** Every pair of visible records matching {@code filter} within {@code radius} of each other. */
    NearDuplicatePairs nearDuplicatePairs(int radius, Filter filter);

    /** A page of a metadata listing, with offset or cursor paging. */
    ListingPage list(ListingRequest request);

    // ---- candidates for the organisation views and the matcher --------------------------

    /** The ids of every visible record {@code filter} matches. */
    List<String> idsMatching(Filter filter);

    /** The {@code k} visible records nearest to {@code vector} by similarity signature. */
    List<String> nearestBySimilarity(float[] vector, int k, Filter filter);

    /** The {@code k} visible records sharing most visual words with {@code features}. */
    List<String> nearestByWords(MatchingFeatures features, int k, Filter filter);

    /** The ids of visible records whose perceptual hash lies within {@code radius} of {@code bits}. */
    List<String> withinHashRadius(long bits, int radius, Filter filter);

    /** A value the organisation views keep with the index (collections, object hierarchy). */
    Optional<String> organisationData(String key);

    /** Keeps {@code value} under {@code key}, durable with the next commit. */
    void organisationData(String key, String value);

    // ---- fine-tuning ----------------------------------------------------------------------

    /** Starts a fine-tuning reporting to a job of {@link IndexServices#newFineTuningJob()}, or returns the one running. */
    FineTuningJob fineTune();

    /** Whether fine-tuning is advised and its progress, for {@code visibleRecords} records. */
    FineTuningInfo fineTuningInfo(long visibleRecords);

    /** Writes the fine-tuning in use. */
    void exportFineTuning(OutputStream out) throws IOException;

    /** Switches to a fine-tuning written by {@link #exportFineTuning}. */
    void importFineTuning(InputStream in) throws IOException;
}
