/**
 * Searching an index: nearest neighbours by a vector signature, range and near-duplicate
 * searches, all near-duplicate pairs, and metadata listings with cursor paging. Requests are
 * immutable records validated when built; every search runs through an
 * {@link org.imageindex.ImageIndex} method.
 *
 * <h2>How to search</h2>
 * {@snippet :
 * // Looks like record 42, among the records in stock, 10 hits after the first 20, with their tags.
 * SearchResult similar = index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("42"))
 *         .k(10).from(20)
 *         .filter(index.filter("{\"stock\": {\"$gt\": 0}}", QueryLanguage.MONGO_JSON))
 *         .fields(FieldSelection.of("tags"))
 *         .build());
 * similar.hits().forEach(h -> System.out.println(h.id() + " " + h.distance() + " " + h.score()));
 *
 * // Red and white images, one per product.
 * index.search(KnnRequest.builder(VectorSignature.COLOR, SearchQuery.colors("#c0392b 60 %, #ffffff 40 %"))
 *         .productField("product_id").build());
 *
 * // Several query images at once, and visual similarity combined with tags.
 * index.search(KnnRequest.builder(VectorSignature.SIMILARITY, List.of(SearchQuery.id("10"), SearchQuery.id("11")))
 *         .multi(MultiQuery.RANK_FUSION).build());
 * index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.id("10")).tagWeight(0.3).build());
 *
 * // Everything within a distance; copies of an image; all near-duplicate pairs.
 * index.range(RangeRequest.of(VectorSignature.SIMILARITY, SearchQuery.image(Path.of("q.jpg")), 0.2));
 * index.nearDuplicates(NearDuplicateRequest.of(SearchQuery.image(Path.of("q.jpg"))));
 * NearDuplicatePairs pairs = index.nearDuplicatePairs(HashSignature.NEAR_DUPLICATE_RADIUS, ImageIndex.ALL_RECORDS);
 *
 * // A listing, paged by cursor to the end whatever its length.
 * ListingRequest first = ListingRequest.of(ImageIndex.ALL_RECORDS,
 *         List.of(SortKey.descending("created"), SortKey.ascending("size")), 1000);
 * for (ListingPage page = index.list(first); ; page = index.list(page.next())) {
 *     page.records().forEach(r -> System.out.println(r.id()));
 *     if (page.next() == null) {
 *         break;
 *     }
 * }
 * }
 *
 * <h2>Distances and scores</h2>
 * Every hit carries the signature's distance (lower = closer, as the seed systems report it) and
 * a score in [0, 1] (higher = more similar); {@link org.imageindex.search.VectorSignature} gives
 * both per signature; near duplicates report Hamming bits and {@code 1 - bits/64}. kNN candidates
 * come from Lucene's HNSW graph with the filter applied during the graph search; their
 * distances are then computed exactly on the stored float vectors, so hits are in ascending
 * distance order. Deactivated records never appear.
 *
 * <h2>Paging</h2>
 * kNN pages with {@code k} and {@code from} ({@code k + from <= 10,000}). Listings page with an
 * offset up to 10,000 records and with a cursor beyond; a request without an offset on a
 * listing of more than 10,000 records answers with a cursor, as rokka does.
 */
package org.imageindex.search;
