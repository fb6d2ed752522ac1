package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordUpdate;
import org.imageindex.record.StoredRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, I/O faults: writes and fsyncs fail at random ("No space left on device", ...). Every
 * operation either succeeds or throws an IOException / UncheckedIOException naming what failed;
 * nothing committed is lost; after a tragic writer failure every write says to reopen, and the
 * reopened index holds what was committed.
 */
class IoFaultTest {

    private static final Optional<Long> ABSENT = Optional.empty();

    @TempDir
    Path tmp;

    /** Per record, the values ("n", or absent) it may have: exactly one unless an operation on it failed. */
    private final Map<String, Set<Optional<Long>>> current = new HashMap<>();
    private Map<String, Set<Optional<Long>>> committed = new HashMap<>();
    private final Map<String, Set<Optional<Long>>> maybeCommitted = new HashMap<>();

    @Test
    void failedCommitsLoseNothingAndTheIndexCarriesOn() throws Exception {
        long seed = System.nanoTime();
        Path dir = tmp.resolve("index");
        FaultyDirectory[] faulty = new FaultyDirectory[1];
        int failedCommits = 0;
        try (ImageIndex index = open(dir, seed, faulty)) {
            insertBase(index, 6);
            faulty[0].failures(0, 0.15);
            Random r = new Random(seed);
            for (int i = 0; i < 40; i++) {
                update(index, "b" + r.nextInt(6), (long) i, "seed " + seed);
                try {
                    index.commit();
                    commitSucceeded();
                } catch (IOException e) {
                    assertTrue(e.getMessage().startsWith("committing the index failed: "), "seed " + seed + ": " + e.getMessage());
                    commitFailed();
                    failedCommits++;
                }
            }
            // a crash now: a copy of the files as they are must hold what was committed
            Path crashed = copy(dir, tmp.resolve("crashed"));
            verify(crashed, true, "seed " + seed + ", crash copy");
            faulty[0].failures(0, 0);
            update(index, "b0", 1000L, "seed " + seed);
            index.commit();
            commitSucceeded();
        }
        verify(dir, false, "seed " + seed + ", after faults stopped");
        System.out.printf("i/o faults (fsync): %d of 40 commits failed, %d faults injected, nothing committed lost%n", failedCommits,
                faulty[0].injected.get());
        assertTrue(failedCommits > 0 && failedCommits < 40, "seed " + seed + ": " + failedCommits + " failed commits");
    }

