package org.imageindex.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where a {@link ClusterIndex} lives: the cluster's HTTP endpoints and the index name, plus the
 * bounds of its bulk writes.
 *
 * @param nodes         the HTTP endpoints of one or more nodes ({@code http://host:port}); the
 *                      client spreads requests over them and skips a node that does not answer
 * @param indexName     the OpenSearch index, lower case as OpenSearch requires
 * @param bulkRecords   records per bulk request, 1..{@value #MAX_BULK_RECORDS}
 * @param maxRetries    retries of a request or of the records of a bulk the cluster refused
 *                      with 429 (too many requests) or 503 (unavailable), 0..20
 * @param retryBackoff  the first retry's pause; each further retry doubles it
 * @param timeout       connect and response timeout of every request: a stopped cluster is an
 *                      error after this long, never a hang
 */
public record ClusterConfig(List<URI> nodes, String indexName, int bulkRecords, int maxRetries, Duration retryBackoff,
                            Duration timeout) {

    /**
     * 200 records of about 9 KB of signatures each keep a bulk request near 2 MB, well under
     * OpenSearch's 100 MB {@code http.max_content_length} and small enough that a refused bulk
     * costs little to resend.
     */
    public static final int DEFAULT_BULK_RECORDS = 200;

    /** A bulk larger than this is one request too many to resend on a 429. */
    public static final int MAX_BULK_RECORDS = 10_000;

    /** Five retries with doubling pauses from 100 ms wait about 3 s in all: a node's GC pause or a brief overload. */
    public static final int DEFAULT_MAX_RETRIES = 5;

    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);

    /** 30 s: a kNN search or a 200-record bulk on a healthy cluster takes well under a second. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public ClusterConfig {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes must name at least one http://host:port endpoint, got: []");
        }
        for (URI u : nodes) {
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 1) {
                throw new IllegalArgumentException("node must be an http(s)://host:port URL, got: " + u);
            }
        }
        Objects.requireNonNull(indexName, "indexName");
        if (!indexName.matches("[a-z0-9][a-z0-9_.-]{0,199}") || indexName.equals(".") || indexName.equals("..")) {
            throw new IllegalArgumentException("indexName must be lower-case letters, digits, '_', '-' or '.', "
                    + "not starting with one of the last three, at most 200 characters, got: '" + indexName + "'");
        }
        if (bulkRecords < 1 || bulkRecords > MAX_BULK_RECORDS) {
            throw new IllegalArgumentException("bulkRecords must be in 1.." + MAX_BULK_RECORDS + ", got: " + bulkRecords);
        }
        if (maxRetries < 0 || maxRetries > 20) {
            throw new IllegalArgumentException("maxRetries must be in 0..20, got: " + maxRetries);
        }
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retryBackoff must be >= 0, got: " + retryBackoff);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, got: " + timeout);
        }
    }

    /** The nodes and index name with the default bounds. */
    public static ClusterConfig of(List<URI> nodes, String indexName) {
        return new ClusterConfig(nodes, indexName, DEFAULT_BULK_RECORDS, DEFAULT_MAX_RETRIES, DEFAULT_RETRY_BACKOFF,
                DEFAULT_TIMEOUT);
    }

    /** This configuration with {@code n} records per bulk request. */
    public ClusterConfig withBulkRecords(int n) {
        return new ClusterConfig(nodes, indexName, n, maxRetries, retryBackoff, timeout);
    }
}
