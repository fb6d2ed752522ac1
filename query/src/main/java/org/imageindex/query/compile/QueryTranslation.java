package org.imageindex.query.compile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.BytesRef;
import org.imageindex.query.QueryException;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.RangeOperator;
import org.imageindex.query.ast.Value;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;

/** The one visitor from AST to Lucene; every rule of the package documentation is implemented here. */
final class QueryTranslation {

    /** 2^63 as a double: the first double above every long. */
    private static final double TWO_POW_63 = 0x1p63;
    private static final long[] EMPTY_LONGS = {1, 0};
    private static final double[] EMPTY_DOUBLES = {1, 0};

    private final FieldTypes types;

    QueryTranslation(FieldTypes types) {
        this.types = types;
    }

    Query translate(Filter filter) {
        return switch (filter) {
            case Filter.MatchAll all -> new MatchAllDocsQuery();
            case Filter.And and -> conjunction(and);
            case Filter.Or or -> {
                List<Query> parts = new ArrayList<>();
                for (Filter clause : or.clauses()) {
                    parts.add(translate(clause));
                }
                yield any(parts);
            }
            case Filter.Not not -> complement(translate(not.filter()));
            case Filter.Equals eq -> equalsQuery(eq.field(), eq.value());
            case Filter.In in -> inQuery(in.field(), in.values());
            case Filter.Range range -> rangeQuery(range);
            case Filter.Exists exists -> exists(exists.field());
            case Filter.Prefix prefix -> prefixQuery(prefix);
            case Filter.Contains contains -> containsQuery(contains);
            case Filter.TextSearch text -> textQuery(text);
            case Filter.Like like -> likeQuery(like);
        };
    }

