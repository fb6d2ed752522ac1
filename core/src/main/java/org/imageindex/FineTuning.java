package org.imageindex;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fine-tuning running in the background, as {@link ImageIndex#fineTune()} started it: its
 * progress, a way to cancel it, and its outcome (the id of the vocabulary the index then uses).
 *
 * {@snippet :
 * FineTuning job = index.fineTune();
 * while (!job.isDone()) {
 *     System.out.printf("%.0f %%%n", job.progress() * 100);
 *     Thread.sleep(1000);
 * }
 * String vocabulary = job.await();   // throws CancellationException if cancelled
 * job.gain().ifPresent(g -> System.out.println("matching " + g.matchingGain() + ", kept: " + !g.vocabularyAdopted()));
 * }
 *
 * <p>Thread-safe.
 */
public final class FineTuning {

    private final AtomicLong progressBits = new AtomicLong(Double.doubleToLongBits(0));
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final CompletableFuture<String> outcome = new CompletableFuture<>();
    private volatile FineTuningGain gain;

    FineTuning() {
    }

    /** How far it has come, in [0, 1]; 1 once it has succeeded. Never decreases. */
    public double progress() {
        return Double.longBitsToDouble(progressBits.get());
    }

    /**
     * Asks it to stop. Training stops at its next check and the index keeps its vocabulary;
     * once re-encoding the stored records has begun it runs to the end, so the index never holds
     * words of two trainings after it. Returns whether the request came before the end.
     */
    public boolean cancel() {
        cancelled.set(true);
        return !outcome.isDone();
    }

    /**
     * What it measured on the records held out of training and what it adopted, once measured
     * (before it ends); empty before, or for a fine-tuning that failed or was cancelled earlier.
     */
    public java.util.Optional<FineTuningGain> gain() {
        return java.util.Optional.ofNullable(gain);
    }

    void gain(FineTuningGain measured) {
        gain = Objects.requireNonNull(measured, "gain");
    }

    /** True once it has succeeded, failed or been cancelled. */
    public boolean isDone() {
        return outcome.isDone();
    }

    /**
     * Waits for the end and returns the id of the vocabulary the index now uses.
     *
     * @throws CancellationException if it was cancelled before the switch
     * @throws IllegalStateException if it failed, with the cause
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public String await() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw failure(e);
        }
    }

    /**
     * {@link #await()} for at most {@code timeout}.
     *
     * @throws TimeoutException if it is still running then
     */
    public String await(long timeout, TimeUnit unit) throws InterruptedException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        try {
            return outcome.get(timeout, unit);
        } catch (ExecutionException e) {
            throw failure(e);
        }
    }

    private static RuntimeException failure(ExecutionException e) {
        if (e.getCause() instanceof CancellationException c) {
            return c;
        }
        return new IllegalStateException("fine-tuning failed: " + e.getCause(), e.getCause());
    }

    boolean cancelRequested() {
        return cancelled.get();
    }

    void progress(double fraction) {
        double clamped = Math.max(0, Math.min(1, fraction));
        progressBits.accumulateAndGet(Double.doubleToLongBits(clamped),
                (old, next) -> Double.longBitsToDouble(next) > Double.longBitsToDouble(old) ? next : old);
    }

    void succeed(String vocabularyId) {
        progress(1);
        outcome.complete(vocabularyId);
    }

    void fail(Throwable t) {
        outcome.completeExceptionally(t);
    }
}