    @Test
    void aTragicWriterFailureMakesEveryWriteSayReopen() throws Exception {
        long seed = System.nanoTime();
        Path dir = tmp.resolve("index");
        FaultyDirectory[] faulty = new FaultyDirectory[1];
        ImageIndex index = open(dir, seed, faulty);
        insertBase(index, 6);
        Random r = new Random(seed);
        faulty[0].failures(0.02, 0.1);
        String tragic = null;
        int failures = 0;
        int ops = 0;
        for (; ops < 400 && tragic == null; ops++) {
            String id = "b" + r.nextInt(8);
            try {
                switch (r.nextInt(4)) {
                    case 0 -> update(index, id, (long) ops, "seed " + seed);
                    case 1 -> {
                        maybe(id, ABSENT);
                        BatchResult d = index.delete(List.of(id));
                        if (d.get(0).code().success()) {
                            set(id, ABSENT);
                        }
                    }
                    case 2 -> {
                        maybe(id, Optional.of(-1L));
                        BatchResult b = index.insert(List.of(record(id)));
                        if (b.get(0).code().success()) {
                            set(id, Optional.of(-1L));
                        }
                    }
                    default -> {
                        try {
                            index.commit();
                            commitSucceeded();
                        } catch (IOException e) {
                            commitFailed();
                            throw e;
                        }
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                failures++;
                String m = e.getMessage();
                if (m.startsWith("the index cannot be written any more: its Lucene writer failed on ")) {
                    tragic = m;
                } else if (!m.startsWith("writing to the index failed: ") && !m.startsWith("committing the index failed: ")) {
                    fail("seed " + seed + ": unclear failure message: " + m);
                }
            }
        }
        assertTrue(tragic != null, "seed " + seed + ": no tragic failure in " + ops + " operations");
        assertTrue(tragic.endsWith("close the index and open it again"), tragic);
        faulty[0].failures(0, 0);
        UncheckedIOException later = assertThrows(UncheckedIOException.class,
                () -> index.update(List.of(RecordUpdate.of("b0", Map.of("n", 1L)))));
        assertEquals(tragic, later.getMessage(), "seed " + seed);
        IOException commit = assertThrows(IOException.class, index::commit);
        assertEquals(tragic, commit.getMessage(), "seed " + seed);
        index.count(); // reads go on from what was last visible
        IOException close = assertThrows(IOException.class, index::close);
        assertEquals(tragic, close.getMessage(), "seed " + seed);
        // what a commit attempt after the last successful one wrote may or may not be there
        maybeCommitted.forEach((id, values) -> committed.computeIfAbsent(id, k -> new HashSet<>(Set.of(ABSENT))).addAll(values));
        verify(dir, true, "seed " + seed + ", reopened after the tragic failure");
        try (ImageIndex reopened = ImageIndex.builder().commitInterval(Duration.ZERO).extractionThreads(1).open(dir)) {
            assertEquals(org.imageindex.record.RecordStatus.Code.INSERTED, reopened.insert(List.of(record("after"))).get(0).code());
            reopened.commit();
        }
        System.out.printf("i/o faults (writes): tragic after %d operations, %d failed with a clear message, %d faults injected;"
                + " reopened with everything committed%n", ops, failures, faulty[0].injected.get());
    }

    private ImageIndex open(Path dir, long seed, FaultyDirectory[] faulty) throws IOException {
        return ImageIndex.builder().commitInterval(Duration.ZERO).extractionThreads(1)
                .directoryWrapper(d -> faulty[0] = new FaultyDirectory(d, seed)).open(dir);
    }

    private void insertBase(ImageIndex index, int n) throws IOException {
        List<ImageRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(record("b" + i));
            set("b" + i, Optional.of(-1L));
        }
        assertTrue(index.insert(records).allSucceeded());
        index.commit();
        commitSucceeded();
    }

    private static ImageRecord record(String id) {
        return ImageRecord.builder().id(id).source(ImageSource.bytes(TestImages.synthetic(id.hashCode(), 48, 36)))
                .attribute("n", -1L).build();
    }

    private void update(ImageIndex index, String id, long n, String context) {
        if (current.getOrDefault(id, Set.of(ABSENT)).equals(Set.of(ABSENT))) {
            return;
        }
        maybe(id, Optional.of(n));
        try {
            BatchResult b = index.update(List.of(RecordUpdate.of(id, Map.of("n", n))));
            if (b.get(0).code().success()) {
                set(id, Optional.of(n));
            }
        } catch (UncheckedIOException e) {
            if (!e.getMessage().startsWith("writing to the index failed: ")
                    && !e.getMessage().startsWith("the index cannot be written any more")) {
                fail(context + ": unclear failure message: " + e.getMessage());
            }
            throw e;
        }
    }

    private void maybe(String id, Optional<Long> value) {
        current.computeIfAbsent(id, k -> new HashSet<>(Set.of(ABSENT))).add(value);
    }

    private void set(String id, Optional<Long> value) {
        current.put(id, new HashSet<>(Set.of(value)));
    }

    private void commitSucceeded() {
        committed = copyOf(current);
        maybeCommitted.clear();
    }

    private void commitFailed() {
        current.forEach((id, values) -> maybeCommitted.computeIfAbsent(id, k -> new HashSet<>()).addAll(values));
    }

    private static Map<String, Set<Optional<Long>>> copyOf(Map<String, Set<Optional<Long>>> m) {
        Map<String, Set<Optional<Long>>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, new HashSet<>(v)));
        return out;
    }

    /** CheckIndex, then each record's value is one it may have: committed (or, if {@code uncertain}, written by a failed commit). */
    private void verify(Path dir, boolean uncertain, String context) throws IOException {
        try (Directory d = FSDirectory.open(dir); CheckIndex check = new CheckIndex(d)) {
            assertTrue(check.checkIndex().clean, context + ": CheckIndex found problems");
        }
        Map<String, Set<Optional<Long>>> allowed = copyOf(committed);
        if (uncertain) {
            maybeCommitted.forEach((id, values) -> allowed.computeIfAbsent(id, k -> new HashSet<>(Set.of(ABSENT))).addAll(values));
        }
        try (ImageIndex index = ImageIndex.builder().commitInterval(Duration.ZERO).extractionThreads(1).open(dir)) {
            Set<String> ids = new HashSet<>(allowed.keySet());
            for (int i = 0; i < 8; i++) {
                ids.add("b" + i);
            }
            Map<String, StoredRecord> got = new HashMap<>();
            index.get(new ArrayList<>(ids), FieldSelection.ALL).forEach(s -> got.put(s.id(), s));
            for (String id : ids) {
                Optional<Long> value = Optional.ofNullable(got.get(id)).map(s -> ((Number) s.attributes().asMap().get("n")).longValue());
                Set<Optional<Long>> ok = allowed.getOrDefault(id, Set.of(ABSENT));
                assertTrue(ok.contains(value), context + ": record " + id + " is " + value + ", expected one of " + ok);
            }
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().equals("write.lock")) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        return to;
    }
}
