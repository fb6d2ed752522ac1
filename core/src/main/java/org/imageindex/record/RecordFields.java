package org.imageindex.record;

import java.util.Set;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;

/**
 * Names and types of the built-in fields every record has, as filters and sorts write them
 * ({@code {"width": {"$gte": 800}}}, {@code format:png}, sort by {@code created} desc). The
 * caller's attributes live beside them under their own dotted paths and may not take these
 * names.
 */
public final class RecordFields {

    /** The record's unique id (keyword). */
    public static final String ID = "id";
    /** The record's name (text: exact, word and case-insensitive substring filters). */
    public static final String NAME = "name";
    /** The record's tags or keywords (keyword, multi-valued). */
    public static final String TAGS = "tags";
    /** When the record was created (date); the caller's value or the insertion time. */
    public static final String CREATED = "created";
    /** When the record was last inserted or updated (date). */
    public static final String MODIFIED = "modified";
    /** Width in pixels as a viewer shows the image, after EXIF orientation (long). */
    public static final String WIDTH = "width";
    /** Height in pixels as a viewer shows the image (long). */
    public static final String HEIGHT = "height";
    /** The encoded format as the decoder names it, e.g. {@code jpeg}, {@code png} (keyword). */
    public static final String FORMAT = "format";
    /** Size of the encoded image in bytes (long). */
    public static final String SIZE = "size";
    /** SHA-1 of the encoded bytes, 40 lower-case hex digits (keyword): the same file. */
    public static final String SHA1 = "sha1";
    /** MD5 of the encoded bytes, 32 lower-case hex digits (keyword), as LTU MediaDB reports it. */
    public static final String MD5 = "md5";
    /**
     * SHA-1 of the decoded pixels, 40 hex digits (keyword): the same pixels in another file
     * (a PNG re-saved as BMP, other metadata); see {@link ImageInfo#pixelHash()}.
     */
    public static final String PIXEL_HASH = "pixel_hash";
    /** The 64-bit perceptual hash as 16 hex digits (keyword): exact lookups of a hash value. */
    public static final String PHASH = "phash";
    /** Where the image came from: the file path or URL given, absent for bytes (keyword). */
    public static final String ORIGIN = "origin";

    /** All built-in field names. */
    public static final Set<String> BUILT_IN = Set.of(ID, NAME, TAGS, CREATED, MODIFIED, WIDTH, HEIGHT, FORMAT, SIZE, SHA1,
            MD5, PIXEL_HASH, PHASH, ORIGIN);

    /**
     * Names no attribute may take: the built-in fields, and the parts a {@link FieldSelection}
     * names ({@code attributes}, {@code image}, {@code signatures}, {@code active}), so that a
     * selection is never ambiguous.
     */
    public static final Set<String> RESERVED = java.util.stream.Stream.concat(BUILT_IN.stream(),
            java.util.stream.Stream.of("attributes", "image", "signatures", "active")).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** The types of the built-in fields. */
    public static final FieldTypes SCHEMA = FieldTypes.builder()
            .add(ID, FieldSpec.single(FieldType.KEYWORD))
            .add(NAME, FieldSpec.single(FieldType.TEXT))
            .add(TAGS, FieldSpec.multi(FieldType.KEYWORD))
            .add(CREATED, FieldSpec.single(FieldType.DATE))
            .add(MODIFIED, FieldSpec.single(FieldType.DATE))
            .add(WIDTH, FieldSpec.single(FieldType.LONG))
            .add(HEIGHT, FieldSpec.single(FieldType.LONG))
            .add(FORMAT, FieldSpec.single(FieldType.KEYWORD))
            .add(SIZE, FieldSpec.single(FieldType.LONG))
            .add(SHA1, FieldSpec.single(FieldType.KEYWORD))
            .add(MD5, FieldSpec.single(FieldType.KEYWORD))
            .add(PIXEL_HASH, FieldSpec.single(FieldType.KEYWORD))
            .add(PHASH, FieldSpec.single(FieldType.KEYWORD))
            .add(ORIGIN, FieldSpec.single(FieldType.KEYWORD))
            .build();

    private RecordFields() {
    }
}
