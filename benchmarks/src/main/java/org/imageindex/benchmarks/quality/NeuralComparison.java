package org.imageindex.benchmarks.quality;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.signatures.decode.ImageDecoder;
import org.imageindex.signatures.neural.NeuralExtractor;
import org.imageindex.signatures.neural.NeuralLayer;
import org.imageindex.signatures.similarity.SimilarityExtractor;
import org.imageindex.signatures.similarity.SimilarityWhitening;

/**
 * The neural signature beside the BoofCV similarity signature and the RGB histogram on every
 * set of the quality harness, one row per MobileNetV2 layer, with and without a PCA whitening
 * learned on the run's images; then the forward pass's time per image on one thread.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.imageindex.benchmarks.quality.NeuralComparison \
 *     --data-root ../shared/data [--threads 2]
 * </pre>
 *
 * Ranking is exact (every image against every other), ties broken as the harness breaks them,
 * so the similarity and histogram rows repeat docs/quality.md's figures.
 */
public final class NeuralComparison {

  private NeuralComparison() {}

  /** One image's vectors under every compared signature. */
  private record Vectors(float[] similarity, float[] histogram, Map<NeuralLayer, float[]> neural) {}

  /** A ranked way of comparing: a label and a distance. */
  private record Row(String label, Function<Integer, float[]> vector, boolean l1) {}

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    Path root = null;
    int threads = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data-root" -> root = Path.of(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]
            + " (expected --data-root DIR [--threads N])");
      }
    }
    if (root == null) {
      throw new IllegalArgumentException("--data-root DIR is required");
    }
    run(root, threads, System.out);
  }

  static void run(Path root, int threads, PrintStream out) {
    List<GroundTruth> sets = QualityHarness.groundTruthsUnder(root);
    List<Path> files = new ArrayList<>();
    for (GroundTruth t : sets) {
      t.images().forEach(n -> {
        Path p = t.baseDir().resolve(n).normalize();
        if (!files.contains(p)) {
          files.add(p);
        }
      });
    }
    ImageDecoder decoder = ImageDecoder.standard().withTargetSide(SignatureExtractor.WORKING_SIDE);
    List<Vectors> all = Extraction.parallel(files.size(), threads, i -> {
      Images.Pixels px = decoder.decode(files.get(i)).pixels(SignatureExtractor.WORKING_SIDE);
      Map<NeuralLayer, float[]> neural = new EnumMap<>(NeuralLayer.class);
      for (NeuralLayer l : NeuralLayer.values()) {
        neural.put(l, NeuralExtractor.of(l).extract(px));
      }
      return new Vectors(SimilarityExtractor.standard().extract(px).vector(), IndexedImage.rgbHistogram(px), neural);
    });
    Map<Path, Integer> indexOf = new LinkedHashMap<>();
    for (int i = 0; i < files.size(); i++) {
      indexOf.put(files.get(i), i);
    }
    // Whitening learned on every image of the run, as the harness's fine-tuned row learns it.
    Map<NeuralLayer, float[][]> whitened = new EnumMap<>(NeuralLayer.class);
    for (NeuralLayer l : NeuralLayer.values()) {
      List<float[]> vs = all.stream().map(v -> v.neural().get(l)).toList();
      SimilarityWhitening w = SimilarityWhitening.fit(vs);
      whitened.put(l, vs.stream().map(w::apply).toArray(float[][]::new));
    }
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("RGB 8×8×8 histogram, L1", i -> all.get(i).histogram(), true));
    rows.add(new Row("similarity (BoofCV, shipped)", i -> all.get(i).similarity(), false));
    for (NeuralLayer l : NeuralLayer.values()) {
      rows.add(new Row("neural " + l.name().toLowerCase(Locale.ROOT) + " (" + l.channels() + ")",
          i -> all.get(i).neural().get(l), false));
    }
    for (NeuralLayer l : NeuralLayer.values()) {
      rows.add(new Row("neural " + l.name().toLowerCase(Locale.ROOT) + " + whitening",
          i -> whitened.get(l)[i], false));
    }
    out.println("| set | images | " + String.join(" | ", rows.stream().map(Row::label).toList()) + " |");
    out.println("|---|---|" + "---|".repeat(rows.size()));
    for (GroundTruth t : sets) {
      List<Integer> members = t.images().stream().distinct()
          .map(n -> indexOf.get(t.baseDir().resolve(n).normalize())).toList();
      StringBuilder line = new StringBuilder("| " + t.name() + " | " + members.size() + " |");
      for (Row r : rows) {
        double[] ap = meanAp(t, members, files, r);
        line.append(String.format(Locale.ROOT, " %.3f / %.3f |", ap[0], ap[1]));
      }
      out.println(line);
    }
    out.println();
    out.println("cells: mAP / P@1");
    timing(decoder, files, out);
  }

  /** Mean average precision and P@1 of the queries of {@code t} under {@code r}. */
  private static double[] meanAp(GroundTruth t, List<Integer> members, List<Path> files, Row r) {
    int n = members.size();
    double apSum = 0;
    double p1 = 0;
    List<String> queries = t.queries();
    List<String> names = t.images().stream().distinct().toList();
    for (String q : queries) {
      int qi = names.indexOf(q);
      float[] qv = r.vector().apply(members.get(qi));
      double[] d = new double[n];
      for (int j = 0; j < n; j++) {
        float[] v = r.vector().apply(members.get(j));
        d[j] = r.l1() ? IndexedImage.l1(qv, v) : 1 - dot(qv, v);
      }
      List<Integer> order = RetrievalEvaluation.rank(qi, d);
      Set<String> relevant = t.relevant().get(q);
      boolean[] hit = new boolean[n - 1];
      int k = 0;
      for (int j : order) {
        if (j != qi) {
          hit[k++] = relevant.contains(names.get(j));
        }
      }
      apSum += RankingMetrics.averagePrecision(hit, relevant.size());
      p1 += RankingMetrics.precisionAt(hit, 1);
    }
    return new double[] {apSum / queries.size(), p1 / queries.size()};
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  /** Forward pass per layer, one thread, on the first 24 images after 8 warm-up passes: median ms. */
  private static void timing(ImageDecoder decoder, List<Path> files, PrintStream out) {
    List<Images.Pixels> px = files.stream().limit(24)
        .map(f -> decoder.decode(f).pixels(SignatureExtractor.WORKING_SIDE)).toList();
    out.println();
    out.println("| layer | median ms/image (1 thread) |");
    out.println("|---|---|");
    for (NeuralLayer l : NeuralLayer.values()) {
      NeuralExtractor e = NeuralExtractor.of(l);
      for (int w = 0; w < 8; w++) {
        e.extract(px.get(w % px.size()));
      }
      double[] ms = new double[px.size()];
      for (int i = 0; i < px.size(); i++) {
        long t0 = System.nanoTime();
        e.extract(px.get(i));
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      out.printf(Locale.ROOT, "| %s | %.1f |%n", l.name().toLowerCase(Locale.ROOT), ms[ms.length / 2]);
    }
  }
}
