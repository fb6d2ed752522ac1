package org.imageindex.examples.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.imageindex.ImageIndex;
import org.imageindex.record.FieldSelection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code imageindex export}: every record as JSON Lines. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write every record as JSON Lines (signatures included, so an import needs no images).",
        "A fine-tuned index writes its vocabulary and similarity whitening first, on a line without an id:"
            + " 'import' gives the new index the same searches without fine-tuning again."})
final class ExportCommand implements Callable<Integer> {

  @Mixin
  ImageIndexCli.IndexOption index = new ImageIndexCli.IndexOption();

  @Mixin
  FilterOptions filter = new FilterOptions();

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Output file; standard output when absent.")
  Path out;

  @Option(names = "--without-signatures", description = "Leave signatures out: an import then re-reads the images.")
  boolean withoutSignatures;

  @Option(names = "--without-fine-tuning", description = "Leave the fine-tuned vocabulary and whitening out.")
  boolean withoutFineTuning;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (ImageIndex idx = index.openReadOnly();
        Writer w = out == null
            ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
            : Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      var filterParsed = filter.parse(idx);
      boolean tuned = !withoutFineTuning && CarriedFineTuning.write(idx, w);
      long n = idx.exportJsonLines(w, filterParsed,
          withoutSignatures ? FieldSelection.ALL : FieldSelection.ALL_WITH_SIGNATURES);
      w.flush();
      spec.commandLine().getErr().printf("exported %d records%s%n", n,
          tuned ? " and the fine-tuning (vocabulary " + idx.fineTuningInfo().vocabularyId() + ")" : "");
    }
    return 0;
  }
}
