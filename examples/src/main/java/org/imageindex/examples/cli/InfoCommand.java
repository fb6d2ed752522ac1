package org.imageindex.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.imageindex.ImageIndex;
import picocli.CommandLine.Command;

/** {@code imageindex info}: what the index holds. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show the number of records, the attribute fields and the size on disk.")
final class InfoCommand extends OnIndex {

  @Override
  boolean readOnly() {
    return true;
  }

  @Override
  void run(ImageIndex idx, PrintWriter out) throws Exception {
    out.printf("index:     %s%n", index.onCluster() ? index.describe() : index.index.toAbsolutePath());
    out.printf("records:   %d active, %d deactivated%n", idx.count(), idx.countInactive());
    if (!index.onCluster()) {
      out.printf("on disk:   %.1f MB%n", sizeOf(index.index) / 1e6);
    }
    out.println("fields:");
    idx.fieldTypes().asMap().forEach((name, spec) ->
        out.printf("  %-24s %s%s%n", name, spec.type().label(), spec.multiValued() ? " (multi-valued)" : ""));
  }

  private static long sizeOf(Path dir) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
