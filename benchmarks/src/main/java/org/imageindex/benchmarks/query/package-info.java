/**
 * Filter parsing and compilation, and compiled filters against hand-written Lucene queries on
 * a one-million-record index built once and cached in the temporary directory.
 */
package org.imageindex.benchmarks.query;
