package org.imageindex.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lucene's vectorization notice is information, shown with {@code --verbose} only. A fresh JVM
 * per run: Lucene logs it once, when its classes first load.
 */
class VerboseTest {

  static String stderrOf(Path tmp, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true",
        "-cp", System.getProperty("java.class.path"), ImageIndexCli.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command did not end");
    assertEquals(0, p.exitValue(), new String(err, StandardCharsets.UTF_8));
    return new String(err, StandardCharsets.UTF_8);
  }

  @Test
  void theVectorizationNoticeIsQuietByDefaultAndShownWithVerbose(@TempDir Path tmp) throws Exception {
    String index = tmp.resolve("index").toString();
    // info opens read-only and refuses a missing index, so the index exists before the runs.
    try (org.imageindex.ImageIndex created = org.imageindex.ImageIndex.open(Path.of(index))) {
      created.commit();
    }
    String quiet = stderrOf(tmp, "info", "--index", index);
    assertFalse(quiet.contains("VectorizationProvider") || quiet.contains("INFO:"), quiet);
    String verbose = stderrOf(tmp, "info", "--index", index, "--verbose");
    assertTrue(verbose.contains("VectorizationProvider"), verbose);
    assertTrue(verbose.contains("vector"), verbose);
  }
}
