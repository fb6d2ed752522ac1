package org.imageindex.examples.server;

/**
 * {@link CollectionHttpTest} (seed 001) on an index on the shared two-node OpenSearch test cluster: the same
 * requests and assertions as on the embedded index.
 */
class CollectionHttpOnClusterTest extends CollectionHttpTest {

  @Override
  SeedBackend backend() {
    return SeedBackend.cluster("seed001-collections");
  }
}
