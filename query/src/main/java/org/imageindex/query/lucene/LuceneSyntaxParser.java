package org.imageindex.query.lucene;

import java.util.Objects;
import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLimits;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.schema.FieldTypes;

/**
 * Reads Lucene query syntax for listings (rokka style) into a {@link Filter}, typing each value by
 * its field's {@link org.imageindex.query.schema.FieldType}.
 *
 * <p>Accepted: {@code field:value}, {@code field:"quoted value"}, {@code field:prefix*},
 * {@code field:[a TO b]}, {@code {a TO b}}, open bounds {@code *}, {@code field>=a} and the other
 * comparison shorthands, {@code field:*} (has the field), {@code *:*}, {@code AND OR NOT + -},
 * parentheses. Terms next to each other without an operator must all match (AND), as rokka's
 * combined listing filters do. Numbers are parsed strictly: the whole term must be a number
 * ({@code 3.5e4} is 35000, {@code 1,000} is an error). Keyword fields are never split into words.
 *
 * <p>Thread-safe; each call parses independently.
 */
public final class LuceneSyntaxParser {

    private LuceneSyntaxParser() {
    }

    /**
     * Parses with {@link QueryLimits#DEFAULTS}.
     *
     * @throws QueryException with the character offset when the text is not a valid query for these fields
     */
    public static Filter parse(String query, FieldTypes types) {
        return parse(query, types, QueryLimits.DEFAULTS);
    }

    /**
     * Parses within the given limits.
     *
     * @throws QueryException with the character offset when the text is not a valid query for
     *                        these fields or exceeds a limit
     */
    public static Filter parse(String query, FieldTypes types, QueryLimits limits) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(types, "types");
        Objects.requireNonNull(limits, "limits");
        return new LuceneReader(types, limits).read(query);
    }
}
