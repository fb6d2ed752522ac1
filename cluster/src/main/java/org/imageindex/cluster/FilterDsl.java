package org.imageindex.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Value;
import org.imageindex.query.schema.FieldType;

/**
 * Compiles the query module's {@link Filter} tree to the OpenSearch query DSL (as the
 * JSON-ready maps Jackson writes), with the embedded compiler's MongoDB semantics where the
 * engine allows:
 * <ul>
 *   <li>a condition on a multi-valued field holds when any element meets it (OpenSearch's
 *       default for arrays);</li>
 *   <li>{@code Not} is the plain complement, so it matches records lacking the field
 *       ({@code bool.must_not});</li>
 *   <li>equality with null matches records lacking the field;</li>
 *   <li>values never convert: a condition whose value is of another type bracket than the
 *       field (a string against a long field) matches nothing, as in the embedded index, instead
 *       of letting OpenSearch coerce or fail; an unknown field matches nothing.</li>
 * </ul>
 */
final class FilterDsl {

    private static final Map<String, Object> MATCH_NONE = Map.of("match_none", Map.of());
    private static final Map<String, Object> MATCH_ALL = Map.of("match_all", Map.of());

    /** The type of a filter field, or null when the index has no such field; its document path. */
    private final Function<String, FieldType> types;
    private final Function<String, String> paths;

    FilterDsl(Function<String, FieldType> types, Function<String, String> paths) {
        this.types = types;
        this.paths = paths;
    }

    Map<String, Object> compile(Filter f) {
        return switch (f) {
            case Filter.MatchAll m -> MATCH_ALL;
            case Filter.And a -> bool("filter", a.clauses().stream().map(this::compile).toList());
            case Filter.Or o -> Map.of("bool", Map.of("should", o.clauses().stream().map(this::compile).toList(),
                    "minimum_should_match", 1));
            case Filter.Not n -> bool("must_not", List.of(compile(n.filter())));
            case Filter.Equals e -> equalsValue(e.field(), e.value());
            case Filter.In in -> {
                if (in.values().isEmpty()) {
                    yield MATCH_NONE;
                }
                yield Map.of("bool", Map.of("should", in.values().stream().map(v -> equalsValue(in.field(), v)).toList(),
                        "minimum_should_match", 1));
            }
            case Filter.Range r -> {
                if (r.bound() instanceof Value.Null) {
                    // MongoDB: $lte / $gte null hold where the field is null or missing, $lt / $gt null nowhere
                    String op = r.operator().name();
                    yield op.equals("LTE") || op.equals("GTE") ? equalsValue(r.field(), r.bound()) : MATCH_NONE;
                }
                FieldType t = types.apply(r.field());
                Object bound = comparable(t, r.bound());
                if (bound == null) {
                    yield MATCH_NONE;
                }
                String op = r.operator().name().toLowerCase(Locale.ROOT);
                yield Map.of("range", Map.of(paths.apply(r.field()), Map.of(op, bound)));
            }
            case Filter.Exists x -> types.apply(x.field()) == null ? MATCH_NONE
                    : Map.of("exists", Map.of("field", paths.apply(x.field())));
            case Filter.Prefix p -> isString(types.apply(p.field()))
                    ? Map.of("prefix", Map.of(keywordPath(p.field()), Map.of("value", p.prefix())))
                    : MATCH_NONE;
            case Filter.Contains c -> isString(types.apply(c.field()))
                    ? Map.of("wildcard", Map.of(keywordPath(c.field()), Map.of("value", "*" + escapeWildcard(c.text()) + "*",
                            "case_insensitive", true)))
                    : MATCH_NONE;
            case Filter.Like l -> isString(types.apply(l.field()))
                    ? Map.of("wildcard", Map.of(keywordPath(l.field()), Map.of("value", wildcardOfLike(l.pattern()),
                            "case_insensitive", true)))
                    : MATCH_NONE;
            case Filter.TextSearch t -> types.apply(t.field()) == null ? MATCH_NONE
                    : Map.of("match", Map.of(paths.apply(t.field()), Map.of("query", t.text(), "operator", "and")));
        };
    }

    private Map<String, Object> equalsValue(String field, Value v) {
        FieldType t = types.apply(field);
        if (v instanceof Value.Null) {
            // MongoDB: {field: null} matches documents lacking the field.
            return t == null ? MATCH_ALL : bool("must_not", List.of(Map.of("exists", Map.of("field", paths.apply(field)))));
        }
        Object value = comparable(t, v);
        if (value == null) {
            return MATCH_NONE;
        }
        String path = t == FieldType.TEXT ? keywordPath(field) : paths.apply(field);
        return Map.of("term", Map.of(path, value));
    }

    /** The value as the field's type compares it, or null when it is of another type bracket. */
    private static Object comparable(FieldType t, Value v) {
        if (t == null) {
            return null;
        }
        return switch (t) {
            case KEYWORD, TEXT -> v instanceof Value.Text s ? s.value() : null;
            case LONG, DOUBLE -> switch (v) {
                case Value.Whole w -> w.value();
                case Value.Real r -> r.value();
                default -> null;
            };
            case BOOLEAN -> v instanceof Value.Bool b ? b.value() : null;
            case DATE -> v instanceof Value.Date d ? d.epochMillis() : null;
        };
    }

    private static boolean isString(FieldType t) {
        return t == FieldType.KEYWORD || t == FieldType.TEXT;
    }

    /** Text fields carry an exact keyword sub-field for equality, prefix and substring. */
    private String keywordPath(String field) {
        return types.apply(field) == FieldType.TEXT ? paths.apply(field) + ".raw" : paths.apply(field);
    }

    /** An SQL ILIKE pattern as a wildcard pattern: % is *, _ is ?, \ makes the next character literal. */
    static String wildcardOfLike(String pattern) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                out.append(escapeWildcard(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                out.append('*');
            } else if (c == '_') {
                out.append('?');
            } else {
                out.append(escapeWildcard(String.valueOf(c)));
            }
        }
        return out.toString();
    }

    private static String escapeWildcard(String s) {
        return s.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
    }

    private static Map<String, Object> bool(String occur, List<Map<String, Object>> clauses) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put(occur, new ArrayList<>(clauses));
        return Map.of("bool", b);
    }
}
