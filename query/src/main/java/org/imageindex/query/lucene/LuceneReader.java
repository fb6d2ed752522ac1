package org.imageindex.query.lucene;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.StringReader;
import org.apache.lucene.queryparser.charstream.FastCharStream;
import org.apache.lucene.queryparser.flexible.core.nodes.FieldableNode;
import org.apache.lucene.queryparser.flexible.core.nodes.AndQueryNode;
import org.apache.lucene.queryparser.flexible.core.nodes.BooleanQueryNode;
import org.apache.lucene.queryparser.flexible.core.nodes.FieldQueryNode;
import org.apache.lucene.queryparser.flexible.core.nodes.GroupQueryNode;
import org.apache.lucene.queryparser.flexible.core.nodes.ModifierQueryNode;
import org.apache.lucene.queryparser.flexible.core.nodes.OrQueryNode;
import org.apache.lucene.queryparser.flexible.core.nodes.QueryNode;
import org.apache.lucene.queryparser.flexible.core.nodes.QuotedFieldQueryNode;
import org.apache.lucene.queryparser.flexible.core.util.UnescapedCharSequence;
import org.apache.lucene.queryparser.flexible.standard.nodes.TermRangeQueryNode;
import org.apache.lucene.queryparser.flexible.standard.parser.ParseException;
import org.apache.lucene.queryparser.flexible.standard.parser.StandardSyntaxParser;
import org.apache.lucene.queryparser.flexible.standard.parser.Token;
import org.apache.lucene.queryparser.flexible.standard.parser.TokenMgrError;
import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLimits;
import org.imageindex.query.SourcePosition;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Filters;
import org.imageindex.query.ast.RangeOperator;
import org.imageindex.query.ast.Value;
import org.imageindex.query.schema.Dates;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;

/**
 * Uses lucene-queryparser's syntax parser only (text to a node tree with offsets), then maps the
 * tree to our AST; Lucene's own query builders are bypassed because they type values loosely
 * (a numeric range on an untyped field silently becomes a term range).
 */
final class LuceneReader {

