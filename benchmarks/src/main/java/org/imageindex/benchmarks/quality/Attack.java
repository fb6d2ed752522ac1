package org.imageindex.benchmarks.quality;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * One generated copy-detection attack: a kind and a strength, applied to an original photo.
 * Public so the matching benchmarks query with the same copies the quality harness measures.
 *
 * <p>Every attack is deterministic given the seed (crop and overlay positions are drawn from
 * it), returns a new {@code TYPE_INT_RGB} image and leaves its inputs untouched.
 *
 * @param kind what is done to the photo
 * @param strength the kind's parameter, in the unit {@link Kind#strengthUnit()} names
 */
public record Attack(Attack.Kind kind, double strength) {

  /** The attack kinds, each with the strengths run by default, mildest first. */
  public enum Kind {
    /** Keep a rectangle of the given share of the area, at a random position. */
    CROP("crop", "kept area (share of the original)", List.of(0.6, 0.4, 0.3, 0.2)),
    /** Rotate by the given angle; the canvas grows to hold the whole photo, corners black. */
    ROTATION("rotation", "angle (degrees)", List.of(15.0, 45.0, 90.0, 180.0, 315.0)),
    /** Rescale both sides by the given factor. */
    SCALE("scale", "scale factor", List.of(0.8, 0.5, 0.3, 0.2)),
    /** Re-encode as JPEG at the given quality (1..100). */
    JPEG("JPEG re-encode", "JPEG quality", List.of(90.0, 50.0, 25.0, 10.0)),
    /** Contrast times {@code 1 − s} around mid-grey, then brightness {@code + s/2} of full scale. */
    BRIGHTNESS_CONTRAST("brightness/contrast", "strength s (contrast ×(1−s), brightness +s/2)",
        List.of(0.1, 0.25, 0.4)),
    /** Convert to grey (luma); one strength. */
    GRAYSCALE("grayscale", "(one strength)", List.of(1.0)),
    /** A logo box with text covering the given share of the area, plus a caption line. */
    OVERLAY("text/logo overlay", "covered area (share)", List.of(0.05, 0.15, 0.3)),
    /** The photo scaled to the given share of another photo's area and pasted into it. */
    PASTE("pasted into another photo", "share of the host photo's area", List.of(0.5, 0.25, 0.1));

    private final String label;
    private final String strengthUnit;
    private final List<Double> strengths;

    Kind(String label, String strengthUnit, List<Double> strengths) {
      this.label = label;
      this.strengthUnit = strengthUnit;
      this.strengths = strengths;
    }

    String label() {
      return label;
    }

    String strengthUnit() {
      return strengthUnit;
    }

    List<Double> strengths() {
      return strengths;
    }
  }

  public Attack {
    Objects.requireNonNull(kind, "kind");
  }

  /** Every kind at every default strength. */
  static List<Attack> all() {
    return java.util.Arrays.stream(Kind.values())
        .flatMap(k -> k.strengths().stream().map(s -> new Attack(k, s)))
        .toList();
  }

  /**
   * The attacked copy of {@code original}.
   *
   * @param host the photo {@link Kind#PASTE} pastes into; ignored by the other kinds
   * @param seed draws crop, overlay and paste positions
   */
  public BufferedImage apply(BufferedImage original, BufferedImage host, long seed) {
    Random random = new Random(seed);
    return switch (kind) {
      case CROP -> crop(original, strength, random);
      case ROTATION -> rotate(original, strength);
      case SCALE -> scale(original, strength);
      case JPEG -> jpeg(original, (int) Math.round(strength));
      case BRIGHTNESS_CONTRAST -> brightnessContrast(original, strength);
      case GRAYSCALE -> grayscale(original);
      case OVERLAY -> overlay(original, strength, random);
      case PASTE -> paste(original, Objects.requireNonNull(host, "host"), strength, random);
    };
  }

  @Override
  public String toString() {
    return kind.label() + " " + format(strength);
  }

  static String format(double strength) {
    return strength == Math.rint(strength) ? Long.toString((long) strength) : Double.toString(strength);
  }

  static BufferedImage crop(BufferedImage src, double area, Random random) {
    double side = Math.sqrt(area);
    int w = Math.max(1, (int) Math.round(src.getWidth() * side));
    int h = Math.max(1, (int) Math.round(src.getHeight() * side));
    int x = random.nextInt(src.getWidth() - w + 1);
    int y = random.nextInt(src.getHeight() - h + 1);
    return copy(src.getSubimage(x, y, w, h));
  }

