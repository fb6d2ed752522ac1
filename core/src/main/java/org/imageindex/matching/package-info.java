/**
 * Search by image with verdicts (LTU MediaDB's search): which records show the query image, or
 * part of it, and why.
 *
 * <h2>How to search by image</h2>
 * {@snippet :
 * List<ImageMatch> hits = index.matcher().search(ImageMatchQuery.builder(ImageSource.file(Path.of("query.jpg")))
 *         .filter(index.filter("{\"tags\": \"painting\"}", QueryLanguage.MONGO_JSON)) // optional keyword/metadata filter
 *         .collection(collectionId)                                                    // optional collection
 *         .build());
 * ImageMatch best = hits.get(0);
 * best.verdict();                    // CLONE for the same picture, MATCH for a crop, rotation or an object in a scene
 * best.result().queryBox();          // where the shared content lies in the query (normalised)
 * best.result().referenceBox();      // ... and in the stored image
 * best.result().homography();        // reference-to-query transformation
 * best.result().scores();            // points ratio, covered surface, match strength
 * best.distance();                   // lower = closer; rejections have 1
 * }
 *
 * <p>Candidates are the records sharing most visual words with the query (BM25 over the words of
 * their local features) and the perceptual-hash near duplicates; each is verified geometrically.
 * See {@link org.imageindex.matching.ImageMatcher}.
 *
 * <h2>How to fine-tune the visual words on your own images</h2>
 * {@snippet :
 * if (index.fineTuningInfo().requiresFinetuning()) {
 *     FineTuning job = index.fineTune();   // background thread; searches keep working
 *     job.progress();                      // 0..1
 *     job.await();                         // or job.cancel()
 * }
 * }
 */
package org.imageindex.matching;
