package org.imageindex.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.BenchmarkList;

/**
 * Renders the page from canned results (JMH's JSON as a run leaves it, a run description and
 * setup facts), so a change to the benchmarks, the template or the writer cannot break the
 * generator unnoticed. Nothing is measured here.
 */
class PerformanceReportTest {

    private static final List<String> CANNED = List.of("run.properties", "facts.properties", "extraction.json",
            "knn-10000.json", "exact-10000.json", "knn-no-vector-api.json", "compiled-filter.json", "matching.json");

    @TempDir
    static Path dir;
    private static SuiteResults results;
    private static String page;

    @BeforeAll
    static void render() throws IOException {
        System.setProperty("java.awt.headless", "true");
        for (String name : CANNED) {
            try (InputStream in = PerformanceReportTest.class.getResourceAsStream("canned/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        results = SuiteResults.load(dir);
        page = new PerformanceReport(results, "performance").render(PerformanceReport.defaultTemplate());
    }

    @Test
    void readsJmhJson() {
        JmhResult knn = results.find("knn-10000", "knn", "selectivity", "100").orElseThrow();
        assertEquals("SearchBenchmark", knn.className());
        assertEquals(2.0, knn.median(), 1e-9, "sample mode: the median is the p50");
        assertEquals(6.0, knn.percentile(99), 1e-9);
        JmhResult decode = results.find("extraction", "decodeFull").orElseThrow();
        assertEquals(12.7, decode.median(), 1e-9, "other modes: the median is the score");
        assertTrue(decode.percentiles().isEmpty());
        assertEquals(List.of(), results.part("matching"), "an empty JMH file means no results");
    }

    @Test
    void statesTheMachineAndTheCommand() {
        assertPageHas("Measured on 2026-11-25 with `scripts/benchmarks`");
        assertPageHas("- **Machine:** Example CPU @ 2.0GHz, 2 cores, 24 GiB memory; Example Linux 1");
        assertPageHas("- **JDK:** Eclipse Adoptium 25.0.3+9-LTS (OpenJDK 64-Bit Server VM); JMH 1.37; forked JVMs "
                + "run with `--add-modules=jdk.incubator.vector");
        assertPageHas("**1,000,000 records: not measured.**");
        assertPageHas("| extraction | decoding and each signature, 1 MP JPEG | 4 | 1 fork, 2 × 2 s warm-up, 3 × 2 s measured "
                + "| 2026-11-25 | 1 min 15 s |");
        assertPageHas("| **total** | | | | | **2 min 47 s** |");
    }

    @Test
    void putsEachFigureBesideItsBaseline() {
        assertPageHas("| decode, full resolution (`decodeFull`, the baseline) | 12.7 ± 9.8 | 1.00× |");
        assertPageHas("| colour (`color`) | 1.80 ± 0.40 | 0.14× |");
        assertPageHas("- **Colour + hash ≤ 0.2× decode: met** — 2.03 ms, 0.16×.");
        assertPageHas("- **All signatures ≤ 2× decode: not met** — 3.24×.");
        assertPageHas("| 10,000 | all (no filter) | 2.00 ms | 6.00 ms | 1.00× | 8.00 ms | 4.00× | 1.000 |");
        assertPageHas("| 10,000 | 1 % | 0.400 ms | 1.50 ms | 0.20× | — | — | 0.990 |");
        assertPageHas("| 10,000 records, no filter | 2.00 ms / 6.00 ms | 5.00 ms / 9.00 ms | 2.50× |");
        assertPageHas("10,000 records, no filter: 2.50× faster with it");
        assertPageHas("| 10,000 | 2.00 ms | 6.00 ms | 0.400 ms | 8.00 ms | 48.5 | 5,600 |");
        assertPageHas("![kNN latency against index size](performance/knn-latency.png)");
        assertPageHas("| off (every call evaluates the query) | 9.55 ± 3.58 ms | 10.2 ± 3.6 ms | 0.94× "
                + "(equal within the error) |");
        assertPageHas("| 10,000 | 12 s | 813 | 2026-11-25 |");
    }

    @Test
    void saysWhatWasNotMeasured() {
        assertPageHas("_Not measured in this run: failed: the photographs were not found._");
        assertPageHas("_Not measured in this run: skipped: no benchmark matches");
        assertPageHas("## Listing pages");
        assertFalse(page.contains("{{"), "every placeholder is replaced");
    }

    @Test
    void keepsTheTemplatesProse() {
        assertPageHas("JPEG subsampling does not make decoding cheaper");
        assertPageHas("| 173 real images, colour signature, default 100 candidates | 100 % | 1.000 |");
    }

    @Test
    void listsTheMatchingBenchmarksBesideTheBaselinesTheyName() {
        String pkg = "org.imageindex.benchmarks.matching.";
        List<JmhResult> matching = List.of(
                new JmhResult(pkg + "FineTuningBenchmark.fineTune", "ss", Map.of("records", "1000"), 6.6, Double.NaN, "s/op", Map.of()),
                new JmhResult(pkg + "FineTuningBenchmark.trainVocabulary", "ss", Map.of("records", "1000"), 6.0, Double.NaN, "s/op",
                        Map.of()),
                new JmhResult(pkg + "MatchingSearchBenchmark.matchingSearch", "sample", Map.of("size", "10000"), 110, 8, "ms/op",
                        Map.of(50.0, 105.0, 99.0, 152.0)),
                new JmhResult(pkg + "MatchingSearchBenchmark.matchingSearch", "sample", Map.of("size", "100000"), 220, 9, "ms/op",
                        Map.of(50.0, 210.0, 99.0, 300.0)),
                new JmhResult(pkg + "LaterBenchmark.run", "avgt", Map.of(), 1.5, 0.1, "ms/op", Map.of()));
        SuiteResults only = new SuiteResults(new java.util.Properties(), Map.of("matching", matching), new java.util.Properties());
        String md = new PerformanceReport(only, "performance").render("{{matching}}");
        assertTrue(md.contains("| `FineTuningBenchmark.fineTune` | records=1000 | 6.60 s/op | — | — | `trainVocabulary` | 1.10× |"), md);
        assertTrue(md.contains("| `FineTuningBenchmark.trainVocabulary` | records=1000 | 6.00 s/op | — | — | `trainVocabulary` | 1.00× |"), md);
        assertTrue(md.contains("| `MatchingSearchBenchmark.matchingSearch` | size=100000 | 220 ± 9 ms/op | 210 ms | 300 ms "
                + "| `size=10000` | 2.00× |"), md);
        assertTrue(md.contains("| `LaterBenchmark.run` | — | 1.50 ± 0.10 ms/op | — | — | — | — |"), md);
    }

    @Test
    void refusesAnUnknownPlaceholder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PerformanceReport(results, "performance").render("# x\n{{nope}}\n"));
        assertTrue(e.getMessage().startsWith("template placeholder {{nope}} is unknown; known: [run, extraction"), e.getMessage());
    }

    @Test
    void drawsTheScalingCurves() throws IOException {
        List<Path> plots = ScalingCharts.write(results, dir.resolve("plots"));
        assertEquals(List.of(dir.resolve("plots/knn-latency.png"), dir.resolve("plots/memory.png")), plots);
        for (Path p : plots) {
            assertTrue(Files.size(p) > 5_000, p + " holds a plot");
        }
    }

    @Test
    void everyPartSelectsItsBenchmarks() {
        BenchmarkList list = BenchmarkList.defaultList();
        for (Part p : Part.suite(List.of(10_000, 100_000, 1_000_000), 0)) {
            if (!p.name().equals("matching")) {
                assertTrue(PerformanceSuite.combinations(list, p) > 0, p.name() + " selects no benchmark: " + p.include());
            }
        }
        Part knn = Part.suite(List.of(100_000), 0).stream().filter(p -> p.name().equals("knn-100000")).findFirst().orElseThrow();
        assertEquals(4, PerformanceSuite.combinations(list, knn), "one size, four selectivities");
        assertEquals(List.of(100_000), knn.syntheticSizes());
    }

    @Test
    void parsesTheCommandLine() {
        PerformanceSuite.Arguments a = PerformanceSuite.Arguments.parse("--only", "knn-10000,listing", "--skip-1m");
        assertEquals(java.util.Set.of("knn-10000", "listing"), a.only());
        assertEquals(Path.of("docs", "performance.md"), a.output());
        assertEquals(Path.of("benchmarks/target/performance-quick/performance.md"), PerformanceSuite.Arguments.parse("--quick").output());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PerformanceSuite.Arguments.parse("--fast"));
        assertTrue(e.getMessage().startsWith("unknown option: --fast"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PerformanceSuite.Arguments.parse("--build-1m", "--skip-1m"));
    }

    /** Fails naming the missing text and showing the page. */
    private void assertPageHas(String text) {
        assertTrue(page.contains(text), () -> "the page lacks: " + text + "\n--- page ---\n" + page);
    }
}
