package org.imageindex.query.rokka;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How rokka's source-image fields (seed 004) map onto the fields imageindex stores, and how its
 * values are spelled. rokka filters and sorts by {@code hash}, {@code binaryhash}, {@code size},
 * {@code format}, {@code width}, {@code height}, {@code created} and {@code name}, and by user
 * metadata written {@code user:<type>:<name>}; user metadata is an attribute stored under its
 * plain name ({@code user:int:my_integer_field} reads the attribute {@code my_integer_field}).
 */
public final class RokkaFields {

    /**
     * rokka field name to stored field. {@code hash} identifies a source image (it is the last
     * part of the image's link), as a record's {@code id} does; {@code binaryhash} is the SHA-1 of
     * the file's bytes, which imageindex stores as {@code sha1}. The others keep their names.
     */
    public static final Map<String, String> BUILT_IN = Map.of(
            "hash", "id",
            "binaryhash", "sha1",
            "size", "size",
            "format", "format",
            "width", "width",
            "height", "height",
            "created", "created",
            "name", "name");

    /** rokka's field names in the order its documentation lists them, for messages. */
    static final List<String> BUILT_IN_ORDER = List.of("hash", "binaryhash", "size", "format", "width", "height",
            "created", "name");

    /** Stored format name (the decoder's) to rokka's spelling, the file extension: a JPEG is "jpg". */
    private static final Map<String, String> EXTENSIONS = Map.of("jpeg", "jpg", "tiff", "tif");

    private RokkaFields() {
    }

    /**
     * The format as rokka answers it, the file extension: {@code jpeg} becomes {@code jpg},
     * {@code tiff} becomes {@code tif}; other names (png, gif, webp, bmp) are unchanged.
     */
    public static String rokkaFormat(String storedFormat) {
        Objects.requireNonNull(storedFormat, "storedFormat");
        return EXTENSIONS.getOrDefault(storedFormat.toLowerCase(Locale.ROOT), storedFormat);
    }

    /**
     * Every stored spelling a format value a user writes can stand for: {@code jpg} and
     * {@code jpeg} both find JPEGs, whichever of the two the index holds.
     */
    public static List<String> storedFormats(String format) {
        Objects.requireNonNull(format, "format");
        for (Map.Entry<String, String> e : EXTENSIONS.entrySet()) {
            if (e.getKey().equals(format) || e.getValue().equals(format)) {
                return List.of(e.getKey(), e.getValue());
            }
        }
        return List.of(format);
    }
}
