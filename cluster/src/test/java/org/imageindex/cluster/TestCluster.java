package org.imageindex.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real two-node OpenSearch cluster for the tests: the distribution and k-NN plugin the build
 * unpacked ({@code -Dopensearch.home}), two separate node processes on 127.0.0.1 with free ports,
 * data and logs under {@code -Dopensearch.work}, small heaps, waited on until green and stopped by
 * pid (also from a shutdown hook when the test JVM dies).
 *
 * <p>OpenSearch refuses to run as root. When the tests run as root the nodes are started in a
 * user namespace ({@code unshare --user --map-user=1000 --map-group=1000}), where they see uid
 * 1000; no account is created or touched.
 */
final class TestCluster implements AutoCloseable {

    private static final Duration GREEN_WAIT = Duration.ofSeconds(150);

    private final List<Process> nodes = new ArrayList<>();
    private final List<URI> urls = new ArrayList<>();
    private final Path work;
    private final Thread hook = new Thread(this::stop);
    final Duration startTime;

    private TestCluster(Path home, Path work) throws IOException, InterruptedException {
        this.work = work;
        long t0 = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(hook);
        makeExecutable(home.resolve("bin"));
        int[] http = {freePort(), freePort()};
        int[] transport = {freePort(), freePort()};
        String seeds = "127.0.0.1:" + transport[0] + ",127.0.0.1:" + transport[1];
        boolean root = "0".equals(run("id", "-u"));
        for (int n = 0; n < 2; n++) {
            Path dir = work.resolve("node-" + n);
            Path conf = dir.resolve("config");
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("logs"));
            copyTree(home.resolve("config"), conf);
            List<String> cmd = new ArrayList<>();
            if (root) {
                cmd.addAll(List.of("unshare", "--user", "--map-user=1000", "--map-group=1000"));
            }
            cmd.addAll(List.of(home.resolve("bin/opensearch").toString(),
                    "-Ecluster.name=imageindex-test", "-Enode.name=node-" + n,
                    "-Epath.data=" + dir.resolve("data"), "-Epath.logs=" + dir.resolve("logs"),
                    "-Enetwork.host=127.0.0.1", "-Ehttp.port=" + http[n], "-Etransport.port=" + transport[n],
                    "-Ediscovery.seed_hosts=" + seeds, "-Ecluster.initial_cluster_manager_nodes=node-0,node-1",
                    // vm.max_map_count may be low on build machines; NIO files instead of mmap
                    "-Enode.store.allow_mmap=false", "-Eaction.auto_create_index=false"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("console.log").toFile());
            pb.environment().put("OPENSEARCH_JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("OPENSEARCH_PATH_CONF", conf.toString());
            pb.environment().put("OPENSEARCH_JAVA_OPTS", "-Xms512m -Xmx512m");
            try {
                nodes.add(pb.start());
            } catch (IOException e) {
                throw new IllegalStateException("cannot start an OpenSearch node" + (root
                        ? " (running as root, so it is started with 'unshare --user': is util-linux's unshare installed and are user namespaces allowed?)"
                        : "") + ": " + e.getMessage(), e);
            }
            urls.add(URI.create("http://127.0.0.1:" + http[n]));
        }
        waitGreen();
        startTime = Duration.ofNanos(System.nanoTime() - t0);
    }

    static TestCluster start() {
        Path home = Paths.get(System.getProperty("opensearch.home", "target/opensearch/opensearch-3.5.0"));
        Path work = Paths.get(System.getProperty("opensearch.work", "target/opensearch-nodes"));
        if (!Files.isRegularFile(home.resolve("bin/opensearch")) || !Files.isDirectory(home.resolve("plugins/opensearch-knn"))) {
            throw new IllegalStateException("OpenSearch distribution with the k-NN plugin not found at " + home
                    + "; run the tests through Maven, which unpacks it (process-test-resources)");
        }
        try {
            Path mine = Files.createDirectories(work).resolve("run-" + ProcessHandle.current().pid());
            return new TestCluster(home.toAbsolutePath(), mine.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    List<URI> urls() {
        return List.copyOf(urls);
    }

    private void waitGreen() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + GREEN_WAIT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            for (Process p : nodes) {
                if (!p.isAlive()) {
                    stop();
                    throw new IllegalStateException("an OpenSearch node exited with " + p.exitValue() + " while starting; see " + work);
                }
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(urls.get(0).resolve(
                        "/_cluster/health?wait_for_status=green&wait_for_nodes=2&timeout=5s")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.body();
                if (r.statusCode() == 200 && last.contains("\"status\":\"green\"") && last.contains("\"number_of_nodes\":2")) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        stop();
        throw new IllegalStateException("the two-node cluster was not green within " + GREEN_WAIT + "; last answer: " + last
                + "; node logs under " + work);
    }

    /** Stops every node by its pid (its process tree: the launcher script and the JVM). */
    void stop() {
        for (Process p : nodes) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : nodes) {
            try {
                if (!p.onExit().toCompletableFuture().completeOnTimeout(null, 20, java.util.concurrent.TimeUnit.SECONDS).join().isAlive()) {
                    continue;
                }
            } catch (RuntimeException ignored) {
                // fall through to the hard kill
            }
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return out;
    }

    /** Maven's unpack drops the executable bits of the launcher scripts. */
    private static void makeExecutable(Path bin) throws IOException {
        try (Stream<Path> s = Files.list(bin)) {
            for (Path f : s.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
