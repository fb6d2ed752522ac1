/**
 * The extension point for vector signatures of a caller's own (S6).
 *
 * <p>Implement {@link org.imageindex.signatures.spi.VectorExtractor}: a name, a dimension, a
 * {@link org.imageindex.signatures.spi.VectorSimilarity} and a method from working-size pixels
 * to a vector. Then either hand it to the extractor builder —
 *
 * {@snippet :
 * SignatureExtractor extractor = SignatureExtractor.builder()
 *     .add(new MyEmbedding())          // implements VectorExtractor
 *     .build();
 * ImageSignatures s = extractor.extract(Path.of("photo.jpg"));
 * float[] mine = s.vector("my_embedding");
 * }
 *
 * — or list its class in {@code META-INF/services/org.imageindex.signatures.spi.VectorExtractor}
 * and call {@code builder().addDiscovered()}. The library checks every vector it receives
 * (length, finite values, unit length for dot-product similarity) and names the extractor when
 * one is wrong.
 */
package org.imageindex.signatures.spi;
