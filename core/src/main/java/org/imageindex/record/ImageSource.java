package org.imageindex.record;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a record's image comes from: a file, a URL (fetched over HTTP(S) with the index's
 * timeout and byte limit), bytes in memory, or base64 text (Ximilar's {@code _file},
 * {@code _url} and {@code _base64}).
 *
 * {@snippet :
 * ImageSource a = ImageSource.file(Path.of("photo.jpg"));
 * ImageSource b = ImageSource.url("https://example.org/photo.jpg");
 * ImageSource c = ImageSource.bytes(encoded);
 * }
 */
public sealed interface ImageSource {

    /**
     * The path or URL, kept with the record as its {@link RecordFields#ORIGIN}; empty for bytes
     * and base64.
     */
    Optional<String> origin();

    /** A file on the local file system. */
    static ImageSource file(Path path) {
        return new File(path);
    }

    /**
     * An {@code http} or {@code https} URL.
     *
     * @throws IllegalArgumentException if the text is not an absolute http(s) URL
     */
    static ImageSource url(String url) {
        Objects.requireNonNull(url, "url");
        try {
            return new Url(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url must be an absolute http or https URL, got: " + url, e);
        }
    }

    /** Encoded image bytes; the array is copied. */
    static ImageSource bytes(byte[] bytes) {
        return new Bytes(bytes);
    }

    /** Encoded image bytes as base64 text (standard alphabet, padding optional). */
    static ImageSource base64(String base64) {
        return new Base64(base64);
    }

    /** @param path the image file */
    record File(Path path) implements ImageSource {
        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public Optional<String> origin() {
            return Optional.of(path.toString());
        }
    }

    /** @param uri an absolute http or https URL */
    record Url(URI uri) implements ImageSource {
        public Url {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("url must be an absolute http or https URL, got: " + uri);
            }
        }

        @Override
        public Optional<String> origin() {
            return Optional.of(uri.toString());
        }
    }

    /** @param bytes the encoded image (copied in and out) */
    record Bytes(byte[] bytes) implements ImageSource {
        public Bytes {
            bytes = Objects.requireNonNull(bytes, "bytes").clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The size without copying. */
        public int length() {
            return bytes.length;
        }

        @Override
        public Optional<String> origin() {
            return Optional.empty();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes other && java.util.Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Bytes[" + bytes.length + " bytes]";
        }
    }

    /** @param text the encoded image as base64 */
    record Base64(String text) implements ImageSource {
        public Base64 {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public Optional<String> origin() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "Base64[" + text.length() + " chars]";
        }
    }
}
