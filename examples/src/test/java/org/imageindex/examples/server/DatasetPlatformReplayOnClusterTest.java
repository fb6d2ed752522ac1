package org.imageindex.examples.server;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * {@link DatasetPlatformReplayTest} (seed 002, the image dataset platform) on an index on the
 * shared two-node OpenSearch test cluster: the same requests and assertions as on the embedded
 * index, annotations included, in the same order over one index. The method below asks for what
 * the cluster backend refuses so far (docs/cluster.md, "What the cluster offers, and what not
 * yet"); it is skipped here, with the refused feature, until the backend offers it.
 */
class DatasetPlatformReplayOnClusterTest extends DatasetPlatformReplayTest {

  @Override
  SeedBackend backend() {
    return SeedBackend.cluster("seed002-dataset");
  }

  @Test
  @Disabled("ordering=title-asc sorts on a text field (by collation key), refused on the cluster yet")
  @Override
  void orderingByTitleOffsetAndLimitAreUrlParameters() {
  }
}
