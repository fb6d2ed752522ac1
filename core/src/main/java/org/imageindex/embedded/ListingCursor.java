package org.imageindex.embedded;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.util.BytesRef;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.SortKey;

/**
 * The opaque cursor of a listing page: where the next page starts. URL-safe base64 (no padding)
 * of
 * <pre>
 * version (1 byte, {@value #VERSION})
 * fingerprint of filter and sort (8 bytes)
 * position of the next page's first record (8 bytes)
 * value count (1 byte), then per sort key (the id tie-break last) a tag and the value:
 *   0 missing | 1 long (8 bytes) | 2 double (8 bytes) | 3 bytes (2-byte length, the bytes)
 * check (8 bytes): SHA-256 of everything before, truncated
 * </pre>
 * The check rejects a cursor altered or cut in transit; the fingerprint rejects a cursor used
 * with another filter or sort; the values are type-checked against the sort. A cursor carries
 * sort values only, so a forged one can do no more than start a page elsewhere in the same
 * listing.
 */
final class ListingCursor {

    static final byte VERSION = 1;
    private static final int CHECK_BYTES = 8;
    private static final byte MISSING = 0;
    private static final byte LONG = 1;
    private static final byte DOUBLE = 2;
    private static final byte BYTES = 3;

    private ListingCursor() {
    }

    /** A decoded cursor: the next page's position and the previous page's last sort values. */
    record Position(long position, Object[] values) {
    }

    static long fingerprint(Filter filter, List<SortKey> sort) {
        byte[] d = sha256((sort + "\n" + filter).getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(d).getLong();
    }

    static String encode(long fingerprint, long position, Object[] values) {
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 8 + 1 + values.length * (1 + 2 + 0xFFFF) + CHECK_BYTES);
        b.put(VERSION).putLong(fingerprint).putLong(position).put((byte) values.length);
        for (Object v : values) {
            switch (v) {
                case null -> b.put(MISSING);
                case Long l -> b.put(LONG).putLong(l);
                case Double d -> b.put(DOUBLE).putDouble(d);
                case BytesRef r -> b.put(BYTES).putShort((short) r.length).put(r.bytes, r.offset, r.length);
                default -> throw new IllegalStateException("unexpected sort value type " + v.getClass().getName());
            }
        }
        byte[] body = Arrays.copyOf(b.array(), b.position());
        byte[] out = Arrays.copyOf(body, body.length + CHECK_BYTES);
        System.arraycopy(sha256(body), 0, out, body.length, CHECK_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /**
     * Reads a cursor made by {@link #encode} for this filter and sort.
     *
     * @throws IllegalArgumentException if the cursor is not one, is damaged, has another version,
     *                                  or belongs to another filter or sort
     */
    static Position decode(String cursor, long fingerprint, SortField[] sort) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw bad("it is not URL-safe base64");
        }
        if (raw.length < 1 + 8 + 8 + 1 + CHECK_BYTES) {
            throw bad("it is too short (" + raw.length + " bytes)");
        }
        byte[] body = Arrays.copyOf(raw, raw.length - CHECK_BYTES);
        if (!Arrays.equals(Arrays.copyOf(sha256(body), CHECK_BYTES), Arrays.copyOfRange(raw, body.length, raw.length))) {
            throw bad("its check does not match (altered or cut)");
        }
        ByteBuffer b = ByteBuffer.wrap(body);
        byte version = b.get();
        if (version != VERSION) {
            throw bad("it has version " + version + ", this library reads version " + VERSION);
        }
        if (b.getLong() != fingerprint) {
            throw new IllegalArgumentException("cursor belongs to a listing with another filter or sort; "
                    + "page with the filter and sort of the request that returned it");
        }
        long position = b.getLong();
        int n = b.get();
        if (n != sort.length || position < 0) {
            throw bad("it holds " + n + " sort values for " + sort.length + " sort keys");
        }
        Object[] values = new Object[n];
        try {
            for (int i = 0; i < n; i++) {
                byte tag = b.get();
                values[i] = switch (tag) {
                    case MISSING -> null;
                    case LONG -> b.getLong();
                    case DOUBLE -> b.getDouble();
                    case BYTES -> {
                        byte[] v = new byte[Short.toUnsignedInt(b.getShort())];
                        b.get(v);
                        yield new BytesRef(v);
                    }
                    default -> throw bad("it holds an unknown value tag " + tag);
                };
                if (!fits(values[i], sort[i])) {
                    throw bad("its value " + (i + 1) + " does not fit sort key " + sort[i].getField());
                }
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw bad("it ends inside a value");
        }
        if (b.hasRemaining()) {
            throw bad("it has " + b.remaining() + " bytes after its values");
        }
        return new Position(position, values);
    }

    /**
     * The searchAfter point of a decoded cursor in a reader of {@code maxDoc} documents (> 0).
     * Every sort ends with the unique id, so only the cursor's own record can tie on all values;
     * giving the last doc id makes searchAfter skip it wherever it now lies.
     */
    static FieldDoc after(Position p, int maxDoc) {
        return new FieldDoc(maxDoc - 1, Float.NaN, p.values());
    }

    private static boolean fits(Object v, SortField f) {
        if (f instanceof SortedNumericSortField n) {
            return n.getNumericType() == SortField.Type.LONG ? v instanceof Long : v instanceof Double;
        }
        return v == null || v instanceof BytesRef;
    }

    private static IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("cursor must be one returned by a listing page, but " + why);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
