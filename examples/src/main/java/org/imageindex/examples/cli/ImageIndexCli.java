package org.imageindex.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.imageindex.ImageIndex;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code imageindex} command: index a folder of images, search it, find its duplicates,
 * export and import it. Every subcommand works on an index directory ({@code --index},
 * default {@value #DEFAULT_INDEX}).
 */
@Command(name = "imageindex", mixinStandardHelpOptions = true, version = "imageindex 0.1.0",
    description = "Index a folder of images and search it: copies and crops, look-alikes, colours, duplicates.",
    subcommands = {IndexCommand.class, SearchCommand.class, DuplicatesCommand.class, InfoCommand.class,
        ExportCommand.class, ImportCommand.class, FineTuneCommand.class, ListCommand.class, CollectionsCommand.class,
        SmartCommand.class, AnnotateCommand.class, org.imageindex.examples.report.ReportCommand.class,
        org.imageindex.examples.server.ServeCommand.class})
public final class ImageIndexCli {

  /** Where the index lives unless {@code --index} says otherwise: beside the current folder. */
  static final String DEFAULT_INDEX = ".imageindex";

  /** Exit status for a bad argument or input the user can fix. */
  static final int EXIT_USAGE = 2;

  /** The option every subcommand shares. */
  static final class IndexOption {
    @Option(names = {"-i", "--index"}, paramLabel = "DIR", defaultValue = DEFAULT_INDEX,
        description = "Index directory (created if absent). Default: ${DEFAULT-VALUE}")
    Path index = Paths.get(DEFAULT_INDEX);

    ImageIndex open() throws IOException {
      return ImageIndex.builder().commitInterval(java.time.Duration.ZERO).open(index);
    }

    ImageIndex openReadOnly() throws IOException {
      return ImageIndex.openReadOnly(index);
    }
  }

  /**
   * Read before picocli parses anything (see {@link #run}); declared here so that every
   * subcommand accepts it and its help lists it.
   */
  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Show the libraries' informational log messages (such as Lucene's vector API notice) on standard error.")
  boolean verbose;

  /**
   * Lucene logs through java.util.logging; its start-up notice ("Java vector incubator API
   * enabled") is information, not a warning, and belongs to --verbose only. The logger is held
   * here: java.util.logging keeps loggers weakly, so a level set on an unreferenced one is lost.
   */
  private static final java.util.logging.Logger LUCENE_LOG = java.util.logging.Logger.getLogger("org.apache.lucene");

  /** Sets the libraries' log level: warnings always, information with --verbose. */
  static void configureLogging(String... args) {
    boolean verbose = false;
    for (String a : args) {
      if (a.equals("--")) {
        break;
      }
      verbose |= a.equals("--verbose");
    }
    LUCENE_LOG.setLevel(verbose ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line on the process's standard streams and returns the exit status. */
  static int run(String... args) {
    return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs the command line writing to the given streams (tests capture them). */
  static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    // Before any Lucene class loads: its vectorization notice is logged while it initialises.
    configureLogging(args);
    CommandLine cli = new CommandLine(new ImageIndexCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // A stack trace is for us, not for the user: print what went wrong and what to do.
      commandLine.getErr().println("imageindex: " + e.getMessage());
      return e instanceof IllegalArgumentException || e instanceof org.imageindex.query.QueryException
          ? EXIT_USAGE : 1;
    });
    return cli.execute(args);
  }
}
