package org.imageindex.benchmarks.signatures;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.imageindex.benchmarks.BenchmarkData;
import org.imageindex.signatures.ImageSignatures;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.signatures.color.ColorExtractor;
import org.imageindex.signatures.color.ColorSignature;
import org.imageindex.signatures.decode.DecodedImage;
import org.imageindex.signatures.decode.ImageDecoder;
import org.imageindex.signatures.hash.HashExtractor;
import org.imageindex.signatures.hash.HashSignature;
import org.imageindex.signatures.matching.MatchingExtractor;
import org.imageindex.signatures.matching.MatchingFeatures;
import org.imageindex.signatures.similarity.SimilarityExtractor;
import org.imageindex.signatures.similarity.SimilaritySignature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding and each signature on about 1 MP photographs, single-threaded.
 *
 * <p>Four real photographs of the test set are rescaled to 1.0 MP and encoded as JPEG q=90 in
 * {@link #setUp()}; every invocation takes the next one, so a figure is the mean over the four.
 * {@code decodeFull} is the baseline the targets are stated against ("all signatures together
 * at most 2x the image's own decode time"; "colour + hash at most 0.2x"). The per-signature
 * benchmarks start from the working-size pixels, as {@link SignatureExtractor} hands them over;
 * {@code reduceToWorkingSize} is that shared step, and {@code allSignaturesFromDecoded} is the
 * whole extraction after a full decode.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ExtractionBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Djava.awt.headless=true"})
public class ExtractionBenchmark {

  /** Landscape and texture photographs with licences that allow any use (GPL-2+, BSD, CC0). */
  private static final List<String> PHOTOS = List.of(
      "mate_Blinds.jpg", "mate_GreenMeadow.jpg", "skimage_hubble_deep_field.jpg", "mate_Storm.jpg");
  private static final int TARGET_PIXELS = 1_000_000;

  private byte[][] jpegs;
  private BufferedImage[] decoded;
  private Images.Pixels[] working;
  private int next;
  private final ImageDecoder fullDecoder = ImageDecoder.standard();
  private final ImageDecoder subsamplingDecoder =
      ImageDecoder.standard().withTargetSide(SignatureExtractor.WORKING_SIDE);

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path dir = BenchmarkData.root().resolve("photos/images");
    jpegs = new byte[PHOTOS.size()][];
    decoded = new BufferedImage[PHOTOS.size()];
    working = new Images.Pixels[PHOTOS.size()];
    for (int i = 0; i < PHOTOS.size(); i++) {
      BufferedImage original = ImageIO.read(dir.resolve(PHOTOS.get(i)).toFile());
      double s = Math.sqrt((double) TARGET_PIXELS / (original.getWidth() * original.getHeight()));
      int w = (int) Math.round(original.getWidth() * s);
      int h = (int) Math.round(original.getHeight() * s);
      BufferedImage oneMp = Images.resize(
          new Images.Pixels(original.getWidth(), original.getHeight(), Images.rgb(original)), w, h).toImage();
      jpegs[i] = jpeg(oneMp, 0.9f);
      decoded[i] = fullDecoder.decode(jpegs[i]).image();
      working[i] = Images.fit(decoded[i], SignatureExtractor.WORKING_SIDE);
      // Each benchmark checks its own result; the setup checks the inputs are what we claim.
      if (Math.abs(w * h - TARGET_PIXELS) > 5_000 || decoded[i].getWidth() != w) {
        throw new IllegalStateException("expected a 1 MP image, got " + decoded[i].getWidth() + "x" + decoded[i].getHeight());
      }
    }
  }

  private int next() {
    next = (next + 1) % jpegs.length;
    return next;
  }

  @Benchmark
  public BufferedImage decodeFull() {
    DecodedImage d = fullDecoder.decode(jpegs[next()]);
    return check(d.image(), d.width() * d.height() > 990_000);
  }

  @Benchmark
  public BufferedImage decodeSubsampled() {
    DecodedImage d = subsamplingDecoder.decode(jpegs[next()]);
    return check(d.image(), Math.max(d.width(), d.height()) >= SignatureExtractor.WORKING_SIDE);
  }

  @Benchmark
  public Images.Pixels reduceToWorkingSize() {
    Images.Pixels p = Images.fit(decoded[next()], SignatureExtractor.WORKING_SIDE);
    return check(p, Math.max(p.width(), p.height()) == SignatureExtractor.WORKING_SIDE);
  }

  @Benchmark
  public HashSignature hash() {
    return check(HashExtractor.standard().extract(working[next()]), true);
  }

  @Benchmark
  public ColorSignature color() {
    ColorSignature c = ColorExtractor.standard().extract(working[next()]);
    return check(c, c.vector().length == ColorExtractor.DIMENSION);
  }

  @Benchmark
  public SimilaritySignature similarity() {
    SimilaritySignature s = SimilarityExtractor.standard().extract(working[next()]);
    return check(s, s.dimension() > 0);
  }

  @Benchmark
  public MatchingFeatures matching() {
    MatchingFeatures f = MatchingExtractor.standard().extract(working[next()]);
    return check(f, f.size() > 50);
  }

  @Benchmark
  public ImageSignatures allSignaturesFromDecoded() {
    ImageSignatures s = SignatureExtractor.standard().extract(decoded[next()]);
    return check(s, s.matching().size() > 50);
  }

  @Benchmark
  public ImageSignatures allSignaturesFromJpeg() {
    ImageSignatures s = SignatureExtractor.standard().extract(jpegs[next()]);
    return check(s, s.matching().size() > 50);
  }

  private static <T> T check(T value, boolean ok) {
    if (!ok) {
      throw new IllegalStateException("benchmark produced a wrong result: " + value);
    }
    return value;
  }

  private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), p);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
