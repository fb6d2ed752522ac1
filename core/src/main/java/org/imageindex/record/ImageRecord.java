package org.imageindex.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A record to insert: an image source and its metadata (R1). The index adds what it derives
 * from the image ({@link ImageInfo}, the signatures) and the modification time.
 *
 * {@snippet :
 * ImageRecord r = ImageRecord.builder()
 *         .id("sku-1")
 *         .source(ImageSource.file(Path.of("photo.jpg")))
 *         .name("Red chair")
 *         .tags("chair", "red")
 *         .attribute("price", 129.0)
 *         .attribute("exif.iso", 200)
 *         .build();
 * }
 *
 * @param id         the unique id, or null to have the index generate one (a random UUID)
 * @param source     where the image comes from
 * @param name       a human name, or null
 * @param tags       tags or keywords, duplicates removed, order kept
 * @param attributes free typed attributes
 * @param created    the creation time, or null for the time of insertion
 */
public record ImageRecord(String id, ImageSource source, String name, List<String> tags, Attributes attributes,
                          Instant created) {

    /**
     * 512 characters: ids are keys, not content; long enough for paths and URLs used as ids,
     * short enough that a term in the id field stays far below Lucene's 32 KB term limit.
     */
    public static final int MAX_ID_LENGTH = 512;

    public ImageRecord {
        if (id != null) {
            checkId(id);
        }
        Objects.requireNonNull(source, "source");
        tags = checkTags(tags);
        Objects.requireNonNull(attributes, "attributes");
        if (created != null) {
            created = truncated(created);
        }
    }

    /** A record with only an id (null to generate one) and an image. */
    public static ImageRecord of(String id, ImageSource source) {
        return new ImageRecord(id, source, null, List.of(), Attributes.empty(), null);
    }

    /** A record with an id, image, tags and attributes (paths or nested maps). */
    public static ImageRecord of(String id, ImageSource source, List<String> tags, Map<String, ?> attributes) {
        return new ImageRecord(id, source, null, tags, Attributes.of(attributes), null);
    }

    /** Starts an empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The id, if the caller chose one. */
    public Optional<String> optionalId() {
        return Optional.ofNullable(id);
    }

    /** Throws unless {@code id} can be a record id. */
    public static void checkId(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("id must have 1.." + MAX_ID_LENGTH + " characters, got " + id.length()
                    + " characters");
        }
        checkUnicode("id", id);
    }

    /**
     * Refuses a lone surrogate (a JSON escape of half a surrogate pair parses to one): Lucene would store it as
     * {@code ?}, so the record could never be found again under the id it was given.
     *
     * @param what the name of the value, for the message
     * @throws IllegalArgumentException naming {@code what} and where the lone surrogate is
     */
    public static void checkUnicode(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " must be valid Unicode text, got a lone surrogate \\u"
                        + Integer.toHexString(c) + " at character " + i);
            }
        }
    }

    static List<String> checkTags(List<String> tags) {
        Objects.requireNonNull(tags, "tags");
        LinkedHashSet<String> set = new LinkedHashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            String t = tags.get(i);
            if (t == null || t.isEmpty()) {
                throw new IllegalArgumentException("tags must be non-empty strings, got " + (t == null ? "null" : "\"\"")
                        + " at index " + i);
            }
            checkUnicode("tags[" + i + "]", t);
            set.add(t);
        }
        return List.copyOf(set);
    }

    /** Instants are kept to the millisecond, the precision dates are indexed and filtered at. */
    static Instant truncated(Instant t) {
        return Instant.ofEpochMilli(t.toEpochMilli());
    }

    /** Collects a record's parts; {@link #source} is required. */
    public static final class Builder {
        private String id;
        private ImageSource source;
        private String name;
        private final List<String> tags = new ArrayList<>();
        private Attributes attributes = Attributes.empty();
        private Instant created;

        private Builder() {
        }

        /** The unique id; not calling this lets the index generate one. */
        public Builder id(String id) {
            checkId(id);
            this.id = id;
            return this;
        }

        /** The image. */
        public Builder source(ImageSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** The name. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Adds tags. */
        public Builder tags(String... tags) {
            return tags(List.of(tags));
        }

        /** Adds tags. */
        public Builder tags(List<String> tags) {
            this.tags.addAll(checkTags(tags));
            return this;
        }

        /** Sets one attribute (a path, or a nested map under it). */
        public Builder attribute(String path, Object value) {
            this.attributes = attributes.with(path, value);
            return this;
        }

        /** Sets attributes. */
        public Builder attributes(Attributes attributes) {
            this.attributes = this.attributes.with(attributes);
            return this;
        }

        /** Sets attributes from paths or nested maps. */
        public Builder attributes(Map<String, ?> attributes) {
            return attributes(Attributes.of(attributes));
        }

        /** The creation time (kept to the millisecond); by default the time of insertion. */
        public Builder created(Instant created) {
            this.created = Objects.requireNonNull(created, "created");
            return this;
        }

        /**
         * The record.
         *
         * @throws IllegalStateException if no source was given
         */
        public ImageRecord build() {
            if (source == null) {
                throw new IllegalStateException("source is required: call source(ImageSource) before build()");
            }
            return new ImageRecord(id, source, name, tags, attributes, created);
        }
    }
}
