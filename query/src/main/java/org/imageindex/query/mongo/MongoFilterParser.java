package org.imageindex.query.mongo;

import java.util.Objects;
import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLimits;
import org.imageindex.query.ast.Filter;

/**
 * Reads a MongoDB-style filter (Ximilar's {@code "filter"} object) into a {@link Filter}.
 *
 * <p>Supported: implicit equality {@code {"tags": "red"}} (an array field matches when any element
 * does), implicit AND of sibling keys, dotted paths as field names, {@code $eq $ne $lt $lte $gt
 * $gte $in $nin $exists $not $and $or $nor}, and extended-JSON dates {@code {"$date": "2017-01-01T00:00:00Z"}}.
 * Two Ximilar spellings are accepted besides MongoDB's own: a top-level {@code {"$not": {filter}}}
 * and an operator-first {@code {"$gte": {"price": 200}}}. docs/query-divergences.md lists every
 * difference from MongoDB.
 *
 * <p>Thread-safe; each call parses independently.
 */
public final class MongoFilterParser {

    private MongoFilterParser() {
    }

    /**
     * Parses with {@link QueryLimits#DEFAULTS}.
     *
     * @throws QueryException with a JSON pointer when the text is not a valid filter
     */
    public static Filter parse(String json) {
        return parse(json, QueryLimits.DEFAULTS);
    }

    /**
     * Parses within the given limits.
     *
     * @throws QueryException with a JSON pointer when the text is not a valid filter or exceeds a limit
     */
    public static Filter parse(String json, QueryLimits limits) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(limits, "limits");
        return new MongoReader(limits).read(json);
    }
}
