package org.imageindex.benchmarks.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark result of JMH's JSON output: a benchmark method with one combination of
 * parameters, its primary score and, in sample mode, the percentiles of the sampled times.
 *
 * @param benchmark   the fully qualified method, {@code org.….SearchBenchmark.knn}
 * @param mode        JMH's short mode name: {@code avgt}, {@code thrpt}, {@code sample}, {@code ss}
 * @param params      the {@code @Param} values of this result
 * @param score       the primary score (the mean in sample mode)
 * @param error       the half-width of the 99.9 % confidence interval, NaN when JMH had too few samples
 * @param unit        the score's unit, e.g. {@code ms/op} or {@code ops/s}
 * @param percentiles percentile (0..100) to value, in sample mode; empty otherwise
 */
record JmhResult(String benchmark, String mode, Map<String, String> params, double score, double error, String unit,
                 Map<Double, Double> percentiles) {

    private static final ObjectMapper JSON = new ObjectMapper();

    JmhResult {
        params = Map.copyOf(params);
        percentiles = Map.copyOf(percentiles);
    }

    /** The results in JMH's JSON output ({@code -rf json}). */
    static List<JmhResult> parse(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        List<JmhResult> out = new ArrayList<>();
        if (root == null || !root.isArray()) {
            throw new IOException("JMH results must be a JSON array, got: " + (root == null ? "nothing" : root.getNodeType()));
        }
        for (JsonNode r : root) {
            Map<String, String> params = new LinkedHashMap<>();
            r.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            JsonNode m = r.path("primaryMetric");
            Map<Double, Double> percentiles = new TreeMap<>();
            // other modes list percentiles of the iteration scores, which are no latencies
            if ("sample".equals(r.path("mode").asText())) {
                m.path("scorePercentiles").properties()
                        .forEach(e -> percentiles.put(Double.parseDouble(e.getKey()), number(e.getValue())));
            }
            out.add(new JmhResult(r.path("benchmark").asText(), r.path("mode").asText(), params, number(m.path("score")),
                    number(m.path("scoreError")), m.path("scoreUnit").asText(), percentiles));
        }
        return out;
    }

    /** JMH writes NaN and infinities as strings. */
    private static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        try {
            return Double.parseDouble(n.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The benchmark class's simple name, {@code SearchBenchmark}. */
    String className() {
        String[] parts = benchmark.split("\\.");
        return parts.length < 2 ? benchmark : parts[parts.length - 2];
    }

    /** The benchmark method's name, {@code knn}. */
    String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** The value of parameter {@code name}, or null. */
    String param(String name) {
        return params.get(name);
    }

    /** The sampled time at percentile {@code p} (0..100), or NaN outside sample mode. */
    double percentile(double p) {
        return percentiles.getOrDefault(p, Double.NaN);
    }

    /** The median in sample mode, else the score. */
    double median() {
        return percentiles.isEmpty() ? score : percentile(50);
    }
}
