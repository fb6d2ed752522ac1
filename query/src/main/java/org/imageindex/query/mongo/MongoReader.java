package org.imageindex.query.mongo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLimits;
import org.imageindex.query.SourcePosition;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Filters;
import org.imageindex.query.ast.RangeOperator;
import org.imageindex.query.ast.Value;
import org.imageindex.query.schema.Dates;

/** One parse of one Mongo filter: JSON tree first, then a recursive walk that tracks the JSON pointer. */
final class MongoReader {

    private static final Set<String> FIELD_OPERATORS = Set.of(
            "$eq", "$ne", "$lt", "$lte", "$gt", "$gte", "$in", "$nin", "$exists", "$not");
    static final String FIELD_OPERATOR_LIST = "$eq, $ne, $lt, $lte, $gt, $gte, $in, $nin, $exists, $not";
    static final String TOP_OPERATOR_LIST = "$and, $or, $nor, $not, or a field operator over fields as in {\"$gte\": {\"price\": 200}}";

    private final QueryLimits limits;
    private final ObjectMapper mapper;

    MongoReader(QueryLimits limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        // Jackson counts every object and array; our depth is the same count.
                        .maxNestingDepth(limits.maxDepth())
                        .build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    Filter read(String json) {
        limits.checkInputSize(json, SourcePosition.jsonPointer(""));
        JsonNode root;
        JsonParser parser = null;
        try {
            parser = mapper.createParser(json);
            root = mapper.readTree(parser);
        } catch (StreamConstraintsException e) {
            throw QueryException.problem(SourcePosition.jsonPointer(pointerOf(parser)), null, constraint(e), e);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw QueryException.problem(SourcePosition.jsonPointer(pointerOf(parser)), null,
                    "invalid JSON" + where + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (java.io.IOException e) {
            // Reading from a String cannot fail on I/O; keep the contract of one exception type anyway.
            throw QueryException.problem(SourcePosition.jsonPointer(""), null, "invalid JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw QueryException.mismatch(SourcePosition.jsonPointer(""), "filter", "a JSON object", "no content");
        }
        if (!root.isObject()) {
            throw QueryException.mismatch(SourcePosition.jsonPointer(""), "filter", "a JSON object", describe(root));
        }
        Filter filter = document(root, "");
        limits.checkClauses(Filters.leafCount(filter), SourcePosition.jsonPointer(""));
        return filter;
    }

    /**
     * Jackson reports every stream constraint with the same exception: only the nesting depth is
     * ours ({@link QueryLimits#maxDepth}); number and name lengths are Jackson's fixed defaults.
     */
    private String constraint(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("nesting depth")) {
            return "nesting depth exceeds QueryLimits.maxDepth = " + limits.maxDepth();
        }
        if (m.startsWith("Number value length")) {
            return "invalid JSON: a number longer than " + StreamReadConstraints.DEFAULT_MAX_NUM_LEN + " characters";
        }
        if (m.startsWith("Name length")) {
            return "invalid JSON: a field name longer than " + StreamReadConstraints.DEFAULT_MAX_NAME_LEN + " characters";
        }
        return "invalid JSON: " + firstLine(m);
    }

    /** Where the streaming parser stood when it failed, as a JSON pointer. */
    private static String pointerOf(JsonParser p) {
        if (p != null && p.getParsingContext() != null) {
            return p.getParsingContext().pathAsPointer().toString();
        }
        return "";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed input";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A query document: implicit AND of its keys. */
    private Filter document(JsonNode node, String ptr) {
        SourcePosition pos = SourcePosition.jsonPointer(ptr);
        List<Filter> clauses = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey();
            String childPtr = ptr + "/" + escape(key);
            if (key.startsWith("$")) {
                clauses.add(topOperator(key, e.getValue(), childPtr));
            } else {
                clauses.add(field(key, e.getValue(), childPtr));
            }
        }
        return and(clauses, pos);
    }

    private static Filter and(List<Filter> clauses, SourcePosition pos) {
        if (clauses.isEmpty()) {
            return new Filter.MatchAll(pos);
        }
        return clauses.size() == 1 ? clauses.get(0) : new Filter.And(clauses, pos);
    }

    private Filter topOperator(String op, JsonNode value, String ptr) {
        SourcePosition pos = SourcePosition.jsonPointer(ptr);
        switch (op) {
            case "$and", "$or", "$nor" -> {
                if (!value.isArray()) {
                    throw QueryException.mismatch(pos, op, "a non-empty array of filters", describe(value));
                }
                if (value.isEmpty()) {
                    throw QueryException.mismatch(pos, op, "a non-empty array of filters", "an empty array");
                }
                List<Filter> clauses = new ArrayList<>();
                for (int i = 0; i < value.size(); i++) {
                    JsonNode element = value.get(i);
                    String elementPtr = ptr + "/" + i;
                    if (!element.isObject()) {
                        throw QueryException.mismatch(SourcePosition.jsonPointer(elementPtr), op,
                                "a filter object in every element", describe(element));
                    }
                    clauses.add(document(element, elementPtr));
                }
                return switch (op) {
                    case "$and" -> clauses.size() == 1 ? clauses.get(0) : new Filter.And(clauses, pos);
                    case "$or" -> clauses.size() == 1 ? clauses.get(0) : new Filter.Or(clauses, pos);
                    default -> new Filter.Not(clauses.size() == 1 ? clauses.get(0) : new Filter.Or(clauses, pos), pos);
                };
            }
            case "$not" -> {
                // Ximilar's top-level negation: {"$not": {"attribute": "value"}}.
                if (!value.isObject()) {
                    throw QueryException.mismatch(pos, op, "a filter object", describe(value));
                }
                if (value.isEmpty()) {
                    throw QueryException.mismatch(pos, op, "a non-empty filter object", "an empty object");
                }
                return new Filter.Not(document(value, ptr), pos);
            }
            default -> {
                if (FIELD_OPERATORS.contains(op) && !op.equals("$not")) {
                    // Ximilar's operator-first spelling: {"$gte": {"price": 200}}.
                    if (!value.isObject() || value.isEmpty()) {
                        throw QueryException.mismatch(pos, op, "an object of fields, as in {\"" + op + "\": {\"price\": 200}}",
                                describe(value));
                    }
                    List<Filter> clauses = new ArrayList<>();
                    for (Map.Entry<String, JsonNode> e : value.properties()) {
                        String fieldPtr = ptr + "/" + escape(e.getKey());
                        checkFieldName(e.getKey(), fieldPtr);
                        clauses.add(operator(e.getKey(), op, e.getValue(), fieldPtr));
                    }
                    return and(clauses, pos);
                }
                throw QueryException.unknown(pos, "top-level operator", op, TOP_OPERATOR_LIST);
            }
        }
    }

    private static void checkFieldName(String field, String ptr) {
        if (field.startsWith("$")) {
            throw QueryException.mismatch(SourcePosition.jsonPointer(ptr), "field name",
                    "a name that does not start with $", field);
        }
        if (field.isEmpty()) {
            throw QueryException.mismatch(SourcePosition.jsonPointer(ptr), "field name", "a non-empty name", "\"\"");
        }
    }

    /** {@code "field": value-or-operators}. */
    private Filter field(String field, JsonNode value, String ptr) {
        SourcePosition pos = SourcePosition.jsonPointer(ptr);
        if (value.isObject() && !isDate(value)) {
            if (value.isEmpty()) {
                throw QueryException.problem(pos, null, "comparing " + field
                        + " with an embedded document is not supported; compare its fields with dotted paths such as \""
                        + field + ".name\"");
            }
            String first = value.fieldNames().next();
            if (!first.startsWith("$")) {
                throw QueryException.problem(pos, null, "comparing " + field
                        + " with an embedded document is not supported; compare its fields with dotted paths such as \""
                        + field + "." + first + "\"");
            }
            return operators(field, value, ptr);
        }
        return new Filter.Equals(field, scalar(value, pos, "equality"), pos);
    }

    /** An operator object {@code {"$gt": 1, "$lt": 5}}: the AND of its operators, each met by any element. */
    private Filter operators(String field, JsonNode ops, String ptr) {
        List<Filter> clauses = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : ops.properties()) {
            clauses.add(operator(field, e.getKey(), e.getValue(), ptr + "/" + escape(e.getKey())));
        }
        return and(clauses, SourcePosition.jsonPointer(ptr));
    }

    private Filter operator(String field, String op, JsonNode value, String ptr) {
        SourcePosition pos = SourcePosition.jsonPointer(ptr);
        return switch (op) {
            case "$eq" -> new Filter.Equals(field, scalar(value, pos, op), pos);
            case "$ne" -> new Filter.Not(new Filter.Equals(field, scalar(value, pos, op), pos), pos);
            case "$lt" -> new Filter.Range(field, RangeOperator.LT, scalar(value, pos, op), pos);
            case "$lte" -> new Filter.Range(field, RangeOperator.LTE, scalar(value, pos, op), pos);
            case "$gt" -> new Filter.Range(field, RangeOperator.GT, scalar(value, pos, op), pos);
            case "$gte" -> new Filter.Range(field, RangeOperator.GTE, scalar(value, pos, op), pos);
            case "$in" -> new Filter.In(field, list(value, pos, op), pos);
            case "$nin" -> new Filter.Not(new Filter.In(field, list(value, pos, op), pos), pos);
            case "$exists" -> {
                boolean wanted;
                if (value.isBoolean()) {
                    wanted = value.booleanValue();
                } else if (value.isNumber()) {
                    wanted = value.doubleValue() != 0.0;
                } else {
                    throw QueryException.mismatch(pos, op, "true or false", describe(value));
                }
                Filter exists = new Filter.Exists(field, pos);
                yield wanted ? exists : new Filter.Not(exists, pos);
            }
            case "$not" -> {
                if (!value.isObject() || isDate(value)) {
                    throw QueryException.mismatch(pos, op, "an operator object such as {\"$gt\": 1}", describe(value));
                }
                if (value.isEmpty()) {
                    throw QueryException.mismatch(pos, op, "at least one operator", "an empty object");
                }
                String first = value.fieldNames().next();
                if (!first.startsWith("$")) {
                    throw QueryException.unknown(SourcePosition.jsonPointer(ptr + "/" + escape(first)), "operator", first,
                            FIELD_OPERATOR_LIST);
                }
                yield new Filter.Not(operators(field, value, ptr), pos);
            }
            default -> throw QueryException.unknown(pos, "operator", op, FIELD_OPERATOR_LIST);
        };
    }

    private List<Value> list(JsonNode value, SourcePosition pos, String op) {
        if (!value.isArray()) {
            throw QueryException.mismatch(pos, op, "an array of values", describe(value));
        }
        String ptr = pos.jsonPointer();
        List<Value> values = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            values.add(scalar(value.get(i), SourcePosition.jsonPointer(ptr + "/" + i), op));
        }
        return values;
    }

    private static boolean isDate(JsonNode node) {
        return node.isObject() && node.size() == 1 && node.has("$date");
    }

    private static Value scalar(JsonNode node, SourcePosition pos, String op) {
        if (node.isTextual()) {
            return Value.of(node.textValue());
        }
        if (node.isBoolean()) {
            return Value.of(node.booleanValue());
        }
        if (node.isNull()) {
            return Value.nullValue();
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw QueryException.mismatch(pos, op, "a number between -2^63 and 2^63-1", node.asText());
            }
            return Value.of(node.longValue());
        }
        if (node.isNumber()) {
            double d = node.doubleValue();
            if (Double.isInfinite(d) || Double.isNaN(d)) {
                throw QueryException.mismatch(pos, op, "a finite number", node.asText());
            }
            return Value.of(d);
        }
        if (isDate(node)) {
            JsonNode d = node.get("$date");
            SourcePosition datePos = SourcePosition.jsonPointer(pos.jsonPointer() + "/$date");
            if (d.isIntegralNumber() && d.canConvertToLong()) {
                return new Value.Date(d.longValue());
            }
            if (d.isTextual()) {
                try {
                    return new Value.Date(Dates.parseMillis(d.textValue()));
                } catch (DateTimeException e) {
                    throw QueryException.mismatch(datePos, "$date", Dates.EXPECTED, "\"" + d.textValue() + "\"");
                }
            }
            throw QueryException.mismatch(datePos, "$date", Dates.EXPECTED, describe(d));
        }
        if (node.isArray()) {
            throw QueryException.mismatch(pos, op, "a single value (arrays as operands are not supported; "
                    + "to match any of several values use $in)", describe(node));
        }
        throw QueryException.mismatch(pos, op, "a single value (embedded documents are not supported)", describe(node));
    }

    /** How a JSON value is named in messages: "the number 10", "an empty array". */
    static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "the string \"" + node.textValue() + "\"";
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isBoolean()) {
            return node.asText();
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isArray()) {
            return node.isEmpty() ? "an empty array" : "an array";
        }
        if (node.isObject()) {
            return node.isEmpty() ? "an empty object" : "an object";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** RFC 6901 escaping of one pointer segment. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
