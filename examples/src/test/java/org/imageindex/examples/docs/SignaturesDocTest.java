package org.imageindex.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.color.ColorExtractor;
import org.imageindex.signatures.color.ColorSignature;
import org.imageindex.signatures.decode.DecodedImage;
import org.imageindex.signatures.decode.ImageDecoder;
import org.imageindex.signatures.hash.HashExtractor;
import org.imageindex.signatures.hash.HashSignature;
import org.imageindex.signatures.similarity.SimilarityExtractor;
import org.imageindex.signatures.similarity.SimilarityModel;
import org.imageindex.signatures.similarity.SimilaritySignature;
import org.imageindex.signatures.similarity.SimilarityTrainer;
import org.junit.jupiter.api.Test;

/** Runs the Java samples of docs/signatures-decoding-hash-colour.md and docs/signatures-similarity.md. */
class SignaturesDocTest {

  @Test
  void decodingHashAndColourSample() {
    Path file = DocFixtures.sample("car01.jpg");
    // --- signatures-decoding-hash-colour sample 1 starts
    ImageDecoder decoder = ImageDecoder.standard().withTargetSide(1024); // share it: immutable, thread-safe
    DecodedImage decoded = decoder.decode(file);
    Images.Pixels pixels = decoded.pixels(512);
    HashSignature hash = HashExtractor.standard().extract(pixels);
    ColorSignature colour = ColorExtractor.standard().extract(pixels);
    // --- signatures-decoding-hash-colour sample 1 ends
    assertEquals(512, Math.max(pixels.width(), pixels.height()));
    assertEquals(0, hash.distance(HashExtractor.standard().extract(pixels)));
    assertTrue(!colour.palette().colors().isEmpty());
  }

  @Test
  void similaritySamples() throws Exception {
    File file = DocFixtures.sample("horse01.jpg").toFile();
    // --- signatures-similarity sample 1 starts
    SimilarityExtractor extractor = SimilarityExtractor.standard();
    Images.Pixels pixels = Images.fit(ImageIO.read(file), 512);   // reduced once, shared by all extractors
    SimilaritySignature s = extractor.extract(pixels);
    float[] vector = s.vector();                                   // 512 floats, unit length
    // --- signatures-similarity sample 1 ends
    assertEquals(512, vector.length);

    List<Images.Pixels> images = new ArrayList<>();
    for (String name : List.of("horse01.jpg", "horse02.jpg", "ship01.jpg", "ship02.jpg", "dog01.jpg", "cat01.jpg")) {
      images.add(Images.fit(ImageIO.read(DocFixtures.sample(name).toFile()), 512));
    }
    Progress info = new Progress();
    AtomicBoolean cancelRequested = new AtomicBoolean();
    // --- signatures-similarity sample 2 starts
    SimilarityModel model = SimilarityTrainer.train(images, SimilarityTrainer.Options.defaults(),
        (done, total) -> info.progress(done, total),   // total = images + 1 (PCA) + 30 (k-means)
        cancelRequested::get);                          // polled before each step
    // --- signatures-similarity sample 2 ends
    assertEquals(SimilarityExtractor.standard().dimension(), model.dimension());
    assertEquals(info.total.get(), info.done.get(), "progress reached its total");
  }

  /** Stands for the caller's progress display in the sample. */
  static final class Progress {
    final AtomicInteger done = new AtomicInteger();
    final AtomicInteger total = new AtomicInteger();

    void progress(int d, int t) {
      done.set(d);
      total.set(t);
    }
  }
}
