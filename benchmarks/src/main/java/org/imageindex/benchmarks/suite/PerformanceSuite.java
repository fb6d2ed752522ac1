package org.imageindex.benchmarks.suite;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.imageindex.benchmarks.BenchmarkData;
import org.imageindex.benchmarks.index.SyntheticIndex;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Version;

/**
 * Runs the whole JMH suite ({@link Part#suite}) and writes docs/performance.md with its plots.
 * {@code scripts/benchmarks} builds the jar and calls this; {@code --help} lists the options.
 */
public final class PerformanceSuite {

    static final int ONE_MILLION = 1_000_000;
    private static final List<Integer> SIZES = List.of(10_000, 100_000);
    /** Just above the 10,000 records offset paging reaches, so a quick run's cursor pages are cursor pages. */
    private static final int QUICK_SIZE = 12_000;

    /**
     * What the 1M build took on the reference machine's two cores (839 s, with the Vector API, while
     * other builds used the cores now and then); stated when that index is missing and no build of
     * it was timed in the results directory.
     */
    static final String ONE_MILLION_BUILD_ESTIMATE = "about 14 minutes";

    private static final String USAGE = """
            usage: scripts/benchmarks [options]
              --build-1m          build the 1,000,000-record index if it is not cached (a one-time build
                                  outside the 30-minute budget); without it the 1M point is measured only
                                  when that index is cached
              --skip-1m           leave the 1M point out even when its index is cached
              --only <p,...>      run only these parts, keep the other parts' earlier results
              --report-only       run nothing: render the page from the results directory
              --quick             no warm-up, one 1 s iteration each, 12,000 records only: checks the
                                  machinery in a few minutes; writes under benchmarks/target unless --output
              --output <file>     the page to write (default docs/performance.md); plots go to the
                                  folder named like it (docs/performance/)
              --results <dir>     JMH results and run description (default benchmarks/target/performance)
              --list              print the parts and their estimated durations, run nothing
            The test photographs come from $IMAGEINDEX_DATA (default the checkout's testdata/); run directly, the
            suite reads -Dimageindex.data. Extra options for the suite's JVM: $JAVA_OPTS, e.g.
            -Djmh.ignoreLock=true when another JMH run holds the lock.
            """;

