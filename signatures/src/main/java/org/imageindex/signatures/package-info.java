/**
 * Image signatures: decode an image once, compute everything needed to search it.
 *
 * <p>{@link org.imageindex.signatures.SignatureExtractor} is the way in: it decodes safely
 * (limits on bytes and pixels, EXIF orientation), reduces the image once to a working size
 * and computes the four built-in signatures plus any caller-supplied vector:
 *
 * {@snippet :
 * ImageSignatures s = SignatureExtractor.standard().extract(Path.of("photo.jpg"));
 * s.matching();    // local features: copies, crops, objects in scenes (package matching)
 * s.similarity();  // global "looks like" vector (package similarity)
 * s.color();       // colour distribution vector and dominant palette (package color)
 * s.hash();        // 64-bit perceptual hash for near duplicates (package hash)
 * }
 *
 * <p>Each signature has a versioned byte form ({@code toBytes()} / {@code fromBytes}), a
 * {@code distance} (lower = closer) and a {@code score} in [0, 1] (higher = more similar);
 * docs/signatures.md gives every scale. {@link org.imageindex.signatures.Images} is the pixel
 * access the extractors share.
 */
package org.imageindex.signatures;
