package org.imageindex.examples.cli;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.imageindex.ImageIndex;
import org.imageindex.record.BatchResult;
import org.imageindex.record.RecordStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imageindex import FILE}: records from JSON Lines written by {@code export}. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Add the records of a JSON Lines file written by export.")
final class ImportCommand implements Callable<Integer> {

  @Mixin
  ImageIndexCli.IndexOption index = new ImageIndexCli.IndexOption();

  @Parameters(paramLabel = "FILE", description = "JSON Lines file.")
  Path file;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    try (ImageIndex idx = index.open(); Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      BatchResult result = idx.importJsonLines(in, org.imageindex.record.BatchProgress.NONE);
      idx.commit();
      out.printf("imported %d of %d records%n", result.succeeded().size(), result.statuses().size());
      for (RecordStatus s : result.skipped()) {
        out.printf("  skipped line %d (%s): %s%n", s.index() + 1, s.code(), s.reason());
      }
    }
    return 0;
  }
}
