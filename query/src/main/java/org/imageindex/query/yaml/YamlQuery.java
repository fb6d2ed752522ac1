package org.imageindex.query.yaml;

import java.util.Objects;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Listing;

/**
 * A parsed YAML query: the filter (want, exclude and the obsolete rule combined) and the listing
 * (ordering, offset, limit).
 *
 * @param filter          what records to return
 * @param listing         in which order and which page
 * @param includeObsolete whether records with a replacement were allowed (already applied to {@code filter})
 */
public record YamlQuery(Filter filter, Listing listing, boolean includeObsolete) {

    public YamlQuery {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(listing, "listing");
    }
}
