/**
 * The quality harness ({@code QualityHarness}): retrieval quality per signature and search mode
 * on any folder with a ground-truth CSV, against baselines (exact scan, plain colour histogram,
 * perceptual hash), and copy detection on attacks it generates itself ({@code Attack}). Writes a
 * Markdown table, a JSON file and PNG plots.
 */
package org.imageindex.benchmarks.quality;
