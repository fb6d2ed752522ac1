/**
 * The matching signature (S1): finds copies and parts of an image — crops, rotations, rescales,
 * recompressions, an object inside a larger photo — and explains each decision.
 *
 * <p>Extract {@link org.imageindex.signatures.matching.MatchingFeatures} from each image with
 * {@link org.imageindex.signatures.matching.MatchingExtractor} (store them with
 * {@code toBytes()}), then verify a query against a candidate with
 * {@link org.imageindex.signatures.matching.MatchVerifier}:
 *
 * {@snippet :
 * MatchingFeatures reference = MatchingFeatures.fromBytes(stored);
 * MatchingFeatures query = MatchingExtractor.standard().extract(queryImage);
 * MatchResult r = MatchVerifier.standard().verify(query, reference);
 * r.verdict().label();      // "Clone", "Match", "Rejection due to geometric test", ...
 * r.queryBox().area();      // share of the query the reference's content covers
 * r.homography().apply(0.5, 0.5);  // where the reference's centre lands in the query
 * r.distance();             // lower = better match; 1 for a rejection
 * }
 *
 * <p>How it works: SURF features (at most 500 per image, spread over a grid, at a 512-pixel
 * working size) are paired by nearest descriptor with a ratio test and a mutual check; RANSAC
 * fits a reference-to-query homography; the verdict then follows from the number of agreeing
 * pairs and the shape of the matching box (see {@link
 * org.imageindex.signatures.matching.MatchVerifier}). Coordinates in results are normalised to
 * 0..1 of each image, so they hold at any display size.
 */
package org.imageindex.signatures.matching;
