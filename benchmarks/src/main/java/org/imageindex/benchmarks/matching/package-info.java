/**
 * JMH benchmarks of matching search and its fine-tuning:
 * {@link org.imageindex.benchmarks.matching.MatchingSearchBenchmark} (search by image with
 * geometric verification at growing index sizes) and
 * {@link org.imageindex.benchmarks.matching.FineTuningBenchmark} (training the visual vocabulary
 * on an index and re-encoding its records, per 1,000 images). Run
 * {@code java -Dimageindex.data=<data> -jar benchmarks/target/benchmarks.jar 'matching\..*'}.
 */
package org.imageindex.benchmarks.matching;
