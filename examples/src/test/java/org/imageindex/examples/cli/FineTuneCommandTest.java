package org.imageindex.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imageindex finetune} on the sample photographs: the vocabulary changes and the state says so. */
class FineTuneCommandTest {

  private static final Pattern VOCABULARY = Pattern.compile("(?m)^vocabulary: +(\\S+)$");
  private static final Pattern LAST_FINE_TUNED = Pattern.compile("(?m)^last fine-tuned: +(\\S+)$");

  record Run(int status, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = ImageIndexCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(status, out.toString(), err.toString());
  }

  static Path samples() {
    Path samples = Path.of("samples").toAbsolutePath();
    return Files.isDirectory(samples) ? samples : Path.of("examples/samples").toAbsolutePath();
  }

  static String group(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertTrue(m.find(), "no match for " + p + " in:\n" + text);
    return m.group(1);
  }

  @Test
  void fineTuningMeasuresOnHeldOutRecordsKeepsWhatDoesNotGainAndStatusReportsIt(@TempDir Path tmp) {
    String index = tmp.resolve("index").toString();
    Run indexed = cli("index", samples().toString(), "--index", index, "--no-progress");
    assertEquals(0, indexed.status(), indexed.err());
    assertTrue(indexed.out().contains("indexed 16 of 16 images"), indexed.out());

    Run before = cli("finetune", "--status", "--index", index);
    assertEquals(0, before.status(), before.err());
    assertTrue(before.out().contains("records:              16"), before.out());
    assertEquals("never", group(LAST_FINE_TUNED, before.out()));
    assertTrue(before.out().contains("running:              no"), before.out());
    String shipped = group(VOCABULARY, before.out());

    Run tuned = cli("finetune", "--index", index, "--no-progress");
    assertEquals(0, tuned.status(), tuned.err());
    String trained = group(VOCABULARY, tuned.out());
    // 16 records hold out about 3, too few to measure a gain on: the shipped vocabulary is kept.
    assertEquals(shipped, trained, tuned.out());
    assertTrue(tuned.out().contains("fine-tuned on 16 records: matching search now uses vocabulary " + trained),
        tuned.out());
    assertTrue(tuned.out().contains("held-out records: too few to measure, the vocabulary and similarity space are kept"),
        tuned.out());

    Run after = cli("finetune", "--status", "--index", index);
    assertEquals(0, after.status(), after.err());
    assertEquals(trained, group(VOCABULARY, after.out()), "the vocabulary survives closing the index");
    assertNotEquals("never", group(LAST_FINE_TUNED, after.out()), after.out());
    assertTrue(after.out().contains("requires fine-tuning: no"), after.out());
  }

  @Test
  void fineTuningAnEmptyIndexIsAUsageError(@TempDir Path tmp) {
    Run run = cli("finetune", "--index", tmp.resolve("empty").toString());
    assertEquals(ImageIndexCli.EXIT_USAGE, run.status(), run.out());
    assertTrue(run.err().startsWith("imageindex: the index in "), run.err());
    assertTrue(run.err().contains("holds no records to fine-tune on"), run.err());
  }
}
