package org.imageindex.collection;

import java.time.Instant;
import java.util.Objects;
import org.imageindex.query.QueryLanguage;

/**
 * A smart collection: a named, saved filter. Its members are not stored; they are the visible
 * records the filter matches at the time of each listing, so they follow record updates at once.
 *
 * @param id       the smart collection's id, generated on creation (32 lower-case hex digits)
 * @param name     its name, unique among smart collections
 * @param query    the filter text, exactly as saved
 * @param language the language of {@code query}
 * @param created  when it was created
 * @param modified when its name or query last changed
 */
public record SmartCollection(String id, String name, String query, QueryLanguage language, Instant created, Instant modified) {

    public SmartCollection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(modified, "modified");
    }
}
