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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real two-node OpenSearch cluster for the tests: the distribution and k-NN plugin the build
 * unpacked ({@code -Dopensearch.home}), two separate node processes on 127.0.0.1 with free ports,
 * data and logs under {@code -Dopensearch.work}, small heaps, waited on until green.
 *
 * <p>One cluster serves every test class of a module run ({@link #shared()}): it starts on first
 * use and its nodes are stopped by pid from a shutdown hook when the test JVM ends, also after a
 * failed test. Each test class uses index names of its own, so classes do not see each other's
 * records. A test may {@link #kill(int)} a node and must {@link #restart(int)} it before it ends.
 *
 * <p>OpenSearch refuses to run as root. When the tests run as root the nodes are started in a
 * user namespace ({@code unshare --user --map-user=1000 --map-group=1000}), where they see uid
 * 1000; where user namespaces are not allowed, under uid/gid 1000 with {@code setpriv} after the
 * test's own node folders are handed to that uid ({@code -Dopensearch.launch=setpriv} forces this
 * way, {@code unshare} or {@code self} the others). No account is created or touched.
 *
 * <p>The test-jar carries this class so the benchmarks start their cluster the same way
 * ({@code -Dopensearch.heap} sets the nodes' heap, 512m by default; {@code -Dopensearch.javaOpts}
 * adds JVM options).
 */
public final class TestCluster {

    /** Two nodes start in about 40 s on an idle 2-core machine; a loaded build machine may take several times that. */
    private static final Duration GREEN_WAIT = Duration.ofSeconds(420);
    private static final int NODES = 2;
    private static final String UID = "1000";

    private static TestCluster shared;
    /** A failed start is not retried by the next test class: it fails with the same cause at once. */
    private static RuntimeException startFailure;

    private final Path home;
    private final Path work;
    private final Launch launch;
    private final Process[] nodes = new Process[NODES];
    private final List<URI> urls = new ArrayList<>();
    private final int[] http = new int[NODES];
    private final int[] transport = new int[NODES];
    public final Duration startTime;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** How the nodes are started: as this user, in a user namespace, or with setpriv. */
    enum Launch { SELF, UNSHARE, SETPRIV }

    private TestCluster(Path home, Path work) throws IOException, InterruptedException {
        this.home = home;
        this.work = work;
        long t0 = System.nanoTime();
        makeExecutable(home.resolve("bin"));
        for (int n = 0; n < NODES; n++) {
            http[n] = freePort();
            transport[n] = freePort();
            urls.add(URI.create("http://127.0.0.1:" + http[n]));
        }
        String forced = System.getProperty("opensearch.launch", "");
        launch = !forced.isEmpty() ? Launch.valueOf(forced.toUpperCase(java.util.Locale.ROOT))
                : !"0".equals(run("id", "-u")) ? Launch.SELF
                : exitCode("unshare", "--user", "--map-user=" + UID, "--map-group=" + UID, "true") == 0 ? Launch.UNSHARE
                : Launch.SETPRIV;
        for (int n = 0; n < NODES; n++) {
            prepare(n);
            startNode(n);
        }
        waitGreen(NODES);
        startTime = Duration.ofNanos(System.nanoTime() - t0);
        System.out.println("two-node OpenSearch cluster (" + launch + ") green after " + startTime.toMillis() + " ms at " + urls);
    }

    /** The cluster of this test JVM, started on first call and stopped when the JVM ends. */
    public static synchronized TestCluster shared() {
        if (startFailure != null) {
            throw new IllegalStateException("the test cluster failed to start earlier in this run", startFailure);
        }
        if (shared == null) {
            TestCluster c;
            try {
                c = start();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "test-cluster-stop"));
            shared = c;
        }
        return shared;
    }

    private static TestCluster start() {
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

    public List<URI> urls() {
        return List.copyOf(urls);
    }

    public URI url(int node) {
        return urls.get(node);
    }

    private void prepare(int n) throws IOException, InterruptedException {
        Path dir = work.resolve("node-" + n);
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("logs"));
        copyTree(home.resolve("config"), dir.resolve("config"));
        // the JVM options write heap dumps, fatal-error and GC logs relative to the distribution
        // folder, which the node must not write to: into the node's own folders instead
        Path jvmOptions = dir.resolve("config/jvm.options");
        Files.writeString(jvmOptions, Files.readString(jvmOptions)
                .replace("=data", "=" + dir.resolve("data"))
                .replace("logs/", dir.resolve("logs") + "/"));
        if (launch == Launch.SETPRIV) {
            // only the test's own node folder changes owner; the distribution stays root's, read-only to the node
            if (exitCode("chown", "-R", UID + ":" + UID, dir.toString()) != 0) {
                throw new IllegalStateException("cannot hand " + dir + " to uid " + UID + " for setpriv");
            }
        }
    }

    private void startNode(int n) throws IOException {
        Path dir = work.resolve("node-" + n);
        List<String> cmd = new ArrayList<>();
        switch (launch) {
            case UNSHARE -> cmd.addAll(List.of("unshare", "--user", "--map-user=" + UID, "--map-group=" + UID));
            case SETPRIV -> cmd.addAll(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups"));
            case SELF -> { }
        }
        String seeds = "127.0.0.1:" + transport[0] + ",127.0.0.1:" + transport[1];
        cmd.addAll(List.of(home.resolve("bin/opensearch").toString(),
                "-Ecluster.name=imageindex-test", "-Enode.name=node-" + n,
                "-Epath.data=" + dir.resolve("data"), "-Epath.logs=" + dir.resolve("logs"),
                "-Enetwork.host=127.0.0.1", "-Ehttp.port=" + http[n], "-Etransport.port=" + transport[n],
                "-Ediscovery.seed_hosts=" + seeds, "-Ecluster.initial_cluster_manager_nodes=node-0,node-1",
                // vm.max_map_count may be low on build machines; NIO files instead of mmap
                "-Enode.store.allow_mmap=false", "-Eaction.auto_create_index=false"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()));
        pb.environment().put("OPENSEARCH_JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("OPENSEARCH_PATH_CONF", dir.resolve("config").toString());
        String heap = System.getProperty("opensearch.heap", "512m");
        String extra = System.getProperty("opensearch.javaOpts", "");
        pb.environment().put("OPENSEARCH_JAVA_OPTS", ("-Xms" + heap + " -Xmx" + heap + " " + extra).strip());
        try {
            nodes[n] = pb.start();
        } catch (IOException e) {
            stop();
            throw new IllegalStateException("cannot start an OpenSearch node (" + launch + "): " + e.getMessage(), e);
        }
    }

    /** kill -9 of node {@code n}'s processes: no shutdown, no flush. */
    public void kill(int n) {
        Process p = nodes[n];
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.onExit().toCompletableFuture().completeOnTimeout(null, 20, TimeUnit.SECONDS).join();
    }

    /** Starts node {@code n} again on its data folder and waits until both nodes are back and green. */
    public void restart(int n) {
        try {
            if (nodes[n].isAlive()) {
                throw new IllegalStateException("node-" + n + " is running");
            }
            startNode(n);
            waitGreen(NODES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Freezes node {@code n}'s processes (SIGSTOP): its sockets stay open and accept connections,
     * but nothing answers, as a node that hangs. {@link #resume(int)} lets it run on.
     */
    public void freeze(int n) {
        signal(n, "-STOP");
    }

    /** Lets a frozen node run on (SIGCONT). */
    public void resume(int n) {
        signal(n, "-CONT");
    }

    private void signal(int n, String signal) {
        List<String> cmd = new ArrayList<>(List.of("kill", signal));
        cmd.add(Long.toString(nodes[n].pid()));
        nodes[n].descendants().forEach(h -> cmd.add(Long.toString(h.pid())));
        try {
            if (exitCode(cmd.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("cannot send " + signal + " to node-" + n + ": " + cmd);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The folder of node {@code n}: data, logs, config. */
    public Path nodeDir(int n) {
        return work.resolve("node-" + n);
    }

    /** Waits for green health with {@code expectedNodes} nodes, asking any live node. */
    public void waitGreen(int expectedNodes) throws InterruptedException {
        long deadline = System.nanoTime() + GREEN_WAIT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            for (int n = 0; n < NODES; n++) {
                Process p = nodes[n];
                if (p != null && !p.isAlive() && expectedNodes == NODES) {
                    stop();
                    throw new IllegalStateException("OpenSearch node-" + n + " exited with " + p.exitValue()
                            + " while starting; see " + work.resolve("node-" + n).resolve("console.log"));
                }
            }
            for (URI u : urls) {
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(u.resolve(
                            "/_cluster/health?wait_for_status=green&wait_for_nodes=" + expectedNodes + "&timeout=5s"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    last = r.body();
                    if (r.statusCode() == 200 && last.contains("\"status\":\"green\"")
                            && last.contains("\"number_of_nodes\":" + expectedNodes)) {
                        return;
                    }
                } catch (IOException e) {
                    last = e.toString();
                }
            }
            Thread.sleep(500);
        }
        stop();
        throw new IllegalStateException("the cluster was not green with " + expectedNodes + " nodes within " + GREEN_WAIT
                + "; last answer: " + last + "; node logs under " + work);
    }

    /** Stops every node by its pid (its process tree: the launcher and the JVM). */
    public void stop() {
        for (Process p : nodes) {
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }
        }
        for (Process p : nodes) {
            if (p == null) {
                continue;
            }
            try {
                if (!p.onExit().toCompletableFuture().completeOnTimeout(null, 20, TimeUnit.SECONDS).join().isAlive()) {
                    continue;
                }
            } catch (RuntimeException ignored) {
                // fall through to the hard kill
            }
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
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

    private static int exitCode(String... cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor();
        } catch (IOException e) {
            return -1;
        }
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
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
