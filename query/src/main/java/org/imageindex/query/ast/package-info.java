/**
 * The neutral filter tree all three languages parse into, and the listing (sort and page) model.
 *
 * <h2>How to build or inspect a filter</h2>
 * A {@link org.imageindex.query.ast.Filter} is a sealed tree of immutable records:
 * {@code MatchAll}, {@code And}, {@code Or}, {@code Not} for structure; {@code Equals}, {@code In},
 * {@code Range}, {@code Exists} for MongoDB's comparisons; {@code Prefix}, {@code Contains},
 * {@code TextSearch} for string matching. Literals are {@link org.imageindex.query.ast.Value}s,
 * whose {@link org.imageindex.query.ast.Value.Kind} is the type bracket they compare within.
 * Every node carries the {@link org.imageindex.query.SourcePosition} it was parsed from, so later
 * stages report errors where the user wrote them. Switch over the sealed interface to walk a tree;
 * {@link org.imageindex.query.ast.Filters} gives its size and depth.
 *
 * <h2>Semantics</h2>
 * MongoDB's, for flat documents: a condition on a field holds when the value or any element of an
 * array value satisfies it; a two-sided range is two {@code Range} nodes, so on arrays each bound
 * may be met by a different element; {@code Not} is the plain complement and so includes documents
 * that lack the field; values of different brackets never compare ({@code "15"} is not {@code 15}).
 *
 * <h2>Listings</h2>
 * {@link org.imageindex.query.ast.Listing} holds sort keys or a random order, an offset and a limit;
 * {@code org.imageindex.query.compile.ListingSorts} turns it into a Lucene sort.
 *
 * <p>Nothing here depends on Lucene, Jackson or SnakeYAML.
 */
package org.imageindex.query.ast;
