package org.imageindex.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.imageindex.ImageIndex;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand that opens the index named by the shared options, does its work on it and closes
 * it: the opening, closing and output stream live here once instead of in every command.
 */
abstract class OnIndex implements Callable<Integer> {

  @Mixin
  ImageIndexCli.IndexOption index = new ImageIndexCli.IndexOption();

  @Spec
  CommandSpec spec;

  /** Whether the command only reads: it then opens the index read-only and never commits. */
  boolean readOnly() {
    return false;
  }

  /** Checks the options before the index is opened, so a usage error leaves it untouched. */
  void check() {
  }

  /** The command's work on the open index; {@code out} is the command line's output. */
  abstract void run(ImageIndex idx, PrintWriter out) throws Exception;

  @Override
  public final Integer call() throws Exception {
    check();
    try (ImageIndex idx = readOnly() ? index.openReadOnly() : index.open()) {
      run(idx, spec.commandLine().getOut());
    }
    return 0;
  }
}
