/**
 * JSON values as plain Java objects, for callers that must read or write JSON without seeing
 * the JSON library underneath.
 *
 * <h2>How to read and write</h2>
 * {@snippet :
 * Object value = JsonValues.parse("{\"a\": [1, 2.5, \"x\", true, null]}");
 * // a LinkedHashMap {a=[1, 2.5, x, true, null]}: Long 1, Double 2.5
 * String text = JsonValues.write(value); // {"a":[1,2.5,"x",true,null]}
 * }
 * Objects map to {@link java.util.LinkedHashMap} (member order kept), arrays to
 * {@link java.util.ArrayList}, whole numbers to {@link java.lang.Long} (or
 * {@link java.math.BigInteger} past 64 bits), numbers with a fraction or exponent to
 * {@link java.lang.Double}, and {@code null} to {@code null}. Writing accepts the same types plus
 * any {@link java.lang.Number}; a {@link java.lang.Double} is always written with a fraction or
 * exponent ({@code 1.0}, not {@code 1}), so a parse of the output gives back the same Java types.
 */
package org.imageindex.query.json;
