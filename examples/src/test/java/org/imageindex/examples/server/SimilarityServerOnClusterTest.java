package org.imageindex.examples.server;

/**
 * {@link SimilarityServerTest} (seed 003, Ximilar) on an index on the shared two-node OpenSearch
 * test cluster: the same requests and assertions as on the embedded index, in the same order over
 * one index.
 */
class SimilarityServerOnClusterTest extends SimilarityServerTest {

  @Override
  SeedBackend backend() {
    return SeedBackend.cluster("seed003-ximilar");
  }
}
