/**
 * From filter tree to Lucene query, and the index layout that makes the queries right.
 *
 * <h2>How to index records so filters work</h2>
 * Write every filterable field through {@link org.imageindex.query.compile.FieldIndexer} with the
 * same {@link org.imageindex.query.schema.FieldTypes} the compiler gets. For a field {@code f} it adds:
 * <table>
 *   <caption>Lucene fields per type</caption>
 *   <tr><th>type</th><th>Lucene fields under {@code f}</th></tr>
 *   <tr><td>keyword</td><td>{@code KeywordField} (term + sorted-set doc values)</td></tr>
 *   <tr><td>text</td><td>{@code KeywordField} with the exact value; {@code StringField f#lower}
 *       with the whole value lower-cased (substring search); one {@code StringField f#words} per
 *       lower-cased word, words being runs of letters and digits (full-text terms);
 *       {@code SortedSetDocValuesField f#collation} with the root-locale collation key of the
 *       value's first 1,000 characters (text sorts case-insensitively)</td></tr>
 *   <tr><td>long</td><td>{@code LongField} (points + sorted-numeric doc values)</td></tr>
 *   <tr><td>double</td><td>{@code DoubleField}; {@code -0.0} is written as {@code 0.0}; NaN is refused</td></tr>
 *   <tr><td>boolean</td><td>{@code KeywordField} holding {@code "true"} or {@code "false"}</td></tr>
 *   <tr><td>date</td><td>{@code LongField} holding epoch milliseconds (UTC)</td></tr>
 * </table>
 * An array adds one such value per element (so a multi-valued field simply repeats the Lucene
 * field). Two hidden bookkeeping fields give MongoDB's answers about missing fields:
 * <ul>
 *   <li>{@code __exists}: a {@code StringField} whose value is the field name, added once when
 *       the document has the field at all (null and the empty array included) — {@code $exists},
 *       and the complement of every negation;</li>
 *   <li>{@code __null}: the field name, added when the value is null or an array holding null —
 *       equality with null.</li>
 * </ul>
 * Nothing is stored; keep original values for retrieval elsewhere. Field names may not start with
 * {@code __} nor contain {@code #}.
 *
 * <h2>How queries are compiled</h2>
 * <ul>
 *   <li>Equality is an exact term or point query in the field's type; a value of another type bracket
 *       matches nothing, so {@code "15"} never equals {@code 15}. A whole number equals a double of
 *       the same value; a fractional value never equals a long.</li>
 *   <li>Each range bound is its own half-open Lucene range, and two bounds are ANDed: on an array,
 *       {@code [2, 8]} satisfies {@code $gt: 2, $lt: 4} through different elements, as in MongoDB
 *       (a single Lucene range would require one element inside both bounds). Fractional bounds on
 *       long fields round towards the values that qualify.</li>
 *   <li>Negations ({@code $ne}, {@code $nin}, {@code $not}, {@code exclude}, {@code NOT}) compile to
 *       "all documents minus the positive query", so they include documents lacking the field;
 *       a pure negative Lucene query would match nothing.</li>
 *   <li>A field the schema does not know is absent from every document, as in MongoDB.</li>
 *   <li>SQL {@code ILIKE} patterns ({@code %}, {@code _}, {@code \} escape) become a wildcard
 *       query on {@code f#lower}, anchored at both ends.</li>
 * </ul>
 * {@link org.imageindex.query.compile.ListingSorts} turns a listing into a Lucene sort over the
 * doc values above; a text field sorts by its {@code f#collation} companion.
 */
package org.imageindex.query.compile;
