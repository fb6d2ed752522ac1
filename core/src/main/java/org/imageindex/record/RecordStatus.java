package org.imageindex.record;

import java.util.List;
import java.util.Objects;

/**
 * What happened to one record of a batch (Ximilar's per-record status and
 * {@code skipped_records} with {@code _reason}).
 *
 * @param index      position of the record in the batch, from 0
 * @param id         the record's id (generated ones included); null when the record had none and was refused
 *                   before one was generated
 * @param code       what happened
 * @param reason     why, for people; empty for successes
 * @param duplicates for {@link Code#NEAR_DUPLICATE}: the stored records found within the radius,
 *                   closest first; otherwise empty
 */
public record RecordStatus(int index, String id, Code code, String reason, List<Duplicate> duplicates) {

    /** The outcome. */
    public enum Code {
        /** Inserted. */
        INSERTED(true),
        /** Metadata updated. */
        UPDATED(true),
        /** Removed for good. */
        DELETED(true),
        /** Deactivated (soft-deleted): hidden, restorable. */
        DEACTIVATED(true),
        /** Made visible again. */
        RESTORED(true),
        /** Already in the requested state (deactivating an inactive record, restoring an active one). */
        UNCHANGED(true),
        /** A record with this id exists already (inactive ones included), or appears earlier in the batch. */
        DUPLICATE_ID(false),
        /** Skipped by an insert-unless-near-duplicate: {@link #duplicates()} names the records found. */
        NEAR_DUPLICATE(false),
        /** No record with this id. */
        NOT_FOUND(false),
        /** The bytes are empty or not an image at all (text, archives, ...). */
        NOT_AN_IMAGE(false),
        /** A known image format for which no reader is installed. */
        UNSUPPORTED_FORMAT(false),
        /** More bytes or pixels than the index's decode limits allow. */
        TOO_LARGE(false),
        /** An image that is truncated or corrupt. */
        UNREADABLE(false),
        /** The file or URL could not be read (missing, refused, timed out, HTTP error). */
        SOURCE_UNAVAILABLE(false),
        /** The record's metadata is refused, e.g. an attribute whose type differs from the type its field has in the index. */
        INVALID_RECORD(false),
        /** A signature extractor failed on the image. */
        EXTRACTION_FAILED(false);

        private final boolean success;

        Code(boolean success) {
            this.success = success;
        }

        /** True for the outcomes the caller asked for. */
        public boolean success() {
            return success;
        }
    }

    /**
     * A stored record close to the one refused.
     *
     * @param id       its id
     * @param distance Hamming distance between the perceptual hashes, 0..64 (lower = closer)
     */
    public record Duplicate(String id, int distance) {
        public Duplicate {
            Objects.requireNonNull(id, "id");
        }
    }

    public RecordStatus {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        duplicates = List.copyOf(duplicates);
    }

    /** A success without details. */
    public static RecordStatus ok(int index, String id, Code code) {
        return new RecordStatus(index, id, code, "", List.of());
    }

    /** A refusal with its reason. */
    public static RecordStatus refused(int index, String id, Code code, String reason) {
        return new RecordStatus(index, id, code, reason, List.of());
    }
}
