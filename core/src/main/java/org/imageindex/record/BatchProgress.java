package org.imageindex.record;

/**
 * Told how a batch advances. Called from the thread that runs the batch, after each record's
 * outcome is known, in input order; keep it quick (it holds up the batch).
 */
@FunctionalInterface
public interface BatchProgress {

    /** Reports nothing. */
    BatchProgress NONE = (done, total, status) -> { };

    /**
     * @param done   records finished so far, 1..total
     * @param total  records in the batch
     * @param status the outcome of the record just finished
     */
    void advanced(int done, int total, RecordStatus status);
}
