package org.imageindex.examples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.imageindex.ImageIndex;
import org.imageindex.matching.ImageMatch;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.query.ast.Filter;
import org.imageindex.record.ImageSource;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.NearDuplicateRequest;
import org.imageindex.search.SearchHit;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imageindex search IMAGE}: copies, look-alikes, colours or near duplicates of an image. */
@Command(name = "search", mixinStandardHelpOptions = true, description = "Search the index with an image (or, for --mode color, with colours).")
final class SearchCommand implements Callable<Integer> {

  /** What to look for. */
  enum Mode {
    /** Copies and parts of the image (crops, rotations, objects in scenes), verified geometrically. */
    match,
    /** Images that look alike. */
    similar,
    /** Images in the same colours. */
    color,
    /** Near duplicates by perceptual hash. */
    duplicates
  }

  @Mixin
  ImageIndexCli.IndexOption index = new ImageIndexCli.IndexOption();

  @Mixin
  FilterOptions filter = new FilterOptions();

  @Parameters(paramLabel = "IMAGE",
      description = "Query image file; with --mode color, colours instead, e.g. \"#c0392b 60 %%, #ffffff 40 %%\".")
  String query;

  @Option(names = {"-m", "--mode"}, defaultValue = "match",
      description = "One of: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}")
  Mode mode;

  @Option(names = "-k", defaultValue = "10", description = "Number of hits. Default: ${DEFAULT-VALUE}")
  int k;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (k < 1) {
      throw new IllegalArgumentException("-k must be >= 1, got: " + k);
    }
    // The query is checked before the index is opened, so a wrong query path is named as such
    // even when the index folder is missing too.
    if (!(mode == Mode.color && query.strip().startsWith("#"))) {
      imageFile();
    }
    var out = spec.commandLine().getOut();
    try (ImageIndex idx = index.openReadOnly()) {
      Filter f = filter.parse(idx);
      switch (mode) {
        case match -> {
          List<ImageMatch> matches = idx.matcher().search(
              ImageMatchQuery.builder(ImageSource.file(imageFile())).filter(f).limit(k).build());
          if (matches.isEmpty()) {
            out.println("no copy or part of this image in the index");
          }
          for (ImageMatch m : matches) {
            var r = m.result();
            out.printf(Locale.ROOT, "%-40s %-6s distance %.3f  %d agreeing features  box in query %s%n",
                m.id(), r.verdict().label(), r.distance(), r.inliers(), box(r.queryBox().bounds()));
          }
        }
        case similar -> print(out, idx.search(KnnRequest.builder(VectorSignature.SIMILARITY,
            SearchQuery.image(imageFile())).k(k).filter(f).build()));
        case color -> {
          SearchQuery q = query.strip().startsWith("#") ? SearchQuery.colors(query) : SearchQuery.image(imageFile());
          print(out, idx.search(KnnRequest.builder(VectorSignature.COLOR, q).k(k).filter(f).build()));
        }
        case duplicates -> print(out, idx.nearDuplicates(
            NearDuplicateRequest.of(SearchQuery.image(imageFile())).withFilter(f)));
      }
    }
    return 0;
  }

  private Path imageFile() {
    Path p = Path.of(query);
    if (!java.nio.file.Files.exists(p)) {
      throw new IllegalArgumentException("query image not found: " + query);
    }
    if (!java.nio.file.Files.isRegularFile(p)) {
      throw new IllegalArgumentException("query image is not a regular file (" + (java.nio.file.Files.isDirectory(p)
          ? "a folder" : "a FIFO, socket or device") + "): " + query);
    }
    return p;
  }

  private static void print(java.io.PrintWriter out, SearchResult result) {
    if (result.hits().isEmpty()) {
      out.println("no hits");
    }
    for (SearchHit h : result.hits()) {
      out.printf(Locale.ROOT, "%-40s distance %.4f  score %.3f%n", h.id(), h.distance(), h.score());
    }
  }

  private static String box(double[] b) {
    return String.format(Locale.ROOT, "(%.2f, %.2f)-(%.2f, %.2f)", b[0], b[1], b[2], b[3]);
  }
}
