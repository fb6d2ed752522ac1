package org.imageindex.query.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.QueryLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad listing queries: each rejected with its character offset and an exact message. */
class LuceneSyntaxErrorsTest {

    private static final String SYNTAX_HINT = "write field:value, field:[a TO b], field:prefix* joined by AND, OR, NOT";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            size:[3.5e4x TO *]    | lucene query at offset 6: size expects a number such as 30000 or 2.5 (long field), found "3.5e4x"
            size:1,000            | lucene query at offset 5: size expects a number such as 30000 or 2.5 (long field), found "1,000"
            size:0x10             | lucene query at offset 5: size expects a number such as 30000 or 2.5 (long field), found "0x10"
            size:10*              | lucene query at offset 5: size:10* expects a keyword or text field for a prefix, found the long field size
            name:pl*n             | lucene query at offset 5: name:pl*n expects a prefix with a single trailing *, as in name:plan*, found a wildcard inside the term
            name:pl?n             | lucene query at offset 5: name:pl?n expects a prefix with a single trailing *, as in name:plan*, found a wildcard inside the term
            plan*                 | lucene query at offset 0: plan* expects a field name, as in name:plan*, found a term without a field
            approved:yes          | lucene query at offset 9: approved expects true or false (boolean field), found "yes"
            created:[yesterday TO *] | lucene query at offset 9: created expects an ISO-8601 date such as 2017-01-01, 2017-01-01T00:00:00Z or 2017-01-18T14:10:40+0000 (date field), found "yesterday"
            name:plan~2           | lucene query at offset 5: fuzzy terms (~) are not supported; write field:value, field:[a TO b], field:prefix* joined by AND, OR, NOT
            name:plan^2           | lucene query at offset 5: boosts (^) do not apply to filters; write field:value, field:[a TO b], field:prefix* joined by AND, OR, NOT
            name:/pl.n/           | lucene query at offset 5: regular expressions (/…/) are not supported; write field:value, field:[a TO b], field:prefix* joined by AND, OR, NOT
            """)
    void rejectsWithOffset(String query, String message) {
        QueryException e = assertThrows(QueryException.class, () -> LuceneSyntaxParser.parse(query, RokkaListingFilterTest.ROKKA));
        assertEquals(message, e.getMessage());
        assertEquals(QueryLanguage.LUCENE, e.position().language());
    }

    @Test
    void unknownField() {
        QueryException e = assertThrows(QueryException.class,
                () -> LuceneSyntaxParser.parse("name:a AND sizes:[1 TO 2]", RokkaListingFilterTest.ROKKA));
        assertEquals("lucene query at offset 18: unknown field sizes; expected one of "
                + String.join(", ", RokkaListingFilterTest.ROKKA.names()), e.getMessage());
    }

    @Test
    void aLongTermOrFieldIsQuotedCutWithItsLength() {
        String term = "x".repeat(60_000);
        QueryException bad = error("size:" + term);
        assertEquals("lucene query at offset 5: size expects a number such as 30000 or 2.5 (long field), found \""
                + "x".repeat(99) + "… (60002 characters)", bad.getMessage());
        assertEquals("\"" + term + "\"", bad.found().orElseThrow(), "found() keeps what was written");
        QueryException unknown = error(term + ":a");
        assertEquals("lucene query at offset 60001: unknown field " + "x".repeat(100) + "… (60000 characters); expected one of "
                + String.join(", ", RokkaListingFilterTest.ROKKA.names()), unknown.getMessage());
    }

    @Test
    void syntaxErrors() {
        assertEquals("lucene query at offset 10: syntax error near the end of the query; " + SYNTAX_HINT,
                error("size:[1 TO").getMessage());
        assertEquals("lucene query at offset 7: syntax error near \")\"; " + SYNTAX_HINT, error("name:a )").getMessage());
        assertEquals("lucene query at offset 0: syntax error near \"AND\"; " + SYNTAX_HINT, error("AND name:a").getMessage());
        assertEquals("lucene query at offset 0: query expects at least one condition such as name:plan*, found an empty query",
                error("   ").getMessage());
    }

    @Test
    void limits() {
        String deep = "(".repeat(40) + "name:a" + ")".repeat(40);
        assertEquals("lucene query at offset 32: nesting depth exceeds QueryLimits.maxDepth = 32", error(deep).getMessage());
        QueryException size = assertThrows(QueryException.class,
                () -> LuceneSyntaxParser.parse("name:plan* AND size:[1 TO 2]", RokkaListingFilterTest.ROKKA, QueryLimits.of(32, 256, 12)));
        assertEquals("lucene query at offset 0: input of 28 characters exceeds QueryLimits.maxInputChars = 12", size.getMessage());
        QueryException clauses = assertThrows(QueryException.class,
                () -> LuceneSyntaxParser.parse("name:a OR name:b OR name:c", RokkaListingFilterTest.ROKKA, QueryLimits.of(32, 2, 100)));
        assertEquals("lucene query at offset 0: more than QueryLimits.maxClauses = 2 conditions in one filter", clauses.getMessage());
    }

    private static QueryException error(String query) {
        return assertThrows(QueryException.class, () -> LuceneSyntaxParser.parse(query, RokkaListingFilterTest.ROKKA));
    }
}
