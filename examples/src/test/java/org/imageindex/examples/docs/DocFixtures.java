package org.imageindex.examples.docs;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** What the doc samples take as given: the sample photographs, derived images, the docs folder, captured output. */
final class DocFixtures {

  private DocFixtures() {
  }

  /** examples/samples, whether the tests run from the module folder or from the repository root. */
  static Path samples() {
    Path samples = Path.of("samples").toAbsolutePath();
    return Files.isDirectory(samples) ? samples : Path.of("examples/samples").toAbsolutePath();
  }

  /** A sample photograph by file name. */
  static Path sample(String name) {
    return samples().resolve(name);
  }

  /** The repository's docs folder: ../docs from the module folder. */
  static Path docs() {
    Path docs = Path.of("../docs").toAbsolutePath().normalize();
    return Files.isDirectory(docs) ? docs : Path.of("docs").toAbsolutePath();
  }

  /** The middle half of an image as a PNG: a crop that matching search must trace to its original. */
  static Path crop(Path image, Path out) throws IOException {
    BufferedImage src = ImageIO.read(image.toFile());
    ImageIO.write(src.getSubimage(src.getWidth() / 4, src.getHeight() / 4, src.getWidth() / 2, src.getHeight() / 2),
        "png", out.toFile());
    return out;
  }

  /** The image at half size, recompressed as JPEG: a near duplicate. */
  static Path halfSizeCopy(Path image, Path out) throws IOException {
    BufferedImage src = ImageIO.read(image.toFile());
    BufferedImage half = new BufferedImage(src.getWidth() / 2, src.getHeight() / 2, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = half.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, half.getWidth(), half.getHeight(), null);
    g.dispose();
    ImageIO.write(half, "jpg", out.toFile());
    return out;
  }

  /** Standard output redirected to a buffer until {@link #close()}, so a test can check what the samples print. */
  static final class Stdout implements AutoCloseable {
    private final PrintStream original = System.out;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    Stdout() {
      System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    /** Everything printed so far. */
    String text() {
      return buffer.toString(StandardCharsets.UTF_8);
    }

    /** Everything printed so far, then forgets it. */
    String take() {
      String s = text();
      buffer.reset();
      return s;
    }

    @Override
    public void close() {
      System.setOut(original);
      original.print(text());
    }
  }
}
