package org.imageindex.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.imageindex.ImageIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code imageindex info}: what the index holds. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show the number of records, the attribute fields and the size on disk.")
final class InfoCommand implements Callable<Integer> {

  @Mixin
  ImageIndexCli.IndexOption index = new ImageIndexCli.IndexOption();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    try (ImageIndex idx = ImageIndex.openReadOnly(index.index)) {
      out.printf("index:     %s%n", index.index.toAbsolutePath());
      out.printf("records:   %d active, %d deactivated%n", idx.count(), idx.countInactive());
      out.printf("on disk:   %.1f MB%n", sizeOf(index.index) / 1e6);
      out.println("fields:");
      idx.fieldTypes().asMap().forEach((name, spec) ->
          out.printf("  %-24s %s%s%n", name, spec.type().label(), spec.multiValued() ? " (multi-valued)" : ""));
    }
    return 0;
  }

  private static long sizeOf(Path dir) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