    /** A decimal number, nothing else: no grouping, no trailing text, no hex. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern LEXICAL_POSITION = Pattern.compile("line (\\d+), column (\\d+)");
    private static final String HINT = "write field:value, field:[a TO b], field:prefix* joined by AND, OR, NOT";

    private final FieldTypes types;
    private final QueryLimits limits;
    private String text;

    LuceneReader(FieldTypes types, QueryLimits limits) {
        this.types = types;
        this.limits = limits;
    }

    Filter read(String query) {
        this.text = query;
        limits.checkInputSize(query, SourcePosition.offset(0));
        checkParenthesesDepth(query);
        if (query.isBlank()) {
            throw QueryException.mismatch(SourcePosition.offset(0), "query", "at least one condition such as name:plan*",
                    "an empty query");
        }
        QueryNode root;
        try {
            // TopLevelQuery rather than parse(): parse() drops the token positions of its ParseException.
            root = new StandardSyntaxParser(new FastCharStream(new StringReader(query))).TopLevelQuery("");
        } catch (ParseException e) {
            throw syntaxError(e);
        } catch (TokenMgrError e) {
            throw lexicalError(e.getMessage(), e);
        }
        Filter filter = convert(root, 0);
        limits.checkClauses(Filters.leafCount(filter), SourcePosition.offset(0));
        return filter;
    }

    /** The javacc parser recurses per parenthesis: refuse deep nesting before it can overflow the stack. */
    private void checkParenthesesDepth(String q) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
                limits.checkDepth(depth, SourcePosition.offset(i));
            } else if (!quoted && c == ')') {
                depth = Math.max(0, depth - 1);
            }
        }
    }

    /** With {@link FastCharStream} a token's begin column is its absolute character offset. */
    private QueryException syntaxError(ParseException e) {
        int offset = text.length();
        String near = "the end of the query";
        Token bad = e.currentToken == null ? null : e.currentToken.next != null ? e.currentToken.next : e.currentToken;
        if (bad != null && bad.kind != 0) {
            offset = bad.beginColumn;
            near = "\"" + bad.image + "\"";
        }
        return QueryException.problem(SourcePosition.offset(Math.max(0, Math.min(offset, text.length()))), null,
                "syntax error near " + near + "; " + HINT, e);
    }

    /** Lexical errors report a 1-based column counted over the whole input. */
    private QueryException lexicalError(String message, Throwable cause) {
        int offset = text.length();
        Matcher m = LEXICAL_POSITION.matcher(String.valueOf(message));
        if (m.find()) {
            offset = Integer.parseInt(m.group(2)) - 1;
        }
        return QueryException.problem(SourcePosition.offset(Math.max(0, Math.min(offset, text.length()))), null,
                "syntax error: unexpected character or unterminated quote; escape special characters with \\", cause);
    }

    private Filter convert(QueryNode node, int depth) {
        limits.checkDepth(depth + 1, SourcePosition.offset(beginOf(node)));
        if (node instanceof GroupQueryNode g) {
            return convert(g.getChild(), depth + 1);
        }
        if (node instanceof ModifierQueryNode m) {
            Filter inner = convert(m.getChild(), depth + 1);
            return m.getModifier() == ModifierQueryNode.Modifier.MOD_NOT ? new Filter.Not(inner, inner.position()) : inner;
        }
        if (node instanceof OrQueryNode or) {
            return new Filter.Or(children(or, depth), SourcePosition.offset(beginOf(node)));
        }
        if (node instanceof AndQueryNode || node instanceof BooleanQueryNode) {
            // Both explicit AND and juxtaposition mean AND here (BooleanQueryNode is the juxtaposition).
            List<Filter> clauses = children(node, depth);
            return clauses.size() == 1 ? clauses.get(0) : new Filter.And(clauses, SourcePosition.offset(beginOf(node)));
        }
        if (node instanceof TermRangeQueryNode range) {
            return range(range);
        }
        if (node.getClass() == FieldQueryNode.class || node instanceof QuotedFieldQueryNode) {
            return term((FieldQueryNode) node);
        }
        throw QueryException.problem(SourcePosition.offset(unsupportedOffset(node)), null, unsupported(node));
    }

    private List<Filter> children(QueryNode node, int depth) {
        List<Filter> out = new ArrayList<>();
        for (QueryNode child : node.getChildren()) {
            out.add(convert(child, depth + 1));
        }
        return out;
    }

    /** Regexp and similar nodes keep no offsets: find their field's first use in the text instead. */
    private int unsupportedOffset(QueryNode node) {
        int begin = beginOf(node);
        if (begin == 0 && node instanceof FieldableNode f && f.getField() != null) {
            int at = text.indexOf(f.getField() + ":");
            if (at >= 0) {
                return at + f.getField().length() + 1;
            }
        }
        return begin;
    }

    private static String unsupported(QueryNode node) {
        String kind = node.getClass().getSimpleName().replace("QueryNode", "").replace("Node", "").toLowerCase(java.util.Locale.ROOT);
        String what = switch (kind) {
            case "boost" -> "boosts (^) do not apply to filters";
            case "fuzzy" -> "fuzzy terms (~) are not supported";
            case "slop", "phraseslop", "proximity" -> "phrase slop (~) is not supported";
            case "regexp" -> "regular expressions (/…/) are not supported";
            case "interval" -> "interval functions (fn:…) are not supported";
            case "minshouldmatch" -> "minimum-should-match groups (@n) are not supported";
            default -> kind + " queries are not supported";
        };
        return what + "; " + HINT;
    }

    private static int beginOf(QueryNode node) {
        if (node instanceof FieldQueryNode f) {
            return Math.max(0, f.getBegin());
        }
        if (node instanceof TermRangeQueryNode r) {
            return Math.max(0, r.getLowerBound().getBegin());
        }
        if (node.getChildren() != null) {
            for (QueryNode child : node.getChildren()) {
                return beginOf(child);
            }
        }
        return 0;
    }

    private FieldSpec spec(String field, int offset) {
        return types.spec(field).orElseThrow(() -> QueryException.unknown(SourcePosition.offset(offset), "field", field,
                String.join(", ", types.names())));
    }

    private Filter term(FieldQueryNode node) {
        String field = node.getFieldAsString();
        SourcePosition pos = SourcePosition.offset(Math.max(0, node.getBegin()));
        CharSequence raw = node.getText();
        String value = node.getTextAsString();
        boolean quoted = node instanceof QuotedFieldQueryNode;
        if (field.isEmpty()) {
            throw QueryException.mismatch(pos, value, "a field name, as in name:" + value, "a term without a field");
        }
        if (field.equals("*") && value.equals("*")) {
            return new Filter.MatchAll(pos);
        }
        FieldSpec spec = spec(field, pos.offset());
        if (!quoted && value.equals("*") && !escaped(raw, 0)) {
            return new Filter.Exists(field, pos);
        }
        int wildcard = quoted ? -1 : firstWildcard(raw);
        if (wildcard >= 0) {
            if (wildcard != value.length() - 1 || value.charAt(wildcard) != '*') {
                throw QueryException.mismatch(pos, field + ":" + value, "a prefix with a single trailing *, as in name:plan*",
                        "a wildcard inside the term");
            }
            if (spec.type() != FieldType.KEYWORD && spec.type() != FieldType.TEXT) {
                throw QueryException.mismatch(pos, field + ":" + value, "a keyword or text field for a prefix",
                        "the " + spec.type().label() + " field " + field);
            }
            return new Filter.Prefix(field, value.substring(0, wildcard), pos);
        }
        if (spec.type() == FieldType.TEXT) {
            return new Filter.TextSearch(field, value, pos);
        }
        return new Filter.Equals(field, typed(field, spec.type(), value, pos), pos);
    }

    private static boolean escaped(CharSequence raw, int i) {
        return raw instanceof UnescapedCharSequence u && u.wasEscaped(i);
    }

    private static int firstWildcard(CharSequence raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c == '*' || c == '?') && !escaped(raw, i)) {
                return i;
            }
        }
        return -1;
    }

    private Filter range(TermRangeQueryNode node) {
        FieldQueryNode lo = node.getLowerBound();
        FieldQueryNode hi = node.getUpperBound();
        String field = lo.getFieldAsString();
        SourcePosition pos = SourcePosition.offset(Math.max(0, lo.getBegin()));
        if (field.isEmpty()) {
            throw QueryException.mismatch(pos, "TO", "a field name, as in size:[1 TO 10]", "a range without a field");
        }
        FieldSpec spec = spec(field, pos.offset());
        List<Filter> bounds = new ArrayList<>();
        // Each bound is its own condition, so on arrays each may be met by a different element (MongoDB's rule).
        if (!open(lo)) {
            SourcePosition at = SourcePosition.offset(Math.max(0, lo.getBegin()));
            bounds.add(new Filter.Range(field, node.isLowerInclusive() ? RangeOperator.GTE : RangeOperator.GT,
                    typed(field, spec.type(), lo.getTextAsString(), at), at));
        }
        if (!open(hi)) {
            SourcePosition at = SourcePosition.offset(Math.max(0, hi.getBegin()));
            bounds.add(new Filter.Range(field, node.isUpperInclusive() ? RangeOperator.LTE : RangeOperator.LT,
                    typed(field, spec.type(), hi.getTextAsString(), at), at));
        }
        if (bounds.isEmpty()) {
            return new Filter.Exists(field, pos);
        }
        return bounds.size() == 1 ? bounds.get(0) : new Filter.And(bounds, pos);
    }

    private static boolean open(FieldQueryNode bound) {
        String v = bound.getTextAsString();
        return v.isEmpty() || (v.equals("*") && !escaped(bound.getText(), 0));
    }

    private static Value typed(String field, FieldType type, String value, SourcePosition pos) {
        return switch (type) {
            case KEYWORD, TEXT -> Value.of(value);
            case BOOLEAN -> switch (value) {
                case "true" -> Value.of(true);
                case "false" -> Value.of(false);
                default -> throw QueryException.mismatch(pos, field, "true or false (boolean field)", "\"" + value + "\"");
            };
            case DATE -> {
                try {
                    yield new Value.Date(Dates.parseMillis(value));
                } catch (DateTimeException e) {
                    throw QueryException.mismatch(pos, field, Dates.EXPECTED + " (date field)", "\"" + value + "\"");
                }
            }
            case LONG, DOUBLE -> number(field, type, value, pos);
        };
    }

    private static Value number(String field, FieldType type, String value, SourcePosition pos) {
        if (!NUMBER.matcher(value).matches()) {
            throw QueryException.mismatch(pos, field, "a number such as 30000 or 2.5 (" + type.label() + " field)",
                    "\"" + value + "\"");
        }
        BigDecimal d;
        try {
            d = new BigDecimal(value);
        } catch (NumberFormatException | ArithmeticException e) {
            throw QueryException.mismatch(pos, field, "a number such as 30000 or 2.5 (" + type.label() + " field)",
                    "\"" + value + "\"");
        }
        if (d.abs().compareTo(BigDecimal.valueOf(Double.MAX_VALUE)) > 0) {
            throw QueryException.mismatch(pos, field, "a number within the range of a double", "\"" + value + "\"");
        }
        try {
            // Whole numbers stay exact (3.5e4 is 35000); the rest compare as doubles.
            return Value.of(d.longValueExact());
        } catch (ArithmeticException notWhole) {
            return Value.of(d.doubleValue());
        }
    }
}
