/**
 * The image-dataset platform's YAML query: {@code want} / {@code exclude} rule lists,
 * {@code include_obsolete}, {@code ordering}, {@code offset}, {@code limit}.
 *
 * <h2>How to run a YAML query</h2>
 * <ol>
 *   <li>Index image records under the names of {@link org.imageindex.query.yaml.ImageRecordFields}
 *       with its {@code SCHEMA} (through {@code FieldIndexer}).</li>
 *   <li>Give {@link org.imageindex.query.yaml.YamlRulesParser} the text and the
 *       {@link org.imageindex.query.yaml.ObjectHierarchy} of object labels ({@code has} follows it).</li>
 *   <li>Compile {@link org.imageindex.query.yaml.YamlQuery#filter()} and sort with
 *       {@code ListingSorts.toSort(query.listing(), ImageRecordFields.SCHEMA, seed)}.</li>
 * </ol>
 * Errors carry the line and column of the offending key or value.
 */
package org.imageindex.query.yaml;
