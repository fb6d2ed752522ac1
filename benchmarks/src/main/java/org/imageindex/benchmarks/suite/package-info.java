/**
 * The whole JMH suite in one run, and docs/performance.md written from its results.
 *
 * <p>Run it with {@code scripts/benchmarks}, which builds the benchmarks jar and calls
 * {@link org.imageindex.benchmarks.suite.PerformanceSuite}. The suite runs each area as one
 * <em>part</em> (extraction, insert, kNN per index size with its exact-scan baseline, kNN without
 * the Vector API, listing, parse + compile, compiled filters, and whatever the {@code matching}
 * package holds) with explicit, reduced fork, warm-up and measurement settings, so the whole run
 * stays within 30 minutes on two cores. Each part leaves JMH's JSON in the results directory;
 * the page is rendered from those files and the template
 * {@code performance-template.md} (the hand-written prose, with a {@code {{placeholder}}} per
 * table), so {@code --report-only} renders it again without running anything.
 *
 * <p>Benchmarks hand the suite figures that are not timings (recall against an exact scan,
 * bytes per record) through {@link org.imageindex.benchmarks.suite.SetupFacts}.
 */
package org.imageindex.benchmarks.suite;
