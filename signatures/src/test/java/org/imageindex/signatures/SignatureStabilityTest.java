package org.imageindex.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.imageindex.signatures.decode.ImageDecoder;
import org.junit.jupiter.api.Test;

/**
 * Pins every built-in signature, byte for byte, on real images of the test set: the stored
 * form of an index ({@code toBytes()} of each signature) must not move when extraction is made
 * faster, or indexes written before would hold features the new code never produces again.
 *
 * <p>The expected digests were computed by the extraction code as it stood when the file was
 * written; a change that alters features on purpose regenerates them
 * ({@code -Dimageindex.fingerprints.write=<file>}) together with a signature version bump.
 */
class SignatureStabilityTest {

  private static final String RESOURCE = "signature-fingerprints.txt";

  /** Both ways in: a file through the subsampling decoder, and a raster decoded in full. */
  @Test
  void everySignatureIsByteForByteWhatItWas() throws IOException {
    Map<String, String> actual = new LinkedHashMap<>();
    for (Path p : images()) {
      String name = p.getParent().getParent().getFileName() + "/" + p.getFileName();
      actual.put(name + " file", fingerprint(SignatureExtractor.standard().extract(p)));
      if (name.startsWith("photos/")) {
        actual.put(name + " raster",
            fingerprint(SignatureExtractor.standard().extract(ImageDecoder.standard().decode(p).image())));
      }
    }
    String text = actual.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining("\n", "", "\n"));
    String target = System.getProperty("imageindex.fingerprints.write");
    if (target != null) {
      Files.writeString(Path.of(target), text);
    }
    assertEquals(expected(), text);
  }

  private static List<Path> images() {
    List<Path> out = new ArrayList<>();
    out.addAll(TestData.images("photos/images"));
    out.addAll(TestData.images("boofcv-triples/images").subList(0, 12));
    out.addAll(TestData.images("geometric-pairs/images"));
    return out;
  }

  private static String expected() throws IOException {
    try (InputStream in = SignatureStabilityTest.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " missing from the test resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String fingerprint(ImageSignatures s) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(ByteBuffer.allocate(8).putInt(s.width()).putInt(s.height()).array());
      d.update(s.matching().toBytes());
      d.update(s.similarity().toBytes());
      d.update(s.color().toBytes());
      d.update(ByteBuffer.allocate(8).putLong(s.hash().bits()).array());
      String h = HexFormat.of().formatHex(d.digest()).substring(0, 16);
      return h + " features=" + s.matching().size() + " hash=" + s.hash().hex();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
