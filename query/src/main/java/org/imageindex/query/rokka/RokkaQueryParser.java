package org.imageindex.query.rokka;

import java.util.List;
import java.util.Objects;
import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLimits;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.SortKey;
import org.imageindex.query.schema.FieldTypes;

/**
 * Reads rokka's source-image listing parameters (seed 004) as users paste them from its
 * documentation into the same {@link Filter} and {@link SortKey}s the other languages give.
 *
 * {@snippet :
 * Filter f = RokkaQueryParser.parseFilter("size=[30000,40000]&name=foo*", index.fieldTypes());
 * List<SortKey> order = RokkaQueryParser.parseSort("created desc,size asc", index.fieldTypes());
 * RokkaQuery all = RokkaQueryParser.parse("user:int:my_integer_field=3&sort=size desc&limit=20", types);
 * }
 *
 * <p>Filters are {@code name=value} pairs joined by {@code &} (all must hold; rokka has no OR
 * or NOT): {@code height=1200}, {@code name=plan*} (prefix), {@code size=[30000,40000]},
 * <code>size={30000,&#125;</code> (exclusive), <code>size=[30000,&#125;</code> (open end),
 * <code>created=['2017-01-01T00:00:00Z',&#125;</code> (quoted bounds), {@code user:int:my_integer_field=3}.
 * Field names are mapped by {@link RokkaFields}; values are typed by the field's stored type (or
 * the {@code user:<type>:} prefix). URL escapes such as {@code %5B} are decoded. Every error is a
 * {@link QueryException} located by character offset that says what to write instead.
 *
 * <p>Thread-safe; each call parses independently.
 */
public final class RokkaQueryParser {

    private RokkaQueryParser() {
    }

    /**
     * The filters of {@code text} ANDed into one filter; an empty text matches every record, as
     * a rokka listing without filters does. {@code sort}, {@code limit} and {@code offset} are
     * refused here: they belong to {@link #parse} or {@link #parseSort}.
     *
     * @throws QueryException located at the offending parameter, with what to write instead
     */
    public static Filter parseFilter(String text, FieldTypes types) {
        return parseFilter(text, types, QueryLimits.DEFAULTS);
    }

    /** As {@link #parseFilter(String, FieldTypes)} within the given limits. */
    public static Filter parseFilter(String text, FieldTypes types, QueryLimits limits) {
        return reader(types, limits).filter(Objects.requireNonNull(text, "text"));
    }

    /**
     * rokka's {@code sort} value: comma-separated fields, each optionally followed by
     * {@code asc} or {@code desc} (ascending when not given, as rokka's {@code sort=size} example
     * shows), e.g. {@code created desc,size asc} or {@code user:int:my_integer_field desc}.
     *
     * @throws QueryException for an unknown field, a field no record holds, or a direction other than asc/desc
     */
    public static List<SortKey> parseSort(String text, FieldTypes types) {
        Objects.requireNonNull(text, "text");
        return reader(types, QueryLimits.DEFAULTS).sort(text, 0);
    }

    /**
     * A whole listing query string: filters, {@code sort}, {@code limit} (0 to 2,000, default
     * 100) and {@code offset} (a whole number; cursors are the listing endpoint's business).
     * Without {@code sort} the listing is newest first by {@code created}, as rokka's.
     *
     * @throws QueryException located at the offending parameter
     */
    public static RokkaQuery parse(String text, FieldTypes types) {
        return parse(text, types, QueryLimits.DEFAULTS);
    }

    /** As {@link #parse(String, FieldTypes)} within the given limits. */
    public static RokkaQuery parse(String text, FieldTypes types, QueryLimits limits) {
        return reader(types, limits).query(Objects.requireNonNull(text, "text"));
    }

    private static RokkaReader reader(FieldTypes types, QueryLimits limits) {
        return new RokkaReader(Objects.requireNonNull(types, "types"), Objects.requireNonNull(limits, "limits"));
    }
}
