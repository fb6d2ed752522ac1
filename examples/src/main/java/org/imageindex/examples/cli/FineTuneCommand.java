package org.imageindex.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.imageindex.FineTuning;
import org.imageindex.FineTuningGain;
import org.imageindex.FineTuningInfo;
import org.imageindex.ImageIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code imageindex finetune}: trains the visual words of matching search and the whitening of
 * similarity search on the index's own images ({@link ImageIndex#fineTune()}), then prints the
 * fine-tuning state; {@code --status} prints the state only.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true,
    description = "Train the visual words of matching search and the similarity whitening on the indexed images,"
        + " then show the fine-tuning state.")
final class FineTuneCommand implements Callable<Integer> {

  /** The bar is redrawn five times a second: smooth to the eye, and polling costs nothing. */
  static final long POLL_MILLIS = 200;

  @Mixin
  ImageIndexCli.IndexOption index = new ImageIndexCli.IndexOption();

  @Option(names = "--status", description = "Only show the fine-tuning state; start nothing.")
  boolean statusOnly;

  @Option(names = "--no-progress", description = "Do not draw the progress bar.")
  boolean noProgress;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (ImageIndex idx = index.open()) {
      if (!statusOnly) {
        long records = idx.count();
        if (records == 0) {
          throw new IllegalArgumentException((index.onCluster() ? "the " + index.describe() : "the index in " + index.directory()) + " holds no records to fine-tune on; "
              + "add images with 'imageindex index DIR' first");
        }
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), !noProgress && System.console() != null);
        FineTuning job = idx.fineTune();
        String vocabulary = null;
        while (vocabulary == null) {
          try {
            vocabulary = job.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
          } catch (TimeoutException stillRunning) {
            bar.show(Math.round(job.progress() * records), records, "fine-tuning");
          }
        }
        bar.show(records, records, "fine-tuning");
        bar.finish();
        out.printf("fine-tuned on %d records: matching search now uses vocabulary %s%n", records, vocabulary);
        job.gain().ifPresent(g -> printGain(out, g));
      }
      print(out, idx.fineTuningInfo());
    }
    return 0;
  }

  /** What the fine-tuning measured on its held-out records, and what it kept. */
  private static void printGain(PrintWriter out, FineTuningGain g) {
    if (g.matchingQueries() == 0) {
      out.printf("measured on %d held-out records: too few to measure, the vocabulary and similarity space are kept%n",
          g.heldOut());
      return;
    }
    out.printf("measured on %d held-out records: matching %.3f -> %.3f (%s), similarity %.3f -> %.3f (%s)%n",
        g.heldOut(), g.matchingBefore(), g.matchingAfter(), g.vocabularyAdopted() ? "adopted" : "kept the previous",
        g.similarityBefore(), g.similarityAfter(), g.whiteningAdopted() ? "adopted" : "kept the previous");
  }

  private static void print(PrintWriter out, FineTuningInfo info) {
    out.printf("records:              %d%n", info.numberOfImages());
    out.printf("vocabulary:           %s%n", info.vocabularyId());
    out.printf("similarity space:     %s%n", info.similaritySpaceId());
    out.printf("last fine-tuned:      %s%n", info.lastFinetuned().map(Object::toString).orElse("never"));
    out.printf("last modified:        %s%n", info.lastModified().map(Object::toString).orElse("never"));
    out.printf("requires fine-tuning: %s%n", info.requiresFinetuning() ? "yes" : "no");
    out.printf("running:              %s%n",
        info.running() ? String.format("yes, %.0f %%", info.progress() * 100) : "no");
  }
}
