package org.imageindex.query.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.QueryLimits;
import org.junit.jupiter.api.Test;

/** Unknown rules and keys, wrong value shapes and limits: each rejected with line, column and an exact message. */
class YamlRulesErrorsTest {

    private static QueryException error(String yaml) {
        return assertThrows(QueryException.class, () -> YamlRulesParser.parse(yaml, ObjectHierarchy.empty()));
    }

    @Test
    void unknownRule() {
        QueryException e = error("want:\n- has_objects: [Cat]\n");
        assertEquals("yaml rules at line 2, column 3: unknown rule has_objects; expected one of " + YamlReader.RULES, e.getMessage());
        assertEquals(QueryLanguage.YAML, e.position().language());
        assertEquals(2, e.position().line());
        assertEquals(3, e.position().column());
        assertEquals("has_objects", e.operator().orElseThrow());
    }

    @Test
    void unknownRootKey() {
        assertEquals("yaml rules at line 1, column 1: unknown key wants; expected one of want, exclude, include_obsolete, "
                + "ordering, offset, limit", error("wants:\n- has: [Cat]\n").getMessage());
    }

    @Test
    void wrongValueShapes() {
        assertEquals("yaml rules at line 2, column 16: above_width expects a whole number, found the text \"wide\"",
                error("want:\n- above_width: wide\n").getMessage());
        assertEquals("yaml rules at line 2, column 15: has_object expects a list such as [\"a\", \"b\"], found the text \"Cat\"",
                error("want:\n- has_object: Cat\n").getMessage());
        assertEquals("yaml rules at line 2, column 3: want expects each rule as a mapping with a single key such as "
                        + "- has_object: [\"Cat\"], found a mapping with 2 keys",
                error("want:\n- has_object: [Cat]\n  nature: [photo]\n").getMessage());
        assertEquals("yaml rules at line 1, column 7: want expects a list of rules such as - has_object: [\"Cat\"], found a mapping",
                error("want: {has: [Cat]}\n").getMessage());
        assertEquals("yaml rules at line 2, column 16: in_gallery expects names or whole-number ids in the list, found the number 1.5",
                error("want:\n- in_gallery: [1.5]\n").getMessage());
        assertEquals("yaml rules at line 2, column 16: before_date expects a number, found the text \"2019-01-01\"",
                error("want:\n- before_date: \"2019-01-01\"\n").getMessage());
        assertEquals("yaml rules at line 1, column 19: include_obsolete expects true or false, found the text \"maybe\"",
                error("include_obsolete: maybe\n").getMessage());
        assertEquals("yaml rules at line 1, column 1: query expects a mapping with keys want, exclude, include_obsolete, "
                + "ordering, offset, limit, found a list", error("- has: [Cat]\n").getMessage());
    }

    /** Stars are 1 to 5 (seed 002): a bound outside selects all or nothing, so it is refused. */
    @Test
    void ratingsOutsideOneToFiveStars() {
        assertEquals("yaml rules at line 2, column 17: above_rating expects a rating from 1 to 5 stars, found the number 7",
                error("want:\n- above_rating: 7\n").getMessage());
        assertEquals("yaml rules at line 2, column 17: below_rating expects a rating from 1 to 5 stars, found the number 0.5",
                error("want:\n- below_rating: 0.5\n").getMessage());
        assertEquals("yaml rules at line 2, column 17: above_rating expects a rating from 1 to 5 stars, found the number -1",
                error("exclude:\n- above_rating: -1\n").getMessage());
        assertEquals("above_rating", error("want:\n- above_rating: 7\n").operator().orElseThrow());
        // The ends of the range are ratings.
        YamlRulesParser.parse("want:\n- above_rating: 1\n- below_rating: 5.0\n", ObjectHierarchy.empty());
    }

    @Test
    void ilikePatternEndingInAnEscape() {
        QueryException e = assertThrows(QueryException.class, () -> org.imageindex.query.compile.FilterCompiler
                .of(ImageRecordFields.SCHEMA).compile(YamlRulesParser.parse("want:\n- title: 'cat\\'\n", ObjectHierarchy.empty()).filter()));
        assertEquals("yaml rules at line 2, column 3: ilike expects a character after the escape \\ (write \\\\ for a backslash), "
                + "found a pattern ending in \\", e.getMessage());
    }

    @Test
    void orderingOffsetLimit() {
        assertEquals("yaml rules at line 1, column 11: ordering expects one of date-desc, date-asc, title-asc, title-desc, "
                + "number-regions-desc, number-regions-asc, random, found \"newest\"", error("ordering: newest\n").getMessage());
        assertEquals("yaml rules at line 1, column 8: limit expects a whole number from 0 to 2147483647, found -1",
                error("limit: -1\n").getMessage());
        assertEquals("yaml rules at line 1, column 9: offset expects a whole number, found the text \"ten\"",
                error("offset: ten\n").getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ordering.fromSpelling("oldest"));
        assertEquals("ordering must be one of date-desc, date-asc, title-asc, title-desc, number-regions-desc, "
                + "number-regions-asc, random, got: oldest", e.getMessage());
    }

    @Test
    void invalidYamlIsLocated() {
        QueryException e = error("want:\n- has: [Cat\n");
        assertTrue(e.getMessage().startsWith("yaml rules at line 3, column 1: invalid YAML: "), e.getMessage());
        QueryException dup = error("want: []\nwant: []\n");
        assertEquals("yaml rules at line 2, column 1: duplicate key want; give each key once", dup.getMessage());
    }

    @Test
    void limits() {
        String deep = "want:\n- has: " + "[".repeat(60) + "]".repeat(60) + "\n";
        assertEquals("yaml rules at line 2, column 37: nesting depth exceeds QueryLimits.maxDepth = 32", error(deep).getMessage());
        QueryException size = assertThrows(QueryException.class, () -> YamlRulesParser.parse(
                "want:\n- has: [Cat]\n", ObjectHierarchy.empty(), QueryLimits.of(32, 256, 10)));
        assertEquals("yaml rules at line 1, column 1: input of 19 characters exceeds QueryLimits.maxInputChars = 10", size.getMessage());
        QueryException clauses = assertThrows(QueryException.class, () -> YamlRulesParser.parse(
                "want:\n- has: [Cat]\n- nature: [photo]\n", ObjectHierarchy.empty(), QueryLimits.of(32, 2, 1000)));
        assertEquals("yaml rules at line 1, column 1: more than QueryLimits.maxClauses = 2 conditions in one filter",
                clauses.getMessage());
    }
}
