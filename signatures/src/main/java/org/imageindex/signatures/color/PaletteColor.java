package org.imageindex.signatures.color;

import java.util.Locale;

/**
 * One dominant colour and its share of the image (or of a colour query).
 *
 * @param rgb the colour as packed {@code 0xRRGGBB}
 * @param weight its share, in (0, 1]; a palette's weights sum to 1
 */
public record PaletteColor(int rgb, double weight) {

  /** Validates the colour and weight. */
  public PaletteColor {
    if ((rgb & ~0xFFFFFF) != 0) {
      throw new IllegalArgumentException(
          "rgb must be a packed 0xRRGGBB value, got: 0x" + Integer.toHexString(rgb));
    }
    if (!(weight > 0 && weight <= 1)) {
      throw new IllegalArgumentException("weight must be in (0, 1], got: " + weight);
    }
  }

  /** The colour as {@code #rrggbb}, lower case. */
  public String hex() {
    return String.format(Locale.ROOT, "#%06x", rgb);
  }

  /** {@code #rrggbb 42.0%}: the form {@link Palette#parse(String)} reads back. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s %.1f%%", hex(), weight * 100);
  }
}
