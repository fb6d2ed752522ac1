package org.imageindex.examples.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.imageindex.ImageIndex;
import org.imageindex.search.NearDuplicatePairs;
import org.imageindex.signatures.hash.HashSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code imageindex duplicates}: every group of near-duplicate images in the index. */
@Command(name = "duplicates", mixinStandardHelpOptions = true, description = "List the groups of near-duplicate images (same picture, other size or compression).")
final class DuplicatesCommand implements Callable<Integer> {

  @Mixin
  ImageIndexCli.IndexOption index = new ImageIndexCli.IndexOption();

  @Mixin
  FilterOptions filter = new FilterOptions();

  @Option(names = "--radius", defaultValue = "" + HashSignature.NEAR_DUPLICATE_RADIUS,
      description = "Largest Hamming distance between perceptual hashes (0..64). Default: ${DEFAULT-VALUE}")
  int radius;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (radius < 0 || radius > HashSignature.BITS) {
      throw new IllegalArgumentException("--radius must be in 0..64, got: " + radius);
    }
    var out = spec.commandLine().getOut();
    try (ImageIndex idx = ImageIndex.openReadOnly(index.index)) {
      NearDuplicatePairs pairs = idx.nearDuplicatePairs(radius, filter.parse(idx));
      List<List<String>> groups = pairs.groups();
      out.printf("%d near-duplicate groups (%d pairs within %d bits)%n", groups.size(), pairs.pairs().size(), radius);
      for (int g = 0; g < groups.size(); g++) {
        out.printf("group %d: %s%n", g + 1, String.join(", ", groups.get(g)));
      }
    }
    return 0;
  }
}
