package org.imageindex.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.imageindex.ClusterConfig;
import org.imageindex.record.RecordFields;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.spi.IndexBackend.Refusal;

/**
 * Writes documents with {@code _bulk} requests ({@code create} for new records, {@code index}
 * for replacements) of at most
 * {@link ClusterConfig#bulkRecords()} documents and gives every document a status, whatever the
 * cluster does meanwhile; it never throws once a document may have been stored.
 *
 * <ul>
 *   <li>Items refused for a passing reason (429, 503, a node that left or closed, a shard
 *       without primary) are resent alone, after doubling pauses from
 *       {@link ClusterConfig#retryBackoff()}, at most {@link ClusterConfig#maxRetries()} times.</li>
 *   <li>A 409 "exists" for a document that may already have been written by this writer (its
 *       earlier request's answer was lost, or it was resent) is checked against the stored
 *       document: the same {@code modified} instant and image digest mean the earlier attempt
 *       landed ({@link Code#INSERTED}), anything else is another record ({@link Code#DUPLICATE_ID}).</li>
 *   <li>When no node answers any more, or a request's documents are still refused after the
 *       retries, the documents of that request are reported as possibly stored or not, and the
 *       rest of the batch as not sent, without spending the timeout and the retries again on
 *       each further request.</li>
 * </ul>
 *
 * <p>The cluster acknowledges an item once its primary and every in-sync replica wrote it to their
 * translog (fsync per request, OpenSearch's default durability), so an {@link Code#INSERTED}
 * document survives the loss of any single node. Writes wait for one active shard copy (the
 * default {@code wait_for_active_shards=1}): while one node of two is down, new documents are
 * stored on the surviving copy and copied to the returning node when it recovers.
 */
final class BulkWriter {

    /**
     * A document to store: its position in the caller's batch, its id, its source, and whether it
     * replaces a stored record ({@code index}, idempotent when resent) or is new ({@code create},
     * so that an id another client stored meanwhile is refused rather than overwritten).
     */
    record Pending(int index, String id, Map<String, Object> document, boolean replace) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Item errors that pass once the cluster has recovered: overload, a shard copy that is
     * moving or being promoted, a node that left. Anything else is the record's own fault.
     */
    private static final Set<String> PASSING = Set.of("unavailable_shards_exception", "no_shard_available_action_exception",
            "node_disconnected_exception", "node_not_connected_exception", "connect_transport_exception",
            "node_closed_exception", "send_request_transport_exception", "receive_timeout_transport_exception",
            "shard_not_in_primary_mode_exception", "primary_missing_action_exception", "retry_on_primary_exception",
            "cluster_block_exception", "process_cluster_event_timeout_exception", "opensearch_rejected_execution_exception",
            "circuit_breaking_exception", "illegal_index_shard_state_exception", "index_shard_closed_exception");

    /** Passing errors raised before the item reached its primary's write: such an item was not stored. */
    private static final Set<String> REFUSED_BEFORE_WRITING = Set.of("unavailable_shards_exception", "cluster_block_exception",
            "opensearch_rejected_execution_exception", "circuit_breaking_exception", "no_shard_available_action_exception");

    /** Fields that, together, tell this writer's own document from another client's one with the same id. */
    private static final List<String> FINGERPRINT = List.of(RecordFields.MODIFIED, RecordFields.SHA1, RecordFields.CREATED);

    private final ClusterHttp http;
    private final ClusterConfig config;
    private final String endpoint;

    BulkWriter(ClusterHttp http, ClusterConfig config) {
        this.http = http;
        this.config = config;
        // The cluster gives up on an item whose primary is missing after half the client's
        // timeout, so the item comes back as a retryable 503 instead of the whole request
        // timing out in the client with its outcome unknown.
        this.endpoint = "/_bulk?timeout=" + Math.max(1, config.timeout().toMillis() / 2) + "ms";
    }

    /** Stores {@code docs}, setting {@code out[doc.index()]} for each: empty when stored, else the refusal. */
    void store(List<Pending> docs, Optional<Refusal>[] out) {
        String stopped = null;
        for (int from = 0; from < docs.size(); from += config.bulkRecords()) {
            List<Pending> chunk = docs.subList(from, Math.min(docs.size(), from + config.bulkRecords()));
            if (stopped != null) {
                for (Pending p : chunk) {
                    out[p.index()] = Optional.of(new Refusal(Code.SOURCE_UNAVAILABLE,
                            "not stored: not sent, the cluster stopped answering or refused writes earlier in this batch ("
                                    + stopped + ")"));
                }
                continue;
            }
            stopped = chunk(chunk, out);
        }
    }

