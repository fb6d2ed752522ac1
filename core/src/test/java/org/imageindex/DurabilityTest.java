package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordUpdate;
import org.imageindex.record.StoredRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * R6: a child JVM inserts, updates and deletes in small committed batches and is killed
 * (destroyForcibly) at random moments. After each kill the index passes Lucene's CheckIndex,
 * opens, and holds exactly what was committed: the child appends each committed batch to a
 * commit log (fsynced after {@code commit()} returns), the parent replays it; the one batch in
 * flight at the kill may or may not be there, nothing else may differ. The child imports
 * pre-extracted records (JSON Lines with signatures), so it decodes no image.
 *
 * <p>{@code -Dimageindex.durability.kills=200} runs a longer series (default 50),
 * {@code -Dimageindex.durability.seed=N} repeats one.
 */
class DurabilityTest {

    private static final int KILLS = Integer.getInteger("imageindex.durability.kills", 50);
    private static final int POOL = 40;
    private static final String OPEN = "OPEN";

    @TempDir
    Path tmp;

    @Test
    void everyCommittedChangeSurvivesAKillAndNothingElseAppears() throws Exception {
        long seed = Long.getLong("imageindex.durability.seed", System.nanoTime());
        Random random = new Random(seed);
        Path dir = tmp.resolve("index");
        Path pool = tmp.resolve("pool.jsonl");
        Path log = tmp.resolve("commits.log");
        Map<String, StoredRecord> base = writePool(pool);
        Map<String, Map<String, Object>> model = new TreeMap<>();
        int logLine = 0;
        int inFlightCommitted = 0;
        int inFlightLost = 0;
        int batches = 0;
        long start = System.nanoTime();
        for (int round = 0; round < KILLS; round++) {
            String context = "seed " + seed + ", kill " + round;
            runAndKill(dir, pool, log, seed + round, 100 + random.nextInt(600), context);
            List<String> lines = completeLines(log);
            List<String> pending = null;
            for (; logLine < lines.size(); logLine++) {
                String line = lines.get(logLine);
                if (line.startsWith("B ")) {
                    pending = List.of(line.substring(2).split(" ", -1));
                } else if (line.startsWith("C ")) {
                    if (pending == null || !pending.get(0).equals(line.substring(2))) {
                        fail(context + ": commit log has a commit without its batch: " + line);
                    }
                    apply(model, base, pending);
                    batches++;
                    pending = null;
                }
            }
            try (Directory d = FSDirectory.open(dir); CheckIndex check = new CheckIndex(d)) {
                CheckIndex.Status status = check.checkIndex();
                assertTrue(status.clean, context + ": CheckIndex found problems");
            }
            Map<String, Map<String, Object>> actual = new TreeMap<>();
            try (ImageIndex index = ImageIndex.builder().commitInterval(Duration.ZERO).extractionThreads(1).open(dir)) {
                for (StoredRecord r : index.get(new ArrayList<>(base.keySet()), FieldSelection.ALL_WITH_SIGNATURES)) {
                    actual.put(r.id(), r.attributes().asMap());
                    StoredRecord original = base.get(r.id());
                    assertEquals(original.signatures().hash().hex(), r.signatures().hash().hex(), context + ": hash of " + r.id());
                    assertEquals(original.image().sha1(), r.image().sha1(), context + ": sha1 of " + r.id());
                }
                assertEquals(actual.size(), index.count(), context + ": records outside the pool");
            }
            if (!actual.equals(model)) {
                Map<String, Map<String, Object>> withPending = new TreeMap<>(model);
                if (pending != null) {
                    apply(withPending, base, pending);
                }
                assertEquals(digest(withPending), digest(actual), context + ": the index holds neither the committed state nor"
                        + " the committed state plus the batch in flight " + pending);
                model = withPending;
                inFlightCommitted++;
                // the child committed the batch but was killed before logging it: log it for the next rounds' replay
                Files.writeString(log, "C " + pending.get(0) + "\n", StandardOpenOption.APPEND);
                logLine = completeLines(log).size();
            } else if (pending != null) {
                inFlightLost++;
            }
        }
        System.out.printf("durability: %d kills in %.1f s, %d committed batches replayed, %d records at the end; batch in flight"
                        + " at the kill: committed %d times, absent %d times (seed %d)%n", KILLS, (System.nanoTime() - start) / 1e9,
                batches, model.size(), inFlightCommitted, inFlightLost, seed);
        assertTrue(batches >= KILLS / 4, "seed " + seed + ": only " + batches + " batches committed over " + KILLS + " kills");
    }

    /** Applies one logged batch {@code seq, I:ids, U:id=n,..., D:ids} to the expected state. */
    private static void apply(Map<String, Map<String, Object>> model, Map<String, StoredRecord> base, List<String> batch) {
        for (String id : ids(batch.get(1), "I:")) {
            model.put(id, base.get(id).attributes().asMap());
        }
        for (String update : ids(batch.get(2), "U:")) {
            String[] kv = update.split("=");
            Map<String, Object> attributes = new LinkedHashMap<>(model.get(kv[0]));
            attributes.put("n", Long.parseLong(kv[1]));
            model.put(kv[0], attributes);
        }
        for (String id : ids(batch.get(3), "D:")) {
            model.remove(id);
        }
    }

    private static List<String> ids(String part, String prefix) {
        String list = part.substring(prefix.length());
        return list.isEmpty() ? List.of() : List.of(list.split(","));
    }

