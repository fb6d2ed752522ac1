/**
 * Lucene query syntax for listings, typed by the index's fields (rokka's listing filters).
 *
 * <h2>How to parse a listing filter</h2>
 * {@snippet :
 * Filter f = LuceneSyntaxParser.parse("size:[30000 TO *] AND name:plan*", types);
 * }
 * Only lucene-queryparser's syntax parser is used; values are typed by
 * {@link org.imageindex.query.schema.FieldTypes} with strict number and date parsing, and the
 * result is the same AST the other languages produce, compiled by the same compiler. Errors carry
 * the character offset in the query.
 */
package org.imageindex.query.lucene;
