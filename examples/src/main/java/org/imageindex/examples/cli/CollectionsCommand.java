package org.imageindex.examples.cli;

import java.io.PrintWriter;
import java.util.List;
import org.imageindex.ImageIndex;
import org.imageindex.collection.ImageCollection;
import org.imageindex.collection.ImageCollections;
import org.imageindex.query.ast.Listing;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.RecordPage;
import org.imageindex.record.RecordStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code imageindex collections}: named groups of records, nested like folders
 * ({@link ImageCollections}). A record's membership is stored on the record, so
 * {@code list --filter '{"collections": "ID"}'} finds a collection's records too.
 */
@Command(name = "collections", mixinStandardHelpOptions = true,
    description = "Create, rename, delete and list collections; add records to them, remove them, list their members.",
    subcommands = {CollectionsCommand.Create.class, CollectionsCommand.Rename.class, CollectionsCommand.Delete.class,
        CollectionsCommand.ListAll.class, CollectionsCommand.Add.class, CollectionsCommand.Remove.class,
        CollectionsCommand.Members.class})
final class CollectionsCommand {

  /** Ids shown per status by {@code add} and {@code remove}; the rest are counted. */
  static final int SHOWN = 5;

  /** Prints how many records a membership change touched, and the first ids of each status. */
  static void summarise(PrintWriter out, String verb, BatchResult r) {
    out.printf("%s %d of %d records%n", verb, r.succeeded().size(), r.statuses().size());
    for (RecordStatus.Code code : RecordStatus.Code.values()) {
      List<RecordStatus> list = r.statuses().stream().filter(s -> s.code() == code).toList();
      if (list.isEmpty() || code.success()) {
        continue;
      }
      out.printf("  %s %d:%n", code.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), list.size());
      list.stream().limit(SHOWN).forEach(s -> out.println("    " + s.id() + ": " + s.reason()));
      if (list.size() > SHOWN) {
        out.println("    ... and " + (list.size() - SHOWN) + " more");
      }
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a collection; prints its id.")
  static final class Create extends OnIndex {
    @Parameters(paramLabel = "NAME", description = "Its name (no '/'; unique among its siblings).")
    String name;
    @Option(names = "--parent", paramLabel = "ID", description = "Create it inside this collection.")
    String parent;

    @Override
    void run(ImageIndex idx, PrintWriter out) throws Exception {
      ImageCollections c = idx.collections();
      ImageCollection made = parent == null ? c.create(name) : c.createIn(parent, name);
      out.printf("created collection %s (%s)%n", made.id(), made.path());
    }
  }

  @Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename a collection.")
  static final class Rename extends OnIndex {
    @Parameters(index = "0", paramLabel = "ID", description = "The collection's id.")
    String id;
    @Parameters(index = "1", paramLabel = "NAME", description = "Its new name.")
    String name;

    @Override
    void run(ImageIndex idx, PrintWriter out) throws Exception {
      ImageCollection c = idx.collections().rename(id, name);
      out.printf("renamed collection %s to %s%n", c.id(), c.path());
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete a collection and its subcollections; the records stay in the index.")
  static final class Delete extends OnIndex {
    @Parameters(paramLabel = "ID", description = "The collection's id.")
    String id;

    @Override
    void run(ImageIndex idx, PrintWriter out) throws Exception {
      List<String> gone = idx.collections().delete(id);
      out.printf("deleted %d collection%s: %s%n", gone.size(), gone.size() == 1 ? "" : "s",
          String.join(", ", gone));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List every collection: id, members, path.")
  static final class ListAll extends OnIndex {
    @Override
    void run(ImageIndex idx, PrintWriter out) throws Exception {
      List<ImageCollection> all = idx.collections().list();
      out.printf("%d collection%s%n", all.size(), all.size() == 1 ? "" : "s");
      for (ImageCollection c : all) {
        out.printf("%-24s %6d  %s%n", c.id(), idx.collections().info(c.id()).numberOfImages(), c.path());
      }
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add records to a collection.")
  static final class Add extends OnIndex {
    @Parameters(index = "0", paramLabel = "ID", description = "The collection's id.")
    String id;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "RECORD", description = "Record ids.")
    List<String> records;

    @Override
    void run(ImageIndex idx, PrintWriter out) throws Exception {
      summarise(out, "added", idx.collections().add(id, records));
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove records from a collection (not from the index).")
  static final class Remove extends OnIndex {
    @Parameters(index = "0", paramLabel = "ID", description = "The collection's id.")
    String id;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "RECORD", description = "Record ids.")
    List<String> records;

    @Override
    void run(ImageIndex idx, PrintWriter out) throws Exception {
      summarise(out, "removed", idx.collections().remove(id, records));
    }
  }

  @Command(name = "members", mixinStandardHelpOptions = true,
      description = "The records directly in a collection, sorted and paged, with the total.")
  static final class Members extends OnIndex {
    @Parameters(paramLabel = "ID", description = "The collection's id.")
    String id;
    @Mixin
    RecordOutput output = new RecordOutput();

    @Override
    void check() {
      output.check();
    }

    @Override
    void run(ImageIndex idx, PrintWriter out) throws Exception {
      RecordPage page = idx.collections().records(id, Listing.of(output.sortKeys(), output.offset, output.limit),
          FieldSelection.ALL);
      output.print(out, page.total(), page.offset(), page.records());
    }
  }
}
