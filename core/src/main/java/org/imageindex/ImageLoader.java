package org.imageindex;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Base64;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus;

/**
 * Reads a record's image into memory, never more than the decode byte limit: files are sized
 * before reading, URLs are fetched with a timeout and read until the limit is passed, base64 is
 * sized before decoding. Failures are {@link LoadException}s carrying the status to report.
 */
final class ImageLoader {

    private final long maxBytes;
    private final Duration timeout;
    private final HttpClient http;

    ImageLoader(long maxBytes, Duration timeout) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** A load failure and the status it means for the record. */
    static final class LoadException extends Exception {
        private static final long serialVersionUID = 1L;
        final RecordStatus.Code code;

        LoadException(RecordStatus.Code code, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
        }
    }

    byte[] load(ImageSource source) throws LoadException {
        return switch (source) {
            case ImageSource.File f -> file(f);
            case ImageSource.Url u -> url(u);
            case ImageSource.Bytes b -> {
                if (b.length() > maxBytes) {
                    throw tooLarge(b.length());
                }
                yield b.bytes();
            }
            case ImageSource.Base64 b -> {
                long estimate = (long) b.text().length() * 3 / 4;
                if (estimate > maxBytes + 2) {
                    throw tooLarge(estimate);
                }
                try {
                    yield Base64.getMimeDecoder().decode(b.text());
                } catch (IllegalArgumentException e) {
                    throw new LoadException(RecordStatus.Code.NOT_AN_IMAGE, "base64 text is malformed: " + e.getMessage(), e);
                }
            }
        };
    }

    private byte[] file(ImageSource.File f) throws LoadException {
        try {
            long size = Files.size(f.path());
            if (size > maxBytes) {
                throw tooLarge(size);
            }
            return Files.readAllBytes(f.path());
        } catch (NoSuchFileException e) {
            throw new LoadException(RecordStatus.Code.SOURCE_UNAVAILABLE, "file not found: " + f.path(), e);
        } catch (IOException e) {
            throw new LoadException(RecordStatus.Code.SOURCE_UNAVAILABLE, "file " + f.path() + " cannot be read: " + e, e);
        }
    }

    private byte[] url(ImageSource.Url u) throws LoadException {
        HttpRequest request = HttpRequest.newBuilder(u.uri()).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() / 100 != 2) {
                    throw new LoadException(RecordStatus.Code.SOURCE_UNAVAILABLE, "url " + u.uri() + " answered HTTP "
                            + response.statusCode(), null);
                }
                long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > maxBytes) {
                    throw tooLarge(declared);
                }
                byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
                if (bytes.length > maxBytes) {
                    throw new LoadException(RecordStatus.Code.TOO_LARGE, "url " + u.uri() + " sent more than maxBytes "
                            + maxBytes + " bytes", null);
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new LoadException(RecordStatus.Code.SOURCE_UNAVAILABLE, "url " + u.uri() + " cannot be fetched within "
                    + timeout + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadException(RecordStatus.Code.SOURCE_UNAVAILABLE, "fetching url " + u.uri() + " was interrupted", e);
        }
    }

    private LoadException tooLarge(long size) {
        return new LoadException(RecordStatus.Code.TOO_LARGE, "image has " + size + " bytes, more than maxBytes " + maxBytes, null);
    }
}
