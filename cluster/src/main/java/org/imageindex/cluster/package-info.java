/**
 * The image index on an OpenSearch 3.5 cluster with the k-NN plugin (Lucene engine): the same
 * records, requests and results as the embedded {@code ImageIndex}, stored and searched by the
 * cluster, with signatures extracted in the client.
 *
 * <p>Open with a {@link org.imageindex.cluster.ClusterConfig}; the index and its mappings are
 * created on first use:
 * <pre>{@code
 * try (ClusterIndex index = ClusterIndex.open(ClusterConfig.of(List.of(URI.create("http://127.0.0.1:9200")), "photos"))) {
 *     BatchResult r = index.insert(List.of(ImageRecord.of("a", ImageSource.file(path))));
 *     SearchResult hits = index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.image(ImageSource.file(q))).k(10).build());
 * }
 * }</pre>
 * Writes are visible to searches once {@link org.imageindex.cluster.ClusterIndex#refresh()} ran
 * (the cluster's refresh, not the embedded index's commit). docs/cluster.md says what runs
 * where and what the cluster backend does not yet offer.
 */
package org.imageindex.cluster;
