/**
 * The {@code imageindex} command-line program: a worked example of the {@code ImageIndex} API.
 *
 * <p>{@code index DIR} adds a folder's images (one batch of 64 at a time, committed after each,
 * with a summary of what was skipped and why), {@code search IMAGE} finds copies, look-alikes,
 * colours or duplicates of an image, {@code duplicates} lists near-duplicate groups,
 * {@code info} describes the index, {@code finetune} trains the visual vocabulary and the
 * similarity whitening on the index's own images, {@code export} / {@code import} move records
 * (and that fine-tuning) as JSON Lines, {@code list} / {@code find} page through the records a
 * filter matches, {@code collections}, {@code smart} and {@code annotate} organise them,
 * {@code report} writes an HTML page of results and {@code serve} runs the example HTTP server.
 * Every command answers {@code --help}.
 * Each subcommand is one small class; read {@code IndexCommand} first.
 */
package org.imageindex.examples.cli;
