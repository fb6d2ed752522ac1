/**
 * A neural "looks like" signature: MobileNetV2 in plain Java, offered through the vector
 * extractor SPI.
 *
 * {@snippet :
 * SignatureExtractor extractor = SignatureExtractor.builder()
 *     .add(NeuralExtractor.standard())
 *     .build();
 * float[] v = extractor.extract(Path.of("photo.jpg")).vector(NeuralExtractor.NAME);
 * }
 *
 * <p>The weights (2.3 MB, uint8 as published) come from the MIT-licensed npm package nsfwjs
 * 4.4.0; its licence and the provenance of the file are in the resources beside it
 * ({@code LICENSE-nsfwjs.txt}, {@code PROVENANCE.md}), and {@code scripts/neural/} holds the
 * conversion. Quality and speed beside the BoofCV similarity signature:
 * docs/signatures-neural.md.
 */
package org.imageindex.signatures.neural;
