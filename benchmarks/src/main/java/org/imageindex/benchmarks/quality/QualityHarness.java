package org.imageindex.benchmarks.quality;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.imageindex.signatures.similarity.SimilarityWhitening;

/**
 * The quality harness: retrieval quality of every signature against baselines on ground-truth
 * sets, and copy detection on generated attacks.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar org.imageindex.benchmarks.quality.QualityHarness \
 *     --truth DATA/boofcv-triples/groundtruth_groups.csv --out results
 * java -cp benchmarks/target/benchmarks.jar org.imageindex.benchmarks.quality.QualityHarness \
 *     --images DATA/photos/images --copy-detection --out results
 * java -cp benchmarks/target/benchmarks.jar org.imageindex.benchmarks.quality.QualityHarness \
 *     --data-root DATA --copy-detection --out results
 * }</pre>
 *
 * <p>Writes {@code quality-report.md} (also printed), {@code quality-report.json} and PNG plots
 * into {@code --out}. See {@link #USAGE}.
 */
public final class QualityHarness {

  static final String USAGE = """
      usage: QualityHarness --out DIR [--threads N]
                            ( --truth CSV [--images DIR] [--copy-detection]
                            | --images DIR --copy-detection
                            | --data-root DIR [--copy-detection]
                            | --eval-data DIR [--part retrieval|copies] )
        --truth CSV       ground truth, header 'image,<group>', 'query,relevant' or 'image_a,image_b';
                          image paths relative to the CSV's folder
        --images DIR      with --truth: the folder image paths are relative to instead;
                          with --copy-detection: the photos to attack (one folder, not recursive)
        --copy-detection  also run copy detection on generated attacks
        --data-root DIR   every set under DIR: each <set>/groundtruth_*.csv, relevant_pairs.csv and
                          pairs.csv; with --copy-detection, copy detection on DIR/photos/images
        --eval-data DIR   the collection scripts/stage-eval-data staged in DIR: multi-view groups
                          (rendered into DIR/generated on first use), near duplicates, categories,
                          each with and without the distractors, and copy detection on its most
                          finely textured photos; when DIR holds no staged collection, says so
                          and exits 0 without measuring anything
        --part P          with --eval-data: only the retrieval sets, or only copy detection
                          (the two take long on a shared machine; default both)
        --out DIR         where the report, JSON and plots go (created if missing)
        --threads N       extraction and verification threads (default: available processors)
      """;

