package org.imageindex.query.yaml;

import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;

/**
 * The field names the YAML want/exclude rules read, and their types ({@link #SCHEMA}). Index an
 * image record under these names (through {@code FieldIndexer} with {@link #SCHEMA}) and every
 * rule of the dataset platform works. Each constant says which rules use it and what to store.
 */
public final class ImageRecordFields {

    /** Object labels of the record's annotated regions, one per region (duplicates harmless). {@code has}, {@code has_object}. */
    public static final String OBJECTS = "objects";
    /** The record's nature, e.g. "photo", "computer-3d-art". {@code nature}. */
    public static final String NATURE = "nature";
    /** Licence ids (SPDX or {@code X-…}). {@code licence}. */
    public static final String LICENCES = "licences";
    /** The author's username. {@code author}. */
    public static final String AUTHOR = "author";
    /** Title, matched by SQL {@code ILIKE} patterns; sorted case-insensitively. {@code title}, ordering {@code title-*}. */
    public static final String TITLE = "title";
    /** Description, matched by SQL {@code ILIKE} patterns. {@code description}. */
    public static final String DESCRIPTION = "description";
    /** The origin URL as given. Not read by a rule; kept for listings. */
    public static final String ORIGIN_URL = "origin_url";
    /** The origin URL without its {@code scheme://}; see {@link #stripProtocol}. {@code origin_url}. */
    public static final String ORIGIN_URL_NO_PROTOCOL = "origin_url_no_protocol";
    /** Width in pixels. {@code above_width}, {@code below_width}. */
    public static final String WIDTH = "width";
    /** Height in pixels. {@code above_height}, {@code below_height}. */
    public static final String HEIGHT = "height";
    /** Upload time. {@code before_date}, {@code after_date}, ordering {@code date-*}. */
    public static final String DATE = "date";
    /** Ids of the galleries holding the record. {@code in_gallery}. */
    public static final String GALLERIES = "galleries";
    /** Average star rating, 1 to 5; absent when unrated. {@code above_rating}, {@code below_rating}. */
    public static final String RATING = "rating";
    /** Number of ratings; absent counts as 0. {@code above_rating_count}, {@code below_rating_count}. */
    public static final String RATING_COUNT = "rating_count";
    /** Number of annotated regions; absent counts as 0. {@code above/below_region_count}, ordering {@code number-regions-*}. */
    public static final String REGION_COUNT = "region_count";
    /** Ids of the records this one is a copy of. {@code copied_from}. */
    public static final String COPIED_FROM = "copied_from";
    /** Id of the record this one replaces. Not read by a rule. */
    public static final String REPLACES = "replaces";
    /** Id of this record's replacement; present means obsolete. {@code include_obsolete}. */
    public static final String REPLACED_BY = "replaced_by";

    /** The types of all fields above. */
    public static final FieldTypes SCHEMA = FieldTypes.builder()
            .add(OBJECTS, FieldSpec.multi(FieldType.KEYWORD))
            .add(NATURE, FieldSpec.single(FieldType.KEYWORD))
            .add(LICENCES, FieldSpec.multi(FieldType.KEYWORD))
            .add(AUTHOR, FieldSpec.single(FieldType.KEYWORD))
            .add(TITLE, FieldSpec.single(FieldType.TEXT))
            .add(DESCRIPTION, FieldSpec.single(FieldType.TEXT))
            .add(ORIGIN_URL, FieldSpec.single(FieldType.KEYWORD))
            .add(ORIGIN_URL_NO_PROTOCOL, FieldSpec.single(FieldType.KEYWORD))
            .add(WIDTH, FieldSpec.single(FieldType.LONG))
            .add(HEIGHT, FieldSpec.single(FieldType.LONG))
            .add(DATE, FieldSpec.single(FieldType.DATE))
            .add(GALLERIES, FieldSpec.multi(FieldType.KEYWORD))
            .add(RATING, FieldSpec.single(FieldType.DOUBLE))
            .add(RATING_COUNT, FieldSpec.single(FieldType.LONG))
            .add(REGION_COUNT, FieldSpec.single(FieldType.LONG))
            .add(COPIED_FROM, FieldSpec.multi(FieldType.KEYWORD))
            .add(REPLACES, FieldSpec.single(FieldType.KEYWORD))
            .add(REPLACED_BY, FieldSpec.single(FieldType.KEYWORD))
            .build();

    private ImageRecordFields() {
    }

    /**
     * The URL without its scheme and {@code ://}: {@code https://commons.wikimedia.org/x} becomes
     * {@code commons.wikimedia.org/x}; text without a scheme is returned unchanged.
     */
    public static String stripProtocol(String url) {
        int sep = url.indexOf("://");
        if (sep > 0 && url.substring(0, sep).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
            return url.substring(sep + 3);
        }
        return url;
    }
}
