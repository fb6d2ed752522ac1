package org.imageindex.query.rokka;

import java.util.Objects;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Listing;

/**
 * A parsed rokka listing request: the filters ANDed into one {@link Filter}, and the listing
 * ({@code sort}, {@code offset}, {@code limit}; newest first by {@code created} when no sort is given).
 *
 * @param filter  what records to return
 * @param listing in which order and which page
 */
public record RokkaQuery(Filter filter, Listing listing) {

    public RokkaQuery {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(listing, "listing");
    }
}