    /**
     * The AND of the clauses, with two rewrites that keep the semantics but spare Lucene work:
     * negated clauses become MUST_NOT clauses of this conjunction (instead of "all documents minus
     * X" each), and range bounds on the same single-valued numeric or date field merge into one
     * range (on a single value both bounds must hold for that value; only multi-valued fields need
     * the bounds kept apart).
     */
    private Query conjunction(Filter.And and) {
        List<Query> positives = new ArrayList<>();
        List<Query> negatives = new ArrayList<>();
        Map<String, long[]> longRanges = new LinkedHashMap<>();
        Map<String, double[]> doubleRanges = new LinkedHashMap<>();
        for (Filter clause : and.clauses()) {
            if (clause instanceof Filter.Not not) {
                negatives.add(translate(not.filter()));
            } else if (clause instanceof Filter.Range range && mergeable(range)) {
                if (spec(range.field()).orElseThrow().type() == FieldType.DOUBLE) {
                    double[] next = doubleInterval(range.operator(), asDouble(range.bound()));
                    doubleRanges.merge(range.field(), next, (a, b) -> new double[] {Math.max(a[0], b[0]), Math.min(a[1], b[1])});
                } else {
                    long[] next = longInterval(range.operator(), range.bound());
                    longRanges.merge(range.field(), next, (a, b) -> new long[] {Math.max(a[0], b[0]), Math.min(a[1], b[1])});
                }
            } else {
                positives.add(translate(clause));
            }
        }
        longRanges.forEach((field, r) -> positives.add(longRangeQuery(field, r)));
        doubleRanges.forEach((field, r) -> positives.add(doubleRangeQuery(field, r)));
        if (positives.stream().anyMatch(q -> q instanceof MatchNoDocsQuery)) {
            return new MatchNoDocsQuery();
        }
        if (positives.isEmpty()) {
            positives.add(new MatchAllDocsQuery());
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        positives.forEach(q -> b.add(q, Occur.FILTER));
        negatives.forEach(q -> b.add(q, Occur.MUST_NOT));
        return new ConstantScoreQuery(b.build());
    }

    /** A non-null bound in the bracket of a single-valued long, date or double field. */
    private boolean mergeable(Filter.Range range) {
        Optional<FieldSpec> spec = spec(range.field());
        if (spec.isEmpty() || spec.get().multiValued() || range.bound() instanceof Value.Null
                || spec.get().type().kind() != range.bound().kind()) {
            return false;
        }
        FieldType type = spec.get().type();
        return type == FieldType.LONG || type == FieldType.DATE || type == FieldType.DOUBLE;
    }

    /** Pure negative BooleanQueries match nothing in Lucene, so a complement always starts from all documents. */
    private static Query complement(Query positive) {
        return new BooleanQuery.Builder()
                .add(new MatchAllDocsQuery(), Occur.FILTER)
                .add(positive, Occur.MUST_NOT)
                .build();
    }

    private static Query any(List<Query> parts) {
        List<Query> useful = parts.stream().filter(q -> !(q instanceof MatchNoDocsQuery)).toList();
        if (useful.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        if (useful.size() == 1) {
            return useful.get(0);
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (Query q : useful) {
            b.add(q, Occur.SHOULD);
        }
        return new ConstantScoreQuery(b.build());
    }

    private static Query exists(String field) {
        return new TermQuery(new Term(IndexLayout.EXISTS_FIELD, field));
    }

    /** MongoDB: {@code {f: null}} matches a missing field, a null value and an array holding null. */
    private static Query nullQuery(String field) {
        return any(List.of(complement(exists(field)), new TermQuery(new Term(IndexLayout.NULL_FIELD, field))));
    }

    private Optional<FieldSpec> spec(String field) {
        return types.spec(field);
    }

    private Query equalsQuery(String field, Value value) {
        if (value instanceof Value.Null) {
            return nullQuery(field);
        }
        Optional<FieldSpec> spec = spec(field);
        if (spec.isEmpty() || spec.get().type().kind() != value.kind()) {
            // Unknown fields are absent from every document; other brackets never compare equal.
            return new MatchNoDocsQuery();
        }
        FieldType type = spec.get().type();
        return switch (type) {
            case KEYWORD, TEXT -> KeywordField.newExactQuery(field, ((Value.Text) value).value());
            case BOOLEAN -> KeywordField.newExactQuery(field, IndexLayout.bool(((Value.Bool) value).value()));
            case DATE -> LongField.newExactQuery(field, ((Value.Date) value).epochMillis());
            case LONG -> {
                if (value instanceof Value.Whole w) {
                    yield LongField.newExactQuery(field, w.value());
                }
                double d = ((Value.Real) value).value();
                if (d == Math.rint(d) && d >= -TWO_POW_63 && d < TWO_POW_63) {
                    yield LongField.newExactQuery(field, (long) d);
                }
                yield new MatchNoDocsQuery();
            }
            case DOUBLE -> DoubleField.newExactQuery(field, asDouble(value));
        };
    }

    private Query inQuery(String field, List<Value> values) {
        if (values.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        Optional<FieldSpec> spec = spec(field);
        List<Query> parts = new ArrayList<>();
        Set<BytesRef> terms = new LinkedHashSet<>();
        Set<Long> longs = new LinkedHashSet<>();
        Set<Double> doubles = new LinkedHashSet<>();
        for (Value v : values) {
            if (v instanceof Value.Null) {
                parts.add(nullQuery(field));
            } else if (spec.isPresent() && spec.get().type().kind() == v.kind()) {
                switch (spec.get().type()) {
                    case KEYWORD, TEXT -> terms.add(new BytesRef(((Value.Text) v).value()));
                    case BOOLEAN -> terms.add(new BytesRef(IndexLayout.bool(((Value.Bool) v).value())));
                    case DATE -> longs.add(((Value.Date) v).epochMillis());
                    case DOUBLE -> doubles.add(asDouble(v));
                    case LONG -> {
                        Query q = equalsQuery(field, v);
                        if (!(q instanceof MatchNoDocsQuery)) {
                            longs.add(v instanceof Value.Whole w ? w.value() : (long) ((Value.Real) v).value());
                        }
                    }
                }
            }
        }
        if (!terms.isEmpty()) {
            parts.add(terms.size() == 1 ? KeywordField.newExactQuery(field, terms.iterator().next())
                    : KeywordField.newSetQuery(field, terms));
        }
        if (!longs.isEmpty()) {
            parts.add(LongField.newSetQuery(field, longs.stream().mapToLong(Long::longValue).toArray()));
        }
        if (!doubles.isEmpty()) {
            parts.add(DoubleField.newSetQuery(field, doubles.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return any(parts);
    }

    private Query rangeQuery(Filter.Range range) {
        String field = range.field();
        Value bound = range.bound();
        RangeOperator op = range.operator();
        if (bound instanceof Value.Null) {
            // MongoDB compares null equal to null and missing for $lte/$gte, and never less or greater.
            return op.inclusive() ? nullQuery(field) : new MatchNoDocsQuery();
        }
        Optional<FieldSpec> spec = spec(field);
        if (spec.isEmpty() || spec.get().type().kind() != bound.kind()) {
            return new MatchNoDocsQuery();
        }
        return switch (spec.get().type()) {
            case KEYWORD, TEXT -> {
                String s = ((Value.Text) bound).value();
                yield op.lowerBound()
                        ? TermRangeQuery.newStringRange(field, s, null, op.inclusive(), true)
                        : TermRangeQuery.newStringRange(field, null, s, true, op.inclusive());
            }
            case BOOLEAN -> booleanRange(field, op, ((Value.Bool) bound).value());
            case DATE, LONG -> longRangeQuery(field, longInterval(op, bound));
            case DOUBLE -> doubleRangeQuery(field, doubleInterval(op, asDouble(bound)));
        };
    }

    private static Query booleanRange(String field, RangeOperator op, boolean b) {
        // false < true; enumerate which of the two values satisfy the comparison.
        List<String> hits = new ArrayList<>();
        for (boolean candidate : new boolean[] {false, true}) {
            int c = Boolean.compare(candidate, b);
            boolean ok = switch (op) {
                case LT -> c < 0;
                case LTE -> c <= 0;
                case GT -> c > 0;
                case GTE -> c >= 0;
            };
            if (ok) {
                hits.add(IndexLayout.bool(candidate));
            }
        }
        return switch (hits.size()) {
            case 0 -> new MatchNoDocsQuery();
            case 1 -> KeywordField.newExactQuery(field, hits.get(0));
            default -> KeywordField.newSetQuery(field, hits.stream().map(BytesRef::new).toList());
        };
    }

    /** The closed interval [lo, hi] of longs that satisfy {@code op bound}; empty when lo > hi. */
    private static long[] longInterval(RangeOperator op, Value bound) {
        if (bound instanceof Value.Real real) {
            return longIntervalFromDouble(op, real.value());
        }
        long v = bound instanceof Value.Date date ? date.epochMillis() : ((Value.Whole) bound).value();
        return switch (op) {
            case LT -> v == Long.MIN_VALUE ? EMPTY_LONGS : new long[] {Long.MIN_VALUE, v - 1};
            case LTE -> new long[] {Long.MIN_VALUE, v};
            case GT -> v == Long.MAX_VALUE ? EMPTY_LONGS : new long[] {v + 1, Long.MAX_VALUE};
            case GTE -> new long[] {v, Long.MAX_VALUE};
        };
    }

    /** A fractional or out-of-range bound on a long field: round towards the values that satisfy it. */
    private static long[] longIntervalFromDouble(RangeOperator op, double d) {
        boolean above = d >= TWO_POW_63;
        boolean below = d < -TWO_POW_63;
        long[] all = {Long.MIN_VALUE, Long.MAX_VALUE};
        return switch (op) {
            case GT -> above ? EMPTY_LONGS : below ? all : new long[] {(long) Math.floor(d) + 1, Long.MAX_VALUE};
            case GTE -> above ? EMPTY_LONGS : below ? all : new long[] {(long) Math.ceil(d), Long.MAX_VALUE};
            case LT -> above ? all : (below || d == -TWO_POW_63) ? EMPTY_LONGS
                    : new long[] {Long.MIN_VALUE, (long) Math.ceil(d) - 1};
            case LTE -> above ? all : below ? EMPTY_LONGS : new long[] {Long.MIN_VALUE, (long) Math.floor(d)};
        };
    }

    private static Query longRangeQuery(String field, long[] interval) {
        return interval[0] > interval[1] ? new MatchNoDocsQuery() : LongField.newRangeQuery(field, interval[0], interval[1]);
    }

    /** The closed interval of doubles that satisfy {@code op d}; exclusive bounds step to the adjacent double. */
    private static double[] doubleInterval(RangeOperator op, double d) {
        return switch (op) {
            case LT -> d == Double.NEGATIVE_INFINITY ? EMPTY_DOUBLES : new double[] {Double.NEGATIVE_INFINITY, Math.nextDown(d)};
            case LTE -> new double[] {Double.NEGATIVE_INFINITY, d};
            case GT -> d == Double.POSITIVE_INFINITY ? EMPTY_DOUBLES : new double[] {Math.nextUp(d), Double.POSITIVE_INFINITY};
            case GTE -> new double[] {d, Double.POSITIVE_INFINITY};
        };
    }

    private static Query doubleRangeQuery(String field, double[] interval) {
        return interval[0] > interval[1] ? new MatchNoDocsQuery() : DoubleField.newRangeQuery(field, interval[0], interval[1]);
    }

    private static double asDouble(Value v) {
        double d = v instanceof Value.Whole w ? (double) w.value() : ((Value.Real) v).value();
        return d == 0.0 ? 0.0 : d;
    }

    private Query prefixQuery(Filter.Prefix prefix) {
        FieldType type = stringType(prefix.field(), prefix, "prefix");
        if (type == null) {
            return new MatchNoDocsQuery();
        }
        return new PrefixQuery(new Term(prefix.field(), prefix.prefix()));
    }

    private Query containsQuery(Filter.Contains contains) {
        FieldType type = stringType(contains.field(), contains, "contains");
        if (type == null) {
            return new MatchNoDocsQuery();
        }
        if (type != FieldType.TEXT) {
            throw QueryException.mismatch(contains.position(), "contains", "a text field",
                    type.label() + " field " + contains.field());
        }
        String pattern = "*" + escapeWildcard(IndexLayout.lower(contains.text())) + "*";
        return new WildcardQuery(new Term(contains.field() + IndexLayout.LOWER_SUFFIX, pattern));
    }

    /** SQL ILIKE over the lower-cased companion of a text field, as a Lucene wildcard (anchored at both ends). */
    private Query likeQuery(Filter.Like like) {
        FieldType type = stringType(like.field(), like, "ilike");
        if (type == null) {
            return new MatchNoDocsQuery();
        }
        if (type != FieldType.TEXT) {
            throw QueryException.mismatch(like.position(), "ilike", "a text field",
                    type.label() + " field " + like.field());
        }
        String pattern = likeToWildcard(like.pattern(), like);
        return new WildcardQuery(new Term(like.field() + IndexLayout.LOWER_SUFFIX, pattern));
    }

    /**
     * {@code %} becomes {@code *}, {@code _} becomes {@code ?}, {@code \x} the literal x, and
     * Lucene's own wildcard characters are escaped; the text is lower-cased as the companion is.
     */
    private static String likeToWildcard(String pattern, Filter.Like node) {
        String lower = IndexLayout.lower(pattern);
        StringBuilder b = new StringBuilder(lower.length() + 8);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == '\\') {
                if (i + 1 == lower.length()) {
                    throw QueryException.mismatch(node.position(), "ilike",
                            "a character after the escape \\ (write \\\\ for a backslash)", "a pattern ending in \\");
                }
                char next = lower.charAt(++i);
                if (next == '*' || next == '?' || next == '\\') {
                    b.append('\\');
                }
                b.append(next);
            } else if (c == '%') {
                b.append('*');
            } else if (c == '_') {
                b.append('?');
            } else {
                if (c == '*' || c == '?') {
                    b.append('\\');
                }
                b.append(c);
            }
        }
        return b.toString();
    }

    private Query textQuery(Filter.TextSearch text) {
        FieldType type = stringType(text.field(), text, "text search");
        if (type == null) {
            return new MatchNoDocsQuery();
        }
        if (type == FieldType.KEYWORD) {
            // Keyword fields are never split into words: the whole text must equal the value.
            return KeywordField.newExactQuery(text.field(), text.text());
        }
        List<String> words = IndexLayout.words(text.text());
        if (words.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String word : words) {
            b.add(new TermQuery(new Term(text.field() + IndexLayout.WORDS_SUFFIX, word)), Occur.FILTER);
        }
        return new ConstantScoreQuery(b.build());
    }

    /** The field's string type, null when the field is unknown (absent everywhere), or an error for non-string fields. */
    private FieldType stringType(String field, Filter node, String operator) {
        Optional<FieldSpec> spec = spec(field);
        if (spec.isEmpty()) {
            return null;
        }
        FieldType type = spec.get().type();
        if (type != FieldType.KEYWORD && type != FieldType.TEXT) {
            throw QueryException.mismatch(node.position(), operator, "a keyword or text field",
                    type.label() + " field " + field);
        }
        return type;
    }

    private static String escapeWildcard(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
