package org.imageindex.query.rokka;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.QueryLimits;
import org.imageindex.query.SourcePosition;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Filters;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.RangeOperator;
import org.imageindex.query.ast.SortKey;
import org.imageindex.query.ast.Value;
import org.imageindex.query.schema.Dates;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;

/**
 * One parse of a rokka query string. rokka's form is URL parameters, so the text is split on
 * {@code &} (outside quotes) into {@code name=value} pairs, each read on its own; positions are
 * character offsets into the text as given.
 */
final class RokkaReader {

    /** rokka's user-metadata type prefixes and the stored type each reads; {@code float} is accepted for {@code double}. */
    private static final Map<String, FieldType> USER_TYPES = Map.of(
            "int", FieldType.LONG, "double", FieldType.DOUBLE, "float", FieldType.DOUBLE, "str", FieldType.KEYWORD,
            "date", FieldType.DATE, "bool", FieldType.BOOLEAN, "array", FieldType.KEYWORD);
    static final String USER_TYPE_NAMES = "int, double, str, date, bool, array";
    /** The types rokka documents for its own fields, used when the schema at hand lacks one. */
    private static final Map<String, FieldType> ROKKA_TYPES = Map.of(
            "hash", FieldType.KEYWORD, "binaryhash", FieldType.KEYWORD, "size", FieldType.LONG,
            "format", FieldType.KEYWORD, "width", FieldType.LONG, "height", FieldType.LONG,
            "created", FieldType.DATE, "name", FieldType.TEXT);
    static final String FIELDS = String.join(", ", RokkaFields.BUILT_IN_ORDER)
            + ", or user metadata as user:<type>:<name> (type one of " + USER_TYPE_NAMES + ")";
    /** rokka's bounds on a page. */
    static final int MAX_LIMIT = 2_000;
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");
    private static final String LISTING_HINT = " orders or pages the listing and is not a filter; give the whole query"
            + " string to RokkaQueryParser.parse, or pass the order and page separately";

    private final FieldTypes types;
    private final QueryLimits limits;

    RokkaReader(FieldTypes types, QueryLimits limits) {
        this.types = types;
        this.limits = limits;
    }

    /** One {@code name=value} parameter with the offsets where its name and its value start. */
    private record Param(String name, int nameAt, String value, int valueAt, boolean decoded) {
        /** Where the character {@code i} of the value was written (approximate once percent-decoded). */
        int at(int i) {
            return decoded ? valueAt : valueAt + i;
        }
    }

    Filter filter(String text) {
        List<Filter> clauses = new ArrayList<>();
        for (Param p : params(text)) {
            if (isListingParameter(p.name())) {
                throw QueryException.problem(pos(p.nameAt()), p.name(), p.name() + LISTING_HINT);
            }
            clauses.add(condition(p));
        }
        return combine(clauses, 0);
    }

    RokkaQuery query(String text) {
        List<Filter> clauses = new ArrayList<>();
        List<SortKey> sort = null;
        int offset = 0;
        int limit = Listing.DEFAULT_LIMIT;
        for (Param p : params(text)) {
            switch (p.name()) {
                case "sort" -> sort = sort(p.value(), p.valueAt());
                case "limit" -> limit = whole(p, 0, MAX_LIMIT);
                case "offset" -> offset = whole(p, 0, Integer.MAX_VALUE);
                default -> clauses.add(condition(p));
            }
        }
        if (sort == null) {
            // rokka: "The images are by default sorted by their created date in a descending order".
            sort = types.spec(RokkaFields.BUILT_IN.get("created")).isPresent()
                    ? List.of(SortKey.descending(RokkaFields.BUILT_IN.get("created"))) : List.of();
        }
        return new RokkaQuery(combine(clauses, 0), Listing.of(sort, offset, limit));
    }

    private static boolean isListingParameter(String name) {
        return name.equals("sort") || name.equals("limit") || name.equals("offset");
    }

    private Filter combine(List<Filter> clauses, int at) {
        Filter f = clauses.isEmpty() ? new Filter.MatchAll(pos(at))
                : clauses.size() == 1 ? clauses.get(0) : new Filter.And(clauses, pos(at));
        limits.checkClauses(Filters.leafCount(f), pos(at));
        return f;
    }

    // ---- query string -----------------------------------------------------------------------

