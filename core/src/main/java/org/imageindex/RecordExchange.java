package org.imageindex;


import org.imageindex.spi.RecordState;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.json.JsonValues;
import org.imageindex.query.schema.FieldType;
import org.imageindex.record.Attributes;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageInfo;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.ImportOptions;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.record.RecordUpdate;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.ImageSignatures;
import org.imageindex.signatures.color.ColorSignature;
import org.imageindex.signatures.hash.HashSignature;
import org.imageindex.signatures.matching.MatchingFeatures;
import org.imageindex.signatures.similarity.SimilaritySignature;

/**
 * Export and import: JSON Lines (R5, all parts of a record, signatures optionally carried) and
 * CSV download / replacement (seed 001). The line format is in docs/architecture.md.
 */
final class RecordExchange {

    /** JSON key of a date value: MongoDB extended JSON's {@code {"$date": "…"}}, so dates stay dates. */
    static final String DATE_KEY = "$date";
    /** Separator of tags and list values inside one CSV cell. */
    static final String CSV_LIST_SEPARATOR = "|";

    private static final List<String> CSV_FIXED = List.of("id", "origin", "name", "tags");

    private final ImageIndex index;

    RecordExchange(ImageIndex index) {
        this.index = index;
    }

    // ---- JSON Lines -----------------------------------------------------------------------

