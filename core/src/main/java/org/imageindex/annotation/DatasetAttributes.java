package org.imageindex.annotation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.imageindex.query.yaml.ImageRecordFields;
import org.imageindex.record.Attributes;

/**
 * The dataset platform's picture fields as record attributes, under the names
 * {@link ImageRecordFields} gives them and with the types its YAML rules read, so that every
 * rule works on records built with them. Use it on insert ({@code ImageRecord.Builder.attributes})
 * or in an update ({@code RecordUpdate}); annotations, ratings and replacements have their own
 * operations on {@link Annotations}.
 *
 * {@snippet :
 * Attributes a = DatasetAttributes.builder()
 *         .title("Cat and dog on the lawn").author("alice").nature("photo")
 *         .licences("CC-BY-4.0").originUrl("https://commons.wikimedia.org/wiki/File:x.jpg")
 *         .galleries("42")
 *         .build();
 * }
 *
 * <table>
 *   <caption>Fields, types and the rules that read them</caption>
 *   <tr><th>method</th><th>attribute (type)</th><th>rules</th></tr>
 *   <tr><td>{@link Builder#title}</td><td>{@code title} (text)</td><td>{@code title}, ordering {@code title-*}</td></tr>
 *   <tr><td>{@link Builder#description}</td><td>{@code description} (text)</td><td>{@code description}</td></tr>
 *   <tr><td>{@link Builder#author}</td><td>{@code author} (keyword)</td><td>{@code author}</td></tr>
 *   <tr><td>{@link Builder#nature}</td><td>{@code nature} (keyword)</td><td>{@code nature}</td></tr>
 *   <tr><td>{@link Builder#licences}</td><td>{@code licences} (keyword list)</td><td>{@code licence}</td></tr>
 *   <tr><td>{@link Builder#originUrl}</td><td>{@code origin_url}, {@code origin_url_no_protocol} (keyword)</td><td>{@code origin_url}</td></tr>
 *   <tr><td>{@link Builder#galleries}</td><td>{@code galleries} (keyword list)</td><td>{@code in_gallery}</td></tr>
 *   <tr><td>{@link Builder#rating}</td><td>{@code rating} (double), {@code rating_count} (long)</td><td>{@code above/below_rating(_count)}</td></tr>
 *   <tr><td>{@link Builder#copiedFrom}</td><td>{@code copied_from} (keyword list)</td><td>{@code copied_from}</td></tr>
 *   <tr><td>{@link Builder#replaces}, {@link Builder#replacedBy}</td><td>{@code replaces}, {@code replaced_by} (keyword)</td><td>{@code include_obsolete}</td></tr>
 * </table>
 * Width and height are the record's own ({@code width}, {@code height}), and the upload time is
 * its {@code created} time (set it with {@code ImageRecord.Builder.created}); {@code objects} and
 * {@code region_count} are written by {@link Annotations#set}.
 */
public final class DatasetAttributes {

    private DatasetAttributes() {
    }

    /** Starts an empty set of picture fields. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects picture fields; each setter validates its value. Not thread-safe. */
    public static final class Builder {
        private Attributes attributes = Attributes.empty();

        private Builder() {
        }

        /** The title (searched case-insensitively by substring). */
        public Builder title(String title) {
            return put(ImageRecordFields.TITLE, nonBlank("title", title));
        }

        /** The description (searched case-insensitively by substring). */
        public Builder description(String description) {
            return put(ImageRecordFields.DESCRIPTION, nonBlank("description", description));
        }

        /** The author's username. */
        public Builder author(String username) {
            return put(ImageRecordFields.AUTHOR, nonBlank("author", username));
        }

        /** The nature, e.g. {@code photo}, {@code computer-3d-art}. */
        public Builder nature(String nature) {
            return put(ImageRecordFields.NATURE, nonBlank("nature", nature));
        }

        /** Licence ids: SPDX identifiers, non-standard ones prefixed with {@code X-}. */
        public Builder licences(String... licenceIds) {
            return put(ImageRecordFields.LICENCES, list("licences", licenceIds));
        }

        /**
         * The origin URL; also stores it without its protocol, which the {@code origin_url} rule
         * matches by prefix ({@code commons.wikimedia.org}).
         */
        public Builder originUrl(String url) {
            nonBlank("originUrl", url);
            put(ImageRecordFields.ORIGIN_URL, url);
            return put(ImageRecordFields.ORIGIN_URL_NO_PROTOCOL, ImageRecordFields.stripProtocol(url));
        }

        /** The ids of the galleries holding the picture. */
        public Builder galleries(String... galleryIds) {
            return put(ImageRecordFields.GALLERIES, list("galleries", galleryIds));
        }

        /**
         * The average star rating and how many ratings it averages.
         *
         * @throws IllegalArgumentException if {@code average} is outside [1, 5] or {@code count} below 1
         */
        public Builder rating(double average, long count) {
            if (!(average >= Annotations.MIN_STARS && average <= Annotations.MAX_STARS)) {
                throw new IllegalArgumentException("rating average must be in [" + Annotations.MIN_STARS + ", "
                        + Annotations.MAX_STARS + "], got: " + average);
            }
            if (count < 1) {
                throw new IllegalArgumentException("rating count must be >= 1 when there is an average, got: " + count);
            }
            put(ImageRecordFields.RATING, average);
            return put(ImageRecordFields.RATING_COUNT, count);
        }

        /** The ids of the pictures this one is a copy of. */
        public Builder copiedFrom(String... recordIds) {
            return put(ImageRecordFields.COPIED_FROM, list("copiedFrom", recordIds));
        }

        /** The id of the picture this one replaces. */
        public Builder replaces(String recordId) {
            return put(ImageRecordFields.REPLACES, nonBlank("replaces", recordId));
        }

        /** The id of this picture's replacement: the picture is obsolete, hidden unless {@code include_obsolete}. */
        public Builder replacedBy(String recordId) {
            return put(ImageRecordFields.REPLACED_BY, nonBlank("replacedBy", recordId));
        }

        /** The attributes. */
        public Attributes build() {
            return attributes;
        }

        private Builder put(String path, Object value) {
            attributes = attributes.with(path, value);
            return this;
        }

        private static String nonBlank(String name, String value) {
            Objects.requireNonNull(value, name);
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank, got: \"" + value + "\"");
            }
            return value;
        }

        private static List<String> list(String name, String[] values) {
            if (values.length == 0) {
                throw new IllegalArgumentException(name + " must hold at least one value, got none");
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                out.add(nonBlank(name + "[" + i + "]", values[i]));
            }
            return List.copyOf(out);
        }
    }
}