    /** One line per record: id and its attributes in key order, so a mismatch reads as a diff. */
    private static String digest(Map<String, Map<String, Object>> state) {
        StringBuilder out = new StringBuilder();
        state.forEach((id, attributes) -> out.append(id).append(' ').append(new TreeMap<>(attributes)).append('\n'));
        return out.toString();
    }

    private static List<String> completeLines(Path log) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        String text = Files.readString(log);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }

    /** Extracts the pool's signatures once, in memory, and writes them as JSON Lines the child imports. */
    private static Map<String, StoredRecord> writePool(Path pool) throws IOException {
        try (ImageIndex index = ImageIndex.builder().commitInterval(Duration.ZERO).inMemory()) {
            List<ImageRecord> records = new ArrayList<>();
            for (int i = 0; i < POOL; i++) {
                records.add(ImageRecord.builder().id("p" + i).source(ImageSource.bytes(TestImages.synthetic(i, 64, 48)))
                        .attributes(Map.of("k", (long) i, "group", "g" + i % 4)).tags("t" + i % 3).build());
            }
            BatchResult r = index.insert(records);
            assertTrue(r.allSucceeded(), r.toString());
            StringWriter out = new StringWriter();
            index.exportJsonLines(out, ImageIndex.ALL_RECORDS, FieldSelection.ALL_WITH_SIGNATURES);
            Files.writeString(pool, out.toString());
            Map<String, StoredRecord> base = new TreeMap<>();
            index.get(records.stream().map(ImageRecord::id).toList(), FieldSelection.ALL_WITH_SIGNATURES)
                    .forEach(s -> base.put(s.id(), s));
            return base;
        }
    }

    private static void runAndKill(Path dir, Path pool, Path log, long seed, int delayMs, String context) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                dir.toString(), pool.toString(), log.toString(), Long.toString(seed));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = in.readLine(); // blocks until the child has opened the index (or died)
            if (!OPEN.equals(line)) {
                p.destroyForcibly();
                fail(context + ": child did not open the index (printed " + line + ", exit " + p.waitFor() + ")");
            }
            Thread.sleep(delayMs); // kill at a random moment: mid-write, mid-flush, mid-commit or between batches
            if (!p.isAlive()) {
                fail(context + ": child died by itself, exit " + p.exitValue());
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), context + ": killed child did not exit");
        }
    }

    /** The child process: small batches of imports, updates and deletes, each committed and logged, forever. */
    public static final class Child {

        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            Map<String, String> pool = new LinkedHashMap<>();
            for (String line : Files.readAllLines(Path.of(args[1]))) {
                if (!line.isBlank()) {
                    String id = line.substring(line.indexOf("\"id\":\"") + 6, line.indexOf('"', line.indexOf("\"id\":\"") + 6));
                    pool.put(id, line);
                }
            }
            Random random = new Random(Long.parseLong(args[3]));
            try (FileChannel log = FileChannel.open(Path.of(args[2]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
                 ImageIndex index = ImageIndex.builder().commitInterval(Duration.ZERO).extractionThreads(1).open(dir)) {
                Set<String> present = new HashSet<>();
                index.get(new ArrayList<>(pool.keySet()), FieldSelection.ID_ONLY).forEach(r -> present.add(r.id()));
                System.out.println(OPEN);
                System.out.flush();
                for (int batch = 0; ; batch++) {
                    List<String> absent = new ArrayList<>(pool.keySet());
                    absent.removeAll(present);
                    List<String> live = new ArrayList<>(present);
                    live.sort(null);
                    java.util.Collections.shuffle(absent, random);
                    java.util.Collections.shuffle(live, random);
                    List<String> inserts = absent.subList(0, Math.min(absent.size(), random.nextInt(4)));
                    int nUpdates = Math.min(live.size(), random.nextInt(3));
                    List<String> updates = live.subList(0, nUpdates);
                    List<String> deletes = live.subList(nUpdates, Math.min(live.size(), nUpdates + random.nextInt(3)));
                    Map<String, Long> values = new LinkedHashMap<>();
                    updates.forEach(id -> values.put(id, random.nextLong(1_000_000)));
                    String seq = args[3] + "-" + batch;
                    StringBuilder u = new StringBuilder();
                    values.forEach((id, v) -> u.append(u.isEmpty() ? "" : ",").append(id).append('=').append(v));
                    write(log, "B " + seq + " I:" + String.join(",", inserts) + " U:" + u + " D:" + String.join(",", deletes), false);
                    StringBuilder lines = new StringBuilder();
                    inserts.forEach(id -> lines.append(pool.get(id)).append('\n'));
                    check(index.importJsonLines(new StringReader(lines.toString()), BatchProgress.NONE));
                    List<RecordUpdate> changes = new ArrayList<>();
                    values.forEach((id, v) -> changes.add(RecordUpdate.of(id, Map.of("n", v))));
                    check(index.update(changes));
                    check(index.delete(deletes));
                    index.commit();
                    write(log, "C " + seq, true);
                    present.addAll(inserts);
                    present.removeAll(deletes);
                }
            }
        }

        private static void check(BatchResult r) {
            if (!r.allSucceeded()) {
                System.err.println("child batch failed: " + r);
                System.exit(3);
            }
        }

        private static void write(FileChannel log, String line, boolean fsync) throws IOException {
            ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                log.write(b);
            }
            if (fsync) {
                log.force(false);
            }
        }
    }
}
