package org.imageindex.examples.server;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * {@link SimilarityServerTest} (seed 003, Ximilar) on an index on the shared two-node OpenSearch
 * test cluster: the same requests and assertions as on the embedded index, in the same order over
 * one index. The methods below ask for what the cluster backend refuses so far (docs/cluster.md,
 * "What the cluster offers, and what not yet"); each is skipped here, with the refused feature,
 * until the backend offers it.
 */
class SimilarityServerOnClusterTest extends SimilarityServerTest {

  @Override
  SeedBackend backend() {
    return SeedBackend.cluster("seed003-ximilar");
  }

  @Test
  @Disabled("product_field (one hit per product) in kNN is refused on the cluster yet")
  @Override
  void visualKnnOfTheSeedBodyByFileKeepsOnlyFilteredRecordsOnePerProduct() {
  }

  @Test
  @Disabled("tag weight (visualTagsKNN) and multi-image kNN (visualKNNMulti, visualTagsKNNMulti) are refused on the cluster yet")
  @Override
  void visualTagsAndMultiQueryMethodsAnswerWithRankedRecords() {
  }

  @Test
  @Disabled("product_field (one hit per product) in range is refused on the cluster yet")
  @Override
  void rangeOfTheSeedBodyKeepsOnlyFilteredRecordsOnePerProduct() {
  }
}
