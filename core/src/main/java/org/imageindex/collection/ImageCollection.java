package org.imageindex.collection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A simple collection: a named group of records that were added to it, possibly nested under a
 * parent collection (LTU MediaDB's collections, the similarity service's collections).
 *
 * @param id       the collection's id, generated on creation (32 lower-case hex digits)
 * @param name     its name, unique among its siblings, without {@code /}
 * @param parentId the parent collection's id, or null for a top-level collection
 * @param path     the names from the top-level collection down to this one, joined with {@code /}
 * @param childIds the ids of the direct children, by name
 * @param keywords keywords of the collection itself (not criteria)
 * @param metadata key/value metadata of the collection itself (e.g. an external tag)
 * @param created  when it was created
 * @param modified when it, or its membership, last changed
 */
public record ImageCollection(String id, String name, String parentId, String path, List<String> childIds,
                              List<String> keywords, Map<String, String> metadata, Instant created, Instant modified) {

    public ImageCollection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        childIds = List.copyOf(childIds);
        keywords = List.copyOf(keywords);
        metadata = Map.copyOf(metadata);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(modified, "modified");
    }

    /** The parent's id, empty for a top-level collection. */
    public Optional<String> parent() {
        return Optional.ofNullable(parentId);
    }
}
