/**
 * Decoding and signature extraction on about 1 MP photographs:
 * {@link org.imageindex.benchmarks.signatures.ExtractionBenchmark}.
 */
package org.imageindex.benchmarks.signatures;
