package org.imageindex;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus;

/**
 * Reads a record's image into memory, never more than the decode byte limit, under the index's
 * source policy. Failures are {@link LoadException}s carrying the status to report; a refusal by
 * the policy is {@link RecordStatus.Code#SOURCE_UNAVAILABLE} with a reason starting "refused".
 *
 * <p><b>URLs.</b> Only {@code http} and {@code https}. Every address the host resolves to is
 * checked before connecting: loopback, link-local, site-local (private), any-local, multicast,
 * carrier-grade NAT ({@code 100.64.0.0/10}), "this network" ({@code 0.0.0.0/8}) and unique-local
 * IPv6 ({@code fc00::/7}) addresses are refused unless {@link Policy#allowPrivateNetworks}.
 * Redirects are followed here, not by the HTTP client: at most {@link Policy#maxRedirects}, each
 * target checked again (scheme and addresses). The connection is bounded by the timeout, the
 * response headers by the timeout, and the body by the timeout again; the body is read only up to
 * the byte limit.
 *
 * <p><b>DNS rebinding.</b> The check resolves the host, then the HTTP client resolves it again to
 * connect. A name whose answers change between the two could pass with a public address and
 * connect to a private one. The JVM caches successful lookups ({@code networkaddress.cache.ttl},
 * 30 s by default), so the client's lookup normally returns the answer checked; an application
 * that sets that cache to 0, or must rule the race out entirely, should send image fetches
 * through an egress proxy that enforces the same rules.
 *
 * <p><b>Files.</b> Only regular files (not devices or pipes), read as a stream up to the limit.
 * With {@link Policy#fileRoots} set, a path is accepted only if it has no {@code ..} element and
 * its real path (symbolic links resolved) lies under a root's real path; the real path is then
 * opened without following a final link. Without roots any path is read: the embedding
 * application is trusted to pass only paths it means.
 */
final class ImageLoader {

    /**
     * What sources an index may read.
     *
     * @param allowPrivateNetworks true to fetch from loopback, private, link-local and other
     *                             non-public addresses
     * @param maxRedirects         most redirects followed per URL
     * @param fileRoots            directories file sources must lie under; empty for any path
     * @param treatedAsPublic      addresses judged public whatever their kind: empty outside tests,
     *                             which use it to play a public server on 127.0.0.1
     */
    record Policy(boolean allowPrivateNetworks, int maxRedirects, List<Path> fileRoots, java.util.Set<InetAddress> treatedAsPublic) {
        Policy {
            fileRoots = List.copyOf(fileRoots);
            treatedAsPublic = java.util.Set.copyOf(treatedAsPublic);
        }
    }

    private final long maxBytes;
    private final Duration timeout;
    private final Policy policy;
    private final HttpClient http;

    ImageLoader(long maxBytes, Duration timeout, Policy policy) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
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

    // ---- files --------------------------------------------------------------------------