    /** The parsed command line. */
    record Arguments(boolean build1m, boolean skip1m, Set<String> only, boolean reportOnly, boolean quick, Path output,
                     Path results, boolean list) {

        static Arguments parse(String... args) {
            boolean build1m = false;
            boolean skip1m = false;
            Set<String> only = new LinkedHashSet<>();
            boolean reportOnly = false;
            boolean quick = false;
            boolean list = false;
            Path output = null;
            Path results = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--build-1m" -> build1m = true;
                    case "--skip-1m" -> skip1m = true;
                    case "--report-only" -> reportOnly = true;
                    case "--quick" -> quick = true;
                    case "--list" -> list = true;
                    case "--only" -> only.addAll(Arrays.asList(value(args, i++).split(",")));
                    case "--output" -> output = Path.of(value(args, i++));
                    case "--results" -> results = Path.of(value(args, i++));
                    default -> throw new IllegalArgumentException("unknown option: " + args[i] + "\n" + USAGE);
                }
            }
            if (build1m && skip1m) {
                throw new IllegalArgumentException("--build-1m and --skip-1m exclude each other");
            }
            String base = quick ? "benchmarks/target/performance-quick" : "benchmarks/target/performance";
            return new Arguments(build1m, skip1m, Set.copyOf(only), reportOnly, quick,
                    output != null ? output : quick ? Path.of(base, "performance.md") : Path.of("docs", "performance.md"),
                    results != null ? results : Path.of(base), list);
        }

        private static String value(String[] args, int i) {
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
            }
            return args[i + 1];
        }
    }

    private final Arguments args;
    private final PrintStream out;

    PerformanceSuite(Arguments args, PrintStream out) {
        this.args = args;
        this.out = out;
    }

    public static void main(String[] argv) throws IOException {
        if (Arrays.asList(argv).contains("--help") || Arrays.asList(argv).contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        Arguments arguments;
        try {
            arguments = Arguments.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new PerformanceSuite(arguments, System.out).run(String.join(" ", argv));
        // JMH and Lucene leave non-daemon threads behind on some JDKs
        System.exit(0);
    }

    void run(String argLine) throws IOException {
        Files.createDirectories(args.results());
        if (!args.reportOnly()) {
            measure(argLine);
            if (args.list()) {
                return;
            }
        }
        SuiteResults results = SuiteResults.load(args.results());
        Path output = args.output().toAbsolutePath();
        String stem = output.getFileName().toString().replaceFirst("\\.md$", "");
        Path charts = output.resolveSibling(stem);
        List<Path> plots = ScalingCharts.write(results, charts);
        String page = new PerformanceReport(results, stem).render(PerformanceReport.defaultTemplate());
        Files.createDirectories(output.getParent());
        Files.writeString(output, page, StandardCharsets.UTF_8);
        out.println("wrote " + args.output() + (plots.isEmpty() ? "" : " and " + plots.size() + " plots in " + charts));
    }

    private void measure(String argLine) throws IOException {
        Path data = BenchmarkData.root();
        List<Integer> sizes = new ArrayList<>(args.quick() ? List.of(QUICK_SIZE) : SIZES);
        String million;
        if (args.quick()) {
            million = "quick";
        } else if (args.skip1m()) {
            million = "skipped";
        } else if (SyntheticIndex.isCached(ONE_MILLION)) {
            million = "cached";
            sizes.add(ONE_MILLION);
        } else if (args.build1m()) {
            million = "built";
            sizes.add(ONE_MILLION);
        } else {
            million = "missing";
        }
        List<Part> all = Part.suite(sizes, args.quick() ? QUICK_SIZE : 0).stream()
                .map(p -> args.quick() ? p.quick() : p).toList();
        for (String name : args.only()) {
            if (all.stream().noneMatch(p -> p.name().equals(name))) {
                throw new IllegalArgumentException("--only names an unknown part: " + name + "; parts: "
                        + all.stream().map(Part::name).collect(Collectors.joining(", ")));
            }
        }
        List<Part> parts = args.only().isEmpty() ? all : all.stream().filter(p -> args.only().contains(p.name())).toList();

        BenchmarkList list = BenchmarkList.defaultList();
        Machine machine = Machine.current();
        out.println("imageindex performance suite: " + machine.describe());
        long estimate = 0;
        out.println("parts (estimated from their settings; setups are rough guesses):");
        for (Part p : parts) {
            int combinations = combinations(list, p);
            long seconds = (long) combinations * p.secondsPerCombination();
            estimate += seconds;
            out.printf(Locale.ROOT, "  %-20s %3d benchmarks  ~%s  %s%n", p.name(), combinations, PerformanceReport.duration(seconds),
                    p.settings());
        }
        out.println("  total ~" + PerformanceReport.duration(estimate) + ", plus builds of indexes not cached yet");
        if (args.list()) {
            return;
        }

        Properties run = new Properties();
        Properties previous = SuiteResults.load(args.results()).run();
        if (!args.only().isEmpty()) {
            run.putAll(previous);
        } else {
            // a build's time stays true until the index is rebuilt: keep it for the builds table
            previous.stringPropertyNames().stream().filter(k -> k.startsWith("build.") && !k.equals("builds.seconds"))
                    .forEach(k -> run.setProperty(k, previous.getProperty(k)));
            clear(args.results());
        }
        machine.store(run);
        run.setProperty("command", System.getProperty("imageindex.suite.command",
                "java -cp benchmarks/target/benchmarks.jar " + PerformanceSuite.class.getName() + " " + argLine).strip());
        run.setProperty("quick", Boolean.toString(args.quick()));
        run.setProperty("sizes", sizes.stream().map(String::valueOf).collect(Collectors.joining(",")));
        run.setProperty("parts", all.stream().map(Part::name).collect(Collectors.joining(",")));
        run.setProperty("one-million", million);
        String earlierBuild = run.getProperty("build." + ONE_MILLION + ".seconds");
        run.setProperty("one-million.build-estimate", earlierBuild != null
                ? PerformanceReport.duration(Math.round(Double.parseDouble(earlierBuild))) + " (measured)"
                : ONE_MILLION_BUILD_ESTIMATE);
        run.setProperty("jmh.version", Version.getPlainVersion());
        run.setProperty("jvm.flags", String.join(" ", forkFlags(true)));
        run.setProperty("load.start", load());

        long builds = 0;
        Set<Integer> needed = new TreeSet<>();
        parts.forEach(p -> needed.addAll(p.syntheticSizes()));
        for (int size : needed) {
            out.println(SyntheticIndex.isCached(size) ? "synthetic index of " + Part.label(size) + " records: cached"
                    : "building the synthetic index of " + Part.label(size) + " records...");
            Duration took = SyntheticIndex.ensureBuilt(size);
            if (!took.isZero()) {
                builds += took.toSeconds();
                run.setProperty("build." + size + ".seconds", String.format(Locale.ROOT, "%.1f", took.toMillis() / 1000.0));
                run.setProperty("build." + size + ".date", Instant.now().toString());
            }
        }
        run.setProperty("builds.seconds", Long.toString(builds));
        SuiteResults.storeRun(args.results(), run);

        Path facts = args.results().resolve(SuiteResults.FACTS).toAbsolutePath();
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            runPart(p, list, data, facts, run, i + 1, parts.size());
            SuiteResults.storeRun(args.results(), run);
        }
        run.setProperty("load.end", load());
        SuiteResults.storeRun(args.results(), run);
    }

    private void runPart(Part part, BenchmarkList list, Path data, Path facts, Properties run, int n, int of) {
        String key = "part." + part.name() + ".";
        Path json = args.results().resolve(part.name() + ".json");
        Path log = args.results().resolve(part.name() + ".log");
        run.setProperty(key + "title", part.title());
        run.setProperty(key + "settings", part.settings());
        run.setProperty(key + "date", Instant.now().toString());
        int combinations = combinations(list, part);
        run.setProperty(key + "benchmarks", Integer.toString(combinations));
        try {
            Files.deleteIfExists(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (combinations == 0) {
            run.setProperty(key + "status", "skipped: no benchmark matches " + part.include().replace("\\", ""));
            run.setProperty(key + "seconds", "0");
            out.printf("[%d/%d] %s: no benchmarks, skipped%n", n, of, part.name());
            return;
        }
        out.printf(Locale.ROOT, "[%d/%d] %s: %d benchmarks, ~%s (log: %s)%n", n, of, part.name(), combinations,
                PerformanceReport.duration((long) combinations * part.secondsPerCombination()), log);
        List<String> jvmArgs = new ArrayList<>(forkFlags(part.vectorApi()));
        jvmArgs.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        jvmArgs.add("-Dimageindex.data=" + data);
        jvmArgs.add("-D" + SetupFacts.PROPERTY + "=" + facts);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(part.include())
                .forks(Part.FORKS)
                .warmupIterations(part.warmups())
                .warmupTime(TimeValue.seconds(part.warmupSeconds()))
                .measurementIterations(part.iterations())
                .measurementTime(TimeValue.seconds(part.iterationSeconds()))
                .jvmArgs(jvmArgs.toArray(String[]::new))
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .output(log.toString());
        for (Map.Entry<String, List<String>> e : part.params().entrySet()) {
            options.param(e.getKey(), e.getValue().toArray(String[]::new));
        }
        long t0 = System.nanoTime();
        String status;
        try {
            int done = new Runner(options.build()).run().size();
            status = done == combinations ? "ok" : "incomplete: " + (combinations - done) + " of " + combinations
                    + " benchmarks failed, see the log";
        } catch (RunnerException | RuntimeException e) {
            status = "failed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
        }
        long seconds = Math.round((System.nanoTime() - t0) / 1e9);
        run.setProperty(key + "seconds", Long.toString(seconds));
        run.setProperty(key + "status", status);
        out.printf("[%d/%d] %s: %s in %s%n", n, of, part.name(), status, PerformanceReport.duration(seconds));
    }

    /** The forked JVMs' flags that carry no path, as the report states them. */
    static List<String> forkFlags(boolean vectorApi) {
        List<String> flags = new ArrayList<>();
        if (vectorApi) {
            flags.add("--add-modules=jdk.incubator.vector");
        }
        flags.add("--enable-native-access=ALL-UNNAMED");
        flags.add("-Djava.awt.headless=true");
        return flags;
    }

    /** How many benchmark-and-parameters combinations the part runs. */
    static int combinations(BenchmarkList list, Part part) {
        SortedSet<BenchmarkListEntry> entries = list.find(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT),
                List.of(part.include()), List.of());
        int n = 0;
        for (BenchmarkListEntry e : entries) {
            int c = 1;
            Map<String, String[]> declared = e.getParams().orElse(Map.of());
            for (Map.Entry<String, String[]> p : declared.entrySet()) {
                c *= part.params().containsKey(p.getKey()) ? part.params().get(p.getKey()).size() : p.getValue().length;
            }
            n += c;
        }
        return n;
    }

    private static String load() {
        double l = Machine.loadAverage();
        return l < 0 ? "" : String.format(Locale.ROOT, "%.1f", l);
    }

    /** Removes an earlier full run's files so nothing stale reaches the page. */
    private static void clear(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".json") || name.endsWith(".log") || name.equals(SuiteResults.FACTS)) {
                    Files.delete(p);
                }
            }
        }
    }
}
