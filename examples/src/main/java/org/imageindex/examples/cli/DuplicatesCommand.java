package org.imageindex.examples.cli;

import java.io.PrintWriter;
import java.util.List;
import org.imageindex.ImageIndex;
import org.imageindex.search.NearDuplicatePairs;
import org.imageindex.signatures.hash.HashSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imageindex duplicates}: every group of near-duplicate images in the index. */
@Command(name = "duplicates", mixinStandardHelpOptions = true, description = "List the groups of near-duplicate images (same picture, other size or compression).")
final class DuplicatesCommand extends OnIndex {

  @Mixin
  FilterOptions filter = new FilterOptions();

  @Option(names = "--radius", defaultValue = "" + HashSignature.NEAR_DUPLICATE_RADIUS,
      description = "Largest Hamming distance between perceptual hashes (0..64). Default: ${DEFAULT-VALUE}")
  int radius;

  @Override
  boolean readOnly() {
    return true;
  }

  @Override
  void check() {
    if (radius < 0 || radius > HashSignature.BITS) {
      throw new IllegalArgumentException("--radius must be in 0..64, got: " + radius);
    }
  }

  @Override
  void run(ImageIndex idx, PrintWriter out) throws Exception {
    NearDuplicatePairs pairs = idx.nearDuplicatePairs(radius, filter.parse(idx));
    List<List<String>> groups = pairs.groups();
    out.printf("%d near-duplicate groups (%d pairs within %d bits)%n", groups.size(), pairs.pairs().size(), radius);
    for (int g = 0; g < groups.size(); g++) {
      out.printf("group %d: %s%n", g + 1, String.join(", ", groups.get(g)));
    }
  }
}
