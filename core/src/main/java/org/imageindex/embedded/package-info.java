/**
 * Internal: the embedded backend, an index in one Lucene directory of this JVM. Not part of the
 * library's API; applications use {@link org.imageindex.ImageIndex}. Its public types are public
 * only so that {@code ImageIndex} can open them from its own package, and may change in any
 * release.
 *
 * <p>Everything that knows Lucene lives here: the store and its write lock
 * ({@code IndexStore}), the document layout and its versioned stored-record codec
 * ({@code RecordDocuments}, {@code RecordCodecV1}), the attribute schema, visual words
 * ({@code MatchingWords}), hash bands, the similarity space of a fine-tuned index, listings and
 * their cursors, and the searches (exact or HNSW kNN, range, near duplicates). See
 * docs/architecture.md for the boundary it implements and what stays above it.
 */
package org.imageindex.embedded;
