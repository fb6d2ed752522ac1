package org.imageindex.examples.server;

/**
 * {@link DatasetPlatformReplayTest} (seed 002, the image dataset platform) on an index on the
 * shared two-node OpenSearch test cluster: the same requests and assertions as on the embedded
 * index, annotations included, in the same order over one index.
 */
class DatasetPlatformReplayOnClusterTest extends DatasetPlatformReplayTest {

  @Override
  SeedBackend backend() {
    return SeedBackend.cluster("seed002-dataset");
  }
}
