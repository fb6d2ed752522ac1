package org.imageindex.embedded;

import org.imageindex.spi.RecordState;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imageindex.record.Attributes;
import org.imageindex.record.ImageInfo;

/**
 * The stored form of a record's metadata and image facts, version 1: a tagged binary layout
 * read back into exactly the typed values written (a {@code Long} stays a {@code Long}, an
 * {@code Instant} an {@code Instant}). Signatures are stored in their own fields
 * ({@link RecordDocuments}) so listings need not load them.
 *
 * <pre>
 * byte    version (1)
 * string  id; optional string name; int n, n strings tags
 * int n, n x (string path, value)   value = tag byte + payload; a list is 'A', int n, n values
 * long    created millis; long modified millis; optional string origin; boolean active
 * int width; int height; string format; long byteSize; string sha1, md5, pixelHash, phash
 * </pre>
 * Strings are an int byte length and UTF-8 bytes; optional strings a boolean before them.
 */
final class RecordCodecV1 {

    static final byte VERSION = 1;

    private static final byte STRING = 'S';
    private static final byte LONG = 'L';
    private static final byte DOUBLE = 'D';
    private static final byte BOOLEAN = 'B';
    private static final byte DATE = 'T';
    private static final byte LIST = 'A';

    private RecordCodecV1() {
    }

    static byte[] encode(RecordState r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            string(out, r.id());
            optional(out, r.name());
            out.writeInt(r.tags().size());
            for (String t : r.tags()) {
                string(out, t);
            }
            Map<String, Object> attrs = r.attributes().asMap();
            out.writeInt(attrs.size());
            for (Map.Entry<String, Object> e : attrs.entrySet()) {
                string(out, e.getKey());
                value(out, e.getValue());
            }
            out.writeLong(r.created().toEpochMilli());
            out.writeLong(r.modified().toEpochMilli());
            optional(out, r.origin());
            out.writeBoolean(r.active());
            ImageInfo i = r.image();
            out.writeInt(i.width());
            out.writeInt(i.height());
            string(out, i.format());
            out.writeLong(i.byteSize());
            string(out, i.sha1());
            string(out, i.md5());
            string(out, i.pixelHash());
            string(out, i.phash());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The record stored in {@code bytes}, without signatures.
     *
     * @throws IllegalStateException if the bytes are of another version or damaged
     */
    static RecordState decode(byte[] bytes, int offset, int length) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, offset, length))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("stored record has format version " + version + ", this library reads version "
                        + VERSION);
            }
            String id = string(in);
            String name = optional(in);
            int nTags = in.readInt();
            List<String> tags = new ArrayList<>(nTags);
            for (int i = 0; i < nTags; i++) {
                tags.add(string(in));
            }
            int nAttrs = in.readInt();
            Map<String, Object> attrs = new LinkedHashMap<>();
            for (int i = 0; i < nAttrs; i++) {
                String path = string(in);
                attrs.put(path, value(in));
            }
            Instant created = Instant.ofEpochMilli(in.readLong());
            Instant modified = Instant.ofEpochMilli(in.readLong());
            String origin = optional(in);
            boolean active = in.readBoolean();
            ImageInfo info = new ImageInfo(in.readInt(), in.readInt(), string(in), in.readLong(), string(in), string(in),
                    string(in), string(in));
            return new RecordState(id, name, tags, Attributes.of(attrs), created, modified, origin, info, active, null);
        } catch (IOException e) {
            throw new IllegalStateException("stored record is damaged: " + e, e);
        }
    }

    private static void value(DataOutputStream out, Object v) throws IOException {
        switch (v) {
            case String s -> {
                out.writeByte(STRING);
                string(out, s);
            }
            case Long l -> {
                out.writeByte(LONG);
                out.writeLong(l);
            }
            case Double d -> {
                out.writeByte(DOUBLE);
                out.writeDouble(d);
            }
            case Boolean b -> {
                out.writeByte(BOOLEAN);
                out.writeBoolean(b);
            }
            case Instant t -> {
                out.writeByte(DATE);
                out.writeLong(t.getEpochSecond());
                out.writeInt(t.getNano());
            }
            case List<?> list -> {
                out.writeByte(LIST);
                out.writeInt(list.size());
                for (Object o : list) {
                    value(out, o);
                }
            }
            default -> throw new IllegalArgumentException("not an attribute value: " + v.getClass().getName());
        }
    }

    private static Object value(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case STRING -> string(in);
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case BOOLEAN -> in.readBoolean();
            case DATE -> Instant.ofEpochSecond(in.readLong(), in.readInt());
            case LIST -> {
                int n = in.readInt();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(value(in));
                }
                yield list;
            }
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative string length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static void optional(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            string(out, s);
        }
    }

    private static String optional(DataInputStream in) throws IOException {
        return in.readBoolean() ? string(in) : null;
    }
}
