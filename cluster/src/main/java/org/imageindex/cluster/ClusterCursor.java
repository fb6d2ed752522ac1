package org.imageindex.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.SortKey;

/**
 * The opaque cursor of a cluster listing page: URL-safe base64 (no padding) of a small JSON
 * object (layout version, fingerprint of filter and sort, position of the next page's first
 * record, the previous page's last sort values for {@code search_after}, the point-in-time id)
 * followed by 8 bytes of its SHA-256. The check rejects a cursor altered or cut in transit; the
 * fingerprint rejects a cursor used with another filter or sort. A cursor carries sort values
 * only, so a forged one can do no more than start a page elsewhere in the same listing.
 *
 * @param fingerprint of the listing's filter and sort
 * @param position    the next page's first record in the whole listing
 * @param after       the sort values the next page starts after
 * @param pit         the point in time the listing reads, or null to open one
 */
record ClusterCursor(long fingerprint, long position, JsonNode after, String pit) {

    static final int VERSION = 1;
    private static final int CHECK_BYTES = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    static long fingerprint(Filter filter, List<SortKey> sort) {
        byte[] d = sha256((sort + "\n" + filter).getBytes(StandardCharsets.UTF_8));
        long f = 0;
        for (int i = 0; i < 8; i++) {
            f = f << 8 | (d[i] & 0xFF);
        }
        return f;
    }

    String encode() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        m.put("f", fingerprint);
        m.put("p", position);
        m.put("a", after);
        if (pit != null) {
            m.put("t", pit);
        }
        try {
            byte[] body = JSON.writeValueAsBytes(m);
            byte[] out = Arrays.copyOf(body, body.length + CHECK_BYTES);
            System.arraycopy(sha256(body), 0, out, body.length, CHECK_BYTES);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (IOException e) {
            throw new IllegalStateException("a cursor of JSON values always serialises", e);
        }
    }

    /**
     * Reads a cursor made by {@link #encode} for the listing of this fingerprint.
     *
     * @throws IllegalArgumentException if the cursor is not one, is damaged, has another version,
     *                                  or belongs to another filter or sort
     */
    static ClusterCursor decode(String cursor, long fingerprint) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw bad("it is not URL-safe base64");
        }
        if (raw.length <= CHECK_BYTES) {
            throw bad("it is too short (" + raw.length + " bytes)");
        }
        byte[] body = Arrays.copyOf(raw, raw.length - CHECK_BYTES);
        if (!Arrays.equals(Arrays.copyOf(sha256(body), CHECK_BYTES), Arrays.copyOfRange(raw, body.length, raw.length))) {
            throw bad("its check does not match (altered or cut)");
        }
        JsonNode m;
        try {
            m = JSON.readTree(body);
        } catch (IOException e) {
            throw bad("it does not hold a cursor");
        }
        if (m.path("v").asInt() != VERSION) {
            throw bad("it has layout version " + m.path("v") + ", this library reads " + VERSION);
        }
        if (m.path("f").asLong() != fingerprint) {
            throw bad("it belongs to a listing with another filter or sort");
        }
        if (!m.path("a").isArray() || m.path("p").asLong(-1) < 0) {
            throw bad("it does not hold a position and sort values");
        }
        return new ClusterCursor(fingerprint, m.path("p").asLong(), m.get("a"), m.hasNonNull("t") ? m.get("t").asText() : null);
    }

    private static IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("cursor must be the cursor of a page of this listing, but " + why);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
