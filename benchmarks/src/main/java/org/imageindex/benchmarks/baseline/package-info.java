/**
 * Textbook global image descriptors the quality harness ranks beside our signatures, each
 * implemented here from its paper: {@link org.imageindex.benchmarks.baseline.Baseline} names
 * them, extracts a descriptor from working-size pixels and gives the paper's distance.
 *
 * <pre>{@code
 * float[] a = Baseline.CEDD.extract(pixelsA);
 * float[] b = Baseline.CEDD.extract(pixelsB);
 * double d = Baseline.CEDD.distance(a, b); // 0 for identical images, lower is closer
 * }</pre>
 *
 * <p>They exist to tell whether a figure of ours means anything: a signature that does not beat
 * a colour histogram on a set has not learned what the set asks for.
 */
package org.imageindex.benchmarks.baseline;
