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
import java.util.EnumMap;
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
 * opens, and holds exactly what was committed: the child logs each batch before writing it
 * ({@code B}), before committing it ({@code W}) and after {@code commit()} returns ({@code C},
 * fsynced); the parent replays the log. The one batch in flight at the kill may be there only if
 * its commit had started; nothing else may differ. The child imports pre-extracted records (JSON
 * Lines with signatures), so it decodes no image.
 *
 * <p>Kill moments are spread over the child's working life, not its start. The child reports
 * {@code READY} once the index is open, {@code B} as each batch starts, {@code W} as its commit
 * starts and {@code C} when the commit returned; the parent picks the first or the second batch,
 * waits for it (or, every fourth kill, for its commit) to start, and kills after a delay drawn
 * uniformly over a batch's (or a commit's) duration, which it learns from the children it has
 * run. A fixed delay suits one machine only: where the child's first batch (the one that loads
 * and compiles the write path) outlasts it, every kill lands in that batch's writes and hardly
 * any batch gets committed. Aiming at commits is what makes commits cut short a certainty in
 * every run: a commit is about 10 ms of a batch's 250, and 50 kills aimed at batches alone can
 * hit none (one CI run did; other runs hit two). Each kill is classified by the last line the child
 * logged: mid-batch ({@code B}), mid-commit ({@code W}) or between batches ({@code C}).
 *
 * <p>{@code -Dimageindex.durability.kills=200} runs a longer series (default 50),
 * {@code -Dimageindex.durability.seed=N} repeats one.
 */
class DurabilityTest {

    /**
     * 50 kills, the number the reliability contract asks of every CI run. A round is mostly the
     * child's start; waiting for its second batch makes a round longer than kills at a fixed
     * 100-700 ms did, in exchange for about four committed batches per five kills instead of one
     * per two to four.
     */
    private static final int KILLS = Integer.getInteger("imageindex.durability.kills", 50);
    private static final int POOL = 40;
    private static final String READY = "READY";
    private static final String BATCH = "B";
    private static final String COMMIT = "W";
    private static final String COMMITTED = "C";

    /**
     * Kills land in the child's first or second batch, half each: the cold batch and a warm one
     * both get every phase hit. Later batches would run the same code on an index that earlier
     * rounds have grown anyway, and each one more would add its duration to half the rounds.
     */
    private static final int KILLED_BATCHES = 2;

    /** Every this many kills, one is aimed at a commit rather than at a batch's start. */
    private static final int COMMIT_AIM_EVERY = 4;

    /** A batch's duration assumed until a child has been timed through its first batch. */
    private static final long INITIAL_BATCH_MS = 500;

    /** A commit's duration assumed until a child has been seen completing one. */
    private static final long INITIAL_COMMIT_MS = 20;

    /**
     * The child idles up to this long after each commit, as an application does between writes:
     * without it, "between batches" would be a window of microseconds that no kill hits, and a
     * kill while idle (background merges may be running) would go untested.
     */
    private static final int MAX_IDLE_MS = 150;

