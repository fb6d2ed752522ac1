package org.imageindex.examples.server;

/**
 * {@link LtuSeedReplayTest} (seed 000) on an index on the shared two-node OpenSearch test cluster: the same
 * requests and assertions as on the embedded index.
 */
class LtuSeedReplayOnClusterTest extends LtuSeedReplayTest {

  @Override
  SeedBackend backend() {
    return SeedBackend.cluster("seed000-ltu");
  }
}
