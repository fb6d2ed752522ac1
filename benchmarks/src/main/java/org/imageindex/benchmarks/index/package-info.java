/**
 * JMH benchmarks of the index: insert throughput with extraction ({@code InsertBenchmark}), kNN
 * latency plain and filtered with recall@10 against an exact scan, listing pages by offset and by
 * cursor, bytes per record ({@code SearchBenchmark}). Run
 * {@code java -Dimageindex.data=<data> -jar benchmarks/target/benchmarks.jar 'index\..*'}; the
 * synthetic index is cached under the temporary directory between runs.
 */
package org.imageindex.benchmarks.index;
