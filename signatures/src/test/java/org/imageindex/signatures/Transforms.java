package org.imageindex.signatures;

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
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** The copy attacks tests apply to real photographs, generated in memory. */
public enum Transforms {
  CENTRE_CROP_50("centre crop 50 % area") {
    @Override public BufferedImage apply(BufferedImage s) {
      double f = Math.sqrt(0.5);
      int w = (int) Math.round(s.getWidth() * f);
      int h = (int) Math.round(s.getHeight() * f);
      return copy(s.getSubimage((s.getWidth() - w) / 2, (s.getHeight() - h) / 2, w, h));
    }
  },
  CORNER_CROP_30("corner crop 30 % area") {
    @Override public BufferedImage apply(BufferedImage s) {
      double f = Math.sqrt(0.3);
      int w = (int) Math.round(s.getWidth() * f);
      int h = (int) Math.round(s.getHeight() * f);
      return copy(s.getSubimage(s.getWidth() - w, 0, w, h));
    }
  },
  ROTATE_90("rotate 90°") {
    @Override public BufferedImage apply(BufferedImage s) {
      return rotate(s, 90);
    }
  },
  ROTATE_180("rotate 180°") {
    @Override public BufferedImage apply(BufferedImage s) {
      return rotate(s, 180);
    }
  },
  ROTATE_15("rotate 15°") {
    @Override public BufferedImage apply(BufferedImage s) {
      return rotate(s, 15);
    }
  },
  SCALE_03("scale 0.3") {
    @Override public BufferedImage apply(BufferedImage s) {
      int w = Math.max(1, (int) Math.round(s.getWidth() * 0.3));
      int h = Math.max(1, (int) Math.round(s.getHeight() * 0.3));
      return Images.resize(new Images.Pixels(s.getWidth(), s.getHeight(), Images.rgb(s)), w, h).toImage();
    }
  },
  JPEG_Q20("JPEG q=20") {
    @Override public BufferedImage apply(BufferedImage s) {
      return decode(jpeg(s, 0.2f));
    }
  },
  BRIGHTNESS_30("brightness +30 %") {
    @Override public BufferedImage apply(BufferedImage s) {
      int[] rgb = Images.rgb(s);
      for (int i = 0; i < rgb.length; i++) {
        int p = rgb[i];
        int r = Math.min(255, (int) Math.round((p >>> 16 & 0xFF) * 1.3));
        int g = Math.min(255, (int) Math.round((p >>> 8 & 0xFF) * 1.3));
        int b = Math.min(255, (int) Math.round((p & 0xFF) * 1.3));
        rgb[i] = r << 16 | g << 8 | b;
      }
      return new Images.Pixels(s.getWidth(), s.getHeight(), rgb).toImage();
    }
  },
  GRAYSCALE("grayscale") {
    @Override public BufferedImage apply(BufferedImage s) {
      BufferedImage g = new BufferedImage(s.getWidth(), s.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
      Graphics2D gr = g.createGraphics();
      gr.drawImage(s, 0, 0, null);
      gr.dispose();
      return g;
    }
  },
  OVERLAY("logo and text overlay") {
    @Override public BufferedImage apply(BufferedImage s) {
      BufferedImage out = copy(s);
      Graphics2D g = out.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      int w = out.getWidth();
      int h = out.getHeight();
      // A semi-transparent banner with a caption along the bottom, and an opaque logo badge.
      g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.6f));
      g.setColor(Color.BLACK);
      g.fillRect(0, h * 4 / 5, w, h / 8);
      g.setComposite(AlphaComposite.SrcOver);
      g.setColor(Color.WHITE);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, h / 14)));
      g.drawString("© imageindex sample 2026", w / 20, h * 4 / 5 + h / 11);
      int d = Math.min(w, h) / 6;
      g.setColor(new Color(0xC0392B));
      g.fillOval(w / 20, h / 20, d, d);
      g.setColor(Color.WHITE);
      g.setStroke(new BasicStroke(Math.max(2, d / 12f)));
      g.drawOval(w / 20 + d / 6, h / 20 + d / 6, d * 2 / 3, d * 2 / 3);
      g.dispose();
      return out;
    }
  };

  private final String label;

  Transforms(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public abstract BufferedImage apply(BufferedImage source);

  public static BufferedImage copy(BufferedImage s) {
    BufferedImage out = new BufferedImage(s.getWidth(), s.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(s, 0, 0, null);
    g.dispose();
    return out;
  }

  /** Rotates about the centre onto a canvas that holds the whole turned image (black corners). */
  public static BufferedImage rotate(BufferedImage s, double degrees) {
    double rad = Math.toRadians(degrees);
    double cos = Math.abs(Math.cos(rad));
    double sin = Math.abs(Math.sin(rad));
    int w = (int) Math.round(s.getWidth() * cos + s.getHeight() * sin);
    int h = (int) Math.round(s.getWidth() * sin + s.getHeight() * cos);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    AffineTransform t = new AffineTransform();
    t.translate(w / 2.0, h / 2.0);
    t.rotate(rad);
    t.translate(-s.getWidth() / 2.0, -s.getHeight() / 2.0);
    g.drawImage(s, t, null);
    g.dispose();
    return out;
  }

  public static byte[] jpeg(BufferedImage s, float quality) {
    try {
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        writer.write(null, new IIOImage(copy(s), null, null), p);
      } finally {
        writer.dispose();
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static BufferedImage decode(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads an image file of the test data, reduced so its longer side is at most maxSide. */
  public static BufferedImage read(java.nio.file.Path file, int maxSide) {
    try {
      BufferedImage img = ImageIO.read(file.toFile());
      if (img == null) {
        throw new IllegalStateException("not an image: " + file);
      }
      return Images.fit(img, maxSide).toImage();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
