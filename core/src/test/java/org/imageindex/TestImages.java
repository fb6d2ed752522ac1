package org.imageindex;

import org.imageindex.signatures.Transforms;
import org.imageindex.signatures.TestData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.imageindex.signatures.decode.ImageDecoder;

/**
 * Test images as encoded bytes: real photographs reduced to at most {@link #TEST_SIDE} pixels
 * (cached, so each is decoded once per JVM), their transformed copies, small synthetic images and
 * broken inputs.
 */
final class TestImages {

    /** Photos are reduced to 1,024 px on the longer side: extraction works at 512 px anyway. */
    static final int TEST_SIDE = 1024;

    private static final Map<String, BufferedImage> PHOTOS = new ConcurrentHashMap<>();

    private TestImages() {
    }

    /** The first {@code n} photographs of photos/images (sorted by name), reduced. */
    static List<Path> photoFiles(int n) {
        return TestData.images("photos/images").subList(0, n);
    }

    /** A photograph reduced to {@link #TEST_SIDE}. */
    static BufferedImage photo(Path file) {
        return PHOTOS.computeIfAbsent(file.toString(), k -> {
            BufferedImage full = ImageDecoder.standard().withTargetSide(TEST_SIDE).decode(file).image();
            return resize(full, TEST_SIDE / (double) Math.max(full.getWidth(), full.getHeight()));
        });
    }

    /** A photograph reduced to {@link #TEST_SIDE}, as JPEG at quality 0.9. */
    static byte[] photoJpeg(Path file) {
        return jpeg(photo(file), 0.9f);
    }

    /** A copy rescaled by {@code factor}, as JPEG at {@code quality}: a near duplicate. */
    static byte[] rescaledCopy(Path file, double factor, float quality) {
        return jpeg(resize(photo(file), factor), quality);
    }

    static BufferedImage resize(BufferedImage src, double factor) {
        int w = Math.max(1, (int) Math.round(src.getWidth() * Math.min(1.0, factor)));
        int h = Math.max(1, (int) Math.round(src.getHeight() * Math.min(1.0, factor)));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        return Transforms.jpeg(image, quality);
    }

    static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A small synthetic image determined by {@code seed}: coloured rectangles and ellipses on a
     * coloured ground, different enough between seeds to have distinct perceptual hashes.
     */
    static byte[] synthetic(long seed, int width, int height) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(r.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(r.nextInt(0xFFFFFF)));
            int x = r.nextInt(width);
            int y = r.nextInt(height);
            int w = 5 + r.nextInt(width / 2);
            int h = 5 + r.nextInt(height / 2);
            if (r.nextBoolean()) {
                g.fillRect(x, y, w, h);
            } else {
                g.fillOval(x, y, w, h);
            }
        }
        g.dispose();
        return png(img);
    }

    /** The first half of a JPEG: an interrupted download. */
    static byte[] truncated(byte[] jpeg) {
        return Arrays.copyOf(jpeg, jpeg.length / 2);
    }

    /** A solid image of {@code width} x {@code height} pixels as PNG (compresses to a few kB). */
    static byte[] solidPng(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return png(img);
    }
}
