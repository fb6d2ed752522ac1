package org.imageindex.record;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which parts of a record an operation returns (Ximilar's {@code fields_to_return}). Names are
 * {@code "*"} (every part except the signatures), the parts {@link #ID}, {@link #NAME},
 * {@link #TAGS}, {@link #ATTRIBUTES}, {@link #CREATED}, {@link #MODIFIED}, {@link #ORIGIN},
 * {@link #IMAGE}, {@link #SIGNATURES}, or any attribute path, which returns that attribute
 * (and those nested under it). The id is always returned.
 *
 * {@snippet :
 * FieldSelection.of("tags", "exif.iso");  // id, tags and one attribute
 * FieldSelection.ALL;                      // everything but the signatures
 * }
 *
 * @param names the names as given
 */
public record FieldSelection(Set<String> names) {

    /** Everything except the signatures. */
    public static final String STAR = "*";
    /** The id, always returned. */
    public static final String ID = "id";
    /** The name. */
    public static final String NAME = "name";
    /** The tags. */
    public static final String TAGS = "tags";
    /** All attributes. */
    public static final String ATTRIBUTES = "attributes";
    /** The creation time. */
    public static final String CREATED = "created";
    /** The modification time. */
    public static final String MODIFIED = "modified";
    /** The origin (file path or URL). */
    public static final String ORIGIN = "origin";
    /** The derived {@link ImageInfo}. */
    public static final String IMAGE = "image";
    /** All signatures (large: the matching features take tens of kilobytes). */
    public static final String SIGNATURES = "signatures";

    private static final Set<String> PARTS = Set.of(ID, NAME, TAGS, ATTRIBUTES, CREATED, MODIFIED, ORIGIN, IMAGE, SIGNATURES);

    /** {@code "*"}: what {@code get} returns by default, as in Ximilar. */
    public static final FieldSelection ALL = new FieldSelection(Set.of(STAR));
    /** Everything, signatures included: what an export that can be re-imported needs. */
    public static final FieldSelection ALL_WITH_SIGNATURES = new FieldSelection(Set.of(STAR, SIGNATURES));
    /** Only the id: what searches return by default, as in Ximilar. */
    public static final FieldSelection ID_ONLY = new FieldSelection(Set.of(ID));

    public FieldSelection {
        Objects.requireNonNull(names, "names");
        for (String n : names) {
            if (n == null || n.isEmpty()) {
                throw new IllegalArgumentException("field names must be non-empty, got: " + names);
            }
        }
        names = Set.copyOf(new LinkedHashSet<>(names));
    }

    /** A selection of these names. */
    public static FieldSelection of(String... names) {
        return new FieldSelection(Set.of(names));
    }

    /** A selection of these names. */
    public static FieldSelection of(List<String> names) {
        return new FieldSelection(new LinkedHashSet<>(names));
    }

    /** Whether the part (one of the part constants) is selected. */
    public boolean includes(String part) {
        if (part.equals(ID)) {
            return true;
        }
        if (part.equals(SIGNATURES)) {
            return names.contains(SIGNATURES);
        }
        return names.contains(STAR) || names.contains(part);
    }

    /** The attribute paths selected one by one (names that are not parts). */
    public List<String> attributePaths() {
        return names.stream().filter(n -> !PARTS.contains(n) && !n.equals(STAR)).sorted().toList();
    }
}
