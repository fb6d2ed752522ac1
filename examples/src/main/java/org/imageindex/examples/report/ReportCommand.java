package org.imageindex.examples.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.imageindex.ImageIndex;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageSource;
import org.imageindex.record.StoredRecord;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.VectorSignature;
import org.imageindex.signatures.hash.HashSignature;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code report}: writes an HTML page of a search into a folder — copies and crops of an image
 * (matching boxes drawn), look-alikes of an image, or the index's near-duplicate groups.
 * Records show their own image when their origin is a file.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write an HTML report (thumbnails, distances, verdicts, matching boxes) of a search or of the near-duplicate groups.")
public final class ReportCommand implements Callable<Integer> {

  @Option(names = {"-i", "--index"}, paramLabel = "DIR", defaultValue = ".imageindex",
      description = "Index directory. Default: ${DEFAULT-VALUE}")
  Path index;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true,
      description = "Folder for index.html and its thumbnails (created if absent).")
  Path out;

  @ArgGroup(exclusive = true, multiplicity = "1")
  What what;

  static final class What {
    @Option(names = "--matches", paramLabel = "IMAGE", description = "Copies, crops and objects of IMAGE, verified geometrically.")
    Path matches;

    @Option(names = "--similar", paramLabel = "IMAGE", description = "Images that look like IMAGE.")
    Path similar;

    @Option(names = "--duplicates", description = "All near-duplicate groups of the index.")
    boolean duplicates;
  }

  @Option(names = {"-k", "--limit"}, defaultValue = "20", description = "Most hits shown. Default: ${DEFAULT-VALUE}")
  int limit;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (ImageIndex idx = ImageIndex.openReadOnly(index)) {
      Function<String, Path> imageOf = id -> idx.get(List.of(id), FieldSelection.of(FieldSelection.ORIGIN)).stream()
          .findFirst().map(StoredRecord::origin).filter(o -> !o.startsWith("http://") && !o.startsWith("https://"))
          .map(Path::of).filter(Files::isRegularFile).orElse(null);
      HtmlReport report;
      if (what.matches != null) {
        report = HtmlReport.ofMatches("Matches of " + what.matches.getFileName(), what.matches,
            idx.matcher().search(ImageMatchQuery.builder(ImageSource.file(what.matches)).limit(limit).build()), imageOf);
      } else if (what.similar != null) {
        report = HtmlReport.ofSearch("Look-alikes of " + what.similar.getFileName(), what.similar,
            idx.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.image(what.similar)).k(limit).build()), imageOf);
      } else {
        report = HtmlReport.ofNearDuplicates("Near-duplicate groups",
            idx.nearDuplicatePairs(HashSignature.NEAR_DUPLICATE_RADIUS, ImageIndex.ALL_RECORDS), imageOf);
      }
      Path page = report.write(Files.createDirectories(out));
      spec.commandLine().getOut().println(page.toAbsolutePath());
    }
    return 0;
  }
}
