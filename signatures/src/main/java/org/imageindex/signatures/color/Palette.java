package org.imageindex.signatures.color;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Dominant colours with weights, largest share first; the weights sum to 1.
 *
 * <p>An image's palette comes from {@link ColorExtractor}; a colour query is a palette too,
 * written by hand and read with {@link #parse(String)}, e.g.
 * {@code "#c0392b 60 %, #ffffff 40 %"} or {@code "c0392b:0.6,#fff:0.4"}.
 *
 * @param colors the colours, at least one, weights summing to 1 (within 1e-6)
 */
public record Palette(List<PaletteColor> colors) {

  /** Most colours one query may name: more is no longer a "colour range" but an image. */
  public static final int MAX_QUERY_COLORS = 16;

  /** Validates and copies; sorts by weight, largest first (ties by colour, so order is stable). */
  public Palette {
    Objects.requireNonNull(colors, "colors");
    if (colors.isEmpty()) {
      throw new IllegalArgumentException("colors must not be empty");
    }
    double sum = 0;
    for (PaletteColor c : colors) {
      sum += Objects.requireNonNull(c, "colors must not contain null").weight();
    }
    if (Math.abs(sum - 1) > 1e-6) {
      throw new IllegalArgumentException("weights must sum to 1, got: " + sum);
    }
    List<PaletteColor> sorted = new ArrayList<>(colors);
    sorted.sort(Comparator.comparingDouble(PaletteColor::weight).reversed().thenComparingInt(PaletteColor::rgb));
    colors = List.copyOf(sorted);
  }

  /**
   * A palette from colours with any positive weights, normalised to sum to 1.
   *
   * @param rgbs packed {@code 0xRRGGBB} colours
   * @param weights their relative weights, each > 0
   * @throws IllegalArgumentException if the lengths differ, are 0, or a weight is not > 0
   */
  public static Palette of(int[] rgbs, double[] weights) {
    if (rgbs.length != weights.length || rgbs.length == 0) {
      throw new IllegalArgumentException("rgbs and weights must have the same length >= 1, got: "
          + rgbs.length + " and " + weights.length);
    }
    double sum = 0;
    for (double w : weights) {
      if (!(w > 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("weights must be finite and > 0, got: " + w);
      }
      sum += w;
    }
    List<PaletteColor> out = new ArrayList<>();
    for (int i = 0; i < rgbs.length; i++) {
      out.add(new PaletteColor(rgbs[i], weights[i] / sum));
    }
    return new Palette(fixRounding(out));
  }

  /**
   * Parses a colour list: entries separated by {@code ,} or {@code ;}; each a hex colour
   * ({@code #rgb}, {@code #rrggbb}, the {@code #} optional) and an optional weight after a space
   * or {@code :}, either a fraction ({@code 0.6}) or a percentage ({@code 60%}, {@code 60 %}).
   * Give weights to all colours or to none (then all weigh the same); they are normalised.
   *
   * @throws IllegalArgumentException naming the bad token and its offset
   */
  public static Palette parse(String text) {
    return ColorListParser.parse(text);
  }

  /** The colours as {@code #rrggbb 60.0%, ...}, readable by {@link #parse(String)}. */
  @Override
  public String toString() {
    return colors.stream().map(PaletteColor::toString).collect(Collectors.joining(", "));
  }

  /** Puts the floating-point remainder on the largest weight so the sum is exactly 1. */
  static List<PaletteColor> fixRounding(List<PaletteColor> colors) {
    double sum = 0;
    int largest = 0;
    for (int i = 0; i < colors.size(); i++) {
      sum += colors.get(i).weight();
      if (colors.get(i).weight() > colors.get(largest).weight()) {
        largest = i;
      }
    }
    List<PaletteColor> out = new ArrayList<>(colors);
    PaletteColor l = out.get(largest);
    out.set(largest, new PaletteColor(l.rgb(), Math.min(1, l.weight() + (1 - sum))));
    return out;
  }
}
