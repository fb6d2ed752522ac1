package org.imageindex;

import org.imageindex.spi.IndexBackend;
import org.imageindex.spi.RecordState;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.ImageInfo;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.signatures.ImageSignatures;
import org.imageindex.signatures.QueryImage;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.signatures.decode.DecodedImage;
import org.imageindex.signatures.decode.ImageDecodeException;
import org.imageindex.signatures.decode.ImageDecoder;

/**
 * Batch insertion (R2, R3): images are loaded and their signatures extracted in parallel on the
 * index's extraction pool, with at most {@code maxInFlight} records between "submitted" and
 * "written", so memory stays bounded whatever the batch size; outcomes are written in input
 * order under the write lock, a group of finished records at a time. One bad record never
 * aborts the batch: each failure becomes that record's {@link RecordStatus}.
 */
final class Ingest {

    private static final System.Logger LOG = System.getLogger(Ingest.class.getName());

    /** One input of a batch: a record whose image must be read, or a record carried whole (import). */
    sealed interface Item {
        /** The record's id (generated ones included), or null. */
        String id();
    }

    /** A record to read and extract. */
    record ToExtract(String id, ImageRecord record) implements Item {
    }

    /** A record whose signatures came with it; only written. */
    record Ready(String id, RecordState state) implements Item {
    }

    /** An input already refused before any work. */
    record Refused(String id, Code code, String reason) implements Item {
    }

    private final IndexBackend backend;
    private final SignatureExtractor extractor;
    private final ImageDecoder decoder;
    private final ImageLoader loader;
    private final ExecutorService pool;
    private final int maxInFlight;

    Ingest(IndexBackend backend, ImageIndex.Options options, ExecutorService pool) {
        this.backend = backend;
        this.extractor = options.extractor();
        this.decoder = ImageDecoder.of(options.decodeLimits()).withTargetSide(SignatureExtractor.WORKING_SIDE);
        this.loader = new ImageLoader(options.decodeLimits().maxBytes(), options.urlTimeout(), options.sources());
        this.pool = pool;
        this.maxInFlight = options.maxInFlight();
    }

    /** Items for caller records: ids generated where missing. */
    static List<Item> items(List<ImageRecord> records) {
        List<Item> items = new ArrayList<>(records.size());
        for (ImageRecord r : records) {
            items.add(new ToExtract(r.id() != null ? r.id() : UUID.randomUUID().toString(), r));
        }
        return items;
    }

    /** The outcome of extraction: a record ready to write, or a refusal. */
    private record Outcome(int index, String id, RecordState state, Code code, String reason) {
    }

    /** A record between submitted and written; {@code extracts} when it is read and extracted on the pool. */
    private record InFlight(CompletableFuture<Outcome> outcome, boolean extracts) {
    }

    /**
     * Records written in one group at most. Records to extract are bounded by {@code maxInFlight}
     * (their images are in memory while they wait); records carried whole (an import) are in
     * memory already, a chunk at a time, and wait for this many so that a cluster gets them in
     * full bulk requests rather than a few at a time.
     */
    static final int MAX_GROUP = 1000;

    /**
     * Runs the batch.
     *
     * @param nearDuplicateRadius a record whose hash lies within this radius of a visible record
     *                            (or of one inserted earlier in the batch) is skipped; -1 inserts
     *                            regardless
     */
    BatchResult run(List<Item> items, int nearDuplicateRadius, BatchProgress progress) {
        return run(items, nearDuplicateRadius, false, progress);
    }

