package org.imageindex.signatures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imageindex.signatures.color.ColorExtractor;
import org.imageindex.signatures.decode.ImageDecodeException;
import org.imageindex.signatures.hash.HashExtractor;
import org.imageindex.signatures.matching.MatchVerifier;
import org.imageindex.signatures.matching.Verdict;
import org.imageindex.signatures.similarity.SimilarityExtractor;
import org.imageindex.signatures.spi.GrayThumbnailVector;
import org.imageindex.signatures.spi.VectorExtractor;
import org.imageindex.signatures.spi.VectorSimilarity;
import org.junit.jupiter.api.Test;

class SignatureExtractorTest {

  private static final Path PHOTO = TestData.dir("photos/images").resolve("skimage_coffee.png");

  @Test
  void oneDecodeGivesEverySignatureOfTheImage() throws Exception {
    ImageSignatures s = SignatureExtractor.standard().extract(PHOTO);
    assertEquals(600, s.width());
    assertEquals(400, s.height());
    assertEquals("png", s.format());
    assertTrue(s.matching().size() > 100, "features: " + s.matching().size());
    assertEquals(SimilarityExtractor.standard().dimension(), s.similarity().dimension());
    assertEquals(ColorExtractor.DIMENSION, s.color().vector().length);
    assertEquals(List.of(), List.copyOf(s.vectorNames()));

    // The same signatures as each extractor gives on the working-size pixels.
    BufferedImage image = javax.imageio.ImageIO.read(PHOTO.toFile());
    Images.Pixels work = Images.fit(image, SignatureExtractor.WORKING_SIDE);
    assertEquals(HashExtractor.standard().extract(work), s.hash());
    assertArrayEquals(SimilarityExtractor.standard().extract(work).vector(), s.similarity().vector());
    // Bytes and raster give the same result.
    ImageSignatures fromBytes = SignatureExtractor.standard().extract(Files.readAllBytes(PHOTO));
    assertEquals(s.hash(), fromBytes.hash());
    assertEquals(s.matching(), fromBytes.matching());
    assertEquals(Verdict.CLONE, MatchVerifier.standard().verify(fromBytes.matching(), s.matching()).verdict());
  }

  @Test
  void aCallersExtractorAddsItsVector() {
    GrayThumbnailVector mine = new GrayThumbnailVector();
    SignatureExtractor extractor = SignatureExtractor.builder().add(mine).build();
    ImageSignatures s = extractor.extract(PHOTO);
    assertEquals(List.of("gray_thumbnail"), List.copyOf(s.vectorNames()));
    float[] expected = mine.extract(Images.fit(Transforms.read(PHOTO, 4096), SignatureExtractor.WORKING_SIDE));
    assertArrayEquals(expected, s.vector("gray_thumbnail"));
    // Vectors handed out are copies: the record stays immutable.
    s.vector("gray_thumbnail")[0] = 42;
    assertArrayEquals(expected, s.vector("gray_thumbnail"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.vector("clip"));
    assertEquals("no vector named 'clip'; present: [gray_thumbnail]", e.getMessage());
  }

  @Test
  void aQueryImageGivesTheSameSignaturesOneAtATime() throws Exception {
    GrayThumbnailVector mine = new GrayThumbnailVector();
    SignatureExtractor extractor = SignatureExtractor.builder().add(mine).build();
    ImageSignatures all = extractor.extract(PHOTO);
    QueryImage q = extractor.query(org.imageindex.signatures.decode.ImageDecoder.standard().decode(PHOTO));
    assertEquals(all.matching(), q.matching());
    assertEquals(all.hash(), q.hash());
    assertArrayEquals(all.similarity().vector(), q.similarity().vector());
    assertArrayEquals(all.color().vector(), q.color().vector());
    assertArrayEquals(all.vector("gray_thumbnail"), q.vector("gray_thumbnail"));
    // Each signature is extracted once and then kept.
    assertTrue(q.matching() == q.matching());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.vector("clip"));
    assertEquals("no vector extractor named 'clip'", e.getMessage());
    // A raster gives the same as its encoded form.
    QueryImage raster = extractor.query(javax.imageio.ImageIO.read(PHOTO.toFile()));
    assertEquals(all.hash(), raster.hash());
  }