    private List<Param> params(String text) {
        limits.checkInputSize(text, pos(0));
        List<Param> out = new ArrayList<>();
        int start = text.startsWith("?") ? 1 : 0;
        char quote = 0;
        for (int i = start; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '&';
            if (quote != 0) {
                if (i < text.length() && c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '&') {
                if (i > start) {
                    out.add(param(text.substring(start, i), start));
                }
                start = i + 1;
            }
        }
        if (quote != 0) {
            throw QueryException.problem(pos(text.length()), null, "unterminated quote; close it with " + quote);
        }
        return out;
    }

    private Param param(String segment, int at) {
        int eq = segment.indexOf('=');
        if (eq < 0) {
            throw QueryException.mismatch(pos(at), segment.strip(), "a filter name=value such as height=1200, "
                    + "size=[30000,} or name=plan*", "\"" + segment + "\" without =");
        }
        String rawName = segment.substring(0, eq);
        String rawValue = segment.substring(eq + 1);
        String name = decode(rawName, at).strip();
        String value = decode(rawValue, at + eq + 1).strip();
        int lead = rawValue.length() - rawValue.stripLeading().length();
        if (name.isEmpty()) {
            throw QueryException.mismatch(pos(at), "=" + value, "a field name before =, as in height=1200", "nothing");
        }
        return new Param(name, at + (rawName.length() - rawName.stripLeading().length()), value, at + eq + 1 + lead,
                !value.equals(rawValue.strip()));
    }

    /** URL escapes ({@code %5B} for {@code [}), as a browser's address bar shows them; {@code +} stays a plus (dates carry +0000). */
    private String decode(String s, int at) {
        if (!PERCENT_ESCAPE.matcher(s).find()) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && PERCENT_ESCAPE.matcher(s.substring(i, i + 3)).matches()) {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    // ---- fields -------------------------------------------------------------------------------

    /** A field as written, resolved to the stored field and the type its values are read as. */
    private record Target(String written, String field, FieldType type, boolean user) {
    }

    private Target target(String name, int at) {
        if (name.startsWith("user:")) {
            String[] parts = name.split(":", 3);
            if (parts.length < 3 || parts[2].isEmpty()) {
                throw QueryException.mismatch(pos(at), name, "user metadata as user:<type>:<name>, e.g. user:int:my_integer_field",
                        "\"" + name + "\"");
            }
            FieldType declared = USER_TYPES.get(parts[1]);
            if (declared == null) {
                throw QueryException.unknown(pos(at + 5), "user metadata type", parts[1], USER_TYPE_NAMES
                        + " (as in user:int:" + parts[2] + ")");
            }
            String field = parts[2];
            Optional<FieldSpec> stored = types.spec(field);
            if (stored.isPresent() && stored.get().type().kind() != declared.kind()) {
                String right = prefixFor(stored.get().type());
                throw QueryException.problem(pos(at), name, name + " reads " + field + " as " + parts[1] + ", but "
                        + field + " holds " + stored.get().type().label() + " values"
                        + (right == null ? "" : "; write user:" + right + ":" + field));
            }
            return new Target(name, field, stored.map(FieldSpec::type).orElse(declared), true);
        }
        String builtIn = RokkaFields.BUILT_IN.get(name);
        if (builtIn != null) {
            return new Target(name, builtIn, types.spec(builtIn).map(FieldSpec::type).orElse(ROKKA_TYPES.get(name)), false);
        }
        Optional<FieldSpec> own = types.spec(name);
        if (own.isPresent()) {
            return new Target(name, name, own.get().type(), false);
        }
        throw QueryException.unknown(pos(at), "field", name, FIELDS);
    }

    private static String prefixFor(FieldType type) {
        return switch (type) {
            case LONG -> "int";
            case DOUBLE -> "double";
            case KEYWORD, TEXT -> "str";
            case DATE -> "date";
            case BOOLEAN -> "bool";
        };
    }

    // ---- filters ------------------------------------------------------------------------------

    private Filter condition(Param p) {
        Target t = target(p.name(), p.nameAt());
        String v = p.value();
        SourcePosition at = pos(p.nameAt());
        if (v.isEmpty()) {
            throw QueryException.mismatch(pos(p.valueAt()), t.written(), "a value after =, as in " + example(t), "nothing");
        }
        char first = v.charAt(0);
        if (first == '[' || first == '{') {
            return range(t, p, at);
        }
        boolean quoted = isQuoted(v);
        if (!quoted && v.indexOf('*') >= 0) {
            int star = v.indexOf('*');
            if (star != v.length() - 1) {
                throw QueryException.mismatch(pos(p.at(star)), t.written(), "a prefix with a single trailing *, as in name=plan*",
                        "\"" + v + "\"");
            }
            if (t.type() != FieldType.KEYWORD && t.type() != FieldType.TEXT) {
                throw QueryException.mismatch(pos(p.valueAt()), t.written() + "=" + v, "a string field for a prefix",
                        "the " + t.type().label() + " field " + t.field() + "; write " + t.written() + "=[a,b] for a range");
            }
            return new Filter.Prefix(t.field(), v.substring(0, star), at);
        }
        String raw = quoted ? v.substring(1, v.length() - 1) : v;
        Value value = typed(t, raw, pos(p.valueAt()));
        if (t.field().equals(RokkaFields.BUILT_IN.get("format")) && !t.user() && value instanceof Value.Text text) {
            // rokka names formats by extension (jpg); the index may hold the decoder's name (jpeg).
            return new Filter.In(t.field(), RokkaFields.storedFormats(text.value()).stream().map(Value::of).toList(), at);
        }
        return new Filter.Equals(t.field(), value, at);
    }

    private Filter range(Target t, Param p, SourcePosition at) {
        String v = p.value();
        char open = v.charAt(0);
        char close = v.charAt(v.length() - 1);
        if (v.length() < 2 || (close != ']' && close != '}')) {
            throw QueryException.mismatch(pos(p.at(v.length() - 1)), t.written(), "a range closed by ] or }, as in "
                    + t.written() + "=[30000,40000] or " + t.written() + "=[30000,}", "\"" + v + "\"");
        }
        String inner = v.substring(1, v.length() - 1);
        int comma = commaOutsideQuotes(inner);
        if (comma < 0) {
            throw QueryException.mismatch(pos(p.at(0)), t.written(), "two bounds separated by a comma, as in [30000,40000];"
                    + " leave one empty for an open end, as in [30000,}", "\"" + v + "\"");
        }
        String lo = inner.substring(0, comma).strip();
        String hi = inner.substring(comma + 1).strip();
        if (commaOutsideQuotes(inner.substring(comma + 1)) >= 0) {
            throw QueryException.mismatch(pos(p.at(comma + 2)), t.written(), "exactly two bounds, as in [30000,40000];"
                    + " quote a bound holding a comma, as in ['a,b',}", "\"" + v + "\"");
        }
        List<Filter> bounds = new ArrayList<>();
        if (!lo.isEmpty() && !lo.equals("*")) {
            SourcePosition where = pos(p.at(1));
            bounds.add(new Filter.Range(t.field(), open == '[' ? RangeOperator.GTE : RangeOperator.GT,
                    typed(t, unquote(lo), where), where));
        }
        if (!hi.isEmpty() && !hi.equals("*")) {
            SourcePosition where = pos(p.at(comma + 2));
            bounds.add(new Filter.Range(t.field(), close == ']' ? RangeOperator.LTE : RangeOperator.LT,
                    typed(t, unquote(hi), where), where));
        }
        if (bounds.isEmpty()) {
            return new Filter.Exists(t.field(), at);
        }
        return bounds.size() == 1 ? bounds.get(0) : new Filter.And(bounds, at);
    }

    private static int commaOutsideQuotes(String s) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ',') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isQuoted(String s) {
        return s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0);
    }