    private byte[] file(ImageSource.File f) throws LoadException {
        Path path = f.path();
        try {
            Path target = policy.fileRoots().isEmpty() ? path : underRoot(path);
            if (!Files.isRegularFile(target)) {
                if (!Files.exists(target)) {
                    throw new NoSuchFileException(path.toString());
                }
                throw refused("file " + path + " is not a regular file");
            }
            long size = Files.size(target);
            if (size > maxBytes) {
                throw tooLarge(size);
            }
            try (InputStream in = policy.fileRoots().isEmpty() ? Files.newInputStream(target)
                    : Files.newInputStream(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                return capped(in, "file " + path);
            }
        } catch (NoSuchFileException e) {
            throw new LoadException(RecordStatus.Code.SOURCE_UNAVAILABLE, "file not found: " + path, e);
        } catch (IOException e) {
            throw new LoadException(RecordStatus.Code.SOURCE_UNAVAILABLE, "file " + path + " cannot be read: " + e, e);
        }
    }

    /** The real path of {@code path} if it lies under a file root; refuses it otherwise. */
    private Path underRoot(Path path) throws IOException, LoadException {
        for (Path element : path) {
            if (element.toString().equals("..")) {
                throw refused("file " + path + " contains '..'; file sources must lie under the fileRoots " + policy.fileRoots());
            }
        }
        Path real = path.toAbsolutePath().toRealPath();
        for (Path root : policy.fileRoots()) {
            Path realRoot;
            try {
                realRoot = root.toAbsolutePath().toRealPath();
            } catch (IOException e) {
                continue; // a root that does not exist holds nothing
            }
            if (real.startsWith(realRoot)) {
                return real;
            }
        }
        throw refused("file " + path + " resolves to " + real + ", outside the fileRoots " + policy.fileRoots());
    }

    // ---- URLs ---------------------------------------------------------------------------

    private byte[] url(ImageSource.Url u) throws LoadException {
        URI uri = u.uri();
        for (int hop = 0; ; hop++) {
            checkUri(uri, u.uri(), hop);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            HttpResponse<InputStream> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new LoadException(RecordStatus.Code.SOURCE_UNAVAILABLE, "url " + uri + " cannot be fetched within "
                        + timeout + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoadException(RecordStatus.Code.SOURCE_UNAVAILABLE, "fetching url " + uri + " was interrupted", e);
            }
            try (InputStream in = response.body()) {
                int status = response.statusCode();
                if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                    Optional<String> location = response.headers().firstValue("Location");
                    if (location.isEmpty()) {
                        throw new LoadException(RecordStatus.Code.SOURCE_UNAVAILABLE, "url " + uri + " answered HTTP " + status
                                + " without a Location", null);
                    }
                    if (hop >= policy.maxRedirects()) {
                        throw refused("url " + u.uri() + " redirects more than maxRedirects " + policy.maxRedirects() + " times");
                    }
                    uri = redirectTarget(uri, location.get());
                    continue;
                }
                if (status / 100 != 2) {
                    throw new LoadException(RecordStatus.Code.SOURCE_UNAVAILABLE, "url " + uri + " answered HTTP " + status, null);
                }
                long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > maxBytes) {
                    throw tooLarge(declared);
                }
                return body(in, uri);
            } catch (IOException e) {
                throw new LoadException(RecordStatus.Code.SOURCE_UNAVAILABLE, "url " + uri + " cannot be read: " + e, e);
            }
        }
    }

    /** Reads the body up to the byte limit; a body still arriving after the timeout is cut off. */
    private byte[] body(InputStream in, URI uri) throws LoadException, IOException {
        CompletableFuture<Void> deadline = new CompletableFuture<>();
        deadline.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenRun(() -> closeQuietly(in));
        try {
            return capped(in, "url " + uri);
        } catch (IOException e) {
            if (deadline.isDone()) {
                throw new LoadException(RecordStatus.Code.SOURCE_UNAVAILABLE, "url " + uri + " did not send its body within "
                        + timeout, e);
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing only to unblock the reader; its read reports the failure
        }
    }

    private URI redirectTarget(URI from, String location) throws LoadException {
        try {
            return from.resolve(new URI(location.trim()));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new LoadException(RecordStatus.Code.SOURCE_UNAVAILABLE, "url " + from + " redirects to a malformed location: "
                    + location, e);
        }
    }

    /** Refuses a URL (the original or a redirect's target) whose scheme or addresses the policy forbids. */
    private void checkUri(URI uri, URI original, int hop) throws LoadException {
        String via = hop == 0 ? "" : " (redirect " + hop + " from " + original + ")";
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused("url " + uri + via + " has scheme '" + scheme + "'; only http and https are fetched");
        }
        String host = uri.getHost();
        if (host == null) {
            throw refused("url " + uri + via + " has no host");
        }
        if (policy.allowPrivateNetworks()) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new LoadException(RecordStatus.Code.SOURCE_UNAVAILABLE, "url " + uri + via + ": host " + host + " is unknown", e);
        }
        for (InetAddress a : addresses) {
            Optional<String> kind = policy.treatedAsPublic().contains(a) ? Optional.empty() : nonPublic(a);
            if (kind.isPresent()) {
                throw refused("url " + uri + via + ": host " + host + " resolves to " + a.getHostAddress() + ", a " + kind.get()
                        + " address; allowPrivateNetworks is off");
            }
        }
    }

    /**
     * What kind of non-public address {@code a} is, or empty for a public one. IPv4 addresses
     * embedded in IPv6 (compatible or mapped) are judged as IPv4.
     */
    static Optional<String> nonPublic(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            if (v6.isIPv4CompatibleAddress() && !v6.isAnyLocalAddress() && !v6.isLoopbackAddress()) {
                try {
                    return nonPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("four bytes are always an IPv4 address", e);
                }
            }
            if ((b[0] & 0xFE) == 0xFC) {
                return Optional.of("unique-local");
            }
        }
        if (a.isAnyLocalAddress()) {
            return Optional.of("any-local");
        }
        if (a.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (a.isSiteLocalAddress()) {
            return Optional.of("site-local (private)");
        }
        if (a.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        if (a instanceof Inet4Address) {
            byte[] b = a.getAddress();
            int first = b[0] & 0xFF;
            if (first == 0) {
                return Optional.of("\"this network\" (0.0.0.0/8)");
            }
            if (first == 100 && (b[1] & 0xC0) == 64) {
                return Optional.of("shared (carrier-grade NAT, 100.64.0.0/10)");
            }
        }
        return Optional.empty();
    }

    // ---- common -------------------------------------------------------------------------

    private byte[] capped(InputStream in, String what) throws IOException, LoadException {
        byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > maxBytes) {
            throw new LoadException(RecordStatus.Code.TOO_LARGE, what + " has more than maxBytes " + maxBytes + " bytes", null);
        }
        return bytes;
    }

    private static LoadException refused(String message) {
        return new LoadException(RecordStatus.Code.SOURCE_UNAVAILABLE, "refused: " + message, null);
    }

    private LoadException tooLarge(long size) {
        return new LoadException(RecordStatus.Code.TOO_LARGE, "image has " + size + " bytes, more than maxBytes " + maxBytes, null);
    }
}
