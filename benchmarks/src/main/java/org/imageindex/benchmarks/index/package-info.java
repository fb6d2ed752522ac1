/**
 * JMH benchmarks of the index: insert throughput with extraction against decoding alone
 * ({@code InsertBenchmark}); kNN latency plain and filtered against an exact scan, with recall@10
 * and bytes per record measured in setup ({@code SearchBenchmark}); listing pages by offset and by
 * cursor ({@code ListingPagingBenchmark}). The suite ({@code scripts/benchmarks}) runs them all;
 * by hand: {@code java --add-modules jdk.incubator.vector -Dimageindex.data=<data> -jar
 * benchmarks/target/benchmarks.jar 'index\..*'}. The synthetic indexes are cached under the
 * temporary directory between runs; {@link org.imageindex.benchmarks.index.SyntheticIndex#main}
 * builds them ahead.
 */
package org.imageindex.benchmarks.index;
