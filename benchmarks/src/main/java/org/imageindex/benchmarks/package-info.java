/**
 * JMH benchmarks and the quality harness. Build with
 * {@code ./mvnw -pl benchmarks -am package -DskipTests}, then run
 * {@code java -jar benchmarks/target/benchmarks.jar <regex>}; figures go to docs/performance.md
 * and docs/quality.md. {@link org.imageindex.benchmarks.BenchmarkData} finds the test photographs.
 */
package org.imageindex.benchmarks;
