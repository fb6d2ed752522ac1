/**
 * The colour signature (S3): what colours an image is made of, for "same colour range" search
 * by example image or by colours given as values.
 *
 * {@snippet :
 * ColorSignature a = ColorExtractor.standard().extract(pixels);   // vector + palette
 * a.palette().colors();                    // dominant colours with their shares, e.g. #c0392b 0.41
 * ColorSignature q = ColorExtractor.standard().query("#c0392b 60 %, #ffffff 40 %");
 * double score = q.score(a);               // dot product in [0, 1], higher = closer
 * }
 *
 * <p>The vector is a subject-weighted, Hellinger-mapped histogram over perceptual (CIE LCh)
 * bins, unit length, meant for dot-product kNN; the palette is k-means in CIELAB. See
 * {@link org.imageindex.signatures.color.ColorExtractor} for the design and its reasons, and
 * docs/signatures-decoding-hash-colour.md for the measured quality.
 */
package org.imageindex.signatures.color;
