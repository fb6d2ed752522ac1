package org.imageindex.examples.cli;

import java.util.concurrent.Callable;
import org.imageindex.ImageIndex;
import org.imageindex.record.FieldSelection;
import org.imageindex.search.ListingPage;
import org.imageindex.search.ListingRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code imageindex list} (or {@code find}): the records a filter matches, sorted and paged, with the total. */
@Command(name = "list", aliases = "find", mixinStandardHelpOptions = true,
    description = {"List the records a filter matches (all without one), sorted and paged, with the total.",
        "Examples: list --filter '{\"width\": {\"$gte\": 1000}}' --sort width:desc --limit 5;"
            + " find --filter 'tags:cat' --format json"})
final class ListCommand implements Callable<Integer> {

  @Mixin
  ImageIndexCli.IndexOption index = new ImageIndexCli.IndexOption();

  @Mixin
  FilterOptions filter = new FilterOptions();

  @Mixin
  RecordOutput output = new RecordOutput();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    output.check();
    try (ImageIndex idx = index.open()) {
      ListingPage page = idx.list(new ListingRequest(filter.parse(idx), output.sortKeys(), output.limit, output.offset, null,
          FieldSelection.ALL));
      output.print(spec.commandLine().getOut(), page.total(), page.offset(), page.records());
    }
    return 0;
  }
}
