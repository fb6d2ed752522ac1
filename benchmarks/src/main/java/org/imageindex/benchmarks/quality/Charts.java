package org.imageindex.benchmarks.quality;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * PNG plots of the results, drawn with XChart off screen (needs {@code java.awt.headless} only
 * for fonts, never a display).
 */
final class Charts {

  private static final int WIDTH = 720;
  private static final int HEIGHT = 460;

  private Charts() {}

  /** Writes the plots into {@code dir} and returns the files written. */
  static List<Path> write(Path dir, List<RetrievalResult> retrieval, CopyDetectionResult copies) {
    List<Path> written = new ArrayList<>();
    for (RetrievalResult r : retrieval) {
      XYChart chart = chart("Precision–recall, " + r.set() + " (" + r.queries() + " queries)",
          "recall", "interpolated precision (mean over queries)");
      for (SearchMode mode : r.modes()) {
        chart.addSeries(mode.label(), RankingMetrics.RECALL_LEVELS, r.scores().get(mode).prCurve());
      }
      written.add(save(chart, dir.resolve("pr-" + slug(r.set()))));
    }
    if (copies != null) {
      for (Attack.Kind kind : Attack.Kind.values()) {
        List<CopyDetectionResult.Row> rows = copies.rows().stream().filter(row -> row.attack().kind() == kind).toList();
        if (rows.isEmpty()) {
          continue;
        }
        double[] x = rows.stream().mapToDouble(row -> row.attack().strength()).toArray();
        XYChart chart = chart("Copy detection: " + kind.label() + " (" + rows.getFirst().copies() + " copies each)",
            kind.strengthUnit(), "recall@1");
        chart.addSeries("matching, verified (S1)", x, rows.stream().mapToDouble(CopyDetectionResult.Row::recallAt1).toArray());
        chart.addSeries("baseline: perceptual hash", x, rows.stream().mapToDouble(CopyDetectionResult.Row::hashRecallAt1).toArray());
        written.add(save(chart, dir.resolve("recall-" + slug(kind.name()))));
      }
    }
    return written;
  }

  private static XYChart chart(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.05).setLegendPosition(Styler.LegendPosition.InsideSW)
        .setMarkerSize(7).setChartBackgroundColor(java.awt.Color.WHITE);
    return chart;
  }

  private static Path save(XYChart chart, Path withoutExtension) {
    try {
      BitmapEncoder.saveBitmap(chart, withoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plot " + withoutExtension + ".png", e);
    }
    return withoutExtension.resolveSibling(withoutExtension.getFileName() + ".png");
  }

  static String slug(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }
}