  /** Names of the ground-truth CSVs {@code --data-root} picks up in each set folder. */
  static boolean isGroundTruthFile(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".csv") && (n.startsWith("groundtruth_") || n.equals("relevant_pairs.csv") || n.equals("pairs.csv"));
  }

  /**
   * The parsed command line.
   *
   * @param truth a ground-truth CSV, or null
   * @param images the image folder, or null
   * @param dataRoot a data root, or null
   * @param evalData a staged evaluation collection, or null
   * @param part with {@code evalData}: {@code retrieval}, {@code copies} or {@code all}
   * @param out the output folder
   * @param copyDetection whether to run copy detection
   * @param threads worker threads
   */
  record Arguments(Path truth, Path images, Path dataRoot, Path evalData, String part, Path out, boolean copyDetection,
      int threads) {

    /**
     * Parses and checks the arguments.
     *
     * @throws IllegalArgumentException naming the bad argument, its value and what is allowed
     */
    static Arguments parse(String... args) {
      Path truth = null;
      Path images = null;
      Path dataRoot = null;
      Path evalData = null;
      String part = "all";
      Path out = null;
      boolean copyDetection = false;
      int threads = Runtime.getRuntime().availableProcessors();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--copy-detection" -> copyDetection = true;
          case "--truth", "--images", "--data-root", "--eval-data", "--part", "--out", "--threads" -> {
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
              throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
              case "--truth" -> truth = Path.of(v);
              case "--images" -> images = Path.of(v);
              case "--data-root" -> dataRoot = Path.of(v);
              case "--eval-data" -> evalData = Path.of(v);
              case "--part" -> {
                if (!v.equals("retrieval") && !v.equals("copies")) {
                  throw new IllegalArgumentException("--part must be retrieval or copies, got: " + v);
                }
                part = v;
              }
              case "--out" -> out = Path.of(v);
              default -> threads = threads(v);
            }
          }
          default -> throw new IllegalArgumentException("unknown argument: " + a);
        }
      }
      if (out == null) {
        throw new IllegalArgumentException("--out is required");
      }
      if (evalData != null) {
        if (truth != null || images != null || dataRoot != null || copyDetection) {
          throw new IllegalArgumentException("--eval-data runs the whole staged collection, copy detection included; "
              + "do not combine it with --truth, --images, --data-root or --copy-detection");
        }
      } else if (!part.equals("all")) {
        throw new IllegalArgumentException("--part needs --eval-data");
      } else if (dataRoot != null) {
        if (truth != null || images != null) {
          throw new IllegalArgumentException("--data-root runs every set of the root; do not combine it with "
              + (truth != null ? "--truth" : "--images"));
        }
        requireDirectory("--data-root", dataRoot);
      } else if (truth == null && !copyDetection) {
        throw new IllegalArgumentException("give --truth CSV, --images DIR --copy-detection, --data-root DIR or --eval-data DIR");
      }
      if (truth != null && !Files.isRegularFile(truth)) {
        throw new IllegalArgumentException("--truth must be a readable CSV file, got: " + truth);
      }
      if (copyDetection && dataRoot == null && images == null) {
        throw new IllegalArgumentException("--copy-detection needs --images DIR (the photos to attack)");
      }
      if (images != null) {
        requireDirectory("--images", images);
      }
      if (Files.exists(out) && !Files.isDirectory(out)) {
        throw new IllegalArgumentException("--out must be a directory, got a file: " + out);
      }
      return new Arguments(truth, images, dataRoot, evalData, part, out, copyDetection, threads);
    }

    private static int threads(String v) {
      int n;
      try {
        n = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--threads must be an integer >= 1, got: " + v);
      }
      if (n < 1) {
        throw new IllegalArgumentException("--threads must be an integer >= 1, got: " + v);
      }
      return n;
    }

    private static void requireDirectory(String name, Path p) {
      if (!Files.isDirectory(p)) {
        throw new IllegalArgumentException(name + " must be an existing directory, got: " + p);
      }
    }
  }

  private QualityHarness() {}

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    try {
      run(arguments, System.out, System.err);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Runs what the arguments ask for, printing the report to {@code out} and progress to {@code log}. */
  static void run(Arguments a, PrintStream out, PrintStream log) {
    long start = System.nanoTime();
    List<GroundTruth> sets = new ArrayList<>();
    Path copyFolder = null;
    EvalData evalData = null;
    List<Path> copyPhotos = null;
    if (a.evalData() != null) {
      if (!EvalData.isStaged(a.evalData())) {
        log.printf("no staged evaluation collection in %s (run scripts/stage-eval-data first); nothing measured%n",
            a.evalData());
        return;
      }
      evalData = new EvalData(a.evalData());
      long t0 = System.nanoTime();
      if (!a.part().equals("copies")) {
        evalData.renderViews(a.threads());
        sets.addAll(evalData.sets());
      }
      if (!a.part().equals("retrieval")) {
        copyPhotos = evalData.fineTexturedPhotos(a.threads());
      }
      log.printf("eval-data: views rendered, %d sets, %d fine-textured photos chosen, %.1f s%n", sets.size(),
          copyPhotos == null ? 0 : copyPhotos.size(), (System.nanoTime() - t0) / 1e9);
    } else if (a.dataRoot() != null) {
      sets.addAll(groundTruthsUnder(a.dataRoot()));
      if (a.copyDetection()) {
        copyFolder = a.dataRoot().resolve("photos").resolve("images");
        if (!Files.isDirectory(copyFolder)) {
          throw new IllegalArgumentException("--copy-detection with --data-root needs " + copyFolder);
        }
      }
    } else {
      if (a.truth() != null) {
        GroundTruth t = GroundTruth.read(a.truth());
        if (a.images() != null && !a.copyDetection()) {
          t = new GroundTruth(t.name(), a.images().toAbsolutePath(), t.form(), t.images(), t.relevant(), t.groups());
        }
        sets.add(t);
      }
      if (a.copyDetection()) {
        copyFolder = a.images();
      }
    }
    Extraction extraction = new Extraction(a.threads());
    RetrievalEvaluation evaluation = new RetrievalEvaluation(a.threads());
    Map<Path, IndexedImage> cache = new LinkedHashMap<>();
    List<RetrievalResult> retrieval = new ArrayList<>();
    List<IndexAgreement> agreement = new ArrayList<>();
    for (GroundTruth t : sets) {
      long t0 = System.nanoTime();
      List<String> missing = t.images().stream().distinct()
          .filter(n -> !cache.containsKey(t.baseDir().resolve(n).normalize())).toList();
      List<IndexedImage> extracted = extraction.extract(t.baseDir(), missing);
      extracted.forEach(img -> cache.put(t.baseDir().resolve(img.name()).normalize(), img));
      log.printf("%s: %d images extracted, %.1f s%n", t.name(), missing.size(), (System.nanoTime() - t0) / 1e9);
    }
    fineTune(cache, log);
    for (GroundTruth t : sets) {
      long t0 = System.nanoTime();
      List<IndexedImage> images = t.images().stream().map(n -> cache.get(t.baseDir().resolve(n).normalize())).toList();
      RetrievalResult r;
      if (evalData == null) {
        r = evaluation.evaluate(t, images);
        agreement.addAll(IndexAgreement.measure(t.name(), images));
      } else {
        Set<SearchMode> modes = EnumSet.allOf(SearchMode.class);
        if (images.size() > EvalData.MATCHING_MAX_IMAGES) {
          modes.remove(SearchMode.MATCHING);
        }
        r = evaluation.evaluate(t, images, modes);
      }
      retrieval.add(r);
      log.printf("%s: %d images, %d queries, %.1f s%n", t.name(), r.images(), r.queries(), (System.nanoTime() - t0) / 1e9);
    }
    CopyDetectionResult copies = null;
    if (copyPhotos != null) {
      long t0 = System.nanoTime();
      copies = new CopyDetection(a.threads(), EvalData.attacks(), 2).evaluate("eval-data, fine-textured photos", copyPhotos);
      log.printf("copy detection on %d fine-textured photos: %d attacks, %.1f s%n", copyPhotos.size(),
          EvalData.attacks().size(), (System.nanoTime() - t0) / 1e9);
    }
    if (copyFolder != null) {
      long t0 = System.nanoTime();
      copies = new CopyDetection(a.threads(), Attack.all()).evaluate(copyFolder);
      log.printf("copy detection on %s: %d attacks x %d photos, %.1f s%n", copyFolder, Attack.all().size(),
          copies.photos(), (System.nanoTime() - t0) / 1e9);
    }
    String markdown = Report.markdown(retrieval, agreement, copies);
    out.print(markdown);
    try {
      Files.createDirectories(a.out());
      Files.writeString(a.out().resolve("quality-report.md"), markdown, StandardCharsets.UTF_8);
      Files.writeString(a.out().resolve("quality-report.json"), Report.json(retrieval, agreement, copies), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write into --out " + a.out(), e);
    }
    List<Path> plots = Charts.write(a.out(), retrieval, copies);
    log.printf("wrote quality-report.md, quality-report.json and %d plots into %s in %.1f s total%n",
        plots.size(), a.out(), (System.nanoTime() - start) / 1e9);
  }

  /**
   * What fine-tuning an index holding every image of the run does to its similarity vectors: a
   * whitening learned from all of them (as {@code ImageIndex.fineTune()} learns it from up to
   * 2,000 records), applied to each. With fewer images than a whitening needs, the vectors stay
   * the model's and the fine-tuned mode equals the shipped one.
   */
  static void fineTune(Map<Path, IndexedImage> images, PrintStream log) {
    if (images.size() < SimilarityWhitening.MIN_VECTORS) {
      log.printf("fine-tuning: %d images are fewer than the %d a similarity whitening is learned from; "
          + "the fine-tuned mode keeps the model's vectors%n", images.size(), SimilarityWhitening.MIN_VECTORS);
      return;
    }
    SimilarityWhitening w = SimilarityWhitening.fit(
        images.values().stream().map(i -> i.signatures().similarity().vector()).toList());
    images.replaceAll((path, image) -> image.withTuning(w));
    log.printf("fine-tuning: similarity whitening %s learned from %d images%n", w.id(), images.size());
  }

  /** Every ground-truth CSV of every set folder under {@code root}, sorted by path. */
  static List<GroundTruth> groundTruthsUnder(Path root) {
    try (Stream<Path> files = Files.walk(root, 2)) {
      List<GroundTruth> sets = files.filter(Files::isRegularFile).filter(QualityHarness::isGroundTruthFile)
          .sorted().map(GroundTruth::read).toList();
      if (sets.isEmpty()) {
        throw new IllegalArgumentException("--data-root " + root
            + " holds no <set>/groundtruth_*.csv, relevant_pairs.csv or pairs.csv");
      }
      return sets;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list --data-root " + root, e);
    }
  }
}
