package org.imageindex.search;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.imageindex.record.ImageSource;

/**
 * What a search compares the index with: a stored record (by id), an image whose signatures are
 * extracted on the fly (file, URL, bytes, base64 or raster), a vector given as is, or colours
 * given as text.
 *
 * {@snippet :
 * SearchQuery.id("11959");
 * SearchQuery.image(ImageSource.file(Path.of("query.jpg")));
 * SearchQuery.colors("#c0392b 60 %, #ffffff 40 %");   // colour searches only
 * }
 */
public sealed interface SearchQuery {

    /** The stored record with this id; searching by a deactivated or unknown id is refused. */
    record ById(String id) implements SearchQuery {
        public ById {
            Objects.requireNonNull(id, "id");
        }
    }

    /** An image read and extracted on the fly, with the index's decode limits. */
    record ByImage(ImageSource source) implements SearchQuery {
        public ByImage {
            Objects.requireNonNull(source, "source");
        }
    }

    /** An image already decoded. */
    record ByRaster(BufferedImage image) implements SearchQuery {
        public ByRaster {
            Objects.requireNonNull(image, "image");
        }
    }

    /** A vector of the searched signature's dimension (unit length for dot-product signatures). */
    record ByVector(float[] vector) implements SearchQuery {
        public ByVector {
            Objects.requireNonNull(vector, "vector");
            vector = vector.clone();
        }

        @Override
        public float[] vector() {
            return vector.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByVector v && Arrays.equals(vector, v.vector);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(vector);
        }

        @Override
        public String toString() {
            return "ByVector[" + vector.length + " floats]";
        }
    }

    /**
     * Colours in the palette syntax, e.g. {@code "#c0392b 60 %, #ffffff 40 %"}: the vector of an
     * image made of exactly these colours. Only for {@link VectorSignature#COLOR}.
     */
    record ByColors(String colors) implements SearchQuery {
        public ByColors {
            Objects.requireNonNull(colors, "colors");
        }
    }

    /** The stored record {@code id}. */
    static SearchQuery id(String id) {
        return new ById(id);
    }

    /** An image from a file, URL, bytes or base64. */
    static SearchQuery image(ImageSource source) {
        return new ByImage(source);
    }

    /** An image file. */
    static SearchQuery image(Path file) {
        return new ByImage(ImageSource.file(file));
    }

    /** Encoded image bytes. */
    static SearchQuery image(byte[] encoded) {
        return new ByImage(ImageSource.bytes(encoded));
    }

    /** A decoded image. */
    static SearchQuery raster(BufferedImage image) {
        return new ByRaster(image);
    }

    /** A vector (copied). */
    static SearchQuery vector(float[] vector) {
        return new ByVector(vector);
    }

    /** Colours as text, for colour searches. */
    static SearchQuery colors(String colors) {
        return new ByColors(colors);
    }
}
