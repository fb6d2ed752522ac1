/**
 * rokka's listing filters and sort strings (seed 004) as users copy them from its URLs.
 *
 * <h2>How to list records with a rokka query</h2>
 * <ol>
 *   <li>Parse the parameters with {@link org.imageindex.query.rokka.RokkaQueryParser}:
 *       <code>parseFilter("size=[30000,&#125;&amp;name=foo*", types)</code> for the filters,
 *       {@code parseSort("created desc,size asc", types)} for an order, or {@code parse} for a
 *       whole query string with {@code sort}, {@code limit} and {@code offset}.</li>
 *   <li>Compile the filter with {@code FilterCompiler} and sort with {@code ListingSorts}, as for
 *       every other language.</li>
 *   <li>Answer values as rokka spells them: {@link org.imageindex.query.rokka.RokkaFields#rokkaFormat}
 *       turns a stored {@code jpeg} into rokka's {@code jpg}.</li>
 * </ol>
 * rokka's field names map onto stored ones through {@link org.imageindex.query.rokka.RokkaFields#BUILT_IN};
 * {@code user:<type>:<name>} reads the attribute {@code <name>}.
 */
package org.imageindex.query.rokka;