    private static String unquote(String s) {
        return isQuoted(s) ? s.substring(1, s.length() - 1) : s;
    }

    private static String example(Target t) {
        return switch (t.type()) {
            case LONG -> t.written() + "=1200 or " + t.written() + "=[30000,}";
            case DOUBLE -> t.written() + "=2.5 or " + t.written() + "=[1.5,}";
            case DATE -> t.written() + "=['2017-01-01T00:00:00Z',}";
            case BOOLEAN -> t.written() + "=true";
            case KEYWORD, TEXT -> t.written() + "=foo or " + t.written() + "=foo*";
        };
    }

    private static Value typed(Target t, String raw, SourcePosition pos) {
        return switch (t.type()) {
            case KEYWORD, TEXT -> Value.of(raw);
            case BOOLEAN -> switch (raw) {
                case "true" -> Value.of(true);
                case "false" -> Value.of(false);
                default -> throw QueryException.mismatch(pos, t.written(), "true or false (boolean field)", "\"" + raw + "\"");
            };
            case DATE -> {
                try {
                    yield new Value.Date(Dates.parseMillis(raw));
                } catch (DateTimeException e) {
                    throw QueryException.mismatch(pos, t.written(), Dates.EXPECTED + ", quoted in a range as in "
                            + t.written() + "=['2017-01-01T00:00:00Z',}", "\"" + raw + "\"");
                }
            }
            case LONG, DOUBLE -> number(t, raw, pos);
        };
    }

