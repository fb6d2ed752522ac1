/**
 * Near-duplicate detection with a 64-bit perceptual hash.
 *
 * <p>Extract a {@link org.imageindex.signatures.hash.HashSignature} from the shared working-size
 * pixels and compare by Hamming distance; within
 * {@link org.imageindex.signatures.hash.HashSignature#NEAR_DUPLICATE_RADIUS} the two images are
 * the same picture re-encoded, rescaled or lightly edited:
 *
 * {@snippet :
 * HashSignature a = HashExtractor.standard().extract(pixelsA);
 * HashSignature b = HashExtractor.standard().extract(pixelsB);
 * if (a.isNearDuplicate(b)) { ... }           // distance(b) <= 12 of 64 bits
 * byte[] stored = a.toBytes();                // 9 bytes, versioned
 * HashSignature back = HashSignature.fromBytes(stored);
 * }
 *
 * <p>The hash does not survive crops beyond a few percent, rotations or mirroring; the matching
 * signature handles those.
 */
package org.imageindex.signatures.hash;
