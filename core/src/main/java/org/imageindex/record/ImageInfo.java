package org.imageindex.record;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the index derives from a record's image on insert.
 *
 * @param width     width as a viewer shows the image (after EXIF orientation), in pixels
 * @param height    height as a viewer shows the image, in pixels
 * @param format    the encoded format, e.g. {@code "jpeg"}
 * @param byteSize  size of the encoded image, in bytes
 * @param sha1      SHA-1 of the encoded bytes, lower-case hex
 * @param md5       MD5 of the encoded bytes, lower-case hex
 * @param pixelHash SHA-1 over the oriented size and the RGB values of the pixels as decoded for
 *                  signature extraction (at most about twice the working side): equal for the same
 *                  pixels in another lossless file, different after any change of a pixel there
 * @param phash     the perceptual hash, 16 lower-case hex digits
 */
public record ImageInfo(int width, int height, String format, long byteSize, String sha1, String md5, String pixelHash,
                        String phash) {

    private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern HEX16 = Pattern.compile("[0-9a-f]{16}");

    public ImageInfo {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("size must be >= 1x1, got: " + width + "x" + height);
        }
        Objects.requireNonNull(format, "format");
        if (byteSize < 0) {
            throw new IllegalArgumentException("byteSize must be >= 0, got: " + byteSize);
        }
        check("sha1", sha1, HEX40);
        check("md5", md5, HEX32);
        check("pixelHash", pixelHash, HEX40);
        check("phash", phash, HEX16);
    }

    private static void check(String name, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must match " + pattern.pattern() + ", got: " + value);
        }
    }
}