    private static Value number(Target t, String raw, SourcePosition pos) {
        String expected = t.user() && t.type() == FieldType.LONG && t.written().startsWith("user:int:")
                ? "a whole number such as 3" : "a number such as 30000 or 2.5 (" + t.type().label() + " field)";
        BigDecimal d = null;
        if (NUMBER.matcher(raw).matches()) {
            try {
                d = new BigDecimal(raw);
            } catch (NumberFormatException | ArithmeticException e) {
                d = null;
            }
        }
        if (d == null || d.abs().compareTo(BigDecimal.valueOf(Double.MAX_VALUE)) > 0) {
            throw QueryException.mismatch(pos, t.written(), expected, "\"" + raw + "\"");
        }
        try {
            return Value.of(d.longValueExact());
        } catch (ArithmeticException notWhole) {
            if (expected.startsWith("a whole")) {
                throw QueryException.mismatch(pos, t.written(), expected + " (write user:double:"
                        + t.field() + " for fractions)", "\"" + raw + "\"");
            }
            return Value.of(d.doubleValue());
        }
    }

    // ---- sort and page ------------------------------------------------------------------------

    /** {@code created desc,size asc}: comma-separated fields, each optionally followed by asc or desc. */
    List<SortKey> sort(String text, int base) {
        List<SortKey> keys = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ',') {
                keys.add(sortKey(text.substring(start, i), base + start));
                start = i + 1;
            }
        }
        return keys;
    }

    private SortKey sortKey(String criterion, int at) {
        String c = criterion.strip();
        int lead = criterion.length() - criterion.stripLeading().length();
        if (c.isEmpty()) {
            throw QueryException.mismatch(pos(at), "sort", "a field name, optionally followed by asc or desc, as in"
                    + " sort=created desc,size asc", "an empty criterion");
        }
        String[] words = c.split("[\\s+]+");
        if (words.length > 2) {
            throw QueryException.mismatch(pos(at + lead), "sort", "a field and at most a direction, as in size desc;"
                    + " separate criteria with commas", "\"" + c + "\"");
        }
        Target t = target(words[0], at + lead);
        if (types.spec(t.field()).isEmpty()) {
            throw QueryException.problem(pos(at + lead), "sort", "no record has " + t.field() + " yet, so nothing sorts by "
                    + t.written() + "; sort by one of " + String.join(", ", RokkaFields.BUILT_IN_ORDER) + " or stored user metadata");
        }
        boolean descending = false; // rokka's own example: "sort=size" is "sorted by the image size, ascending"
        if (words.length == 2) {
            switch (words[1].toLowerCase(Locale.ROOT)) {
                case "asc" -> descending = false;
                case "desc" -> descending = true;
                default -> throw QueryException.mismatch(pos(at + lead + c.indexOf(words[1], words[0].length())), "sort",
                        "asc or desc after the field, as in " + words[0] + " desc", "\"" + words[1] + "\"");
            }
        }
        return new SortKey(t.field(), descending);
    }

    private int whole(Param p, int min, int max) {
        String v = p.value();
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw QueryException.mismatch(pos(p.valueAt()), p.name(), "a whole number from " + min + " to " + max,
                    "\"" + v + "\"");
        }
        if (n < min || n > max) {
            throw QueryException.mismatch(pos(p.valueAt()), p.name(), "a whole number from " + min + " to " + max, v);
        }
        return (int) n;
    }

    private static SourcePosition pos(int offset) {
        return SourcePosition.offset(QueryLanguage.ROKKA, Math.max(0, offset));
    }
}
