package org.imageindex.query.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.QueryLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The invalid-filter rows of the MongoDB semantics table, and unknown operators: each rejected with a located, exact message. */
class MongoFilterErrorsTest {


    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"$and": []}                   | mongo filter at /$and: $and expects a non-empty array of filters, found an empty array
            {"$or": []}                    | mongo filter at /$or: $or expects a non-empty array of filters, found an empty array
            {"$nor": []}                   | mongo filter at /$nor: $nor expects a non-empty array of filters, found an empty array
            {"$and": {"a": 1}}             | mongo filter at /$and: $and expects a non-empty array of filters, found an object
            {"$or": [1]}                   | mongo filter at /$or/0: $or expects a filter object in every element, found the number 1
            {"f": {"$not": 10}}            | mongo filter at /f/$not: $not expects an operator object such as {"$gt": 1}, found the number 10
            {"f": {"$not": {}}}            | mongo filter at /f/$not: $not expects at least one operator, found an empty object
            {"f": {"$in": 10}}             | mongo filter at /f/$in: $in expects an array of values, found the number 10
            {"f": {"$nin": "red"}}         | mongo filter at /f/$nin: $nin expects an array of values, found the string "red"
            {"f": {"$gt": 1, "x": 2}}      | mongo filter at /f/x: unknown operator x; expected one of $eq, $ne, $lt, $lte, $gt, $gte, $in, $nin, $exists, $not
            {"f": {"$foo": 1}}             | mongo filter at /f/$foo: unknown operator $foo; expected one of $eq, $ne, $lt, $lte, $gt, $gte, $in, $nin, $exists, $not
            {"f": {"$regex": "a.*"}}       | mongo filter at /f/$regex: unknown operator $regex; expected one of $eq, $ne, $lt, $lte, $gt, $gte, $in, $nin, $exists, $not
            {"f": {"$not": {"x": 1}}}      | mongo filter at /f/$not/x: unknown operator x; expected one of $eq, $ne, $lt, $lte, $gt, $gte, $in, $nin, $exists, $not
            {"$where": "1"}                | mongo filter at /$where: unknown top-level operator $where; expected one of $and, $or, $nor, $not, or a field operator over fields as in {"$gte": {"price": 200}}
            {"$and": [{"a": {"$bad": 1}}]} | mongo filter at /$and/0/a/$bad: unknown operator $bad; expected one of $eq, $ne, $lt, $lte, $gt, $gte, $in, $nin, $exists, $not
            {"a/b": {"$in": 3}}            | mongo filter at /a~1b/$in: $in expects an array of values, found the number 3
            {"f": {"$exists": "yes"}}      | mongo filter at /f/$exists: $exists expects true or false, found the string "yes"
            {"f": [1, 2]}                  | mongo filter at /f: equality expects a single value (arrays as operands are not supported; to match any of several values use $in), found an array
            {"f": {"$eq": [1]}}            | mongo filter at /f/$eq: $eq expects a single value (arrays as operands are not supported; to match any of several values use $in), found an array
            {"f": {"$gt": {"a": 1}}}       | mongo filter at /f/$gt: $gt expects a single value (embedded documents are not supported), found an object
            {"f": {"$in": [1, {"a": 2}]}}  | mongo filter at /f/$in/1: $in expects a single value (embedded documents are not supported), found an object
            {"f": {"a": 1}}                | mongo filter at /f: comparing f with an embedded document is not supported; compare its fields with dotted paths such as "f.a"
            {"f": {"$date": "yesterday"}}  | mongo filter at /f/$date: $date expects an ISO-8601 date such as 2017-01-01, 2017-01-01T00:00:00Z or 2017-01-18T14:10:40+0000, found "yesterday"
            {"$not": 3}                    | mongo filter at /$not: $not expects a filter object, found the number 3
            {"$gte": 3}                    | mongo filter at /$gte: $gte expects an object of fields, as in {"$gte": {"price": 200}}, found the number 3
            {"$gte": {"$x": 3}}            | mongo filter at /$gte/$x: field name expects a name that does not start with $, found $x
            [1, 2]                         | mongo filter at the root: filter expects a JSON object, found an array
            "red"                          | mongo filter at the root: filter expects a JSON object, found the string "red"
            {"f": 1e999}                   | mongo filter at /f: equality expects a finite number, found Infinity
            {"f": 99999999999999999999}    | mongo filter at /f: equality expects a number between -2^63 and 2^63-1, found 99999999999999999999
            """)
    void rejectsWithLocatedMessage(String json, String message) {
        QueryException e = assertThrows(QueryException.class, () -> MongoFilterParser.parse(json));
        assertEquals(message, e.getMessage());
        assertEquals(QueryLanguage.MONGO_JSON, e.position().language());
    }

    @Test
    void mismatchCarriesOperatorExpectedAndFound() {
        QueryException e = assertThrows(QueryException.class,
                () -> MongoFilterParser.parse("{\"$and\": [{\"tags\": {\"$in\": 5}}]}"));
        assertEquals("/$and/0/tags/$in", e.position().jsonPointer());
        assertEquals("$in", e.operator().orElseThrow());
        assertEquals("an array of values", e.expected().orElseThrow());
        assertEquals("the number 5", e.found().orElseThrow());
        assertEquals("$in expects an array of values, found the number 5", e.problem());
    }

    @Test
    void invalidJsonIsLocated() {
        QueryException e = assertThrows(QueryException.class, () -> MongoFilterParser.parse("{\"a\": {\"$gt\": }}"));
        assertTrue(e.getMessage().startsWith("mongo filter at /a/$gt: invalid JSON (line 1, column 15): Unexpected character ('}'"),
                e.getMessage());
        QueryException dup = assertThrows(QueryException.class, () -> MongoFilterParser.parse("{\"a\": 1, \"a\": 2}"));
        assertTrue(dup.getMessage().startsWith("mongo filter at /a: invalid JSON (line 1, column 13): Duplicate field 'a'"),
                dup.getMessage());
        QueryException empty = assertThrows(QueryException.class, () -> MongoFilterParser.parse("  "));
        assertEquals("mongo filter at the root: filter expects a JSON object, found no content", empty.getMessage());
    }

    @Test
    void limitsNameTheSetting() {
        String deep = "{\"$and\": [".repeat(40) + "{}" + "]}".repeat(40);
        QueryException depth = assertThrows(QueryException.class, () -> MongoFilterParser.parse(deep));
        assertTrue(depth.getMessage().endsWith(": nesting depth exceeds QueryLimits.maxDepth = 32"), depth.getMessage());
        assertTrue(depth.position().jsonPointer().startsWith("/$and/0/$and/0"), depth.position().jsonPointer());

        QueryLimits small = QueryLimits.of(32, 2, 40);
        QueryException size = assertThrows(QueryException.class,
                () -> MongoFilterParser.parse("{\"name\": \"a very long value indeed, really\"}", small));
        assertEquals("mongo filter at the root: input of 44 characters exceeds QueryLimits.maxInputChars = 40", size.getMessage());
        QueryException clauses = assertThrows(QueryException.class,
                () -> MongoFilterParser.parse("{\"a\": 1, \"b\": 2, \"c\": 3}", small));
        assertEquals("mongo filter at the root: more than QueryLimits.maxClauses = 2 conditions in one filter", clauses.getMessage());

        // Pathological but legal: 100 000 nested $not still only hit the depth limit, never the stack.
        String hugeDepth = "{\"f\": " + "{\"$not\": ".repeat(100_000) + "{\"$eq\": 1}" + "}".repeat(100_001);
        QueryException huge = assertThrows(QueryException.class,
                () -> MongoFilterParser.parse(hugeDepth, QueryLimits.of(32, 256, 10_000_000)));
        assertTrue(huge.getMessage().endsWith("nesting depth exceeds QueryLimits.maxDepth = 32"), huge.getMessage());
    }

    @Test
    void limitsValidateTheirOwnValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QueryLimits.of(0, 1, 1));
        assertEquals("maxDepth must be in [1, 400], got: 0", e.getMessage());
        assertEquals("maxClauses must be >= 1, got: 0",
                assertThrows(IllegalArgumentException.class, () -> QueryLimits.of(1, 0, 1)).getMessage());
        assertEquals("maxInputChars must be >= 1, got: -5",
                assertThrows(IllegalArgumentException.class, () -> QueryLimits.of(1, 1, -5)).getMessage());
    }
}