  @Test
  void extractorsOnTheClassPathAreDiscovered() {
    List<VectorExtractor> found = VectorExtractor.discover();
    assertEquals(1, found.size());
    assertEquals("gray_thumbnail", found.get(0).name());
    SignatureExtractor extractor = SignatureExtractor.builder().addDiscovered().build();
    assertEquals(16, extractor.extract(PHOTO).vector("gray_thumbnail").length);
  }

  @Test
  void badExtractorsAreRefusedWithTheReason() {
    IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
        () -> SignatureExtractor.builder().add(vector("color", 3, VectorSimilarity.COSINE, new float[] {1, 0, 0})));
    assertEquals("vector extractor name 'color' is reserved for a built-in signature [matching, similarity, color, hash]",
        reserved.getMessage());
    IllegalArgumentException badName = assertThrows(IllegalArgumentException.class,
        () -> SignatureExtractor.builder().add(vector("My Vector", 3, VectorSimilarity.COSINE, new float[] {1, 0, 0})));
    assertEquals("vector extractor name must match [a-z][a-z0-9_]{0,39}, got: My Vector", badName.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> SignatureExtractor.builder().add(new GrayThumbnailVector()).add(new GrayThumbnailVector()));
    assertEquals("a vector extractor named 'gray_thumbnail' is already added", twice.getMessage());

    IllegalStateException wrongLength = assertThrows(IllegalStateException.class,
        () -> SignatureExtractor.builder().add(vector("short", 3, VectorSimilarity.COSINE, new float[] {1, 0}))
            .build().extract(PHOTO));
    assertTrue(wrongLength.getMessage().endsWith("returned 2 values but declares dimension 3"), wrongLength.getMessage());
    IllegalStateException notUnit = assertThrows(IllegalStateException.class,
        () -> SignatureExtractor.builder().add(vector("long", 2, VectorSimilarity.DOT_PRODUCT, new float[] {3, 4}))
            .build().extract(PHOTO));
    assertTrue(notUnit.getMessage().contains("declares DOT_PRODUCT similarity but returned a vector of length 5.0"),
        notUnit.getMessage());
    IllegalStateException nan = assertThrows(IllegalStateException.class,
        () -> SignatureExtractor.builder().add(vector("nan", 2, VectorSimilarity.EUCLIDEAN, new float[] {0, Float.NaN}))
            .build().extract(PHOTO));
    assertTrue(nan.getMessage().endsWith("returned a non-finite value at index 1: NaN"), nan.getMessage());
  }

  @Test
  void undecodableInputFailsWithTheDecodersReason() {
    ImageDecodeException e = assertThrows(ImageDecodeException.class,
        () -> SignatureExtractor.standard().extract(new byte[0]));
    assertEquals(ImageDecodeException.Reason.EMPTY, e.reason());
  }

  @Test
  void vectorSimilaritiesFollowTheDocumentedScales() {
    float[] a = {1, 0};
    float[] b = {0, 1};
    assertEquals(1.0, VectorSimilarity.DOT_PRODUCT.distance(a, b), 1e-9);
    assertEquals(0.5, VectorSimilarity.DOT_PRODUCT.score(a, b), 1e-9);
    assertEquals(1.0, VectorSimilarity.COSINE.score(new float[] {2, 0}, new float[] {5, 0}), 1e-9);
    assertEquals(Math.sqrt(2), VectorSimilarity.EUCLIDEAN.distance(a, b), 1e-9);
    assertEquals(1 / 3.0, VectorSimilarity.EUCLIDEAN.score(a, b), 1e-9);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> VectorSimilarity.COSINE.distance(a, new float[3]));
    assertEquals("vectors differ in dimension: 2 vs 3", e.getMessage());
  }

  private static VectorExtractor vector(String name, int dim, VectorSimilarity sim, float[] value) {
    return new VectorExtractor() {
      @Override public String name() {
        return name;
      }

      @Override public int dimension() {
        return dim;
      }

      @Override public VectorSimilarity similarity() {
        return sim;
      }

      @Override public float[] extract(Images.Pixels pixels) {
        return value.clone();
      }
    };
  }
}
