package org.imageindex.query.yaml;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLimits;
import org.imageindex.query.SourcePosition;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Filters;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.RangeOperator;
import org.imageindex.query.ast.Value;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** One parse of one YAML query, on SnakeYAML's node graph so every error carries line and column. */
final class YamlReader {

    static final String RULES = "has, has_object, nature, licence, author, title, description, origin_url, "
            + "above_width, below_width, above_height, below_height, before_date, after_date, in_gallery, "
            + "above_rating, below_rating, above_rating_count, below_rating_count, above_region_count, "
            + "below_region_count, copied_from";
    static final String ROOT_KEYS = "want, exclude, include_obsolete, ordering, offset, limit";
    /** Star ratings run from 1 to 5 (seed 002). */
    static final int MIN_STARS = 1;
    static final int MAX_STARS = 5;
    /** Aliases can multiply a small text into a huge graph; rules never need many. */
    private static final int MAX_ALIASES = 16;

    private final ObjectHierarchy hierarchy;
    private final QueryLimits limits;
    /**
     * List values the rules may hold in total: one per character of the text, which no query
     * without aliases can reach. Aliases of long lists ({@code has: *labels} in many rules) would
     * otherwise multiply a small text into hundreds of thousands of values.
     */
    private int listValueBudget;

    YamlReader(ObjectHierarchy hierarchy, QueryLimits limits) {
        this.hierarchy = hierarchy;
        this.limits = limits;
    }

    YamlQuery read(String text) {
        limits.checkInputSize(text, SourcePosition.lineColumn(1, 1));
        listValueBudget = text.length();
        LoaderOptions options = new LoaderOptions();
        // Backstop only: checkDepth reports the limit with a location first.
        options.setNestingDepthLimit(limits.maxDepth() + 1);
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setCodePointLimit(Math.max(1, limits.maxInputChars()));
        Node root;
        try {
            checkDepth(new Yaml(options), text);
            root = new Yaml(options).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            if (problem != null && problem.startsWith("Nesting Depth exceeded")) {
                problem = "nesting depth exceeds QueryLimits.maxDepth = " + limits.maxDepth();
            } else {
                problem = "invalid YAML: " + problem;
            }
            throw QueryException.problem(at(mark), null, problem, e);
        } catch (YAMLException e) {
            String msg = String.valueOf(e.getMessage());
            String problem = msg.startsWith("Nesting Depth exceeded")
                    ? "nesting depth exceeds QueryLimits.maxDepth = " + limits.maxDepth()
                    : "invalid YAML: " + firstLine(msg);
            throw QueryException.problem(SourcePosition.lineColumn(1, 1), null, problem, e);
        }
        if (root == null) {
            return new YamlQuery(notObsolete(SourcePosition.lineColumn(1, 1)), Listing.DEFAULT, false);
        }
        if (!(root instanceof MappingNode map)) {
            throw QueryException.mismatch(at(root), "query", "a mapping with keys " + ROOT_KEYS, describe(root));
        }
        List<Filter> clauses = new ArrayList<>();
        boolean includeObsolete = false;
        String ordering = null;
        Node orderingNode = null;
        int offset = 0;
        int limit = Listing.DEFAULT_LIMIT;
        Set<String> seen = new java.util.HashSet<>();
        for (NodeTuple t : map.getValue()) {
            String key = keyOf(t.getKeyNode(), "query");
            if (!seen.add(key)) {
                // SnakeYAML's composer keeps duplicates; the platform's loader would silently keep the last.
                throw QueryException.problem(at(t.getKeyNode()), key, "duplicate key " + key + "; give each key once");
            }
            Node value = t.getValueNode();
            switch (key) {
                case "want" -> rules(value, "want").forEach(clauses::add);
                case "exclude" -> rules(value, "exclude").forEach(r -> clauses.add(new Filter.Not(r, r.position())));
                case "include_obsolete" -> includeObsolete = bool(value, key);
                case "ordering" -> {
                    ordering = string(value, key);
                    orderingNode = value;
                }
                case "offset" -> offset = nonNegativeInt(value, key);
                case "limit" -> limit = nonNegativeInt(value, key);
                default -> throw QueryException.unknown(at(t.getKeyNode()), "key", key, ROOT_KEYS);
            }
        }
        if (!includeObsolete) {
            clauses.add(notObsolete(at(root)));
        }
        Listing listing;
        if (ordering == null) {
            listing = Listing.of(List.of(), offset, limit);
        } else {
            Ordering o = null;
            for (Ordering candidate : Ordering.values()) {
                if (candidate.spelling().equals(ordering)) {
                    o = candidate;
                }
            }
            if (o == null) {
                throw QueryException.mismatch(at(orderingNode), "ordering", "one of " + Ordering.allSpellings(),
                        "\"" + ordering + "\"");
            }
            listing = o.listing(offset, limit);
        }
        Filter filter = clauses.isEmpty() ? new Filter.MatchAll(at(root))
                : clauses.size() == 1 ? clauses.get(0) : new Filter.And(clauses, at(root));
        limits.checkClauses(Filters.leafCount(filter), at(root));
        return new YamlQuery(filter, listing, includeObsolete);
    }

