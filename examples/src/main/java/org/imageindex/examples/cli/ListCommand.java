package org.imageindex.examples.cli;

import java.io.PrintWriter;
import org.imageindex.ImageIndex;
import org.imageindex.record.FieldSelection;
import org.imageindex.search.ListingPage;
import org.imageindex.search.ListingRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code imageindex list} (or {@code find}): the records a filter matches, sorted and paged, with the total. */
@Command(name = "list", aliases = "find", mixinStandardHelpOptions = true,
    description = {"List the records a filter matches (all without one), sorted and paged, with the total.",
        "Examples: list --filter '{\"width\": {\"$gte\": 1000}}' --sort width:desc --limit 5;"
            + " find --filter 'tags:cat' --format json"})
final class ListCommand extends OnIndex {

  @Mixin
  FilterOptions filter = new FilterOptions();

  @Mixin
  RecordOutput output = new RecordOutput();

  @Override
  void check() {
    output.check();
  }

  @Override
  void run(ImageIndex idx, PrintWriter out) throws Exception {
    ListingPage page = idx.list(new ListingRequest(filter.parse(idx), output.sortKeys(), output.limit, output.offset, null,
        FieldSelection.ALL));
    output.print(out, page.total(), page.offset(), page.records());
  }
}
