/**
 * The quality harness ({@code QualityHarness}): retrieval quality per signature and search mode
 * on any folder with a ground-truth CSV, against baselines (exact scan; the textbook descriptors of
 * {@code org.imageindex.benchmarks.baseline}: RGB and HSV histograms, MPEG-7 colour layout, CEDD,
 * PHOG; the perceptual hash), each figure with a bootstrap confidence interval ({@code Bootstrap}), and copy detection on attacks it generates itself ({@code Attack}). Writes a
 * Markdown table, a JSON file and PNG plots.
 */
package org.imageindex.benchmarks.quality;
