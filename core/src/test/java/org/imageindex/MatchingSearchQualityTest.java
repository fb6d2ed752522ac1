package org.imageindex;

import org.imageindex.signatures.TestData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.imageindex.matching.ImageMatch;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.record.BatchResult;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Copy detection through the matching search: an index of every image of the data folder plus
 * generated distractors, queried with generated attacks on indexed photographs. Prints recall@1
 * and the verdict's precision per attack and strength (the table of docs/quality.md, "Matching
 * search") and asserts the CI floor; then deletes some photographs and checks that their copies
 * no longer get a Match verdict.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MatchingSearchQualityTest {

    /** Generated distractors: shapes on coloured grounds, a different kind of picture from the photos. */
    static final int DISTRACTORS = 120;
    /** Every other photograph of photos/images is attacked: 16 sources a row, 23 rows. */
    static final int SOURCE_STRIDE = 2;
    /** Photographs deleted before the negative queries (their copies must not match anything). */
    static final int DELETED = 4;
    static final double FLOOR = 0.95;

    private ImageIndex index;
    private List<Path> sources;

    @BeforeAll
    void build() {
        index = ImageIndex.builder().extractionThreads(2).commitInterval(java.time.Duration.ZERO).inMemory();
        List<ImageRecord> records = new ArrayList<>();
        for (Path p : allDataImages()) {
            records.add(ImageRecord.of(id(p), ImageSource.file(p)));
        }
        for (int i = 0; i < DISTRACTORS; i++) {
            records.add(ImageRecord.of("distractor-" + i, ImageSource.bytes(TestImages.synthetic(1_000 + i, 640, 480))));
        }
        BatchResult r = index.insert(records);
        assertEquals(List.of(), r.skipped(), "every image should be indexed");
        List<Path> photos = TestData.images("photos/images");
        sources = IntStream.range(0, photos.size()).filter(i -> i % SOURCE_STRIDE == 0).mapToObj(photos::get).toList();
    }

    @AfterAll
    void close() throws IOException {
        index.close();
    }

    static List<Path> allDataImages() {
        try (Stream<Path> s = Files.walk(TestData.root())) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png|gif|bmp)"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String id(Path p) {
        return TestData.root().relativize(p).toString().replace('\\', '/');
    }

    /** One attack row: recall@1, verdict precision and the misses. */
    record Row(String label, int queries, int top1, int matchVerdicts, int correctVerdicts, List<String> misses) {
        double recall() {
            return (double) top1 / queries;
        }

        double precision() {
            return matchVerdicts == 0 ? 1 : (double) correctVerdicts / matchVerdicts;
        }
    }

    /**
     * Runs every attack on every source: recall@1 counts a query whose first hit is its source
     * (for a photo pasted into another, the first hit other than the host photo); the verdict's
     * precision is the share of Match/Clone hits that are the source (or the host).
     */
    static Map<String, Row> measure(ImageIndex index, List<Path> sources, List<CopyAttacks> attacks) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (CopyAttacks a : attacks) {
            List<int[]> counts = IntStream.range(0, sources.size()).parallel().mapToObj(i -> {
                Path src = sources.get(i);
                Path hostPath = sources.get((i + 1) % sources.size());
                byte[] q = a.query(TestImages.photo(src), TestImages.photo(hostPath));
                List<ImageMatch> hits = index.matcher().search(ImageMatchQuery.builder(ImageSource.bytes(q)).limit(5).build());
                String want = id(src);
                Set<String> allowed = a.family().equals("pasted") ? Set.of(want, id(hostPath)) : Set.of(want);
                List<ImageMatch> ranked = a.family().equals("pasted")
                        ? hits.stream().filter(h -> !h.id().equals(id(hostPath))).toList() : hits;
                int top1 = !ranked.isEmpty() && ranked.get(0).id().equals(want) ? 1 : 0;
                int verdicts = 0;
                int correct = 0;
                for (ImageMatch h : hits) {
                    if (h.verdict().isMatch()) {
                        verdicts++;
                        correct += allowed.contains(h.id()) ? 1 : 0;
                    }
                }
                return new int[] {top1, verdicts, correct, i};
            }).toList();
            int top1 = 0;
            int verdicts = 0;
            int correct = 0;
            List<String> misses = new ArrayList<>();
            for (int[] c : counts) {
                top1 += c[0];
                verdicts += c[1];
                correct += c[2];
                if (c[0] == 0) {
                    misses.add(sources.get(c[3]).getFileName().toString());
                }
            }
            rows.put(a.label(), new Row(a.label(), sources.size(), top1, verdicts, correct, misses));
        }
        return rows;
    }

    static String table(Map<String, Row> rows) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "| %-40s | %7s | %9s | %9s |%n", "attack", "queries",
                "recall@1", "precision"));
        t.append("|------------------------------------------|---------|-----------|-----------|\n");
        rows.values().forEach(r -> t.append(String.format(Locale.ROOT, "| %-40s | %7d | %9.3f | %9.3f |%n", r.label(),
                r.queries(), r.recall(), r.precision())));
        return t.toString();
    }

    /** Pooled recall@1 of the rows whose label starts with one of the prefixes. */
    static double pooled(Map<String, Row> rows, String... labels) {
        int q = 0;
        int hit = 0;
        for (String l : labels) {
            Row r = rows.get(l);
            q += r.queries();
            hit += r.top1();
        }
        return (double) hit / q;
    }

    @Test
    void copiesAreFoundAndExplainedAndNonCopiesNeverMatch() {
        long t0 = System.nanoTime();
        Map<String, Row> rows = measure(index, sources, CopyAttacks.all());
        System.out.printf(Locale.ROOT, "Matching search on %d indexed images (%d distractors), %d sources, %.1f s:%n%s",
                index.count(), DISTRACTORS, sources.size(), (System.nanoTime() - t0) / 1e9, table(rows));
        rows.values().stream().filter(r -> !r.misses().isEmpty())
                .forEach(r -> System.out.println("  missed, " + r.label() + ": " + r.misses()));
        Map<String, String[]> floor = new LinkedHashMap<>();
        floor.put("crop >= 30 %", new String[] {"crop 60 % area", "crop 40 % area", "crop 30 % area"});
        floor.put("any rotation", new String[] {"rotation 23°", "rotation 90°", "rotation 145°", "rotation 200°",
            "rotation 270°", "rotation 333°"});
        floor.put("scale >= 0.3", new String[] {"scale 1.0", "scale 0.5", "scale 0.3"});
        floor.put("JPEG >= 20", new String[] {"jpeg q=90", "jpeg q=50", "jpeg q=20"});
        floor.forEach((name, labels) -> {
            double recall = pooled(rows, labels);
            assertTrue(recall >= FLOOR, name + ": recall@1 " + recall + " < " + FLOOR + "\n" + table(rows));
        });

        // Negatives: delete some photographs, then their copies must get no Match verdict anywhere.
        List<Path> gone = sources.subList(0, DELETED);
        index.delete(gone.stream().map(MatchingSearchQualityTest::id).toList());
        List<String> falseMatches = new ArrayList<>();
        int negatives = 0;
        for (Path p : gone) {
            for (CopyAttacks a : CopyAttacks.all()) {
                if (a.family().equals("pasted")) {
                    continue; // the host is still indexed: its match would be right
                }
                negatives++;
                byte[] q = a.query(TestImages.photo(p), null);
                for (ImageMatch h : index.matcher().search(ImageMatchQuery.of(ImageSource.bytes(q)))) {
                    if (h.verdict().isMatch()) {
                        falseMatches.add(p.getFileName() + " " + a.label() + " -> " + h.id() + " " + h.verdict());
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "Negatives: %d queries whose original is not indexed, %d Match verdicts%n",
                negatives, falseMatches.size());
        assertEquals(List.of(), falseMatches);
    }
}