    long exportJsonLines(Writer out, Filter filter, FieldSelection fields) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(fields, "fields");
        // Streams from one snapshot: memory stays at one record whatever the export's size.
        long[] n = {0};
        index.backend().forEachVisible(filter, fields, r -> {
            out.write(JsonValues.write(toJson(r)));
            out.write('\n');
            n[0]++;
        });
        out.flush();
        return n[0];
    }

    /** Every visible record matching the filter, in index order, read from one snapshot. */
    private List<StoredRecord> visible(Filter filter, FieldSelection fields) {
        List<StoredRecord> out = new ArrayList<>();
        try {
            index.backend().forEachVisible(filter, fields, out::add);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // as a failed read of the store is thrown
        }
        return out;
    }

    static Map<String, Object> toJson(StoredRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        FieldSelection sel = r.selection();
        m.put("id", r.id());
        if (sel.includes(FieldSelection.NAME) && r.name() != null) {
            m.put("name", r.name());
        }
        if (sel.includes(FieldSelection.TAGS)) {
            m.put("tags", r.tags());
        }
        if (!r.attributes().isEmpty()) {
            m.put("attributes", jsonValue(r.attributes().toNested()));
        }
        if (sel.includes(FieldSelection.CREATED)) {
            m.put("created", date(r.created()));
        }
        if (sel.includes(FieldSelection.MODIFIED)) {
            m.put("modified", date(r.modified()));
        }
        if (sel.includes(FieldSelection.ORIGIN) && r.origin() != null) {
            m.put("origin", r.origin());
        }
        m.put("active", r.active());
        if (sel.includes(FieldSelection.IMAGE)) {
            ImageInfo i = r.image();
            Map<String, Object> im = new LinkedHashMap<>();
            im.put("width", (long) i.width());
            im.put("height", (long) i.height());
            im.put("format", i.format());
            im.put("size", i.byteSize());
            im.put("sha1", i.sha1());
            im.put("md5", i.md5());
            im.put("pixel_hash", i.pixelHash());
            im.put("phash", i.phash());
            m.put("image", im);
        }
        if (r.signatures() != null) {
            ImageSignatures s = r.signatures();
            Base64.Encoder b64 = Base64.getEncoder();
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("matching", b64.encodeToString(s.matching().toBytes()));
            sm.put("similarity", b64.encodeToString(s.similarity().toBytes()));
            sm.put("color", b64.encodeToString(s.color().toBytes()));
            sm.put("hash", s.hash().hex());
            Map<String, Object> vm = new LinkedHashMap<>();
            s.vectors().forEach((k, v) -> vm.put(k, b64.encodeToString(bytes(v))));
            sm.put("vectors", vm);
            m.put("signatures", sm);
        }
        return m;
    }

    private static Object jsonValue(Object v) {
        if (v instanceof Instant t) {
            return date(t);
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put((String) k, jsonValue(x)));
            return out;
        }
        if (v instanceof List<?> list) {
            return list.stream().map(RecordExchange::jsonValue).toList();
        }
        return v;
    }

    private static Map<String, Object> date(Instant t) {
        return Map.of(DATE_KEY, t.toString());
    }

    /**
     * Reads and ingests {@link #IMPORT_CHUNK} lines at a time: an export carrying signatures takes
     * about 50 KB a record, so reading a whole one first ran a 100,000-record import out of a 4 GB
     * heap. Ids are remembered across chunks so a repeated id is refused as within one batch.
     * Every refusal's reason starts with the line number, blank lines counted, and never quotes
     * the content of a file the line named.
     */
    BatchResult importJsonLines(Reader in, ImportOptions options, BatchProgress progress) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        List<RecordStatus> statuses = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        List<Ingest.Item> chunk = new ArrayList<>();
        List<Integer> chunkLines = new ArrayList<>();
        Path folder = options.originFolder().map(RecordExchange::realFolder).orElse(null);
        boolean replace = options.duplicateIds() == ImportOptions.DuplicateIds.REPLACE;
        BufferedReader lines = new BufferedReader(in);
        String line;
        int lineNo = 0;
        while ((line = lines.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            Ingest.Item it = item(line, lineNo, folder);
            if (it.id() != null && !(it instanceof Ingest.Refused)) {
                Integer earlier = firstLine.putIfAbsent(it.id(), lineNo);
                if (earlier != null) {
                    it = new Ingest.Refused(it.id(), Code.DUPLICATE_ID, "id '" + it.id() + "' appears earlier in the import, on line " + earlier);
                }
            }
            chunk.add(it);
            chunkLines.add(lineNo);
            if (chunk.size() == IMPORT_CHUNK) {
                ingest(chunk, chunkLines, replace, statuses, progress);
            }
        }
        ingest(chunk, chunkLines, replace, statuses, progress);
        return new BatchResult(statuses);
    }

    /** Ingests one chunk, numbering its statuses and progress after the chunks before it. */
    private void ingest(List<Ingest.Item> chunk, List<Integer> lineNumbers, boolean replace, List<RecordStatus> statuses,
                        BatchProgress progress) {
        if (chunk.isEmpty()) {
            return;
        }
        int offset = statuses.size();
        BatchResult r = index.ingest().run(chunk, -1, replace, (done, total, status) ->
                progress.advanced(offset + done, offset + total, located(status, offset, lineNumbers)));
        for (RecordStatus status : r.statuses()) {
            statuses.add(located(status, offset, lineNumbers));
        }
        chunk.clear();
        lineNumbers.clear();
    }

    /** A status numbered after the chunks before it; a refusal's reason starts with its line number. */
    private static RecordStatus located(RecordStatus s, int offset, List<Integer> lineNumbers) {
        String reason = s.reason();
        if (!s.code().success()) {
            String where = "line " + lineNumbers.get(s.index());
            reason = withoutFileBytes(reason.startsWith(where) ? reason : where + ": " + reason);
        }
        return offset == 0 && reason.equals(s.reason()) ? s
                : new RecordStatus(s.index() + offset, s.id(), s.code(), reason, s.duplicates());
    }

    /**
     * The decoder names a file's first bytes in hex when it is no image; an import line may name
     * any file, so its messages keep only the byte count.
     */
    private static String withoutFileBytes(String reason) {
        return HEAD_BYTES.matcher(reason).replaceAll("");
    }

    private static final java.util.regex.Pattern HEAD_BYTES = java.util.regex.Pattern.compile(" starting with [0-9a-f]{2}( [0-9a-f]{2})*");

    /** Lines read and ingested at a time (see {@link #importJsonLines}). */
    static final int IMPORT_CHUNK = 1_000;

    private static Path realFolder(Path folder) {
        try {
            return folder.toAbsolutePath().toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("originFolder must be an existing folder, got: " + folder, e);
        }
    }

    private Ingest.Item item(String line, int lineNo, Path folder) {
        String id = null;
        try {
            if (!(JsonValues.parse(line) instanceof Map<?, ?> m)) {
                return new Ingest.Refused(null, Code.INVALID_RECORD, "line " + lineNo + " is not a JSON object");
            }
            id = m.get("id") instanceof String s ? s : null;
            if (id == null) {
                return new Ingest.Refused(null, Code.INVALID_RECORD, "line " + lineNo + " has no string \"id\""
                        + (m.containsKey("id") ? ", got: " + jsonType(m.get("id")) : ""));
            }
            ImageRecord.checkId(id);
            String name = optString(m, "name");
            if (name != null) {
                ImageRecord.checkUnicode("name", name);
            }
            List<String> tags = stringList(m, "tags");
            Attributes attrs = m.containsKey("attributes") ? Attributes.of(attributes(object(m, "attributes", ""))) : Attributes.empty();
            Instant created = m.containsKey("created") ? instant(object(m, "created", ""), "created") : null;
            Instant modified = m.containsKey("modified") ? instant(object(m, "modified", ""), "modified") : null;
            String origin = optString(m, "origin");
            Object activeValue = m.get("active");
            if (activeValue != null && !(activeValue instanceof Boolean)) {
                throw wrongType("active", "a boolean", activeValue);
            }
            boolean active = !Boolean.FALSE.equals(activeValue);
            if (m.get("signatures") != null && m.get("image") != null) {
                Map<?, ?> sm = object(m, "signatures", "");
                Map<?, ?> im = object(m, "image", "");
                ImageSignatures sig = signatures(sm, im);
                if (compatible(sig)) {
                    ImageInfo info = new ImageInfo(intField(im, "image.width"), intField(im, "image.height"),
                            string(im, "format", "image."), longField(im, "image.size"), string(im, "sha1", "image."),
                            string(im, "md5", "image."), string(im, "pixel_hash", "image."), string(im, "phash", "image."));
                    Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
                    return new Ingest.Ready(id, new RecordState(id, name, tags, attrs, created != null ? created : now,
                            modified != null ? modified : now, origin, info, active, sig));
                }
            }
            if (origin == null) {
                return new Ingest.Refused(id, Code.SOURCE_UNAVAILABLE, "line " + lineNo
                        + " carries no signatures usable by this index's extractor and no origin to read the image from");
            }
            ImageSource source;
            if (origin.matches("(?i)https?://.*")) {
                source = ImageSource.url(origin);
            } else {
                Path file = localOrigin(origin, folder, lineNo);
                if (file == null) {
                    return new Ingest.Refused(id, Code.SOURCE_UNAVAILABLE, "line " + lineNo + ": refused to read the local origin "
                            + cut(origin) + (folder == null
                            ? ": an import reads local files only under a folder the caller allows (ImportOptions.withOriginFolder)"
                            : ", which lies outside the allowed origin folder " + folder));
                }
                source = ImageSource.file(file);
            }
            ImageRecord.Builder b = ImageRecord.builder().id(id).source(source).tags(tags).attributes(attrs);
            if (name != null) {
                b.name(name);
            }
            if (created != null) {
                b.created(created);
            }
            return new Ingest.ToExtract(id, b.build());
        } catch (RuntimeException e) {
            return new Ingest.Refused(id, Code.INVALID_RECORD, "line " + lineNo + ": " + e.getMessage());
        }
    }

    /**
     * The real path of a local origin if it lies under the allowed folder's real path, else null:
     * no folder allowed, a {@code ..} element, or links resolving out of it. Relative origins are
     * taken relative to the folder. A file that does not exist is left for the loader to report.
     */
    private static Path localOrigin(String origin, Path folder, int lineNo) {
        if (folder == null) {
            return null;
        }
        Path p;
        try {
            p = Path.of(origin);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("field 'origin' is not a valid path: " + cut(origin));
        }
        for (Path element : p) {
            if (element.toString().equals("..")) {
                return null;
            }
        }
        Path abs = folder.resolve(p).normalize();
        try {
            Path real = abs.toRealPath();
            return real.startsWith(folder) ? real : null;
        } catch (IOException missing) {
            return abs.startsWith(folder) ? abs : null;
        }
    }

    /** Carried signatures are usable when they come from the same similarity model and vector extractors. */
    private boolean compatible(ImageSignatures sig) {
        return sig.similarity().modelId().equals(index.options().extractor().similarityExtractor().model().id())
                && sig.vectorNames().equals(vectorNames());
    }

    /** The names of the index's caller vector signatures. */
    private Set<String> vectorNames() {
        Set<String> names = new HashSet<>();
        index.options().extractor().vectorExtractors().forEach(v -> names.add(v.name()));
        return names;
    }

    private static ImageSignatures signatures(Map<?, ?> sm, Map<?, ?> im) {
        Map<String, float[]> vectors = new LinkedHashMap<>();
        if (sm.get("vectors") != null) {
            object(sm, "vectors", "signatures.").forEach((k, v) -> {
                byte[] bytes = base64(v, "signatures.vectors." + k);
                vectors.put((String) k, floats(bytes));
            });
        }
        return new ImageSignatures(intField(im, "image.width"), intField(im, "image.height"), string(im, "format", "image."),
                MatchingFeatures.fromBytes(base64(sm.get("matching"), "signatures.matching")),
                SimilaritySignature.fromBytes(base64(sm.get("similarity"), "signatures.similarity")),
                ColorSignature.fromBytes(base64(sm.get("color"), "signatures.color")),
                HashSignature.fromHex(string(sm, "hash", "signatures.")),
                vectors);
    }

    // ---- typed reads of an import line: a wrong type names the field and the type expected ----

    /** The JSON type of a parsed value, as a message names it. */
    /** The little-endian bytes of a vector, as the store writes them. */
    private static byte[] bytes(float[] v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.length * Float.BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    /** The little-endian floats of a carried vector, as the store writes them. */
    private static float[] floats(byte[] bytes) {
        float[] v = new float[bytes.length / Float.BYTES];
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    static String jsonType(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "string";
            case Boolean b -> "boolean";
            case Number n -> "number";
            case List<?> l -> "array";
            case Map<?, ?> m -> "object";
            default -> v.getClass().getSimpleName();
        };
    }

    private static IllegalArgumentException wrongType(String field, String expected, Object got) {
        return new IllegalArgumentException("field '" + field + "' must be " + expected + ", got: " + jsonType(got));
    }

    private static Map<?, ?> object(Map<?, ?> m, String key, String prefix) {
        Object v = m.get(key);
        if (!(v instanceof Map<?, ?> o)) {
            throw wrongType(prefix + key, "an object", v);
        }
        return o;
    }

    private static String string(Map<?, ?> m, String key, String prefix) {
        Object v = m.get(key);
        if (!(v instanceof String s)) {
            throw wrongType(prefix + key, "a string", v);
        }
        return s;
    }

    private static long longField(Map<?, ?> m, String path) {
        Object v = m.get(path.substring(path.lastIndexOf('.') + 1));
        if (!(v instanceof Long l)) {
            throw wrongType(path, "a whole number", v);
        }
        return l;
    }

    private static int intField(Map<?, ?> m, String path) {
        long v = longField(m, path);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field '" + path + "' must be in 0.." + Integer.MAX_VALUE + ", got: " + v);
        }
        return (int) v;
    }

    private static byte[] base64(Object v, String path) {
        if (!(v instanceof String s)) {
            throw wrongType(path, "a base64 string", v);
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + path + "' must be a base64 string: " + e.getMessage());
        }
    }

    private static List<String> stringList(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw wrongType(key, "an array of strings", v);
        }
        List<String> out = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof String s)) {
                throw new IllegalArgumentException("field '" + key + "' must be an array of strings, got: " + jsonType(l.get(i))
                        + " at index " + i);
            }
            ImageRecord.checkUnicode(key + "[" + i + "]", s);
            out.add(s);
        }
        return out;
    }

    /** Echoed input is cut: a 60,000-character value must not become a 60,000-character message. */
    static String cut(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "… (" + text.length() + " characters)";
    }

    /** JSON attribute values back to typed values: {"$date": …} objects become Instants. */
    private static Map<String, Object> attributes(Map<?, ?> json) {
        Map<String, Object> out = new LinkedHashMap<>();
        json.forEach((k, v) -> out.put((String) k, typed(v)));
        return out;
    }

    private static Object typed(Object v) {
        if (v instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.containsKey(DATE_KEY)) {
                return instant(m, "attributes");
            }
            return attributes(m);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(RecordExchange::typed).toList();
        }
        return v;
    }

    private static Instant instant(Map<?, ?> m, String field) {
        Object text = m.get(DATE_KEY);
        if (!(text instanceof String s)) {
            throw new IllegalArgumentException("field '" + field + "' must be {\"$date\": \"<ISO-8601 instant>\"}, got: "
                    + (m.containsKey(DATE_KEY) ? "{\"$date\": " + jsonType(text) + "}" : "an object without \"$date\""));
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' must hold an ISO-8601 instant, got: " + cut(s), e);
        }
    }

    private static String optString(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v != null && !(v instanceof String)) {
            throw wrongType(key, "a string", v);
        }
        return (String) v;
    }

    // ---- CSV ------------------------------------------------------------------------------

    long exportCsv(Writer out, Filter filter, List<String> attributeColumns) throws IOException {
        Objects.requireNonNull(out, "out");
        List<String> columns = List.copyOf(attributeColumns);
        for (String c : columns) {
            if (CSV_FIXED.contains(c)) {
                throw new IllegalArgumentException("attributeColumns must not repeat the fixed columns " + CSV_FIXED + ", got: " + c);
            }
        }
        List<String> header = new ArrayList<>(CSV_FIXED);
        header.addAll(columns);
        writeRow(out, header);
        List<StoredRecord> records = visible(filter, FieldSelection.ALL);
        for (StoredRecord r : records) {
            List<String> row = new ArrayList<>();
            row.add(r.id());
            row.add(r.origin() == null ? "" : r.origin());
            row.add(r.name() == null ? "" : r.name());
            row.add(String.join(CSV_LIST_SEPARATOR, r.tags()));
            for (String c : columns) {
                row.add(r.attributes().get(c).map(RecordExchange::cell).orElse(""));
            }
            writeRow(out, row);
        }
        out.flush();
        return records.size();
    }

    private static String cell(Object v) {
        if (v instanceof List<?> l) {
            return String.join(CSV_LIST_SEPARATOR, l.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }

    private static void writeRow(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            String c = cells.get(i);
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                out.write('"');
                out.write(c.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(c);
            }
        }
        out.write("\r\n");
    }

    BatchResult replaceFromCsv(Reader in, Filter scope, BatchProgress progress) throws IOException {
        Objects.requireNonNull(progress, "progress");
        List<List<String>> rows = readCsv(new BufferedReader(Objects.requireNonNull(in, "in")));
        if (rows.isEmpty() || !rows.get(0).contains("id")) {
            throw new IllegalArgumentException("csv must start with a header row holding an id column, got: "
                    + (rows.isEmpty() ? "no rows" : rows.get(0)));
        }
        List<String> header = rows.get(0);
        int idCol = header.indexOf("id");
        List<List<String>> data = rows.subList(1, rows.size());
        Set<String> csvIds = new HashSet<>();
        List<RecordStatus> statuses = new ArrayList<>();
        List<ImageRecord> inserts = new ArrayList<>();
        List<Integer> insertRows = new ArrayList<>();
        List<RecordUpdate> updates = new ArrayList<>();
        List<Integer> updateRows = new ArrayList<>();
        Map<String, FieldType> types = index.backend().attributeTypes();
        for (int r = 0; r < data.size(); r++) {
            statuses.add(null);
            List<String> row = data.get(r);
            String id = idCol < row.size() ? row.get(idCol) : "";
            try {
                if (id.isEmpty()) {
                    throw new IllegalArgumentException("row " + (r + 2) + " has an empty id");
                }
                if (!csvIds.add(id)) {
                    statuses.set(r, RecordStatus.refused(r, id, Code.DUPLICATE_ID, "id '" + id + "' appears earlier in the csv"));
                    continue;
                }
                Map<String, String> cells = new HashMap<>();
                for (int c = 0; c < header.size(); c++) {
                    cells.put(header.get(c), c < row.size() ? row.get(c) : "");
                }
                String name = cells.getOrDefault("name", "");
                List<String> tags = split(cells.getOrDefault("tags", ""));
                Attributes set = Attributes.empty();
                List<String> unset = new ArrayList<>();
                for (String col : header) {
                    if (CSV_FIXED.contains(col)) {
                        continue;
                    }
                    String text = cells.get(col);
                    if (text.isEmpty()) {
                        unset.add(col);
                    } else {
                        set = set.with(col, parseCell(col, text, types.get(col)));
                    }
                }
                if (index.get(List.of(id), FieldSelection.ID_ONLY).isEmpty()) {
                    String origin = cells.getOrDefault("origin", "");
                    if (origin.isEmpty()) {
                        statuses.set(r, RecordStatus.refused(r, id, Code.SOURCE_UNAVAILABLE, "row " + (r + 2)
                                + " is a new record without an origin (file path or URL) to read its image from"));
                        continue;
                    }
                    ImageSource source = origin.matches("(?i)https?://.*") ? ImageSource.url(origin)
                            : ImageSource.file(java.nio.file.Path.of(origin));
                    ImageRecord.Builder b = ImageRecord.builder().id(id).source(source).tags(tags).attributes(set);
                    if (!name.isEmpty()) {
                        b.name(name);
                    }
                    inserts.add(b.build());
                    insertRows.add(r);
                } else {
                    RecordUpdate.Builder u = RecordUpdate.builder(id).tags(tags);
                    if (name.isEmpty()) {
                        u.clearName();
                    } else {
                        u.name(name);
                    }
                    set.asMap().forEach(u::set);
                    unset.forEach(u::unset);
                    updates.add(u.build());
                    updateRows.add(r);
                }
            } catch (IllegalArgumentException e) {
                statuses.set(r, RecordStatus.refused(r, id.isEmpty() ? null : id, Code.INVALID_RECORD, e.getMessage()));
            }
        }
        BatchResult updated = index.update(updates);
        for (int i = 0; i < updateRows.size(); i++) {
            RecordStatus s = updated.get(i);
            statuses.set(updateRows.get(i), new RecordStatus(updateRows.get(i), s.id(), s.code(), s.reason(), s.duplicates()));
        }
        BatchResult inserted = index.insert(inserts, progress);
        for (int i = 0; i < insertRows.size(); i++) {
            RecordStatus s = inserted.get(i);
            statuses.set(insertRows.get(i), new RecordStatus(insertRows.get(i), s.id(), s.code(), s.reason(), s.duplicates()));
        }
        List<String> stale = visible(scope, FieldSelection.ID_ONLY).stream().map(StoredRecord::id)
                .filter(id -> !csvIds.contains(id)).toList();
        BatchResult deleted = index.delete(stale);
        for (RecordStatus s : deleted.statuses()) {
            statuses.add(new RecordStatus(data.size() + s.index(), s.id(), s.code(), s.reason(), s.duplicates()));
        }
        return new BatchResult(statuses);
    }

    private static Object parseCell(String column, String text, FieldType known) {
        List<String> parts = split(text);
        FieldType type = known != null ? known : FieldType.KEYWORD;
        try {
            if (parts.size() > 1) {
                return parts.stream().map(p -> parse(type, p)).toList();
            }
            return parse(type, text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("column '" + column + "' holds " + type.label() + " values, got: " + text, e);
        }
    }

    private static List<String> split(String cell) {
        if (cell.isEmpty()) {
            return List.of();
        }
        return List.of(cell.split(java.util.regex.Pattern.quote(CSV_LIST_SEPARATOR), -1));
    }

    /** RFC 4180 rows: quoted cells with doubled quotes and line breaks inside; CRLF or LF. */
    static List<List<String>> readCsv(Reader in) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        while ((c = in.read()) != -1) {
            any = true;
            if (quoted) {
                if (c == '"') {
                    int next = in.read();
                    if (next == '"') {
                        cell.append('"');
                    } else {
                        quoted = false;
                        if (next == -1) {
                            break;
                        }
                        c = next;
                        // fall through to the unquoted handling of next
                        if (handle(c, row, cell, rows)) {
                            any = false;
                        }
                    }
                } else {
                    cell.append((char) c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (handle(c, row, cell, rows)) {
                any = false;
            }
        }
        if (any || !cell.isEmpty() || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(new ArrayList<>(row));
        }
        rows.removeIf(r -> r.size() == 1 && r.get(0).isEmpty());
        return rows;
    }

    /** Handles an unquoted character; true when it ended a row. */
    private static boolean handle(int c, List<String> row, StringBuilder cell, List<List<String>> rows) {
        if (c == ',') {
            row.add(cell.toString());
            cell.setLength(0);
            return false;
        }
        if (c == '\n') {
            row.add(cell.toString());
            cell.setLength(0);
            rows.add(new ArrayList<>(row));
            row.clear();
            return true;
        }
        if (c != '\r') {
            cell.append((char) c);
        }
        return false;
    }

    /** A value of {@code type} read from text (CSV cells). */
    static Object parse(FieldType type, String text) {
        return switch (type) {
            case KEYWORD, TEXT -> text;
            case LONG -> Long.parseLong(text.strip());
            case DOUBLE -> Double.parseDouble(text.strip());
            case BOOLEAN -> switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("expected true or false, got: " + text);
            };
            case DATE -> org.imageindex.query.schema.Dates.parse(text.strip());
        };
    }
}
