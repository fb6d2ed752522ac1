package org.imageindex.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.imageindex.signatures.color.Palette;
import org.imageindex.signatures.matching.MatchResult;
import org.imageindex.signatures.matching.MatchVerifier;
import org.imageindex.signatures.matching.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage example of README.md, compiled and run, so the README cannot drift from the API. */
class ReadmeExampleTest {

  @Test
  void readmeExampleRuns(@TempDir Path tmp) throws Exception {
    Path photo = TestData.dir("photos/images").resolve("mate_LadyBird.jpg");
    Path croppedCopy = tmp.resolve("cropped-copy.jpg");
    Files.write(croppedCopy, Transforms.jpeg(Transforms.CORNER_CROP_30.apply(Transforms.read(photo, 1280)), 0.8f));

    // --- README example starts
    SignatureExtractor extractor = SignatureExtractor.standard();
    ImageSignatures original = extractor.extract(photo);
    ImageSignatures candidate = extractor.extract(croppedCopy);

    MatchResult match = MatchVerifier.standard().verify(candidate.matching(), original.matching());
    System.out.println(match.verdict().label() + " " + match.referenceBox()); // where the copy lies

    double looksAlike = original.similarity().score(candidate.similarity()); // 0..1, higher = closer
    boolean nearDuplicate = original.hash().isNearDuplicate(candidate.hash());
    Palette colours = original.color().palette();                            // dominant colours + weights
    // --- README example ends

    assertEquals(Verdict.MATCH, match.verdict());
    assertTrue(match.referenceBox().area() > 0.15 && match.referenceBox().area() < 0.4, match.toString());
    assertTrue(looksAlike > 0 && looksAlike <= 1);
    assertTrue(!nearDuplicate, "a 30 % crop is a part, not a near duplicate");
    assertTrue(!colours.colors().isEmpty());
  }
}
