/**
 * The image index on an OpenSearch 3.5 cluster with the k-NN plugin (Lucene engine): the
 * {@link org.imageindex.spi.IndexBackend} that {@code ImageIndex.builder().cluster(...)} opens
 * when this module is on the class path. Callers use {@code ImageIndex} as on the embedded index:
 * <pre>{@code
 * try (ImageIndex index = ImageIndex.builder().cluster(ClusterConfig.of(List.of(URI.create("http://127.0.0.1:9200")), "photos"))) {
 *     BatchResult r = index.insert(List.of(ImageRecord.of("a", ImageSource.file(path))));
 *     SearchResult hits = index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.image(ImageSource.file(q))).k(10).build());
 * }
 * }</pre>
 * Signatures are extracted and matches verified in the client; the cluster stores the records and
 * answers filters, listings, kNN and candidates. The only public type is the service provider;
 * docs/cluster.md says what runs where and where the cluster differs from the embedded index.
 */
package org.imageindex.cluster;
