/**
 * The similarity ("looks like") signature: one float vector per image whose dot product ranks
 * pictures by how alike they look, meant for a Lucene HNSW vector field with
 * {@code VectorSimilarityFunction.DOT_PRODUCT} (vectors are unit length).
 *
 * <h2>Extract and compare</h2>
 *
 * {@snippet :
 * SimilarityExtractor extractor = SimilarityExtractor.standard();   // model shipped in the jar
 * Images.Pixels pixels = Images.fit(ImageIO.read(file), 512);       // reduce once, share with other extractors
 * SimilaritySignature signature = extractor.extract(pixels);
 * float[] vector = signature.vector();                              // index this (512 floats)
 * byte[] stored = signature.toBytes();                              // or store this
 * double score = signature.score(SimilaritySignature.fromBytes(stored)); // 1.0: identical
 * }
 *
 * <p>{@link org.imageindex.signatures.similarity.SimilaritySignature#distance distance} is
 * {@code 1 - cos} in [0, 2]; {@link org.imageindex.signatures.similarity.SimilaritySignature#score
 * score} is {@code (1 + cos) / 2} in [0, 1], the score Lucene's DOT_PRODUCT gives a hit.
 *
 * <h2>Adapt the model to a collection</h2>
 *
 * {@snippet :
 * SimilarityModel model = SimilarityTrainer.train(collectionImages, SimilarityTrainer.Options.defaults(),
 *     (done, total) -> progress.set(done, total), cancelRequested::get);
 * try (OutputStream out = Files.newOutputStream(modelFile)) {
 *   model.write(out);                                   // versioned binary format
 * }
 * SimilarityExtractor tuned = SimilarityExtractor.of(SimilarityModel.read(Files.newInputStream(modelFile)));
 * }
 *
 * <p>A signature carries its model's {@link org.imageindex.signatures.similarity.SimilarityModel#id()
 * id}; signatures of different models are not comparable, so a collection re-extracts its
 * vectors after fine-tuning.
 *
 * <h2>How the vector is made</h2>
 *
 * Upright SURF descriptors on a dense grid at two patch sizes (image reduced to 320 px),
 * RootSURF-normalised, projected by PCA to 28 dimensions and aggregated over 16 visual words
 * into a VLAD vector (signed square root, per-word and global L2 normalisation): 448 floats.
 * A square-rooted 4 x 4 x 4 RGB histogram follows (64 floats) with weight 0.3 in the dot
 * product.
 */
package org.imageindex.signatures.similarity;
