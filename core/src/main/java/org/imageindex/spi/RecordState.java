package org.imageindex.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.imageindex.record.Attributes;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageInfo;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.ImageSignatures;

/**
 * Everything the index keeps about one record: the metadata (stored as {@link RecordCodecV1}
 * bytes), the derived image facts and, when loaded, the signatures. Documents are built from it
 * ({@link RecordDocuments#build}) and read back into it, so an update rewrites a record from its
 * stored state without the image.
 *
 * @param signatures null when not loaded
 */
public record RecordState(String id, String name, List<String> tags, Attributes attributes, Instant created, Instant modified,
                   String origin, ImageInfo image, boolean active, ImageSignatures signatures) {

    public RecordState {
        Objects.requireNonNull(id, "id");
        tags = List.copyOf(tags);
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(image, "image");
    }

    public RecordState withMetadata(String newName, List<String> newTags, Attributes newAttributes, Instant newModified) {
        return new RecordState(id, newName, newTags, newAttributes, created, newModified, origin, image, active, signatures);
    }

    public RecordState withActive(boolean newActive, Instant newModified) {
        return new RecordState(id, name, tags, attributes, created, newModified, origin, image, newActive, signatures);
    }

    /** The public view with the selected parts. */
    public StoredRecord view(FieldSelection sel) {
        List<String> paths = sel.attributePaths();
        Attributes attrs = sel.includes(FieldSelection.ATTRIBUTES) ? attributes
                : paths.isEmpty() ? Attributes.empty() : attributes.select(paths);
        return new StoredRecord(id,
                sel.includes(FieldSelection.NAME) ? name : null,
                sel.includes(FieldSelection.TAGS) ? tags : List.of(),
                attrs,
                sel.includes(FieldSelection.CREATED) ? created : null,
                sel.includes(FieldSelection.MODIFIED) ? modified : null,
                sel.includes(FieldSelection.ORIGIN) ? origin : null,
                sel.includes(FieldSelection.IMAGE) ? image : null,
                active,
                sel.includes(FieldSelection.SIGNATURES) ? signatures : null,
                sel);
    }
}