  static BufferedImage rotate(BufferedImage src, double degrees) {
    double rad = Math.toRadians(degrees);
    double cos = Math.abs(Math.cos(rad));
    double sin = Math.abs(Math.sin(rad));
    int w = (int) Math.round(src.getWidth() * cos + src.getHeight() * sin);
    int h = (int) Math.round(src.getWidth() * sin + src.getHeight() * cos);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    AffineTransform t = new AffineTransform();
    t.translate(w / 2.0, h / 2.0);
    t.rotate(rad);
    t.translate(-src.getWidth() / 2.0, -src.getHeight() / 2.0);
    g.drawImage(src, t, null);
    g.dispose();
    return out;
  }

  static BufferedImage scale(BufferedImage src, double factor) {
    int w = Math.max(1, (int) Math.round(src.getWidth() * factor));
    int h = Math.max(1, (int) Math.round(src.getHeight() * factor));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    // Halve step by step so a 0.2 reduction averages pixels instead of skipping them.
    BufferedImage current = src;
    while (current.getWidth() / 2 >= w && current.getHeight() / 2 >= h) {
      current = resized(current, current.getWidth() / 2, current.getHeight() / 2);
    }
    g.drawImage(current, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  static BufferedImage jpeg(BufferedImage src, int quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality / 100f);
      writer.setOutput(out);
      writer.write(null, new IIOImage(copy(src), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding in memory failed", e);
    } finally {
      writer.dispose();
    }
    try {
      return copy(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray())));
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG decoding in memory failed", e);
    }
  }

  static BufferedImage brightnessContrast(BufferedImage src, double s) {
    BufferedImage out = copy(src);
    int[] lut = new int[256];
    for (int v = 0; v < 256; v++) {
      lut[v] = (int) Math.clamp(Math.round((v - 128) * (1 - s) + 128 + 255 * s / 2), 0, 255);
    }
    int[] rgb = out.getRGB(0, 0, out.getWidth(), out.getHeight(), null, 0, out.getWidth());
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      rgb[i] = lut[(p >> 16) & 0xff] << 16 | lut[(p >> 8) & 0xff] << 8 | lut[p & 0xff];
    }
    out.setRGB(0, 0, out.getWidth(), out.getHeight(), rgb, 0, out.getWidth());
    return out;
  }

  static BufferedImage grayscale(BufferedImage src) {
    BufferedImage out = copy(src);
    int[] rgb = out.getRGB(0, 0, out.getWidth(), out.getHeight(), null, 0, out.getWidth());
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      int y = (int) Math.round(0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff));
      rgb[i] = y << 16 | y << 8 | y;
    }
    out.setRGB(0, 0, out.getWidth(), out.getHeight(), rgb, 0, out.getWidth());
    return out;
  }

  static BufferedImage overlay(BufferedImage src, double coveredArea, Random random) {
    BufferedImage out = copy(src);
    int w = out.getWidth();
    int h = out.getHeight();
    double aspect = 2.0;
    int boxH = (int) Math.max(8, Math.round(Math.sqrt(coveredArea * w * h / aspect)));
    int boxW = (int) Math.min(w, Math.round(boxH * aspect));
    boxH = Math.min(h, boxH);
    int x = random.nextInt(w - boxW + 1);
    int y = random.nextInt(h - boxH + 1);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.9f));
    g.setColor(new Color(0x1f4e9c));
    g.fillRoundRect(x, y, boxW, boxH, boxH / 4, boxH / 4);
    g.setColor(new Color(0xf2c230));
    g.fillOval(x + boxH / 8, y + boxH / 8, boxH * 3 / 4, boxH * 3 / 4);
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, boxH / 3)));
    g.drawString("STOCK", x + boxH, y + boxH * 5 / 8);
    g.setComposite(AlphaComposite.SrcOver);
    g.setStroke(new BasicStroke(Math.max(1, h / 200f)));
    g.setFont(new Font(Font.SERIF, Font.ITALIC, Math.max(10, h / 24)));
    g.drawString("© imageindex sample caption", w / 20, h - h / 20);
    g.dispose();
    return out;
  }

  static BufferedImage paste(BufferedImage src, BufferedImage host, double areaShare, Random random) {
    BufferedImage out = copy(host);
    double f = Math.sqrt(areaShare * host.getWidth() * host.getHeight() / ((double) src.getWidth() * src.getHeight()));
    f = Math.min(f, Math.min((double) host.getWidth() / src.getWidth(), (double) host.getHeight() / src.getHeight()));
    BufferedImage small = scale(src, f);
    int x = random.nextInt(host.getWidth() - small.getWidth() + 1);
    int y = random.nextInt(host.getHeight() - small.getHeight() + 1);
    Graphics2D g = out.createGraphics();
    g.drawImage(small, x, y, null);
    g.dispose();
    return out;
  }

  private static BufferedImage resized(BufferedImage src, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  private static BufferedImage copy(BufferedImage src) {
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return out;
  }
}
