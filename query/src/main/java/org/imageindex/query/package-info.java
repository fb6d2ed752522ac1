/**
 * Filters for imageindex in three languages, compiled to Lucene queries.
 *
 * <h2>How to filter records</h2>
 * <ol>
 *   <li>Parse what the user wrote into a {@link org.imageindex.query.ast.Filter}:
 *       {@link org.imageindex.query.mongo.MongoFilterParser} for MongoDB-style JSON (Ximilar),
 *       {@link org.imageindex.query.yaml.YamlRulesParser} for want/exclude rules (the dataset
 *       platform), {@link org.imageindex.query.lucene.LuceneSyntaxParser} for Lucene syntax (rokka).</li>
 *   <li>Compile it with {@link org.imageindex.query.compile.FilterCompiler} for the index's
 *       {@link org.imageindex.query.schema.FieldTypes}, and search with the resulting Lucene query.</li>
 *   <li>Index every filterable field with {@link org.imageindex.query.compile.FieldIndexer}, so
 *       the compiled queries find what they expect.</li>
 * </ol>
 *
 * <h2>Errors and limits</h2>
 * Every language reports a bad filter with one exception, {@link org.imageindex.query.QueryException},
 * located by a {@link org.imageindex.query.SourcePosition} in the language's own terms (JSON
 * pointer, YAML line and column, character offset). {@link org.imageindex.query.QueryLimits}
 * bounds nesting depth, number of conditions and input size; its errors name the setting.
 */
package org.imageindex.query;
