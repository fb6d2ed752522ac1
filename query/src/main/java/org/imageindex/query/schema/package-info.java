/**
 * What the query module needs to know about an index's fields.
 *
 * <h2>How to describe an index</h2>
 * Build a {@link org.imageindex.query.schema.FieldTypes} naming each filterable field with a
 * {@link org.imageindex.query.schema.FieldSpec}: its {@link org.imageindex.query.schema.FieldType}
 * (keyword, text, long, double, boolean, date) and whether documents may hold arrays. Use the same
 * value for indexing ({@code FieldIndexer}), parsing Lucene syntax and compiling.
 * {@link org.imageindex.query.schema.Dates} lists the date spellings every parser accepts.
 */
package org.imageindex.query.schema;
