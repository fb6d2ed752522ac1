package org.imageindex.examples.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.imageindex.ClusterConfig;
import org.imageindex.ImageIndex;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code imageindex} command: index a folder of images, search it, find its duplicates,
 * export and import it. Every subcommand works on an index directory ({@code --index},
 * default {@value #DEFAULT_INDEX}) or on an index on an OpenSearch cluster ({@code --cluster}).
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

  /**
   * Where the index lives, shared by every subcommand: a local directory ({@code --index}), or an
   * index on an OpenSearch cluster ({@code --cluster URL[,URL...] --index-name NAME}). Commands
   * work the same on both; extraction and verification always run in this process.
   */
  public static final class IndexOption {
    @Option(names = {"-i", "--index"}, paramLabel = "DIR", defaultValue = DEFAULT_INDEX,
        description = "Index directory (created if absent). With --cluster it holds only local state (the server's token). "
            + "Default: ${DEFAULT-VALUE}")
    Path index = Paths.get(DEFAULT_INDEX);

    @Option(names = "--cluster", paramLabel = "URL[,URL...]", split = ",",
        description = "Keep the index on this OpenSearch cluster (its nodes' HTTP addresses) instead of in --index.")
    List<URI> cluster;

    @Option(names = "--index-name", paramLabel = "NAME",
        description = "The index's name on the cluster (required with --cluster).")
    String indexName;

    /** Opens the index for reading and writing, committing each change when the command ends. */
    public ImageIndex open() throws IOException {
      return open(java.time.Duration.ZERO);
    }

    /** Opens the index for reading and writing with the given commit interval. */
    public ImageIndex open(java.time.Duration commitInterval) throws IOException {
      ImageIndex.Builder builder = ImageIndex.builder().commitInterval(commitInterval);
      return onCluster() ? builder.cluster(clusterConfig()) : builder.open(index);
    }

    /**
     * Opens the index read-only. A cluster index has no read-only mode (the cluster serves
     * readers and writers alike), so it is opened as usual; the command only reads.
     */
    public ImageIndex openReadOnly() throws IOException {
      return onCluster() ? open() : ImageIndex.openReadOnly(index);
    }

    /** The local directory: the index itself, or with {@code --cluster} the folder of local state. */
    public Path directory() {
      return index;
    }

    /** Whether the index is on a cluster; checks that --cluster and --index-name come together. */
    public boolean onCluster() {
      if (cluster == null || cluster.isEmpty()) {
        if (indexName != null) {
          throw new IllegalArgumentException("--index-name names an index on a cluster; give the cluster with --cluster URL");
        }
        return false;
      }
      if (indexName == null || indexName.isBlank()) {
        throw new IllegalArgumentException("--cluster needs --index-name NAME: the index's name on the cluster");
      }
      return true;
    }

    private ClusterConfig clusterConfig() {
      return ClusterConfig.of(cluster, indexName);
    }

    /** The index as messages name it: its directory, or its name and cluster. */
    public String describe() {
      return onCluster() ? "index '" + indexName + "' on " + cluster : index.toString();
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
