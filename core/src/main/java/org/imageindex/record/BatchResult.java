package org.imageindex.record;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a batch operation: one {@link RecordStatus} per input record, in input order.
 *
 * @param statuses one status per record
 */
public record BatchResult(List<RecordStatus> statuses) {

    public BatchResult {
        statuses = List.copyOf(statuses);
    }

    /** The statuses that succeeded. */
    public List<RecordStatus> succeeded() {
        return statuses.stream().filter(s -> s.code().success()).toList();
    }

    /** The statuses that did not (Ximilar's {@code skipped_records}). */
    public List<RecordStatus> skipped() {
        return statuses.stream().filter(s -> !s.code().success()).toList();
    }

    /** How many records ended with {@code code}. */
    public long count(RecordStatus.Code code) {
        Objects.requireNonNull(code, "code");
        return statuses.stream().filter(s -> s.code() == code).count();
    }

    /** True when every record succeeded. */
    public boolean allSucceeded() {
        return statuses.stream().allMatch(s -> s.code().success());
    }

    /** The status of the record at {@code index} of the batch. */
    public RecordStatus get(int index) {
        return statuses.get(index);
    }
}
