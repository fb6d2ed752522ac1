package org.imageindex.benchmarks.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders docs/performance.md: the template's prose with each {@code {{placeholder}}} replaced
 * by a table built from the suite's results. Every figure stands beside its baseline (the full
 * decode, the exact scan, the offset-10 page, the hand-written query, ...); a part without
 * results says so instead of leaving a stale figure.
 */
final class PerformanceReport {

    static final String TEMPLATE = "performance-template.md";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z0-9-]+)}}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String NONE = "—";
    /** A part's ratio within this band of 1 is reported as "no measurable difference". */
    private static final double SAME = 0.10;

    private final SuiteResults results;
    /** Where the plots are, relative to the page (e.g. {@code performance}). */
    private final String chartDir;

    PerformanceReport(SuiteResults results, String chartDir) {
        this.results = results;
        this.chartDir = chartDir;
    }

    /** The template shipped with the benchmarks. */
    static String defaultTemplate() {
        try (InputStream in = PerformanceReport.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the benchmarks jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The page: {@code template} with every placeholder replaced.
     *
     * @throws IllegalArgumentException naming a placeholder the report does not know
     */
    String render(String template) {
        Map<String, Function<PerformanceReport, String>> sections = new LinkedHashMap<>();
        sections.put("run", PerformanceReport::run);
        sections.put("extraction", PerformanceReport::extraction);
        sections.put("extraction-targets", PerformanceReport::extractionTargets);
        sections.put("insert", PerformanceReport::insert);
        sections.put("knn", PerformanceReport::knn);
        sections.put("vector-api", PerformanceReport::vectorApi);
        sections.put("scaling", PerformanceReport::scaling);
        sections.put("listing", PerformanceReport::listing);
        sections.put("parse-compile", PerformanceReport::parseCompile);
        sections.put("compiled-filter", PerformanceReport::compiledFilter);
        sections.put("matching", PerformanceReport::matching);
        sections.put("builds", PerformanceReport::builds);
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Function<PerformanceReport, String> section = sections.get(m.group(1));
            if (section == null) {
                throw new IllegalArgumentException("template placeholder {{" + m.group(1) + "}} is unknown; known: "
                        + sections.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(section.apply(this).strip()));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ---- the run ----------------------------------------------------------------------------

    private String run() {
        StringBuilder md = new StringBuilder("## How these figures were measured\n\n");
        Machine machine = Machine.load(results.run());
        if (machine == null) {
            return md.append("_No run recorded: the results directory holds no run description._\n").toString();
        }
        if (Boolean.parseBoolean(results.property("quick", "false"))) {
            md.append("> **Quick run** (`--quick`): no warm-up, one 1 s iteration per benchmark, one small index. "
                    + "It checks the machinery; its figures mean little.\n\n");
        }
        md.append("Measured on ").append(DAY.format(machine.date())).append(" with `")
                .append(results.property("command", "scripts/benchmarks")).append("`:\n\n");
        md.append("- **Machine:** ").append(machine.cpu()).append(", ").append(machine.cores()).append(" cores, ")
                .append(machine.memoryBytes() > 0 ? String.format(Locale.ROOT, "%.0f GiB", machine.memoryBytes() / (double) (1L << 30))
                        : "unknown").append(" memory; ").append(machine.os()).append('\n');
        md.append("- **JDK:** ").append(machine.jdk()).append("; JMH ").append(results.property("jmh.version", "?"))
                .append("; forked JVMs run with `").append(results.property("jvm.flags", "")).append("`\n");
        String loadStart = results.property("load.start", "");
        String loadEnd = results.property("load.end", "");
        if (!loadStart.isEmpty()) {
            md.append("- **Load:** system load average ").append(loadStart).append(" at the start, ")
                    .append(loadEnd.isEmpty() ? "?" : loadEnd).append(" at the end (a load above the ").append(machine.cores())
                    .append(" cores means other work shared them, and the figures are noisier)\n");
        }
        String million = results.property("one-million", "");
        if (million.startsWith("missing")) {
            md.append("- **1,000,000 records: not measured.** That index is not cached and needs a one-time build of ")
                    .append(results.property("one-million.build-estimate", "about 30 minutes"))
                    .append(" on this machine, outside the 30-minute budget: run `scripts/benchmarks --build-1m` once, "
                            + "later runs reuse it.\n");
        } else if (million.startsWith("skipped")) {
            md.append("- **1,000,000 records: left out** (`--skip-1m`).\n");
        }
        md.append("\n| part | what | benchmarks | settings | date | wall time |\n|---|---|---|---|---|---|\n");
        long total = 0;
        for (String part : results.partNames()) {
            String status = results.property("part." + part + ".status", "not run");
            long seconds = Long.parseLong(results.property("part." + part + ".seconds", "0"));
            total += seconds;
            String date = results.property("part." + part + ".date", "");
            md.append(row(part, results.property("part." + part + ".title", ""),
                    results.property("part." + part + ".benchmarks", NONE), results.property("part." + part + ".settings", NONE),
                    day(date), status.equals("ok") ? duration(seconds) : status.replace("|", "/")));
        }
        long builds = Long.parseLong(results.property("builds.seconds", "0"));
        if (builds > 0) {
            md.append(row("builds", "synthetic indexes not cached yet", NONE, NONE, NONE, duration(builds)));
            total += builds;
        }
        md.append("| **total** | | | | | **").append(duration(total)).append("** |\n");
        return md.toString();
    }

    // ---- extraction --------------------------------------------------------------------------

    private static final Map<String, String> STEPS = steps();

    private static Map<String, String> steps() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("decodeFull", "decode, full resolution (`decodeFull`, the baseline)");
        m.put("decodeSubsampled", "decode with subsampling to ≥ 512 px (`decodeSubsampled`)");
        m.put("reduceToWorkingSize", "reduce to the 512 px working size (`reduceToWorkingSize`)");
        m.put("hash", "perceptual hash (`hash`)");
        m.put("color", "colour (`color`)");
        m.put("similarity", "similarity (`similarity`)");
        m.put("matching", "matching (`matching`)");
        m.put("allSignaturesFromDecoded", "all signatures from the decoded image (`allSignaturesFromDecoded`)");
        m.put("allSignaturesFromJpeg", "decode + all signatures from the JPEG bytes (`allSignaturesFromJpeg`)");
        return m;
    }

    private String extraction() {
        List<JmhResult> rs = results.part("extraction");
        if (rs.isEmpty()) {
            return notMeasured("extraction");
        }
        double decode = results.find("extraction", "decodeFull").map(JmhResult::score).orElse(Double.NaN);
        StringBuilder md = new StringBuilder("| step (1 MP JPEG) | ms per image | × full decode |\n|---|---|---|\n");
        List<JmhResult> ordered = new ArrayList<>();
        STEPS.keySet().forEach(step -> results.find("extraction", step).ifPresent(ordered::add));
        rs.stream().filter(r -> !STEPS.containsKey(r.method())).forEach(ordered::add);
        for (JmhResult r : ordered) {
            md.append(row(STEPS.getOrDefault(r.method(), "`" + r.method() + "`"), scoreWithError(r), ratio(r.score(), decode)));
        }
        return md.toString();
    }

    private String extractionTargets() {
        Optional<JmhResult> decode = results.find("extraction", "decodeFull");
        Optional<JmhResult> color = results.find("extraction", "color");
        Optional<JmhResult> hash = results.find("extraction", "hash");
        Optional<JmhResult> all = results.find("extraction", "allSignaturesFromDecoded");
        if (decode.isEmpty()) {
            return "";
        }
        double d = decode.get().score();
        StringBuilder md = new StringBuilder("Against the targets:\n");
        if (color.isPresent() && hash.isPresent()) {
            double both = color.get().score() + hash.get().score();
            String reduction = results.find("extraction", "reduceToWorkingSize")
                    .map(r -> String.format(Locale.ROOT, " (%s× if the shared 512 px reduction, which feeds every signature, is"
                            + " charged to them alone)", two(both / d + r.score() / d))).orElse("");
            md.append("- **Colour + hash ≤ 0.2× decode: ").append(both / d <= 0.2 ? "met" : "not met").append("** — ")
                    .append(number(both)).append(" ms, ").append(two(both / d)).append('×').append(reduction).append(".\n");
        }
        if (all.isPresent()) {
            double r = all.get().score() / d;
            md.append("- **All signatures ≤ 2× decode: ").append(r <= 2 ? "met" : "not met").append("** — ")
                    .append(two(r)).append("×.\n");
        }
        results.find("extraction", "allSignaturesFromJpeg").ifPresent(r -> md.append("- About ")
                .append(String.format(Locale.ROOT, "%.0f", 1000 / r.score()))
                .append(" images/s per core for decode + all signatures from the JPEG bytes.\n"));
        return md.toString();
    }

    // ---- insert ------------------------------------------------------------------------------

    private String insert() {
        Optional<JmhResult> insert = results.find("insert", "insertWithExtraction");
        Optional<JmhResult> decode = results.find("insert", "decodeOnly");
        if (insert.isEmpty() && decode.isEmpty()) {
            return notMeasured("insert");
        }
        double base = decode.map(JmhResult::score).orElse(Double.NaN);
        StringBuilder md = new StringBuilder("| benchmark | images/s | × decode only |\n|---|---|---|\n");
        insert.ifPresent(r -> md.append("| insert with extraction (`insertWithExtraction`) | ").append(scoreWithError(r))
                .append(" | ").append(ratio(r.score(), base)).append(" |\n"));
        decode.ifPresent(r -> md.append("| decode only (`decodeOnly`, the baseline) | ").append(scoreWithError(r))
                .append(" | 1.00× |\n"));
        return md.append("\nThe gap is extraction: see \"Decoding and signatures\".\n").toString();
    }

    // ---- kNN ---------------------------------------------------------------------------------

    private static final List<String> SELECTIVITIES = List.of("100", "50", "10", "1");

    private String knn() {
        StringBuilder md = new StringBuilder("| records | filter keeps | HNSW p50 | HNSW p99 | × unfiltered p50 "
                + "| exact scan p50 (baseline) | exact scan / HNSW | recall@10 vs exact |\n|---|---|---|---|---|---|---|---|\n");
        boolean any = false;
        for (int size : results.sizes()) {
            String part = "knn-" + size;
            double unfiltered = results.find(part, "knn", "selectivity", "100").map(JmhResult::median).orElse(Double.NaN);
            for (String sel : SELECTIVITIES) {
                Optional<JmhResult> r = results.find(part, "knn", "selectivity", sel);
                if (r.isEmpty()) {
                    continue;
                }
                any = true;
                Optional<JmhResult> exact = results.find("exact-" + size, "exactScan", "selectivity", sel);
                double p50 = r.get().median();
                md.append(row(Part.label(size), sel.equals("100") ? "all (no filter)" : sel + " %", ms(p50),
                        ms(r.get().percentile(99)), sel.equals("100") ? "1.00×" : ratio(p50, unfiltered),
                        exact.map(e -> ms(e.median())).orElse(NONE), exact.map(e -> ratio(e.median(), p50)).orElse(NONE),
                        three(results.fact("search.recall." + size + "." + sel))));
            }
        }
        return any ? md.toString() : notMeasured("knn-" + results.sizes().stream().findFirst().orElse(100_000));
    }

    private String vectorApi() {
        List<JmhResult> without = results.part("knn-no-vector-api");
        if (without.isEmpty()) {
            return notMeasured("knn-no-vector-api");
        }
        StringBuilder md = new StringBuilder("| kNN k=10 | with the Vector API: p50 / p99 | without (baseline): p50 / p99 "
                + "| without / with, p50 |\n|---|---|---|---|\n");
        List<String> verdicts = new ArrayList<>();
        for (JmhResult w : without) {
            String size = w.param("size");
            String sel = w.param("selectivity");
            Optional<JmhResult> with = results.find("knn-" + size, "knn", "selectivity", sel);
            String what = Part.label(Integer.parseInt(size)) + " records, " + (sel.equals("100") ? "no filter" : sel + " % filter");
            md.append(row(what, with.map(r -> ms(r.median()) + " / " + ms(r.percentile(99))).orElse(NONE),
                    ms(w.median()) + " / " + ms(w.percentile(99)), with.map(r -> ratio(w.median(), r.median())).orElse(NONE)));
            with.ifPresent(r -> verdicts.add(what + ": " + change(w.median() / r.median())));
        }
        if (!verdicts.isEmpty()) {
            md.append("\nMeasured effect of the Vector API on kNN latency (p50) — ").append(String.join("; ", verdicts))
                    .append(".\n");
        }
        return md.toString();
    }

    private static String change(double withoutOverWith) {
        if (Double.isNaN(withoutOverWith)) {
            return "not measured";
        }
        if (Math.abs(withoutOverWith - 1) <= SAME) {
            return "no measurable difference (within 10 %)";
        }
        return withoutOverWith > 1 ? two(withoutOverWith) + "× faster with it" : two(1 / withoutOverWith) + "× slower with it";
    }

    // ---- scaling -----------------------------------------------------------------------------

    private String scaling() {
        List<Integer> sizes = results.sizes().stream().filter(s -> !results.part("knn-" + s).isEmpty()).toList();
        if (sizes.isEmpty()) {
            return notMeasured("knn-100000");
        }
        StringBuilder md = new StringBuilder("| records | kNN p50 | kNN p99 | kNN p50, 1 % filter | exact scan p50 (baseline) "
                + "| heap with the index open, bytes/record | on disk, bytes/record |\n|---|---|---|---|---|---|---|\n");
        for (int size : sizes) {
            Optional<JmhResult> plain = results.find("knn-" + size, "knn", "selectivity", "100");
            md.append(row(Part.label(size), plain.map(r -> ms(r.median())).orElse(NONE),
                    plain.map(r -> ms(r.percentile(99))).orElse(NONE),
                    results.find("knn-" + size, "knn", "selectivity", "1").map(r -> ms(r.median())).orElse(NONE),
                    results.find("exact-" + size, "exactScan", "selectivity", "100").map(r -> ms(r.median())).orElse(NONE),
                    bytes(results.fact("search.heap-bytes-per-record." + size)),
                    bytes(results.fact("search.disk-bytes-per-record." + size))));
        }
        md.append("\n![kNN latency against index size](").append(chartDir).append('/').append(ScalingCharts.LATENCY)
                .append(")\n\n![Memory against index size](").append(chartDir).append('/').append(ScalingCharts.MEMORY)
                .append(")\n");
        return md.toString();
    }

    // ---- listing -----------------------------------------------------------------------------

    private String listing() {
        List<JmhResult> rs = results.part("listing");
        if (rs.isEmpty()) {
            return notMeasured("listing");
        }
        int size = rs.getFirst().param("size") == null ? 100_000 : Integer.parseInt(rs.getFirst().param("size"));
        double base = results.find("listing", "offset10").map(JmhResult::median).orElse(Double.NaN);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("offset10", "by offset at 10 (the baseline)");
        labels.put("offset9900", "by offset at 9,900, the deepest offset allowed");
        labels.put("cursorAt9900", "by cursor at 9,900");
        labels.put("cursorAt98k", "by cursor at " + Part.label(Math.min(100_000, size) - 2000));
        StringBuilder md = new StringBuilder("| page of 100 on " + Part.label(size)
                + " records | p50 | p99 | × offset-10 page, p50 |\n|---|---|---|---|\n");
        for (Map.Entry<String, String> e : labels.entrySet()) {
            results.find("listing", e.getKey()).ifPresent(r ->
                    md.append(row(e.getValue(), ms(r.median()), ms(r.percentile(99)), ratio(r.median(), base))));
        }
        return md.toString();
    }

    // ---- query -------------------------------------------------------------------------------

    private String parseCompile() {
        List<JmhResult> rs = results.part("parse-compile");
        if (rs.isEmpty()) {
            return notMeasured("parse-compile");
        }
        Optional<Integer> searchSize = results.sizes().stream()
                .filter(s -> results.find("knn-" + s, "knn", "selectivity", "100").isPresent())
                .min((a, b) -> Integer.compare(Math.abs(a - 100_000), Math.abs(b - 100_000)));
        double search = searchSize.flatMap(s -> results.find("knn-" + s, "knn", "selectivity", "100"))
                .map(r -> r.median() * 1000).orElse(Double.NaN);
        StringBuilder md = new StringBuilder("| language | µs per parse + compile | share of a kNN search"
                + searchSize.map(s -> " (" + Part.label(s) + " records, p50 " + number(search) + " µs)").orElse("")
                + " |\n|---|---|---|\n");
        for (String lang : List.of("MONGO", "YAML", "LUCENE")) {
            String name = switch (lang) {
                case "MONGO" -> "Mongo JSON";
                case "YAML" -> "YAML rules";
                default -> "Lucene syntax";
            };
            results.find("parse-compile", "parseAndCompile", "language", lang)
                    .ifPresent(r -> md.append(row(name, scoreWithError(r), percent(micros(r) / search))));
        }
        return md.toString();
    }

    private static double micros(JmhResult r) {
        return r.unit().startsWith("ms") ? r.score() * 1000 : r.unit().startsWith("ns") ? r.score() / 1000 : r.score();
    }

    private String compiledFilter() {
        List<JmhResult> rs = results.part("compiled-filter");
        if (rs.isEmpty()) {
            return notMeasured("compiled-filter");
        }
        String size = rs.getFirst().param("size");
        StringBuilder md = new StringBuilder("| query cache, " + (size == null ? "" : Part.label(Integer.parseInt(size)) + " records")
                + " | compiled | hand-written (baseline) | compiled / hand-written |\n|---|---|---|---|\n");
        for (String cache : List.of("false", "true")) {
            Optional<JmhResult> compiled = results.find("compiled-filter", "count", "implementation", "COMPILED", "queryCache", cache);
            Optional<JmhResult> hand = results.find("compiled-filter", "count", "implementation", "HAND_WRITTEN", "queryCache", cache);
            if (compiled.isEmpty() && hand.isEmpty()) {
                continue;
            }
            md.append(row(cache.equals("false") ? "off (every call evaluates the query)" : "on (Lucene's default `LRUQueryCache`)",
                    compiled.map(r -> scoreWithError(r) + " ms").orElse(NONE), hand.map(r -> scoreWithError(r) + " ms").orElse(NONE),
                    compiled.isPresent() && hand.isPresent()
                            ? ratio(compiled.get().score(), hand.get().score()) + overlap(compiled.get(), hand.get()) : NONE));
        }
        return md.toString();
    }

    /** Whether two scores are equal within their errors, which the ratio alone hides. */
    private static String overlap(JmhResult a, JmhResult b) {
        if (Double.isNaN(a.error()) || Double.isNaN(b.error())) {
            return "";
        }
        return Math.abs(a.score() - b.score()) <= a.error() + b.error() ? " (equal within the error)" : "";
    }

    // ---- matching ----------------------------------------------------------------------------

    /**
     * The baselines the matching package's benchmarks name: another method of the class with the
     * same parameters, or ({@code param=value}) the same method at the smallest size, for growth.
     * Benchmarks not listed get no ratio.
     */
    private static final Map<String, String> MATCHING_BASELINES = Map.of(
            "FineTuningBenchmark", "trainVocabulary",
            "MatchingSearchBenchmark", "size=10000");

    /** One Markdown table row: {@code | a | b | … |} and a newline. */
    private static String row(Object... cells) {
        StringBuilder r = new StringBuilder("|");
        for (Object c : cells) {
            r.append(' ').append(c).append(" |");
        }
        return r.append('\n').toString();
    }

    /** The day of an ISO instant, or {@link #NONE} for none. */
    private static String day(String isoInstant) {
        return isoInstant.isEmpty() ? NONE : DAY.format(Instant.parse(isoInstant));
    }

    private String matching() {
        List<JmhResult> rs = results.part("matching");
        if (rs.isEmpty()) {
            return notMeasured("matching");
        }
        StringBuilder md = new StringBuilder("| benchmark | parameters | score | p50 | p99 | baseline | × baseline |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (JmhResult r : rs) {
            String spec = MATCHING_BASELINES.get(r.className());
            Optional<JmhResult> base = spec == null ? Optional.empty() : baseline(r, rs, spec);
            String params = r.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
                    .reduce((x, y) -> x + ", " + y).orElse(NONE);
            md.append(row("`" + r.className() + '.' + r.method() + "`", params, scoreWithError(r) + ' ' + r.unit(),
                    r.percentiles().isEmpty() ? NONE : ms(r.percentile(50)), r.percentiles().isEmpty() ? NONE : ms(r.percentile(99)),
                    spec == null ? NONE : "`" + spec + "`", base.map(b -> ratio(r.score(), b.score())).orElse(NONE)));
        }
        return md.toString();
    }

    /** The result {@code spec} names as the baseline of {@code r}: a method, or {@code param=value}. */
    private static Optional<JmhResult> baseline(JmhResult r, List<JmhResult> rs, String spec) {
        int eq = spec.indexOf('=');
        return rs.stream().filter(b -> b.className().equals(r.className())).filter(b -> eq < 0
                ? b.method().equals(spec) && b.params().equals(r.params())
                : b.method().equals(r.method()) && spec.substring(eq + 1).equals(b.param(spec.substring(0, eq)))
                        && sameExcept(b, r, spec.substring(0, eq)))
                .findFirst();
    }

    /** Whether two results have the same parameters but {@code name}. */
    private static boolean sameExcept(JmhResult a, JmhResult b, String name) {
        Map<String, String> x = new LinkedHashMap<>(a.params());
        Map<String, String> y = new LinkedHashMap<>(b.params());
        x.remove(name);
        y.remove(name);
        return x.equals(y);
    }

    // ---- builds ------------------------------------------------------------------------------

    private String builds() {
        StringBuilder md = new StringBuilder("| records | build | records/s | when |\n|---|---|---|---|\n");
        boolean any = false;
        for (int size : results.sizes()) {
            String seconds = results.property("build." + size + ".seconds", null);
            if (seconds == null) {
                continue;
            }
            any = true;
            double s = Double.parseDouble(seconds);
            String date = results.property("build." + size + ".date", "");
            md.append(row(Part.label(size), duration(Math.round(s)), String.format(Locale.ROOT, "%,.0f", size / s), day(date)));
        }
        return any ? md.toString() : "_Every index was cached: no build was timed by the runs these results come from._\n";
    }

    // ---- formatting --------------------------------------------------------------------------

    private String notMeasured(String part) {
        String status = results.property("part." + part + ".status", "");
        if (status.isEmpty() || status.equals("ok")) {
            return "_Not measured in this run._\n";
        }
        return "_Not measured in this run: " + status + "._\n";
    }

    /** Three significant figures or so: 0.853, 14.5, 107. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return NONE;
        }
        return String.format(Locale.ROOT, decimals(v), v);
    }

    private static String decimals(double v) {
        double a = Math.abs(v);
        return a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
    }

    static String ms(double v) {
        return Double.isNaN(v) ? NONE : number(v) + " ms";
    }

    private static String scoreWithError(JmhResult r) {
        if (Double.isNaN(r.error())) {
            return number(r.score());
        }
        String f = decimals(r.score());
        return String.format(Locale.ROOT, f + " ± " + f, r.score(), r.error());
    }

    static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? NONE : two(a / b) + "×";
    }

    private static String two(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v);
    }

    private static String three(double v) {
        return Double.isNaN(v) ? NONE : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String percent(double share) {
        if (Double.isNaN(share)) {
            return NONE;
        }
        return String.format(Locale.ROOT, share < 0.01 ? "%.2f %%" : "%.1f %%", share * 100);
    }

    private static String bytes(double v) {
        return Double.isNaN(v) ? NONE : String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%.1f", v);
    }

    static String duration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return d.toMinutes() == 0 ? d.toSecondsPart() + " s" : d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
}
