package org.imageindex.record;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.imageindex.signatures.ImageSignatures;

/**
 * A record as the index holds it, with the parts a {@link FieldSelection} asked for. Parts not
 * selected are null (name, origin, image, signatures, created, modified) or empty (tags,
 * attributes); {@link #selection()} tells which.
 *
 * @param id         the unique id
 * @param name       the name, or null
 * @param tags       the tags
 * @param attributes the attributes (only the selected paths when the selection names some)
 * @param created    creation time
 * @param modified   time of the last insert or update
 * @param origin     the file path or URL the image came from, or null
 * @param image      what was derived from the image
 * @param active     false when the record is deactivated (soft-deleted); such records are hidden
 *                   from search, listing and counts until restored
 * @param signatures the signatures, only when {@link FieldSelection#SIGNATURES} is selected
 * @param selection  which parts were asked for
 */
public record StoredRecord(String id, String name, List<String> tags, Attributes attributes, Instant created,
                           Instant modified, String origin, ImageInfo image, boolean active, ImageSignatures signatures,
                           FieldSelection selection) {

    public StoredRecord {
        Objects.requireNonNull(id, "id");
        tags = List.copyOf(tags);
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(selection, "selection");
    }

    /** The name, if there is one and it was selected. */
    public Optional<String> optionalName() {
        return Optional.ofNullable(name);
    }

    /** The origin, if there is one and it was selected. */
    public Optional<String> optionalOrigin() {
        return Optional.ofNullable(origin);
    }

    /** The signatures, if selected. */
    public Optional<ImageSignatures> optionalSignatures() {
        return Optional.ofNullable(signatures);
    }
}
