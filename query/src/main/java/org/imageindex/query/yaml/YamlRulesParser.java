package org.imageindex.query.yaml;

import java.util.Objects;
import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLimits;

/**
 * Reads the dataset platform's YAML query ({@code want} / {@code exclude} rule lists,
 * {@code include_obsolete}, and {@code ordering} / {@code offset} / {@code limit}) into a
 * {@link YamlQuery} over the fields of {@link ImageRecordFields}.
 *
 * {@snippet :
 * YamlQuery q = YamlRulesParser.parse("""
 *         want:
 *         - has: ["Animal"]
 *         exclude:
 *         - below_width: 800
 *         ordering: date-desc
 *         """, hierarchy);
 * }
 *
 * <p>Thread-safe; each call parses independently.
 */
public final class YamlRulesParser {

    private YamlRulesParser() {
    }

    /**
     * Parses with {@link QueryLimits#DEFAULTS}.
     *
     * @throws QueryException with line and column when the text is not a valid query
     */
    public static YamlQuery parse(String yaml, ObjectHierarchy hierarchy) {
        return parse(yaml, hierarchy, QueryLimits.DEFAULTS);
    }

    /**
     * Parses within the given limits; {@code hierarchy} resolves the {@code has} rule.
     *
     * @throws QueryException with line and column when the text is not a valid query or exceeds a limit
     */
    public static YamlQuery parse(String yaml, ObjectHierarchy hierarchy, QueryLimits limits) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(hierarchy, "hierarchy");
        Objects.requireNonNull(limits, "limits");
        return new YamlReader(hierarchy, limits).read(yaml);
    }
}
