package org.imageindex.spi;

/**
 * A fine-tuning as the backend running it sees it: it reports progress and the outcome, and asks
 * whether the caller wants it cancelled. {@code ImageIndex} supplies one per run and shows it to
 * callers as an {@link org.imageindex.FineTuning}.
 */
public interface FineTuningJob {

    /** How far it has come, in [0, 1]. */
    double progress();

    /** Moves the progress to {@code fraction}; it never decreases. */
    void progress(double fraction);

    /** Whether it has succeeded, failed or been cancelled. */
    boolean isDone();

    /** Asks it to stop, as when the index closes; returns whether the request came before the end. */
    boolean cancel();

    /** Whether the caller asked to cancel; the backend stops at its next check. */
    boolean cancelRequested();

    /** What it measured on the held-out records, reported before it ends; callers see it on their handle. */
    default void gain(org.imageindex.FineTuningGain gain) {
    }

    /** It succeeded; the index now uses the vocabulary {@code vocabularyId}. */
    void succeed(String vocabularyId);

    /** It failed (or stopped on cancellation) with {@code t}. */
    void fail(Throwable t);
}
