package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.StoredRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * R6: a child JVM inserts and commits batches and is killed (destroyForcibly) at random moments;
 * after each kill the index opens and every record whose commit returned is there, intact.
 */
class DurabilityTest {

    private static final int KILLS = 4;
    private static final String COMMITTED = "COMMITTED ";

    @TempDir
    Path dir;

    @Test
    void everyCommittedRecordSurvivesAKill() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> committed = new ArrayList<>();
        for (int round = 0; round < KILLS; round++) {
            List<String> seen = runAndKill(round, random);
            committed.addAll(seen);
            try (ImageIndex index = ImageIndex.builder().commitInterval(Duration.ZERO).open(dir)) {
                List<StoredRecord> got = index.get(committed, FieldSelection.ALL_WITH_SIGNATURES);
                assertEquals(committed.size(), got.size(), "seed " + seed + ": records committed before kill " + round + " are missing");
                for (StoredRecord r : got) {
                    byte[] bytes = Child.image(r.id());
                    assertEquals(Ingest.digest("SHA-1", bytes), r.image().sha1(), "seed " + seed + ": " + r.id());
                    assertEquals(r.image().phash(), r.signatures().hash().hex(), "seed " + seed + ": " + r.id());
                    assertEquals(Child.attributes(r.id()), r.attributes().asMap(), "seed " + seed + ": " + r.id());
                }
                long total = index.count();
                assertTrue(total >= committed.size(), "seed " + seed + ": count " + total + " < committed " + committed.size());
                System.out.printf("kill %d: %d committed records so far, %d in the index%n", round, committed.size(), total);
            }
        }
    }

    private List<String> runAndKill(int round, Random random) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), dir.toString(), "k" + round + "-");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        List<String> ids = new CopyOnWriteArrayList<>();
        Object firstCommit = new Object();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith(COMMITTED)) {
                        ids.addAll(List.of(line.substring(COMMITTED.length()).split(",")));
                        synchronized (firstCommit) {
                            firstCommit.notifyAll();
                        }
                    }
                }
            } catch (IOException e) {
                // the child was killed mid-line: what was read so far counts
            }
        });
        reader.start();
        synchronized (firstCommit) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ids.isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
                firstCommit.wait(100);
            }
        }
        assertTrue(!ids.isEmpty(), "child committed nothing within 60 s (alive: " + p.isAlive() + ")");
        Thread.sleep(random.nextInt(1500)); // kill at a random moment: mid-extraction, mid-write or mid-commit
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return List.copyOf(ids);
    }

    /** The child process: inserts batches of three records and commits after each, forever. */
    public static final class Child {

        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            String prefix = args[1];
            try (ImageIndex index = ImageIndex.builder().commitInterval(Duration.ZERO).extractionThreads(1).open(dir)) {
                for (int batch = 0; batch < 100_000; batch++) {
                    List<ImageRecord> records = new ArrayList<>();
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        String id = prefix + batch + "-" + i;
                        ids.add(id);
                        records.add(ImageRecord.builder().id(id).source(ImageSource.bytes(image(id))).attributes(attributes(id)).build());
                    }
                    BatchResult r = index.insert(records);
                    if (!r.allSucceeded()) {
                        throw new IllegalStateException("child insert failed: " + r);
                    }
                    index.commit();
                    System.out.println(COMMITTED + String.join(",", ids));
                    System.out.flush();
                }
            }
        }

        static byte[] image(String id) {
            return TestImages.synthetic(id.hashCode(), 96, 72);
        }

        static Map<String, Object> attributes(String id) {
            return Map.of("batch", id, "length", (long) id.length());
        }
    }
}
