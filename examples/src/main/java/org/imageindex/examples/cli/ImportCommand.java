package org.imageindex.examples.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.imageindex.ImageIndex;
import org.imageindex.query.json.JsonValues;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImportOptions;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.StoredRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imageindex import FILE}: records from JSON Lines written by {@code export}, summarised per status. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Add the records of a JSON Lines file written by export, and the fine-tuning it carries.",
        "Nothing in the file is trusted: a record without signatures is re-read from its origin only if that is"
            + " a URL, or a file under the --origins folder. Exit status 1 when --on-duplicate fail finds a duplicate"
            + " (nothing is imported then)."})
final class ImportCommand implements Callable<Integer> {

  /** What a line whose id is already stored, or repeated in the file, gets. */
  enum OnDuplicate {
    /** Leave the stored record; the line is counted as a duplicate. */
    skip,
    /** The line's record replaces the stored one (a refused line leaves it as it is). */
    replace,
    /** Import nothing if any id is stored or repeated; exit status 1. */
    fail
  }

  /** Ids or refusals listed per status; the rest are counted. */
  static final int SHOWN = 5;
  /** Ids looked up in the index at a time by the duplicate check of {@code --on-duplicate fail}. */
  static final int LOOKUP_BATCH = 1_000;

  @Mixin
  ImageIndexCli.IndexOption index = new ImageIndexCli.IndexOption();

  @Parameters(paramLabel = "FILE", description = "JSON Lines file.")
  Path file;

  @Option(names = "--on-duplicate", paramLabel = "POLICY", defaultValue = "skip",
      description = "For an id already stored: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}")
  OnDuplicate onDuplicate;

  @Option(names = "--origins", paramLabel = "DIR",
      description = "Folder whose files records without signatures may be re-read from (never a path out of it)."
          + " Without it, no local file is read.")
  Path origins;

  @Option(names = "--without-fine-tuning", description = "Ignore the fine-tuning the export carries.")
  boolean withoutFineTuning;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (origins != null && !Files.isDirectory(origins)) {
      throw new IllegalArgumentException("--origins must be an existing folder, got: " + origins);
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException((Files.exists(file) ? "not a regular file: " : "file not found: ") + file);
    }
    ImportOptions options = ImportOptions.DEFAULT.withDuplicateIds(
        onDuplicate == OnDuplicate.replace ? ImportOptions.DuplicateIds.REPLACE : ImportOptions.DuplicateIds.SKIP);
    if (origins != null) {
      options = options.withOriginFolder(origins);
    }
    try (ImageIndex idx = index.open()) {
      if (onDuplicate == OnDuplicate.fail) {
        List<String> duplicates = duplicates(idx);
        if (!duplicates.isEmpty()) {
          spec.commandLine().getErr().printf("imageindex: nothing imported: %d line%s with an id already stored or repeated"
              + " (--on-duplicate fail)%n", duplicates.size(), duplicates.size() == 1 ? "" : "s");
          duplicates.stream().limit(SHOWN).forEach(d -> spec.commandLine().getErr().println("  " + d));
          if (duplicates.size() > SHOWN) {
            spec.commandLine().getErr().println("  ... and " + (duplicates.size() - SHOWN) + " more");
          }
          return 1;
        }
      }
      BatchResult result;
      byte[] tuning;
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String first = in.readLine();
        tuning = CarriedFineTuning.parse(first, 1);
        // The fine-tuning's line becomes a blank one, so the library numbers lines as the file does.
        Reader records = CarriedFineTuning.prepend(first == null ? "" : tuning != null ? "\n" : first + "\n", in);
        result = idx.importJsonLines(records, options, org.imageindex.record.BatchProgress.NONE);
      }
      idx.commit();
      summarise(out, result);
      if (onDuplicate == OnDuplicate.fail && result.count(RecordStatus.Code.DUPLICATE_ID) > 0) {
        return 1; // a deactivated record's id, which the check before the import does not see
      }
      if (tuning != null && !withoutFineTuning) {
        // After the records: the fine-tuning then counts them as trained on.
        CarriedFineTuning.install(idx, tuning);
        out.printf("fine-tuning carried by the export installed: vocabulary %s, similarity space %s%n",
            idx.fineTuningInfo().vocabularyId(), idx.fineTuningInfo().similaritySpaceId());
      } else if (idx.count() > 0 && idx.fineTuningInfo().lastFinetuned().isEmpty()) {
        out.println(tuning == null
            ? "the export carries no fine-tuning: matching and similarity search use the shipped vocabulary;"
                + " run 'imageindex finetune' to train them on these records"
            : "the export's fine-tuning was left out: run 'imageindex finetune' to train on these records");
      }
    }
    return 0;
  }

  /** Counts per status, then the first ids (successes) or the first reasons (refusals) of each. */
  private void summarise(PrintWriter out, BatchResult result) {
    out.printf("imported %d of %d records from %s%n", result.succeeded().size(), result.statuses().size(), file);
    Map<RecordStatus.Code, List<RecordStatus>> byCode = new LinkedHashMap<>();
    for (RecordStatus s : result.statuses()) {
      byCode.computeIfAbsent(s.code(), c -> new ArrayList<>()).add(s);
    }
    byCode.forEach((code, list) -> {
      String label = code == RecordStatus.Code.UPDATED && onDuplicate == OnDuplicate.replace ? "replaced"
          : code == RecordStatus.Code.DUPLICATE_ID ? "duplicate id (skipped)"
          : code.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
      if (code.success()) {
        out.printf("  %-24s %d: %s%s%n", label, list.size(),
            String.join(", ", list.stream().limit(SHOWN).map(RecordStatus::id).toList()),
            list.size() > SHOWN ? ", ..." : "");
      } else {
        out.printf("  %-24s %d%n", label, list.size());
        list.stream().limit(SHOWN).forEach(s -> out.println("    " + (s.id() == null ? "" : s.id() + ": ") + s.reason()));
        if (list.size() > SHOWN) {
          out.println("    ... and " + (list.size() - SHOWN) + " more");
        }
      }
    });
  }

  /**
   * Every line whose id is already stored or appears on an earlier line, read before anything
   * is written so that {@code --on-duplicate fail} imports all or nothing.
   */
  private List<String> duplicates(ImageIndex idx) throws java.io.IOException {
    List<String> found = new ArrayList<>();
    Map<String, Integer> firstLine = new HashMap<>();
    Map<String, Integer> pending = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        Object json;
        try {
          json = JsonValues.parse(line);
        } catch (RuntimeException malformed) {
          continue; // the import itself reports it
        }
        if (json instanceof Map<?, ?> m && m.get("id") instanceof String id && validId(id)) {
          Integer earlier = firstLine.putIfAbsent(id, lineNo);
          if (earlier != null) {
            found.add("line " + lineNo + ": id '" + id + "' appears earlier, on line " + earlier);
          } else {
            pending.put(id, lineNo);
            if (pending.size() == LOOKUP_BATCH) {
              stored(idx, pending, found);
            }
          }
        }
      }
    }
    stored(idx, pending, found);
    return found;
  }

  private static boolean validId(String id) {
    try {
      org.imageindex.record.ImageRecord.checkId(id);
      return true;
    } catch (IllegalArgumentException refusedByTheImportItself) {
      return false;
    }
  }

  private static void stored(ImageIndex idx, Map<String, Integer> pending, List<String> found) {
    for (StoredRecord r : idx.get(List.copyOf(pending.keySet()), FieldSelection.ID_ONLY)) {
      found.add("line " + pending.get(r.id()) + ": a record with id '" + r.id() + "' is already stored");
    }
    pending.clear();
  }
}
