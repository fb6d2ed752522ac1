package org.imageindex;

import org.imageindex.signatures.Transforms;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * The copy attacks of the matching-search quality test, each with a family and a strength. A
 * query is the attacked image encoded as JPEG at quality 0.95 (or at the attack's own quality).
 */
record CopyAttacks(String family, String strength, BinaryOperator<BufferedImage> apply, float quality) {

    /** Queries are sent as JPEG at 0.95: what a copy found on the web usually is. */
    static final float QUERY_QUALITY = 0.95f;

    /** Applies the attack; {@code host} is another photograph, used only by the paste attack. */
    byte[] query(BufferedImage photo, BufferedImage host) {
        return TestImages.jpeg(apply.apply(photo, host), quality);
    }

    String label() {
        return family + " " + strength;
    }

    /** Every attack with its sampled strengths. */
    static List<CopyAttacks> all() {
        List<CopyAttacks> a = new ArrayList<>();
        for (double area : new double[] {0.6, 0.4, 0.3, 0.2}) {
            a.add(new CopyAttacks("crop", pct(area) + " area", (p, h) -> crop(p, area, (int) Math.round(area * 10)), QUERY_QUALITY));
        }
        for (int deg : new int[] {23, 90, 145, 200, 270, 333}) {
            a.add(new CopyAttacks("rotation", deg + "°", (p, h) -> rotate(p, deg), QUERY_QUALITY));
        }
        for (double s : new double[] {1.0, 0.5, 0.3, 0.2}) {
            a.add(new CopyAttacks("scale", String.valueOf(s), (p, h) -> TestImages.resize(p, s), QUERY_QUALITY));
        }
        for (int q : new int[] {90, 50, 20, 10}) {
            a.add(new CopyAttacks("jpeg", "q=" + q, (p, h) -> p, q / 100f));
        }
        a.add(new CopyAttacks("brightness", "+30 %", (p, h) -> pixels(p, v -> v * 1.3), QUERY_QUALITY));
        a.add(new CopyAttacks("contrast", "x0.6", (p, h) -> pixels(p, v -> 128 + (v - 128) * 0.6), QUERY_QUALITY));
        a.add(new CopyAttacks("grayscale", "-", (p, h) -> gray(p), QUERY_QUALITY));
        a.add(new CopyAttacks("overlay", "caption + logo", (p, h) -> Transforms.OVERLAY.apply(p), QUERY_QUALITY));
        a.add(new CopyAttacks("pasted", "45 % size into another photo", CopyAttacks::paste, QUERY_QUALITY));
        return a;
    }

    private static String pct(double f) {
        return Math.round(f * 100) + " %";
    }

    /** A crop keeping {@code area} of the picture, at one of four corners or the centre. */
    static BufferedImage crop(BufferedImage s, double area, int where) {
        double f = Math.sqrt(area);
        int w = (int) Math.round(s.getWidth() * f);
        int h = (int) Math.round(s.getHeight() * f);
        int[][] corners = {{0, 0}, {s.getWidth() - w, 0}, {0, s.getHeight() - h}, {s.getWidth() - w, s.getHeight() - h},
            {(s.getWidth() - w) / 2, (s.getHeight() - h) / 2}};
        int[] c = corners[Math.floorMod(where, corners.length)];
        return TestImages.resize(s.getSubimage(c[0], c[1], w, h), 1.0);
    }

    /** Rotates about the centre onto a canvas that holds the whole turned image. */
    static BufferedImage rotate(BufferedImage s, double degrees) {
        return Transforms.rotate(s, degrees);
    }

    private static BufferedImage pixels(BufferedImage s, java.util.function.DoubleUnaryOperator f) {
        BufferedImage out = TestImages.resize(s, 1.0);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                int p = out.getRGB(x, y);
                int r = clamp(f.applyAsDouble(p >>> 16 & 0xFF));
                int g = clamp(f.applyAsDouble(p >>> 8 & 0xFF));
                int b = clamp(f.applyAsDouble(p & 0xFF));
                out.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return out;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static BufferedImage gray(BufferedImage s) {
        BufferedImage g = new BufferedImage(s.getWidth(), s.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D gr = g.createGraphics();
        gr.drawImage(s, 0, 0, null);
        gr.dispose();
        return TestImages.resize(g, 1.0);
    }


    /** The photo reduced to 45 % of the host's size, pasted into the host's lower right. */
    private static BufferedImage paste(BufferedImage photo, BufferedImage host) {
        BufferedImage out = TestImages.resize(host, 1.0);
        double f = 0.45 * Math.min(host.getWidth() / (double) photo.getWidth(), host.getHeight() / (double) photo.getHeight());
        BufferedImage small = TestImages.resize(photo, f);
        Graphics2D g = out.createGraphics();
        g.drawImage(small, out.getWidth() - small.getWidth() - out.getWidth() / 20,
                out.getHeight() - small.getHeight() - out.getHeight() / 20, null);
        g.dispose();
        return out;
    }
}
