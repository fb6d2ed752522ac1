package org.imageindex.cluster;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.core5.http.HttpHost;
import org.imageindex.ClusterConfig;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/**
 * The HTTP side of a {@link ClusterBackend}: one client per node of {@link ClusterConfig#nodes()},
 * so that which node a request went to, and what became of it, is known here rather than
 * inside the transport.
 *
 * <ul>
 *   <li>Requests go round the nodes, nodes that failed lately last.</li>
 *   <li>A node that cannot be reached (refused, reset, timed out) is skipped: the request goes to
 *       the next node; when every node failed, the round is repeated after a doubling pause from
 *       {@link ClusterConfig#retryBackoff()}, at most {@link ClusterConfig#maxRetries()} times
 *       and never past {@link ClusterConfig#timeout()} from the first attempt, then the request
 *       fails with an {@link UncheckedIOException} naming each node's failure.</li>
 *   <li>A 429 (too many requests) or 503 (unavailable) answer is resent, to the next node, after
 *       the same doubling pauses, at most {@link ClusterConfig#maxRetries()} times; the last
 *       answer is returned as it is.</li>
 *   <li>A request whose answer was lost after it was sent (reset, response timeout) may have
 *       been applied; the {@link Reply#repeated()} flag of the final answer says so, for the
 *       bulk writer to tell its own earlier write from another client's.</li>
 * </ul>
 */
final class ClusterHttp implements AutoCloseable {

    /**
     * Connecting takes milliseconds on a cluster's network; 5 s (or the request timeout, if
     * shorter) tells a host that drops packets from a slow one without waiting the whole
     * response timeout before trying the next node.
     */
    static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** A failed node is tried last for 1 s, doubling with each further failure in a row, up to 30 s. */
    private static final long DOWN_PAUSE_NANOS = 1_000_000_000L;
    private static final long MAX_DOWN_PAUSE_NANOS = 30_000_000_000L;

    private final ClusterConfig config;
    private final List<URI> nodes;
    private final ApacheHttpClient5Transport[] transports;
    private final OpenSearchGenericClient[] clients;
    /** Per node: System.nanoTime() until which it is tried last, and its failures in a row. */
    private final long[] downUntil;
    private final int[] failuresInRow;
    private final AtomicInteger next = new AtomicInteger();

    ClusterHttp(ClusterConfig config) {
        this.config = config;
        this.nodes = config.nodes();
        int n = nodes.size();
        transports = new ApacheHttpClient5Transport[n];
        clients = new OpenSearchGenericClient[n];
        downUntil = new long[n];
        failuresInRow = new int[n];
        Timeout response = Timeout.ofMilliseconds(config.timeout().toMillis());
        Timeout connect = Timeout.ofMilliseconds(Math.min(config.timeout().toMillis(), MAX_CONNECT_TIMEOUT.toMillis()));
        for (int i = 0; i < n; i++) {
            URI u = nodes.get(i);
            transports[i] = ApacheHttpClient5TransportBuilder.builder(new HttpHost(u.getScheme(), u.getHost(), u.getPort()))
                    .setRequestConfigCallback(r -> r.setConnectionRequestTimeout(response).setResponseTimeout(response))
                    .setConnectionConfigCallback(c -> c.setConnectTimeout(connect).setSocketTimeout(response))
                    .build();
            clients[i] = new OpenSearchGenericClient(transports[i]);
        }
    }

    /**
     * Sends one request with the failover and retries described above.
     *
     * @throws Unreachable when no node answered within the retries and the timeout
     */
    Reply send(String method, String endpoint, byte[] body, String contentType) {
        long t0 = System.nanoTime();
        long deadline = t0 + config.timeout().toNanos();
        int[] order = order();
        int pos = 0;
        int busyRetries = 0;
        int failedRounds = 0;
        boolean maybeApplied = false;
        Map<URI, String> failures = new LinkedHashMap<>();
        while (true) {
            int n = order[pos % order.length];
            pos++;
            Requests.JsonBodyBuilder b = Requests.builder().method(method).endpoint(endpoint);
            if (body != null) {
                b.body(Body.from(body, contentType));
            }
            try (Response response = clients[n].execute(b.build())) {
                int status = response.getStatus();
                String text = response.getBody().map(Body::bodyAsString).orElse("");
                up(n);
                if ((status == 429 || status == 503) && busyRetries < config.maxRetries()) {
                    pause(busyRetries++);
                    continue;
                }
                return new Reply(status, text, maybeApplied);
            } catch (IOException | RuntimeException e) {
                IOException io = ioCause(e);
                if (io == null) {
                    throw (RuntimeException) e;
                }
                down(n);
                maybeApplied |= !neverSent(io);
                failures.put(nodes.get(n), describe(io));
                boolean roundOver = pos % order.length == 0;
                if (roundOver) {
                    long pause = config.retryBackoff().toNanos() << Math.min(failedRounds, 30);
                    if (failedRounds >= config.maxRetries() || System.nanoTime() + pause > deadline) {
                        throw new Unreachable("cluster " + nodes + " did not answer " + method + " " + endpoint
                                + ": no node reachable after " + pos + " attempts in "
                                + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms (timeout "
                                + config.timeout().toMillis() + " ms); " + failures, io, maybeApplied);
                    }
                    pause(failedRounds++);
                }
            }
        }
    }

    /** No node answered a request; {@link #maybeApplied()} when an attempt's answer was lost after sending. */
    static final class Unreachable extends UncheckedIOException {
        private final boolean maybeApplied;

        Unreachable(String message, IOException cause, boolean maybeApplied) {
            super(message, cause);
            this.maybeApplied = maybeApplied;
        }

        boolean maybeApplied() {
            return maybeApplied;
        }
    }

    /** The nodes starting at the next in turn, those that failed lately last. */
    private int[] order() {
        int n = nodes.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        long now = System.nanoTime();
        List<Integer> up = new ArrayList<>();
        List<Integer> down = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            synchronized (this) {
                (downUntil[i] - now > 0 ? down : up).add(i);
            }
        }
        up.addAll(down);
        return up.stream().mapToInt(Integer::intValue).toArray();
    }

    private synchronized void up(int n) {
        failuresInRow[n] = 0;
        downUntil[n] = 0;
    }

    private synchronized void down(int n) {
        failuresInRow[n] = Math.min(failuresInRow[n] + 1, 10);
        downUntil[n] = System.nanoTime() + Math.min(MAX_DOWN_PAUSE_NANOS, DOWN_PAUSE_NANOS << (failuresInRow[n] - 1));
    }

    /** The transport throws IOExceptions, some wrapped in runtime exceptions: the I/O failure, or null for another error. */
    private static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    /** True when the request cannot have reached a node: connecting failed. */
    static boolean neverSent(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        String kind = e instanceof InterruptedIOException ? "timed out" : e.getClass().getSimpleName();
        return kind + (m == null ? "" : ": " + m);
    }

    private void pause(int attempt) {
        pause(config.retryBackoff(), attempt);
    }

    /** Waits {@code backoff} doubled {@code attempt} times: the one backoff of every retry against the cluster. */
    static void pause(java.time.Duration backoff, int attempt) {
        try {
            Thread.sleep(backoff.toMillis() << Math.min(attempt, 30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    @Override
    public void close() {
        IOException first = null;
        for (ApacheHttpClient5Transport t : transports) {
            try {
                t.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw new UncheckedIOException(first);
        }
    }
}