    /** Where a kill landed, read from the last line the child logged in its round. */
    private enum Phase {
        /** Logged {@code B}: importing, updating or deleting, nothing of the batch committed. */
        MID_BATCH,
        /** Logged {@code W}: inside {@code commit()}, which may or may not have become durable. */
        MID_COMMIT,
        /** Logged {@code C}: idle after a commit, every logged batch committed. */
        BETWEEN
    }

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
        int checkIndexPasses = 0;
        long recordsVerified = 0;
        Map<Phase, Integer> phases = new EnumMap<>(Phase.class);
        Map<Integer, Integer> killedBatch = new TreeMap<>();
        List<Long> firstBatchMs = new ArrayList<>();
        List<Long> commitMs = new ArrayList<>();
        int aimedAtCommit = 0;
        long start = System.nanoTime();
        for (int round = 0; round < KILLS; round++) {
            String context = "seed " + seed + ", kill " + round;
            int batch = random.nextInt(KILLED_BATCHES);
            boolean atCommit = round % COMMIT_AIM_EVERY == COMMIT_AIM_EVERY - 1;
            long delayMs = (long) (random.nextDouble()
                    * (atCommit ? median(commitMs, INITIAL_COMMIT_MS) : median(firstBatchMs, INITIAL_BATCH_MS)));
            Timing timing = runAndKill(dir, pool, log, seed + round, batch, atCommit, delayMs, context);
            if (timing.firstBatchMs() >= 0) {
                firstBatchMs.add(timing.firstBatchMs());
            }
            if (timing.commitMs() >= 0) {
                commitMs.add(timing.commitMs());
            }
            aimedAtCommit += atCommit ? 1 : 0;
            killedBatch.merge(batch, 1, Integer::sum);
            List<String> lines = completeLines(log);
            List<String> pending = null;
            boolean committing = false;
            for (; logLine < lines.size(); logLine++) {
                String line = lines.get(logLine);
                if (line.startsWith("B ")) {
                    pending = List.of(line.substring(2).split(" ", -1));
                    committing = false;
                } else if (line.startsWith("W ") || line.startsWith("C ")) {
                    if (pending == null || !pending.get(0).equals(line.substring(2))) {
                        fail(context + ": commit log has a commit without its batch: " + line);
                    }
                    if (line.startsWith("W ")) {
                        committing = true;
                    } else {
                        apply(model, base, pending);
                        batches++;
                        pending = null;
                        committing = false;
                    }
                }
            }
            Phase phase = pending == null ? Phase.BETWEEN : committing ? Phase.MID_COMMIT : Phase.MID_BATCH;
            phases.merge(phase, 1, Integer::sum);
            try (Directory d = FSDirectory.open(dir); CheckIndex check = new CheckIndex(d)) {
                CheckIndex.Status status = check.checkIndex();
                assertTrue(status.clean, context + ": CheckIndex found problems");
                checkIndexPasses++;
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
            recordsVerified += actual.size();
            if (!actual.equals(model)) {
                Map<String, Map<String, Object>> withPending = new TreeMap<>(model);
                if (pending != null) {
                    apply(withPending, base, pending);
                }
                assertEquals(digest(withPending), digest(actual), context + ": the index holds neither the committed state nor"
                        + " the committed state plus the batch in flight " + pending);
                // Only a commit that had started may have made the batch durable; writes alone never may.
                assertEquals(Phase.MID_COMMIT, phase, context + ": the batch in flight " + pending + " is in the index,"
                        + " but its commit had not started");
                model = withPending;
                inFlightCommitted++;
                // the child committed the batch but was killed before logging it: log it for the next rounds' replay
                Files.writeString(log, "C " + pending.get(0) + "\n", StandardOpenOption.APPEND);
                logLine = completeLines(log).size();
            } else if (pending != null) {
                inFlightLost++;
            }
        }
        System.out.printf("durability: %d kills in %.1f s (seed %d); landed mid-batch %d, mid-commit %d, between batches %d;"
                        + " aimed at the child's batch %s, %d of them at its commit; %d committed batches replayed, batch in"
                        + " flight committed %d times, absent %d times; CheckIndex clean %d times; %d records verified, %d at"
                        + " the end; child's first batch %d ms, a commit %d ms (medians)%n",
                KILLS, (System.nanoTime() - start) / 1e9, seed, phases.getOrDefault(Phase.MID_BATCH, 0),
                phases.getOrDefault(Phase.MID_COMMIT, 0), phases.getOrDefault(Phase.BETWEEN, 0), killedBatch, aimedAtCommit,
                batches, inFlightCommitted, inFlightLost, checkIndexPasses, recordsVerified, model.size(),
                median(firstBatchMs, INITIAL_BATCH_MS), median(commitMs, INITIAL_COMMIT_MS));
        assertTrue(batches >= KILLS / 3, "seed " + seed + ": only " + batches + " batches committed over " + KILLS + " kills");
        // Kills that all land in a batch's writes would never test a commit cut short. (Kills
        // between batches are fewer, about one in nine: a short run may have none.)
        assertTrue(phases.getOrDefault(Phase.MID_BATCH, 0) > 0 && phases.getOrDefault(Phase.MID_COMMIT, 0) > 0,
                "seed " + seed + ": kills landed " + phases);
    }

