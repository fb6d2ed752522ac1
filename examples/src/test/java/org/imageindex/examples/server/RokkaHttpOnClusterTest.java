package org.imageindex.examples.server;

/**
 * {@link RokkaHttpTest} (seed 004) on an index on the shared two-node OpenSearch test cluster: the same
 * requests and assertions as on the embedded index.
 */
class RokkaHttpOnClusterTest extends RokkaHttpTest {

  @Override
  SeedBackend backend() {
    return SeedBackend.cluster("seed004-rokka");
  }
}
