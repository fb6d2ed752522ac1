package org.imageindex;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where an index on an OpenSearch cluster lives, for {@link ImageIndex.Builder#cluster}: the
 * cluster's HTTP endpoints and the index name, the shape of the index when it is created, and the
 * bounds of the client's requests. The cluster backend is the module {@code imageindex-cluster},
 * which must be on the class path; docs/cluster.md describes it.
 *
 * {@snippet :
 * try (ImageIndex index = ImageIndex.builder().cluster(ClusterConfig.of(List.of(URI.create("http://node1:9200")), "photos"))) {
 *     index.insert(records);
 * }
 * }
 *
 * @param nodes         the HTTP endpoints of one or more nodes ({@code http://host:port}); the
 *                      client spreads requests over them and skips a node that does not answer
 * @param indexName     the OpenSearch index, lower case as OpenSearch requires
 * @param shards        primary shards of the index when this client creates it, 1..1024
 * @param replicas      replicas of each shard when this client creates it, 0..16
 * @param bulkRecords   records per bulk request, 1..{@value #MAX_BULK_RECORDS}
 * @param maxRetries    retries of a request or of the records of a bulk the cluster refused
 *                      with 429 (too many requests) or 503 (unavailable), 0..20
 * @param retryBackoff  the first retry's pause; each further retry doubles it
 * @param timeout       connect and response timeout of every request: a stopped cluster is an
 *                      error after this long, never a hang
 */
public record ClusterConfig(List<URI> nodes, String indexName, int shards, int replicas, int bulkRecords, int maxRetries,
                            Duration retryBackoff, Duration timeout) {

    /** 2 shards × 1 replica: every shard survives the loss of one node of a 2-node cluster. */
    public static final int DEFAULT_SHARDS = 2;

    public static final int DEFAULT_REPLICAS = 1;

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
        Objects.requireNonNull(nodes, "nodes");
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
        if (!indexName.matches("[a-z0-9][a-z0-9_.-]{0,199}")) {
            throw new IllegalArgumentException("indexName must be lower-case letters, digits, '_', '-' or '.', "
                    + "not starting with one of the last three, at most 200 characters, got: '" + indexName + "'");
        }
        if (shards < 1 || shards > 1024) {
            throw new IllegalArgumentException("shards must be in 1..1024, got: " + shards);
        }
        if (replicas < 0 || replicas > 16) {
            throw new IllegalArgumentException("replicas must be in 0..16, got: " + replicas);
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

    /** The nodes and index name with the default shape and bounds. */
    public static ClusterConfig of(List<URI> nodes, String indexName) {
        return new ClusterConfig(nodes, indexName, DEFAULT_SHARDS, DEFAULT_REPLICAS, DEFAULT_BULK_RECORDS, DEFAULT_MAX_RETRIES,
                DEFAULT_RETRY_BACKOFF, DEFAULT_TIMEOUT);
    }

    /** This configuration creating the index with {@code shardCount} shards of {@code replicaCount} replicas each. */
    public ClusterConfig withShards(int shardCount, int replicaCount) {
        return new ClusterConfig(nodes, indexName, shardCount, replicaCount, bulkRecords, maxRetries, retryBackoff, timeout);
    }

    /** This configuration with {@code n} records per bulk request. */
    public ClusterConfig withBulkRecords(int n) {
        return new ClusterConfig(nodes, indexName, shards, replicas, n, maxRetries, retryBackoff, timeout);
    }

    /** This configuration retrying refused requests {@code n} times from a first pause of {@code backoff}. */
    public ClusterConfig withRetries(int n, Duration backoff) {
        return new ClusterConfig(nodes, indexName, shards, replicas, bulkRecords, n, backoff, timeout);
    }

    /** This configuration with {@code t} as connect and response timeout. */
    public ClusterConfig withTimeout(Duration t) {
        return new ClusterConfig(nodes, indexName, shards, replicas, bulkRecords, maxRetries, retryBackoff, t);
    }
}