    /**
     * One request's documents until each has a status; returns why the cluster stopped answering
     * or kept refusing writes past the retries, or null.
     */
    private String chunk(List<Pending> chunk, Optional<Refusal>[] out) {
        List<Pending> todo = chunk;
        Set<String> maybeWritten = new HashSet<>();
        String lastError = "";
        for (int attempt = 0; ; attempt++) {
            Reply reply;
            try {
                reply = http.send("POST", endpoint, ndjson(todo), "application/x-ndjson");
            } catch (ClusterHttp.Unreachable e) {
                for (Pending p : todo) {
                    // connection failures before sending leave nothing behind, but a lost answer may
                    out[p.index()] = Optional.of(new Refusal(Code.SOURCE_UNAVAILABLE,
                            (maybeWritten.contains(p.id()) || e.maybeApplied() ? "not known whether stored" : "not stored")
                                    + ": " + e.getMessage()));
                }
                return e.getMessage();
            }
            if (reply.repeated()) {
                todo.forEach(p -> maybeWritten.add(p.id()));
            }
            List<Pending> again = new ArrayList<>();
            Map<String, Pending> exists = new LinkedHashMap<>();
            if (reply.status() == 429 || reply.status() == 503) {
                again.addAll(todo);
                lastError = reply.status() + " " + abbreviate(reply.body());
            } else if (reply.status() >= 300) {
                // the request as a whole was refused (malformed, too large): nothing of it was stored
                for (Pending p : todo) {
                    out[p.index()] = Optional.of(new Refusal(reply.status() == 400 || reply.status() == 413 ? Code.INVALID_RECORD : Code.SOURCE_UNAVAILABLE,
                            "not stored: the cluster refused the bulk request (" + reply.status() + "): " + abbreviate(reply.body())));
                }
                return null;
            } else {
                JsonNode items = reply.json().path("items");
                for (int k = 0; k < todo.size(); k++) {
                    Pending p = todo.get(k);
                    JsonNode item = items.path(k).path(p.replace() ? "index" : "create");
                    int status = item.path("status").asInt();
                    JsonNode err = item.path("error");
                    String type = err.path("type").asText();
                    if (status == 201 || status == 200) {
                        out[p.index()] = Optional.<Refusal>empty();
                    } else if (status == 409 && maybeWritten.contains(p.id())) {
                        exists.put(p.id(), p);
                    } else if (status == 409) {
                        out[p.index()] = Optional.of(new Refusal(Code.DUPLICATE_ID, "a record with id '" + p.id() + "' is already stored"));
                    } else if (status == 429 || status == 502 || status == 503 || status == 504 || PASSING.contains(type)
                            || item.isMissingNode()) {
                        again.add(p);
                        if (status != 429 && !REFUSED_BEFORE_WRITING.contains(type)) {
                            maybeWritten.add(p.id());
                        }
                        lastError = status + " " + type + ": " + err.path("reason").asText();
                    } else {
                        out[p.index()] = Optional.of(new Refusal(status == 400 ? Code.INVALID_RECORD : Code.SOURCE_UNAVAILABLE,
                                "the cluster refused the record (" + status + " " + type + "): " + err.path("reason").asText()));
                    }
                }
            }
            if (!exists.isEmpty()) {
                String stopped = settle(exists, out);
                if (stopped != null) {
                    for (Pending p : again) {
                        out[p.index()] = Optional.of(new Refusal(Code.SOURCE_UNAVAILABLE,
                                "not known whether stored: " + stopped));
                    }
                    return stopped;
                }
            }
            if (again.isEmpty()) {
                return null;
            }
            if (attempt >= config.maxRetries()) {
                for (Pending p : again) {
                    out[p.index()] = Optional.of(new Refusal(Code.SOURCE_UNAVAILABLE,
                            (maybeWritten.contains(p.id()) ? "not known whether stored" : "not stored")
                                    + ": the cluster was overloaded or unavailable after " + config.maxRetries()
                                    + " retries; last: " + lastError));
                }
                // the retry budget is spent: the rest of the batch fails at once rather than
                // spending it again per request while the cluster refuses writes
                return "writes refused after " + config.maxRetries() + " retries; last: " + lastError;
            }
            ClusterHttp.pause(config.retryBackoff(), attempt);
            todo = again;
        }
    }

    /**
     * Sets the status of documents the cluster says exist but this writer may have written
     * itself; returns why the cluster stopped answering, or null.
     */
    private String settle(Map<String, Pending> exists, Optional<Refusal>[] out) {
        Map<String, Object> body = Map.of("ids", List.copyOf(exists.keySet()));
        Reply r;
        try {
            r = http.send("POST", "/" + config.indexName() + "/_mget?realtime=true&_source_includes="
                    + String.join(",", FINGERPRINT), JSON.writeValueAsBytes(body), "application/json");
        } catch (IOException | UncheckedIOException e) {
            for (Pending p : exists.values()) {
                out[p.index()] = Optional.of(new Refusal(Code.SOURCE_UNAVAILABLE,
                        "not known whether stored: the cluster reported the id as existing, then did not answer: " + e.getMessage()));
            }
            return e.getMessage();
        }
        Map<String, JsonNode> stored = new LinkedHashMap<>();
        for (JsonNode d : r.json().path("docs")) {
            stored.put(d.path("_id").asText(), d.path("_source"));
        }
        for (Pending p : exists.values()) {
            JsonNode src = stored.get(p.id());
            boolean mine = src != null && FINGERPRINT.stream()
                    .allMatch(f -> JSON.valueToTree(p.document().get(f)).equals(src.path(f)));
            out[p.index()] = mine ? Optional.<Refusal>empty()
                    : Optional.of(new Refusal(Code.DUPLICATE_ID, "a record with id '" + p.id() + "' is already stored"));
        }
        return null;
    }

    private byte[] ndjson(List<Pending> docs) {
        ByteArrayOutputStream nd = new ByteArrayOutputStream();
        try {
            for (Pending p : docs) {
                nd.write(JSON.writeValueAsBytes(Map.of(p.replace() ? "index" : "create",
                        Map.of("_index", config.indexName(), "_id", p.id()))));
                nd.write('\n');
                nd.write(JSON.writeValueAsBytes(p.document()));
                nd.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return nd.toByteArray();
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }

}