    /** The median, or {@code initial} before there is any value. */
    private static long median(List<Long> values, long initial) {
        if (values.isEmpty()) {
            return initial;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
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

    /** What the parent saw of a child's timing before killing it: -1 where it saw none. */
    private record Timing(long firstBatchMs, long commitMs) {}

    /**
     * Starts a child, waits until it starts batch {@code batch} (0 = its first) or, with
     * {@code atCommit}, that batch's commit, and kills it {@code delayMs} later. Returns how long
     * the child's first batch took, from its start to the start of the next, and how long the
     * first commit it saw complete took.
     */
    private static Timing runAndKill(Path dir, Path pool, Path log, long seed, int batch, boolean atCommit, long delayMs,
            String context) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                dir.toString(), pool.toString(), log.toString(), Long.toString(seed));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = in.readLine(); // blocks until the child has opened the index (or died)
            if (!READY.equals(line)) {
                p.destroyForcibly();
                fail(context + ": child did not open the index (printed " + line + ", exit " + p.waitFor() + ")");
            }
            String target = atCommit ? COMMIT : BATCH;
            long[] batchStarts = {-1, -1};
            long commitStart = -1;
            long commitMs = -1;
            for (int seen = 0; seen <= batch; ) {
                line = in.readLine(); // blocks until the child's next step
                long now = System.nanoTime();
                if (BATCH.equals(line)) {
                    for (int b = 0; b < batchStarts.length; b++) {
                        if (batchStarts[b] < 0) {
                            batchStarts[b] = now;
                            break;
                        }
                    }
                } else if (COMMIT.equals(line)) {
                    commitStart = now;
                } else if (COMMITTED.equals(line)) {
                    commitMs = commitMs < 0 && commitStart >= 0 ? (now - commitStart) / 1_000_000 : commitMs;
                } else {
                    p.destroyForcibly();
                    fail(context + ": child stopped before " + (atCommit ? "the commit of " : "") + "batch " + seen
                            + " (printed " + line + ", exit " + p.waitFor() + ")");
                }
                seen += target.equals(line) ? 1 : 0;
            }
            Thread.sleep(delayMs); // kill at a random moment: mid-write, mid-flush, mid-commit or between batches
            if (!p.isAlive()) {
                fail(context + ": child died by itself, exit " + p.exitValue());
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), context + ": killed child did not exit");
            long firstBatchMs = batchStarts[1] < 0 ? -1 : (batchStarts[1] - batchStarts[0]) / 1_000_000;
            return new Timing(firstBatchMs, commitMs);
        }
    }

    /**
     * The child process: small batches of imports, updates and deletes, each announced, logged and
     * committed, with a short idle after each, forever.
     */
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
                System.out.println(READY);
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
                    System.out.println(BATCH);
                    System.out.flush();
                    StringBuilder lines = new StringBuilder();
                    inserts.forEach(id -> lines.append(pool.get(id)).append('\n'));
                    check(index.importJsonLines(new StringReader(lines.toString()), BatchProgress.NONE));
                    List<RecordUpdate> changes = new ArrayList<>();
                    values.forEach((id, v) -> changes.add(RecordUpdate.of(id, Map.of("n", v))));
                    check(index.update(changes));
                    check(index.delete(deletes));
                    write(log, "W " + seq, false);
                    System.out.println(COMMIT);
                    System.out.flush();
                    index.commit();
                    write(log, "C " + seq, true);
                    System.out.println(COMMITTED);
                    System.out.flush();
                    present.addAll(inserts);
                    present.removeAll(deletes);
                    Thread.sleep(random.nextInt(MAX_IDLE_MS + 1));
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
