package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.imageindex.record.BatchResult;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.signatures.decode.DecodeLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, URL and file sources: what a record's source may reach, against a local HTTP server on
 * 127.0.0.1. Private addresses other than loopback are only classified, never connected to.
 */
class SourcePolicyTest {

    private static final byte[] IMAGE = TestImages.synthetic(7, 64, 48);
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static HttpServer server;
    private static String base;
    private static int port;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "source-policy-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", SourcePolicyTest::handle);
        server.start();
        port = server.getAddress().getPort();
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void handle(HttpExchange x) throws IOException {
        REQUESTS.incrementAndGet();
        String path = x.getRequestURI().getPath();
        try (x) {
            if (path.equals("/img")) {
                send(x, 200, IMAGE);
            } else if (path.startsWith("/r/")) { // /r/n redirects n times on its way to /img
                int n = Integer.parseInt(path.substring(3));
                redirect(x, n == 1 ? "/img" : "/r/" + (n - 1));
            } else if (path.equals("/to-other-loopback")) {
                redirect(x, "http://127.0.0.2:" + port + "/img");
            } else if (path.equals("/to-ipv6-loopback")) {
                redirect(x, "http://[::1]:" + port + "/img");
            } else if (path.equals("/to-private")) {
                redirect(x, "http://10.0.0.1/img");
            } else if (path.equals("/to-file")) {
                redirect(x, "file:///etc/passwd");
            } else if (path.equals("/to-ftp")) {
                redirect(x, "ftp://127.0.0.1/img");
            } else if (path.equals("/slow-headers")) {
                sleep(5000);
                send(x, 200, IMAGE);
            } else if (path.equals("/slow-body")) {
                x.sendResponseHeaders(200, 0);
                OutputStream out = x.getResponseBody();
                for (int i = 0; i < 100; i++) {
                    out.write(IMAGE[i]);
                    out.flush();
                    sleep(100);
                }
            } else if (path.equals("/endless")) {
                x.sendResponseHeaders(200, 0);
                OutputStream out = x.getResponseBody();
                byte[] chunk = new byte[16 * 1024];
                for (long sent = 0; sent < (1L << 30); sent += chunk.length) {
                    out.write(chunk);
                }
            } else if (path.equals("/text")) {
                send(x, 200, "<html>not an image</html>".getBytes(StandardCharsets.UTF_8));
            } else {
                send(x, 404, "no such image".getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the client hung up (timeout or size cap): what the test is about
        }
    }

    private static void send(HttpExchange x, int status, byte[] body) throws IOException {
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
    }

    private static void redirect(HttpExchange x, String location) throws IOException {
        x.getResponseHeaders().add("Location", location);
        x.sendResponseHeaders(302, -1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Loads each URL into an index playing 127.0.0.1 as a public host, and returns the statuses. */
    private static List<RecordStatus> fetch(ImageIndex.Builder builder, String... urls) {
        List<ImageRecord> records = new ArrayList<>();
        for (int i = 0; i < urls.length; i++) {
            records.add(ImageRecord.builder().id("u" + i).source(ImageSource.url(urls[i])).build());
        }
        try (ImageIndex index = builder.extractionThreads(2).commitInterval(Duration.ZERO).inMemory()) {
            BatchResult r = index.insert(records);
            return r.statuses();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ImageIndex.Builder playingPublic() throws IOException {
        return ImageIndex.builder().treatedAsPublic(Set.of(InetAddress.getByName("127.0.0.1")));
    }

    private static void assertStatus(RecordStatus s, Code code, String... reasonParts) {
        assertEquals(code, s.code(), s.toString());
        for (String part : reasonParts) {
            assertTrue(s.reason().contains(part), "reason of " + s + " lacks '" + part + "'");
        }
    }

    @Test
    void loopbackIsRefusedByDefaultWithoutConnecting() {
        int before = REQUESTS.get();
        List<RecordStatus> s = fetch(ImageIndex.builder(), base + "/img", "http://localhost:" + port + "/img",
                "http://[::1]:" + port + "/img");
        assertStatus(s.get(0), Code.SOURCE_UNAVAILABLE, "refused: url " + base + "/img: host 127.0.0.1 resolves to 127.0.0.1, a loopback address; allowPrivateNetworks is off");
        assertStatus(s.get(1), Code.SOURCE_UNAVAILABLE, "refused:", "host localhost resolves to", "a loopback address");
        assertStatus(s.get(2), Code.SOURCE_UNAVAILABLE, "refused:", "a loopback address");
        assertEquals(before, REQUESTS.get(), "a refused URL must not be requested");
    }

    @Test
    void allowPrivateNetworksFetchesFromLoopback() {
        List<RecordStatus> s = fetch(ImageIndex.builder().allowPrivateNetworks(true), base + "/img", base + "/r/3");
        assertStatus(s.get(0), Code.INSERTED);
        assertStatus(s.get(1), Code.INSERTED);
    }

    @Test
    void redirectsAreFollowedUpToTheLimitAndEachHopIsChecked() throws IOException {
        List<RecordStatus> s = fetch(playingPublic(), base + "/r/3", base + "/r/4", base + "/to-other-loopback",
                base + "/to-ipv6-loopback", base + "/to-private", base + "/to-file", base + "/to-ftp");
        assertStatus(s.get(0), Code.INSERTED);
        assertStatus(s.get(1), Code.SOURCE_UNAVAILABLE, "refused: url " + base + "/r/4 redirects more than maxRedirects 3 times");
        assertStatus(s.get(2), Code.SOURCE_UNAVAILABLE, "refused: url http://127.0.0.2:" + port + "/img (redirect 1 from " + base
                + "/to-other-loopback): host 127.0.0.2 resolves to 127.0.0.2, a loopback address");
        assertStatus(s.get(3), Code.SOURCE_UNAVAILABLE, "refused:", "(redirect 1 from", "a loopback address");
        assertStatus(s.get(4), Code.SOURCE_UNAVAILABLE, "refused: url http://10.0.0.1/img (redirect 1 from " + base
                + "/to-private): host 10.0.0.1 resolves to 10.0.0.1, a site-local (private) address");
        assertStatus(s.get(5), Code.SOURCE_UNAVAILABLE, "refused: url file:///etc/passwd (redirect 1 from " + base
                + "/to-file) has scheme 'file'; only http and https are fetched");
        assertStatus(s.get(6), Code.SOURCE_UNAVAILABLE, "has scheme 'ftp'; only http and https are fetched");
        List<RecordStatus> none = fetch(playingPublic().maxRedirects(0), base + "/r/1");
        assertStatus(none.get(0), Code.SOURCE_UNAVAILABLE, "redirects more than maxRedirects 0 times");
    }

    @Test
    void slowServersTimeOut() throws IOException {
        long start = System.nanoTime();
        List<RecordStatus> s = fetch(playingPublic().urlTimeout(Duration.ofMillis(500)), base + "/slow-headers", base + "/slow-body");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertStatus(s.get(0), Code.SOURCE_UNAVAILABLE, "url " + base + "/slow-headers cannot be fetched within PT0.5S");
        assertStatus(s.get(1), Code.SOURCE_UNAVAILABLE, "url " + base + "/slow-body did not send its body within PT0.5S");
        assertTrue(ms < 4000, "two 0.5 s timeouts on two threads took " + ms + " ms");
    }

    @Test
    void endlessBodiesStopAtTheByteLimit() throws IOException {
        List<RecordStatus> s = fetch(playingPublic().decodeLimits(DecodeLimits.DEFAULT.withMaxBytes(1 << 20)), base + "/endless");
        assertStatus(s.get(0), Code.TOO_LARGE, "url " + base + "/endless has more than maxBytes 1048576 bytes");
    }

    @Test
    void httpErrorsAndNonImagesGetTheirStatus() throws IOException {
        List<RecordStatus> s = fetch(playingPublic(), base + "/missing", base + "/text");
        assertStatus(s.get(0), Code.SOURCE_UNAVAILABLE, "url " + base + "/missing answered HTTP 404");
        assertStatus(s.get(1), Code.NOT_AN_IMAGE);
    }

    @Test
    void nonPublicAddressesAreClassified() throws IOException {
        String[][] cases = {
            {"127.0.0.1", "loopback"}, {"127.8.9.10", "loopback"}, {"::1", "loopback"},
            {"169.254.169.254", "link-local"}, {"fe80::1", "link-local"},
            {"10.0.0.1", "site-local (private)"}, {"172.16.5.4", "site-local (private)"}, {"192.168.1.1", "site-local (private)"},
            {"fec0::1", "site-local (private)"},
            {"0.0.0.0", "any-local"}, {"::", "any-local"}, {"0.1.2.3", "\"this network\" (0.0.0.0/8)"},
            {"224.0.0.1", "multicast"}, {"ff02::1", "multicast"},
            {"fc00::1", "unique-local"}, {"fd12:3456::1", "unique-local"},
            {"100.64.0.1", "shared (carrier-grade NAT, 100.64.0.0/10)"},
            {"::ffff:10.1.2.3", "site-local (private)"}, {"::ffff:127.0.0.1", "loopback"}, {"::192.168.0.1", "site-local (private)"},
        };
        for (String[] c : cases) {
            assertEquals(Optional.of(c[1]), ImageLoader.nonPublic(InetAddress.getByName(c[0])), c[0]);
        }
        for (String pub : List.of("8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888", "::8.8.8.8")) {
            assertEquals(Optional.empty(), ImageLoader.nonPublic(InetAddress.getByName(pub)), pub);
        }
    }

    @Test
    void fileSourcesStayUnderTheirRoots() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.write(root.resolve("in.png"), IMAGE);
        Files.createDirectories(root.resolve("sub"));
        Files.write(outside.resolve("secret.png"), IMAGE);
        Files.createSymbolicLink(root.resolve("link.png"), outside.resolve("secret.png"));
        Files.createSymbolicLink(root.resolve("linkdir"), outside);
        List<ImageSource> sources = List.of(
                ImageSource.file(root.resolve("in.png")),
                ImageSource.file(root.resolve("sub/../in.png")),
                ImageSource.file(root.resolve("../outside/secret.png")),
                ImageSource.file(outside.resolve("secret.png")),
                ImageSource.file(root.resolve("link.png")),
                ImageSource.file(root.resolve("linkdir/secret.png")),
                ImageSource.file(root.resolve("absent.png")));
        List<RecordStatus> s = insert(ImageIndex.builder().fileRoots(List.of(root)), sources);
        assertStatus(s.get(0), Code.INSERTED);
        assertStatus(s.get(1), Code.SOURCE_UNAVAILABLE, "refused: file " + root.resolve("sub/../in.png") + " contains '..'");
        assertStatus(s.get(2), Code.SOURCE_UNAVAILABLE, "refused:", "contains '..'");
        assertStatus(s.get(3), Code.SOURCE_UNAVAILABLE, "refused: file " + outside.resolve("secret.png") + " resolves to",
                "outside the fileRoots");
        assertStatus(s.get(4), Code.SOURCE_UNAVAILABLE, "refused: file " + root.resolve("link.png") + " resolves to "
                + outside.toRealPath().resolve("secret.png") + ", outside the fileRoots");
        assertStatus(s.get(5), Code.SOURCE_UNAVAILABLE, "refused:", "outside the fileRoots");
        assertStatus(s.get(6), Code.SOURCE_UNAVAILABLE, "file not found: " + root.resolve("absent.png"));
        // Without roots the embedding application is trusted: any regular file is read, links included.
        List<RecordStatus> open = insert(ImageIndex.builder(), List.of(ImageSource.file(root.resolve("link.png")),
                ImageSource.file(outside.resolve("secret.png"))));
        assertStatus(open.get(0), Code.INSERTED);
        assertStatus(open.get(1), Code.INSERTED);
    }

    @Test
    void devicesAndPipesAreNotRead() {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "needs /dev/zero");
        List<RecordStatus> s = insert(ImageIndex.builder(), List.of(ImageSource.file(zero)));
        assertStatus(s.get(0), Code.SOURCE_UNAVAILABLE, "refused: file /dev/zero is not a regular file");
    }

    private static List<RecordStatus> insert(ImageIndex.Builder builder, List<ImageSource> sources) {
        List<ImageRecord> records = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            records.add(ImageRecord.builder().id("f" + i).source(sources.get(i)).build());
        }
        try (ImageIndex index = builder.extractionThreads(1).commitInterval(Duration.ZERO).inMemory()) {
            return index.insert(records).statuses();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
