package org.imageindex.benchmarks.suite;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Everything a report is rendered from, as the suite leaves it in its results directory:
 * {@value #RUN} (machine, command, per-part settings, wall times and status), one JMH JSON file
 * per part ({@code <part>.json}) and {@value #FACTS} (figures the benchmarks' setups measured).
 * Keeping them on disk lets a report be rendered again without running anything.
 *
 * @param run   the run description
 * @param parts each part's JMH results, by part name
 * @param facts the setups' figures
 */
record SuiteResults(Properties run, Map<String, List<JmhResult>> parts, Properties facts) {

    static final String RUN = "run.properties";
    static final String FACTS = "facts.properties";

    /** Reads the results directory; parts without a JSON file are absent. */
    static SuiteResults load(Path dir) throws IOException {
        Properties run = new Properties();
        Path runFile = dir.resolve(RUN);
        if (Files.exists(runFile)) {
            try (Reader in = Files.newBufferedReader(runFile, StandardCharsets.UTF_8)) {
                run.load(in);
            }
        }
        Map<String, List<JmhResult>> parts = new LinkedHashMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    String name = p.getFileName().toString().replaceFirst("\\.json$", "");
                    String json = Files.readString(p, StandardCharsets.UTF_8);
                    // JMH leaves an empty file when no benchmark ran
                    parts.put(name, json.isBlank() ? List.of() : JmhResult.parse(json));
                }
            }
        }
        return new SuiteResults(run, parts, SetupFacts.read(dir.resolve(FACTS)));
    }

    static void storeRun(Path dir, Properties run) throws IOException {
        try (Writer out = Files.newBufferedWriter(dir.resolve(RUN), StandardCharsets.UTF_8)) {
            run.store(out, "imageindex performance suite run");
        }
    }

    /** The results of one part, or none. */
    List<JmhResult> part(String name) {
        return parts.getOrDefault(name, List.of());
    }

    /** The result of {@code method} in {@code part} whose parameters include {@code params} (name, value, ...). */
    Optional<JmhResult> find(String part, String method, String... params) {
        return part(part).stream().filter(r -> r.method().equals(method)).filter(r -> {
            for (int i = 0; i + 1 < params.length; i += 2) {
                if (!params[i + 1].equals(r.param(params[i]))) {
                    return false;
                }
            }
            return true;
        }).findFirst();
    }

    /** A fact the setups recorded, or NaN. */
    double fact(String key) {
        String v = facts.getProperty(key);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    /** A run property, or {@code fallback}. */
    String property(String key, String fallback) {
        return run.getProperty(key, fallback);
    }

    /** The synthetic index sizes of the run, or those for which kNN results exist. */
    List<Integer> sizes() {
        String s = run.getProperty("sizes");
        if (s != null && !s.isBlank()) {
            return Arrays.stream(s.split(",")).map(String::trim).map(Integer::parseInt).toList();
        }
        TreeSet<Integer> found = new TreeSet<>();
        parts.keySet().stream().filter(n -> n.matches("knn-\\d+")).forEach(n -> found.add(Integer.parseInt(n.substring(4))));
        return new ArrayList<>(found);
    }

    /** The names of the parts the run planned, in order. */
    List<String> partNames() {
        String s = run.getProperty("parts");
        return s == null || s.isBlank() ? new ArrayList<>(parts.keySet()) : Arrays.asList(s.split(","));
    }
}
