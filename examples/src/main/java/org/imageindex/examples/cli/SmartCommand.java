package org.imageindex.examples.cli;

import java.io.PrintWriter;
import java.util.List;
import org.imageindex.ImageIndex;
import org.imageindex.collection.SmartCollection;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Listing;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.RecordPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code imageindex smart}: saved filters. The filter is checked when saved and evaluated at
 * each listing, so members follow inserts and updates.
 */
@Command(name = "smart", mixinStandardHelpOptions = true,
    description = "Smart collections: a filter saved under a name, its members evaluated at each listing.",
    subcommands = {SmartCommand.Create.class, SmartCommand.ListAll.class, SmartCommand.Members.class,
        SmartCommand.Delete.class})
final class SmartCommand {

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Save a filter as a smart collection; prints its id.",
          "Example: smart create big '{\"width\": {\"$gte\": 1000}}'"})
  static final class Create extends OnIndex {
    @Parameters(index = "0", paramLabel = "NAME", description = "Its name (unique among smart collections).")
    String name;
    @Parameters(index = "1", paramLabel = "FILTER",
        description = "MongoDB-style JSON, YAML want/exclude rules, or Lucene syntax.")
    String filter;
    @Option(names = "--lang", paramLabel = "LANGUAGE",
        description = "Filter language: ${COMPLETION-CANDIDATES}. Default: guessed as for --filter.")
    QueryLanguage language;

    @Override
    void run(ImageIndex idx, PrintWriter out) throws Exception {
      QueryLanguage lang = language != null ? language : FilterOptions.guess(filter);
      SmartCollection s = idx.collections().createSmart(name, filter, lang);
      out.printf("created smart collection %s (%s, %d records now)%n", s.id(), s.name(),
          idx.count(idx.collections().smartFilter(s.id())));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the smart collections: id, members now, name, filter.")
  static final class ListAll extends OnIndex {
    @Override
    void run(ImageIndex idx, PrintWriter out) throws Exception {
      List<SmartCollection> all = idx.collections().listSmart();
      out.printf("%d smart collection%s%n", all.size(), all.size() == 1 ? "" : "s");
      for (SmartCollection s : all) {
        out.printf("%-24s %6d  %s  (%s) %s%n", s.id(), idx.count(idx.collections().smartFilter(s.id())), s.name(),
            s.language().name().toLowerCase(java.util.Locale.ROOT), s.query().replace('\n', ' '));
      }
    }
  }

  @Command(name = "members", mixinStandardHelpOptions = true,
      description = "The records a smart collection's filter matches now, sorted and paged, with the total.")
  static final class Members extends OnIndex {
    @Parameters(paramLabel = "ID", description = "The smart collection's id.")
    String id;
    @Mixin
    RecordOutput output = new RecordOutput();

    @Override
    void check() {
      output.check();
    }

    @Override
    void run(ImageIndex idx, PrintWriter out) throws Exception {
      RecordPage page = idx.collections().smartRecords(id, Listing.of(output.sortKeys(), output.offset, output.limit),
          FieldSelection.ALL);
      output.print(out, page.total(), page.offset(), page.records());
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a smart collection (its records stay).")
  static final class Delete extends OnIndex {
    @Parameters(paramLabel = "ID", description = "The smart collection's id.")
    String id;

    @Override
    void run(ImageIndex idx, PrintWriter out) throws Exception {
      idx.collections().deleteSmart(id);
      out.printf("deleted smart collection %s%n", id);
    }
  }
}
