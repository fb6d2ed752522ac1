/**
 * Internal: the boundary between {@link org.imageindex.ImageIndex} and the backend that stores and
 * searches its records. Not part of the library's API; applications use {@code ImageIndex}. The
 * types here name no Lucene (or other engine) type, so that a backend on another engine can
 * implement them; the embedded Lucene backend ({@code org.imageindex.embedded}) is the default.
 * See docs/architecture.md.
 */
package org.imageindex.spi;
