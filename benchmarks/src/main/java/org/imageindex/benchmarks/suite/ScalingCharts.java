package org.imageindex.benchmarks.suite;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The scaling curves as PNG plots, drawn with XChart off screen: kNN latency and memory against
 * the number of records, both axes logarithmic so 10,000 → 1,000,000 spreads evenly.
 */
final class ScalingCharts {

    static final String LATENCY = "knn-latency.png";
    static final String MEMORY = "memory.png";
    private static final int WIDTH = 720;
    private static final int HEIGHT = 460;
    private static final double MIB = 1 << 20;

    private ScalingCharts() {
    }

    /** Writes both plots into {@code dir}; returns the files written (none without kNN results). */
    static List<Path> write(SuiteResults results, Path dir) throws IOException {
        List<Integer> sizes = results.sizes().stream().filter(s -> !results.part("knn-" + s).isEmpty()).toList();
        if (sizes.isEmpty()) {
            return List.of();
        }
        Files.createDirectories(dir);
        double[] x = sizes.stream().mapToDouble(Integer::doubleValue).toArray();

        XYChart latency = chart("kNN k=10 latency against index size", "ms (log scale)");
        add(latency, "HNSW p50, no filter", x, sizes, s -> median(results, "knn-" + s, "knn", "100"));
        add(latency, "HNSW p99, no filter", x, sizes,
                s -> results.find("knn-" + s, "knn", "selectivity", "100").map(r -> r.percentile(99)).orElse(Double.NaN));
        add(latency, "HNSW p50, 1 % filter", x, sizes, s -> median(results, "knn-" + s, "knn", "1"));
        add(latency, "baseline: exact scan p50, no filter", x, sizes, s -> median(results, "exact-" + s, "exactScan", "100"));

        XYChart memory = chart("Memory against index size", "MiB (log scale)");
        add(memory, "on disk (memory-mapped, page cache)", x, sizes,
                s -> s * results.fact("search.disk-bytes-per-record." + s) / MIB);
        add(memory, "Java heap with the index open", x, sizes,
                s -> Math.max(s * results.fact("search.heap-bytes-per-record." + s) / MIB, 0.01));

        List<Path> written = new ArrayList<>();
        save(latency, dir.resolve(LATENCY)).ifPresent(written::add);
        save(memory, dir.resolve(MEMORY)).ifPresent(written::add);
        return written;
    }

    private static Optional<Path> save(XYChart chart, Path file) throws IOException {
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return Optional.of(file);
    }

    private static double median(SuiteResults results, String part, String method, String selectivity) {
        return results.find(part, method, "selectivity", selectivity).map(JmhResult::median).orElse(Double.NaN);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("records (log scale)").yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setXAxisDecimalPattern("#,###")
                .setLegendPosition(Styler.LegendPosition.InsideNW).setMarkerSize(7).setChartBackgroundColor(Color.WHITE);
        return chart;
    }

    /** Adds a series of the sizes that have a positive value (log axes cannot show the rest). */
    private static void add(XYChart chart, String name, double[] x, List<Integer> sizes, ToDoubleFunction<Integer> value) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            double v = value.applyAsDouble(sizes.get(i));
            if (v > 0 && !Double.isNaN(v) && !Double.isInfinite(v)) {
                points.add(new double[] {x[i], v});
            }
        }
        if (!points.isEmpty()) {
            chart.addSeries(name, points.stream().mapToDouble(a -> a[0]).toArray(), points.stream().mapToDouble(a -> a[1]).toArray());
        }
    }
}