    /**
     * Runs the batch; with {@code replace}, a record whose id is stored replaces the stored one
     * ({@link Code#UPDATED}) in the write that adds it, so a refused record leaves it untouched.
     */
    BatchResult run(List<Item> items, int nearDuplicateRadius, boolean replace, BatchProgress progress) {
        backend.ensureWritable(); // a read-only index refuses the batch before any image is read
        int n = items.size();
        RecordStatus[] statuses = new RecordStatus[n];
        // Cheap refusals first: ids repeated within the batch, ids already stored.
        Map<String, Integer> firstSeen = new HashMap<>();
        List<String> ids = new ArrayList<>(n);
        for (Item it : items) {
            ids.add(it.id());
        }
        Set<String> stored = backend.storedIds(ids);
        Deque<InFlight> inFlight = new ArrayDeque<>();
        int[] done = {0};
        int[] extracting = {0}; // records of inFlight read and extracted on the pool: the ones maxInFlight bounds
        IngestTimes times = new IngestTimes();
        for (int i = 0; i < n; i++) {
            Item it = items.get(i);
            Outcome early = null;
            if (it instanceof Refused r) {
                early = new Outcome(i, r.id(), null, r.code(), r.reason());
            } else if (firstSeen.putIfAbsent(it.id(), i) != null) {
                early = new Outcome(i, it.id(), null, Code.DUPLICATE_ID, "id '" + it.id() + "' appears earlier in the batch, at index "
                        + firstSeen.get(it.id()));
            } else if (!replace && stored.contains(it.id())) {
                early = new Outcome(i, it.id(), null, Code.DUPLICATE_ID, "a record with id '" + it.id() + "' is already stored");
            }
            boolean extracts = early == null && it instanceof ToExtract;
            while ((extracts && extracting[0] >= maxInFlight) || inFlight.size() >= MAX_GROUP) {
                writeFinished(inFlight, statuses, nearDuplicateRadius, replace, progress, n, done, times, extracting);
            }
            final int index = i;
            if (extracts) {
                extracting[0]++;
            }
            inFlight.addLast(new InFlight(early != null ? CompletableFuture.completedFuture(early)
                    : it instanceof Ready r ? CompletableFuture.completedFuture(new Outcome(index, r.id(), r.state(), null, null))
                    : CompletableFuture.supplyAsync(() -> extract(index, (ToExtract) it, times), pool), extracts));
        }
        while (!inFlight.isEmpty()) {
            writeFinished(inFlight, statuses, nearDuplicateRadius, replace, progress, n, done, times, extracting);
        }
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, times.summary(n));
        }
        return new BatchResult(List.of(statuses));
    }

    /** The oldest record in flight, once finished. */
    private static Outcome take(Deque<InFlight> inFlight, int[] extracting) {
        InFlight f = inFlight.removeFirst();
        if (f.extracts()) {
            extracting[0]--;
        }
        return f.outcome().join();
    }

    /** Waits for the oldest outcome, then writes it and every following one already finished. */
    private void writeFinished(Deque<InFlight> inFlight, RecordStatus[] statuses, int radius,
                               boolean replace, BatchProgress progress, int total, int[] done, IngestTimes times,
                               int[] extracting) {
        List<Outcome> group = new ArrayList<>();
        long[] t = IngestTimes.begin();
        group.add(take(inFlight, extracting));
        t = times.end(IngestTimes.Stage.WAIT, t);
        while (!inFlight.isEmpty() && inFlight.peekFirst().outcome().isDone()) {
            group.add(take(inFlight, extracting));
        }

        List<RecordStatus> written = backend.write(w -> writeGroup(w, group, radius, replace));
        times.end(IngestTimes.Stage.WRITE, t);
        for (RecordStatus s : written) {
            statuses[s.index()] = s;
            done[0]++;
            progress.advanced(done[0], total, s);
        }
    }

    /**
     * Writes one group. Without a near-duplicate check the group's records go to the backend in
     * one {@link IndexBackend.Writes#putAll} (a bulk request on a cluster); with the check, each
     * record is stored before the next is compared with it, so a record the storage refused never
     * makes a later one a near duplicate.
     */
    private static List<RecordStatus> writeGroup(IndexBackend.Writes w, List<Outcome> group, int radius,
                                                 boolean replace) throws java.io.IOException {
        RecordStatus[] out = new RecordStatus[group.size()];
        Set<String> idsInGroup = new HashSet<>();
        Map<String, Long> hashesInGroup = new java.util.LinkedHashMap<>();
        List<String> groupIds = new ArrayList<>(group.size());
        for (Outcome o : group) {
            if (o.state() != null) {
                groupIds.add(o.id());
            }
        }
        Set<String> stored = groupIds.isEmpty() ? Set.of() : w.existing(groupIds);
        List<IndexBackend.Put> puts = new ArrayList<>();
        List<Integer> putAt = new ArrayList<>();
        for (int g = 0; g < group.size(); g++) {
            Outcome o = group.get(g);
            if (o.state() == null) {
                out[g] = RecordStatus.refused(o.index(), o.id(), o.code(), o.reason());
                continue;
            }
            RecordState state = o.state();
            boolean storedAlready = stored.contains(o.id());
            if (idsInGroup.contains(o.id()) || (storedAlready && !replace)) {
                out[g] = RecordStatus.refused(o.index(), o.id(), Code.DUPLICATE_ID, "a record with id '" + o.id() + "' is already stored");
                continue;
            }
            Optional<String> invalid = w.check(state.attributes());
            if (invalid.isPresent()) {
                out[g] = RecordStatus.refused(o.index(), o.id(), Code.INVALID_RECORD, invalid.get());
                continue;
            }
            if (radius >= 0) {
                long bits = state.signatures().hash().bits();
                List<RecordStatus.Duplicate> dups = new ArrayList<>(w.withinHashRadius(bits, radius));
                hashesInGroup.forEach((id, h) -> {
                    int d = Long.bitCount(h ^ bits);
                    if (d <= radius) {
                        dups.add(new RecordStatus.Duplicate(id, d));
                    }
                });
                if (!dups.isEmpty()) {
                    dups.sort(java.util.Comparator.comparingInt(RecordStatus.Duplicate::distance)
                            .thenComparing(RecordStatus.Duplicate::id));
                    out[g] = new RecordStatus(o.index(), o.id(), Code.NEAR_DUPLICATE, dups.size()
                            + " stored record(s) within Hamming radius " + radius + ", closest " + dups.get(0).id()
                            + " at distance " + dups.get(0).distance(), dups);
                    continue;
                }
                // Stored now, before the next record is compared with it.
                Optional<IndexBackend.Refusal> refused = w.putAll(List.of(new IndexBackend.Put(state, storedAlready))).get(0);
                if (refused.isPresent()) {
                    out[g] = RecordStatus.refused(o.index(), o.id(), refused.get().code(), refused.get().reason());
                    continue;
                }
                hashesInGroup.put(o.id(), bits);
                out[g] = RecordStatus.ok(o.index(), o.id(), storedAlready ? Code.UPDATED : Code.INSERTED);
            } else {
                // Extracted records carry the extraction time as modified; imported ones keep theirs.
                puts.add(new IndexBackend.Put(state, storedAlready));
                putAt.add(g);
                out[g] = RecordStatus.ok(o.index(), o.id(), storedAlready ? Code.UPDATED : Code.INSERTED);
            }
            idsInGroup.add(o.id());
        }
        if (!puts.isEmpty()) {
            List<Optional<IndexBackend.Refusal>> refusals = w.putAll(puts);
            for (int k = 0; k < puts.size(); k++) {
                Optional<IndexBackend.Refusal> r = refusals.get(k);
                if (r.isPresent()) {
                    RecordStatus ok = out[putAt.get(k)];
                    out[putAt.get(k)] = RecordStatus.refused(ok.index(), ok.id(), r.get().code(), r.get().reason());
                }
            }
        }
        return List.of(out);
    }

    /**
     * A query image, read within the index's limits; its signatures are extracted as the search
     * asks for them.
     *
     * @throws IllegalArgumentException naming why the image cannot be read
     */
    QueryImage queryOf(org.imageindex.record.ImageSource source) {
        try {
            return extractor.query(decoder.decode(loader.load(source)));
        } catch (ImageLoader.LoadException e) {
            throw new IllegalArgumentException("query image cannot be read (" + e.code + "): " + e.getMessage(), e);
        } catch (ImageDecodeException e) {
            throw new IllegalArgumentException("query image cannot be decoded (" + code(e.reason()) + "): " + e.getMessage(), e);
        }
    }

    /** Loads, decodes and extracts one record; every failure becomes a refusal. */
    private Outcome extract(int index, ToExtract it, IngestTimes times) {
        ImageRecord r = it.record();
        long[] t = IngestTimes.begin();
        byte[] bytes;
        try {
            bytes = loader.load(r.source());
        } catch (ImageLoader.LoadException e) {
            return new Outcome(index, it.id(), null, e.code, e.getMessage());
        } finally {
            t = times.end(IngestTimes.Stage.LOAD, t);
        }
        DecodedImage decoded;
        try {
            decoded = decoder.decode(bytes);
        } catch (ImageDecodeException e) {
            return new Outcome(index, it.id(), null, code(e.reason()), e.getMessage());
        } finally {
            t = times.end(IngestTimes.Stage.DECODE, t);
        }
        ImageSignatures sig;
        try {
            sig = extractor.extract(decoded);
        } catch (RuntimeException e) {
            return new Outcome(index, it.id(), null, Code.EXTRACTION_FAILED, "signature extraction failed: " + e);
        } finally {
            t = times.end(IngestTimes.Stage.SIGNATURES, t);
        }
        ImageInfo info = new ImageInfo(sig.width(), sig.height(), decoded.format(), bytes.length, digest("SHA-1", bytes),
                digest("MD5", bytes), pixelHash(decoded), sig.hash().hex());
        times.end(IngestTimes.Stage.DIGESTS, t);
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        RecordState state = new RecordState(it.id(), r.name(), r.tags(), r.attributes(), r.created() != null ? r.created() : now,
                now, r.source().origin().orElse(null), info, true, sig);
        return new Outcome(index, it.id(), state, null, null);
    }

    static Code code(ImageDecodeException.Reason reason) {
        return switch (reason) {
            case EMPTY, NOT_AN_IMAGE -> Code.NOT_AN_IMAGE;
            case UNSUPPORTED_FORMAT -> Code.UNSUPPORTED_FORMAT;
            case TOO_MANY_BYTES, TOO_MANY_PIXELS -> Code.TOO_LARGE;
            case TRUNCATED, CORRUPT -> Code.UNREADABLE;
            case IO -> Code.SOURCE_UNAVAILABLE;
        };
    }

    static String digest(String algorithm, byte[] bytes) {
        return HexFormat.of().formatHex(messageDigest(algorithm).digest(bytes));
    }

    /** Pixels per update of the pixel hash: 64 KB of bytes at a time. */
    private static final int PIXEL_HASH_CHUNK = 16 * 1024;

    private static MessageDigest messageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides " + algorithm, e);
        }
    }

    /** SHA-1 over the decoded size and RGB values; see {@link ImageInfo#pixelHash()}. */
    static String pixelHash(DecodedImage decoded) {
        int[] rgb = Images.rgb(decoded.image());
        MessageDigest sha1 = messageDigest("SHA-1");
        // The bytes hashed are the size and then each pixel as a big-endian int; fed through a
        // small buffer rather than a second full-size copy of the raster.
        ByteBuffer buf = ByteBuffer.allocate(PIXEL_HASH_CHUNK * 4);
        buf.putInt(decoded.image().getWidth()).putInt(decoded.image().getHeight());
        for (int from = 0; from < rgb.length; from += PIXEL_HASH_CHUNK - 2) {
            int to = Math.min(rgb.length, from + PIXEL_HASH_CHUNK - 2);
            for (int i = from; i < to; i++) {
                buf.putInt(rgb[i]);
            }
            sha1.update(buf.array(), 0, buf.position());
            buf.clear();
        }
        sha1.update(buf.array(), 0, buf.position());
        return HexFormat.of().formatHex(sha1.digest());
    }
}