    /**
     * Counts collection nesting on the event stream (a loop, no recursion) so the depth limit is
     * reported where it is crossed, before the recursive composer runs.
     */
    private void checkDepth(Yaml yaml, String text) {
        int depth = 0;
        for (Event event : yaml.parse(new java.io.StringReader(text))) {
            if (event instanceof CollectionStartEvent) {
                depth++;
                limits.checkDepth(depth, at(event.getStartMark()));
            } else if (event instanceof CollectionEndEvent) {
                depth--;
            }
        }
    }

    private static Filter notObsolete(SourcePosition pos) {
        return new Filter.Not(new Filter.Exists(ImageRecordFields.REPLACED_BY, pos), pos);
    }

    private List<Filter> rules(Node node, String list) {
        if (isNull(node)) {
            return List.of(); // "want:" with nothing after it: no filtering, as the seed says of an absent list
        }
        if (!(node instanceof SequenceNode seq)) {
            throw QueryException.mismatch(at(node), list, "a list of rules such as - has_object: [\"Cat\"]", describe(node));
        }
        List<Filter> rules = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (!(item instanceof MappingNode rule) || rule.getValue().size() != 1) {
                throw QueryException.mismatch(at(item), list, "each rule as a mapping with a single key such as - has_object: [\"Cat\"]",
                        item instanceof MappingNode m ? "a mapping with " + m.getValue().size() + " keys" : describe(item));
            }
            NodeTuple t = rule.getValue().get(0);
            rules.add(rule(keyOf(t.getKeyNode(), list), t.getValueNode(), at(t.getKeyNode())));
        }
        return rules;
    }

    private Filter rule(String name, Node value, SourcePosition pos) {
        return switch (name) {
            case "has" -> {
                Set<String> labels = new LinkedHashSet<>();
                for (String label : strings(value, name)) {
                    labels.addAll(hierarchy.selfAndDescendants(label));
                }
                yield in(ImageRecordFields.OBJECTS, labels, pos);
            }
            case "has_object" -> in(ImageRecordFields.OBJECTS, strings(value, name), pos);
            case "nature" -> in(ImageRecordFields.NATURE, strings(value, name), pos);
            case "licence" -> in(ImageRecordFields.LICENCES, strings(value, name), pos);
            case "author" -> in(ImageRecordFields.AUTHOR, strings(value, name), pos);
            case "in_gallery" -> in(ImageRecordFields.GALLERIES, strings(value, name), pos);
            case "copied_from" -> in(ImageRecordFields.COPIED_FROM, strings(value, name), pos);
            // The seed: "Search for titles (ilike)": SQL patterns, % and _ wildcards, case-insensitive.
            case "title" -> new Filter.Like(ImageRecordFields.TITLE, string(value, name), pos);
            case "description" -> new Filter.Like(ImageRecordFields.DESCRIPTION, string(value, name), pos);
            case "origin_url" -> new Filter.Prefix(ImageRecordFields.ORIGIN_URL_NO_PROTOCOL,
                    ImageRecordFields.stripProtocol(string(value, name)), pos);
            case "above_width" -> range(ImageRecordFields.WIDTH, RangeOperator.GTE, whole(value, name), pos);
            case "below_width" -> range(ImageRecordFields.WIDTH, RangeOperator.LTE, whole(value, name), pos);
            case "above_height" -> range(ImageRecordFields.HEIGHT, RangeOperator.GTE, whole(value, name), pos);
            case "below_height" -> range(ImageRecordFields.HEIGHT, RangeOperator.LTE, whole(value, name), pos);
            case "before_date" -> new Filter.Range(ImageRecordFields.DATE, RangeOperator.LT, timestamp(value, name), pos);
            case "after_date" -> new Filter.Range(ImageRecordFields.DATE, RangeOperator.GT, timestamp(value, name), pos);
            case "above_rating" -> new Filter.Or(List.of(
                    new Filter.Range(ImageRecordFields.RATING, RangeOperator.GTE, rating(value, name), pos),
                    // The seed: "Images with no rating are included".
                    new Filter.Not(new Filter.Exists(ImageRecordFields.RATING, pos), pos)), pos);
            case "below_rating" -> new Filter.Range(ImageRecordFields.RATING, RangeOperator.LTE, rating(value, name), pos);
            case "above_rating_count" -> count(ImageRecordFields.RATING_COUNT, RangeOperator.GTE, whole(value, name), pos);
            case "below_rating_count" -> count(ImageRecordFields.RATING_COUNT, RangeOperator.LTE, whole(value, name), pos);
            case "above_region_count" -> count(ImageRecordFields.REGION_COUNT, RangeOperator.GTE, whole(value, name), pos);
            case "below_region_count" -> count(ImageRecordFields.REGION_COUNT, RangeOperator.LTE, whole(value, name), pos);
            default -> throw QueryException.unknown(pos, "rule", name, RULES);
        };
    }

    private static Filter in(String field, Iterable<String> values, SourcePosition pos) {
        List<Value> list = new ArrayList<>();
        values.forEach(v -> list.add(Value.of(v)));
        return new Filter.In(field, list, pos);
    }

    private static Filter range(String field, RangeOperator op, long bound, SourcePosition pos) {
        return new Filter.Range(field, op, Value.of(bound), pos);
    }

    /** Counts of ratings and regions: a record without the field has a count of 0. */
    private static Filter count(String field, RangeOperator op, long bound, SourcePosition pos) {
        Filter r = range(field, op, bound, pos);
        boolean zeroQualifies = op == RangeOperator.GTE ? 0 >= bound : 0 <= bound;
        return zeroQualifies ? new Filter.Or(List.of(r, new Filter.Not(new Filter.Exists(field, pos), pos)), pos) : r;
    }

    // ---- scalars ---------------------------------------------------------------------------

    private List<String> strings(Node node, String rule) {
        if (!(node instanceof SequenceNode seq)) {
            throw QueryException.mismatch(at(node), rule, "a list such as [\"a\", \"b\"]", describe(node));
        }
        listValueBudget -= seq.getValue().size();
        if (listValueBudget < 0) {
            throw QueryException.problem(at(node), rule, "aliases repeat lists to more values than the query has"
                    + " characters; write each list once instead of repeating it through *aliases");
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (!(item instanceof ScalarNode s) || isNull(item) || s.getTag().equals(Tag.FLOAT) || s.getTag().equals(Tag.BOOL)) {
                throw QueryException.mismatch(at(item), rule, "names or whole-number ids in the list", describe(item));
            }
            out.add(s.getTag().equals(Tag.INT) ? Long.toString(parseLong(s, rule)) : s.getValue());
        }
        return out;
    }

    private static String string(Node node, String rule) {
        if (node instanceof ScalarNode s && !isNull(node)) {
            return s.getValue();
        }
        throw QueryException.mismatch(at(node), rule, "a text", describe(node));
    }

    private static boolean bool(Node node, String rule) {
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
            String v = s.getValue().toLowerCase(java.util.Locale.ROOT);
            return v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y");
        }
        throw QueryException.mismatch(at(node), rule, "true or false", describe(node));
    }

    private static long whole(Node node, String rule) {
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            return parseLong(s, rule);
        }
        throw QueryException.mismatch(at(node), rule, "a whole number", describe(node));
    }

    private static int nonNegativeInt(Node node, String key) {
        long v = whole(node, key);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw QueryException.mismatch(at(node), key, "a whole number from 0 to " + Integer.MAX_VALUE, Long.toString(v));
        }
        return (int) v;
    }

    private static Value number(Node node, String rule) {
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            return Value.of(parseLong(s, rule));
        }
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.FLOAT)) {
            try {
                double d = Double.parseDouble(s.getValue().replace("_", ""));
                if (Double.isFinite(d)) {
                    return Value.of(d);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw QueryException.mismatch(at(node), rule, "a number", describe(node));
    }

    /**
     * A star rating: the seed's "(1-5 stars)". A bound outside it would silently select all or
     * no rated pictures, which is always a mistake in the query.
     */
    private static Value rating(Node node, String rule) {
        Value v = number(node, rule);
        double d = v instanceof Value.Whole w ? w.value() : ((Value.Real) v).value();
        if (d < MIN_STARS || d > MAX_STARS) {
            throw QueryException.mismatch(at(node), rule, "a rating from " + MIN_STARS + " to " + MAX_STARS
                    + " stars", describe(node));
        }
        return v;
    }

    /** Unix seconds, as the seed's {@code before_date: 1546300800}. */
    private static Value timestamp(Node node, String rule) {
        Value v = number(node, rule);
        double seconds = v instanceof Value.Whole w ? w.value() : ((Value.Real) v).value();
        if (Math.abs(seconds) > Long.MAX_VALUE / 1000.0) {
            throw QueryException.mismatch(at(node), rule, "a Unix timestamp in seconds", describe(node));
        }
        return new Value.Date(v instanceof Value.Whole w ? w.value() * 1000 : Math.round(seconds * 1000));
    }

    private static long parseLong(ScalarNode s, String rule) {
        try {
            return Long.parseLong(s.getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            throw QueryException.mismatch(at(s), rule, "a decimal whole number between -2^63 and 2^63-1", s.getValue());
        }
    }

    private static String keyOf(Node key, String where) {
        if (key instanceof ScalarNode s) {
            return s.getValue();
        }
        throw QueryException.mismatch(at(key), where, "a plain key", describe(key));
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    static String describe(Node node) {
        if (node instanceof ScalarNode s) {
            Tag tag = s.getTag();
            if (tag.equals(Tag.NULL)) {
                return "nothing (null)";
            }
            if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
                return "the number " + s.getValue();
            }
            if (tag.equals(Tag.BOOL)) {
                return s.getValue();
            }
            return "the text \"" + s.getValue() + "\"";
        }
        if (node instanceof SequenceNode seq) {
            return seq.getValue().isEmpty() ? "an empty list" : "a list";
        }
        return "a mapping";
    }

    private static SourcePosition at(Node node) {
        return at(node.getStartMark());
    }

    private static SourcePosition at(Mark mark) {
        return mark == null ? SourcePosition.lineColumn(1, 1) : SourcePosition.lineColumn(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
